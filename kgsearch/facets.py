"""Facet counts over a set of hits: by year, language, speaker, person, organisation, place,
source and tag.

Year, language and source are sortable columns (``index.facets`` counts
them, as ``index status`` does); entities and tags are keyword fields whose postings
are read once per open index and kept, since facets are counted often. An entity is one
entry whatever the scripts its documents write it in (its key, ``index.entitykey``),
shown in the script of the question with the other script's form in brackets:
``Theresa May (Тереза Мэй)``, ``Тереза Мэй (Theresa May)``.
"""

from collections import Counter

from kgsearch.choices import FACET_FIELDS
from kgsearch.errors import ParameterError
from kgsearch.index import columns
from kgsearch.index.facets import column_counts, live_documents
from kgsearch.analyzers import is_cyrillic
from kgsearch.index.entitykey import entity_key
from kgsearch.index.schema import ENTITY_FIELDS, name_term, stored_names, term_text


# Up to this many documents, a people facet reads the documents' own names (about 30 us each); past it, every
# name's postings once (then kept): reading all postings cost a one-off query 0.8 s.
FEW_DOCUMENTS = 200
# The facets of entities (and tags) and the keyword fields that hold them.
_NAME_FIELDS = {"speaker": "speakers", "person": "people", "org": "orgs", "place": "places", "tag": "tags"}
# The documents read to find how an entity is written (the form most of them use, in each script),
# spread over its documents.
FORM_SAMPLE = 40
# The entries of a facet written from that many documents; the long tail (the "… (1,087 more)"
# a terminal does not show, the JSON does) from a few: 40 reads for each of thousands of names
# doubled a query's facets at 100,000 documents.
THOROUGH = 20
FEW_FORMS = 1
# A search's facets of names list the most frequent this many; a listing of the whole index
# (``kgsearch facets person``) all. Writing each of the 17,600 people, organisations and places
# a common word's matches name took seconds at 100,000 documents.
MOST_NAMES = 200


class FacetCounter:
    """Counts facets over one open index."""

    def __init__(self, reader, registry):
        self.reader = reader
        self.registry = registry
        self._names: dict[str, dict[int, list[str]]] = {}
        self._columns: dict[str, list] = {}  # each field's column, read once
        self._display: dict[tuple, str] = {}
        # How the documents read for a few-document facet write each term: the forms to show
        # where the index's postings no longer have the term (built with another registry).
        self._forms: dict[tuple, Counter] = {}

    def counts(self, docnums=None, fields=FACET_FIELDS, query: str = "") -> dict[str, dict[str, int]]:
        """Value → count for each of ``fields`` over ``docnums`` (default: every document);
        years newest first, the others most frequent first, names the ``MOST_NAMES`` most frequent
        over a search's ``docnums`` (all over every document). Entities are written in the script of
        ``query`` first (with no query, in the form most of their documents use)."""
        if unknown := set(fields) - set(FACET_FIELDS):
            raise ParameterError("fields", f"{{name}} are {', '.join(FACET_FIELDS)}, not {', '.join(sorted(unknown))}")
        docset = set(live_documents(self.reader) if docnums is None else docnums)
        counts: dict[str, dict[str, int]] = {}
        for name in fields:
            if name in _NAME_FIELDS:
                field = _NAME_FIELDS[name]
                if len(docset) <= FEW_DOCUMENTS and field not in self._names:
                    terms = Counter()
                    for docnum in docset:
                        for term, written in self._stored_names(field, docnum).items():
                            terms[term] += 1
                            self._forms.setdefault((field, term), Counter())[written] += 1
                else:
                    by_doc = self._names_by_doc(field)
                    terms = Counter(term for docnum in docset for term in by_doc.get(docnum, ()))
                counter = Counter()
                ranked = terms.most_common(MOST_NAMES if docnums is not None and field in ENTITY_FIELDS else None)
                for rank, (term, count) in enumerate(ranked):
                    counter[self._shown(field, term, query, FORM_SAMPLE if rank < THOROUGH else FEW_FORMS)] += count
            else:
                if name not in self._columns and self.reader.has_column(name):
                    self._columns[name] = columns.values(self.reader, name)
                counter = column_counts(self.reader, docset, name, self._columns.get(name))
            ordered = sorted(counter.items(), reverse=True) if name == "year" else counter.most_common()
            counts[name] = dict(ordered)
        return counts

    def _stored_names(self, field: str, docnum: int) -> dict[str, str]:
        """The names in ``field`` of one document by the terms the index keeps them under."""
        names = stored_names(self.reader.stored_fields(docnum), field)
        kind = ENTITY_FIELDS.get(field)
        terms = {}
        for name in names:
            key = name_term(name) if kind is None else entity_key(name, self.registry, kind)
            if key:
                terms.setdefault(key, " ".join(name.split()))
        return terms

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

    def _shown(self, field: str, term: str, query: str = "", sample: int = FORM_SAMPLE) -> str:
        """A name as most of the documents that have it write it (of ``sample`` read), in the
        query's script with the other script's form in brackets."""
        cyrillic = written_in_cyrillic(query) if query.strip() else None
        key = (field, term, cyrillic, sample)
        if key not in self._display:
            self._display[key] = shown_name(self.reader, field, term, cyrillic, self.registry,
                                            self._forms.get((field, term)), sample)
        return self._display[key]


