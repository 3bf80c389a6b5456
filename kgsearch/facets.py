"""Facet counts over a set of hits: by year, language, speaker, person, source and tag.

Year, language and source are sortable columns (``index.facets`` counts
them, as ``index status`` does); speakers, people and tags are keyword fields whose postings
are read once per open index and kept, since facets are counted often.
"""

from collections import Counter

from kgsearch.choices import FACET_FIELDS
from kgsearch.index import columns
from kgsearch.index.facets import column_counts, live_documents
from kgsearch.index.schema import name_term, stored_names, term_text


# Up to this many documents, a people facet reads the documents' own names (about 30 us each); past it, every
# name's postings once (then kept): reading all postings cost a one-off query 0.8 s.
FEW_DOCUMENTS = 200
# The facets of people (and tags) and the keyword fields that hold them.
_NAME_FIELDS = {"speaker": "speakers", "person": "people", "tag": "tags"}


class FacetCounter:
    """Counts facets over one open index."""

    def __init__(self, reader, registry):
        self.reader = reader
        self.registry = registry
        self._names: dict[str, dict[int, list[str]]] = {}
        self._columns: dict[str, list] = {}  # each field's column, read once
        self._display: dict[tuple, str] = {}
        self._registry_names = {p.name.lower(): p.name for p in registry.people.values()}

    def counts(self, docnums=None, fields=FACET_FIELDS) -> dict[str, dict[str, int]]:
        """Value → count for each of ``fields`` over ``docnums`` (default: every document);
        years newest first, the others most frequent first."""
        docset = set(live_documents(self.reader) if docnums is None else docnums)
        counts: dict[str, dict[str, int]] = {}
        for name in fields:
            if name in _NAME_FIELDS:
                field = _NAME_FIELDS[name]
                if len(docset) <= FEW_DOCUMENTS and field not in self._names:
                    terms = Counter(term for docnum in docset for term in self._stored_names(field, docnum))
                else:
                    by_doc = self._names_by_doc(field)
                    terms = Counter(term for docnum in docset for term in by_doc.get(docnum, ()))
                counter = Counter()
                for term, count in terms.items():
                    counter[self._shown(field, term)] += count
            else:
                if name not in self._columns and self.reader.has_column(name):
                    self._columns[name] = columns.values(self.reader, name)
                counter = column_counts(self.reader, docset, name, self._columns.get(name))
            ordered = sorted(counter.items(), reverse=True) if name == "year" else counter.most_common()
            counts[name] = dict(ordered)
        return counts

    def _stored_names(self, field: str, docnum: int) -> list[str]:
        """The names in ``field`` of one document, as the index keeps them (lower case, one space)."""
        names = stored_names(self.reader.stored_fields(docnum), field)
        return list(dict.fromkeys(key for name in names if (key := name_term(name))))

    def _names_by_doc(self, field: str) -> dict[int, list[str]]:
        """The names (as the index keeps them, in lower case) in ``field`` of every document,
        read once from the postings."""
        if field not in self._names:
            by_doc: dict[int, list[str]] = {}
            if field in self.reader.indexed_field_names():
                for term in map(term_text, self.reader.lexicon(field)):
                    for docnum in self.reader.postings(field, term).all_ids():
                        by_doc.setdefault(docnum, []).append(term)
            self._names[field] = by_doc
        return self._names[field]

    def _shown(self, field: str, term: str) -> str:
        """A name as the registry writes it, else as a document that has it does; found only for
        the names a facet shows (a document read for each of an archive's thousands was seconds)."""
        key = (field, term)
        if key not in self._display:
            person = self._registry_names.get(term) if field != "tags" else None
            if person is None:
                person = term.title()
                docnums = self.reader.postings(field, term).all_ids()
                for name in stored_names(self.reader.stored_fields(next(iter(docnums))), field):
                    if name_term(name) == term:
                        person = " ".join(name.split())
                        break
            self._display[key] = person
        return self._display[key]
