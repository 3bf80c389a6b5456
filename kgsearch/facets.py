"""Facet counts over a set of hits: by year, language, speaker and source.

Year, language and source are sortable columns (``index.facets`` counts
them, as ``index status`` does); speakers are a keyword field whose postings
are read once per open index and kept, since facets are counted often.
"""

from collections import Counter

from kgsearch.choices import FACET_FIELDS
from kgsearch.index.facets import column_counts, live_documents
from kgsearch.index.schema import term_text


# The facets of people and the keyword fields that hold them.
_NAME_FIELDS = {"speaker": "speakers", "person": "people"}


class FacetCounter:
    """Counts facets over one open index."""

    def __init__(self, reader, registry):
        self.reader = reader
        self.registry = registry
        self._names: dict[str, dict[int, list[str]]] = {}

    def counts(self, docnums=None, fields=FACET_FIELDS) -> dict[str, dict[str, int]]:
        """Value → count for each of ``fields`` over ``docnums`` (default: every document);
        years newest first, the others most frequent first."""
        docset = set(live_documents(self.reader) if docnums is None else docnums)
        counts: dict[str, dict[str, int]] = {}
        for name in fields:
            if name in _NAME_FIELDS:
                by_doc = self._names_by_doc(_NAME_FIELDS[name])
                counter = Counter(person for docnum in docset for person in by_doc.get(docnum, ()))
            else:
                counter = column_counts(self.reader, docset, name)
            ordered = sorted(counter.items(), reverse=True) if name == "year" else counter.most_common()
            counts[name] = dict(ordered)
        return counts

    def _names_by_doc(self, field: str) -> dict[int, list[str]]:
        """The names in ``field`` of every document, read once from the postings."""
        if field not in self._names:
            names = {p.name.lower(): p.name for p in self.registry.people.values()}
            by_doc: dict[int, list[str]] = {}
            if field in self.reader.indexed_field_names():
                for term in map(term_text, self.reader.lexicon(field)):
                    shown = names.get(term, term.title())
                    for docnum in self.reader.postings(field, term).all_ids():
                        by_doc.setdefault(docnum, []).append(shown)
            self._names[field] = by_doc
        return self._names[field]