def written_in_cyrillic(text: str) -> bool:
    """True when most of the letters of ``text`` are Cyrillic: the script a question is asked in."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(map(is_cyrillic, letters)) * 2 > len(letters)


def shown_name(reader, field: str, term: str, cyrillic: bool | None = None, registry=None,
               seen: Counter | None = None, sample: int = FORM_SAMPLE) -> str:
    """How the documents having ``term`` in ``field`` write it: the form most of them use in the
    script asked for (``cyrillic``; ``None``: the form most use), the other script's in brackets;
    a curated entity as its registry entry writes it in each script. ``registry`` is the one the
    names were keyed through (``entity_key``); ``seen``, forms already read from documents."""
    kind = ENTITY_FIELDS.get(field)
    forms = Counter(seen or ()) + written_forms(reader, field, term, registry, sample)
    if not forms:
        return term.title()
    if kind is None:
        return forms.most_common(1)[0][0]
    forms += _curated_forms(forms, registry, kind)
    by_script: dict[bool, str] = {}
    for form, _ in forms.most_common():
        by_script.setdefault(is_cyrillic(form), form)
    first = by_script.get(cyrillic) or forms.most_common(1)[0][0]
    other = by_script.get(not is_cyrillic(first))
    return f"{first} ({other})" if other else first


def written_forms(reader, field: str, term: str, registry=None, sample: int = FORM_SAMPLE) -> Counter:
    """How the documents having ``term`` in ``field`` write it, each form with how many of up to
    ``sample`` of them (spread over all: an archive's parts differ in script) do."""
    kind = ENTITY_FIELDS.get(field)
    forms = Counter()
    docnums = list(reader.postings(field, term).all_ids()) if reader.doc_frequency(field, term) else []
    for docnum in docnums[::max(1, -(-len(docnums) // sample))]:
        for name in stored_names(reader.stored_fields(docnum), field):
            if (name_term(name) if kind is None else entity_key(name, registry, kind)) == term:
                forms[" ".join(name.split())] += 1
    return forms


def _curated_forms(forms: Counter, registry, kind: str) -> Counter:
    """A registry entry's own name and its first whole alias in the other script (curators list the
    usual form first; Жээнбек Кулубаев, not Ж. Кулубаев), so that a Russian question shows
    "Владимир Путин" where the documents store the entry's name, "Vladimir Putin"."""
    if registry is None:
        return Counter()
    entries = registry.of(kind).people
    entry = next((entries[n] for n in forms if n in entries), None)
    if entry is None:
        return Counter()
    other = other_script_form(entry, kind, is_cyrillic(entry.name))
    # Above any form the documents store: a stray case form a rule kept (Сооронбая Жеенбекова) is not
    # how the entry is written.
    top = max(forms.values()) + 1
    return Counter({other: top}) if other else Counter()


def other_script_form(entry, kind: str, cyrillic: bool) -> str | None:
    """A registry entry's usual name in the script other than ``cyrillic``'s: its first alias there
    (curators list the usual form first), a person's a whole name, not initials."""
    other = [a for a in (entry.name, *entry.aliases) if is_cyrillic(a) != cyrillic]
    whole = [a for a in other if (kind != "person" or len(a.split()) > 1) and not any(w.endswith(".") for w in a.split())]
    return (whole or other or [None])[0]
