"""Facet counts over a set of hits: by year, language, speaker and source.

Year, language and source are sortable columns (``index.facets`` counts
them, as ``index status`` does); speakers are a keyword field whose postings
are read once per open index and kept, since facets are counted often.
"""

from collections import Counter

from kgsearch.choices import FACET_FIELDS
from kgsearch.index import columns
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
        self._columns: dict[str, list] = {}  # each field's column, read once

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
                if name not in self._columns and self.reader.has_column(name):
                    self._columns[name] = columns.values(self.reader, name)
                counter = column_counts(self.reader, docset, name, self._columns.get(name))
            ordered = sorted(counter.items(), reverse=True) if name == "year" else counter.most_common()
            counts[name] = dict(ordered)
        return counts

    def _names_by_doc(self, field: str) -> dict[int, list[str]]:
        """The names in ``field`` of every document, read once from the postings; each name as the
        registry writes it, else as a document that has it does (the index keeps it in lower case)."""
        if field not in self._names:
            names = {p.name.lower(): p.name for p in self.registry.people.values()}
            by_doc: dict[int, list[str]] = {}
            if field in self.reader.indexed_field_names():
                for term in map(term_text, self.reader.lexicon(field)):
                    docnums = list(self.reader.postings(field, term).all_ids())
                    shown = names.get(term) or (self._as_written(field, term, docnums[0]) if docnums else term)
                    for docnum in docnums:
                        by_doc.setdefault(docnum, []).append(shown)
            self._names[field] = by_doc
        return self._names[field]

    def _as_written(self, field: str, term: str, docnum: int) -> str:
        for name in self.reader.stored_fields(docnum).get(field, "").split(","):
            if " ".join(name.split()).lower() == term:
                return name.strip()
        return term.title()
