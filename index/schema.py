"""The one Whoosh schema for Russian and English documents, and the one
mapping between a ``Document`` and the fields the index stores.

``SCHEMA_VERSION`` changes whenever an index built before would be read
wrongly; such an index is refused with a message that says to rebuild.
"""

import hashlib
from functools import partial

from whoosh import columns
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kgsearch.analyzers import bilingual_analyzer
from kgsearch.analyzers.tagged import tagged
from kgsearch.index.dates import parse_date
from kgsearch.index.documents import Document
from kgsearch.index.entitykey import entity_key
from kgsearch.index.engine.columns import sortable_int

# 2: the layers moved under kgsearch (the pickled analyzer names its module),
# and the missing-value marks below became explicit. 3: people, date_source,
# indexed key and url, a sortable content_hash (and names' terms changed). 4: member (where
# inside a ZIP, mailbox or message a document was found) and pages (where a PDF's pages begin).
# 5: speakers, people and tags stored as lists and indexed a name a term, not joined with commas.
# 6: orgs and places; the names of entities indexed by their script-neutral key (``index.entitykey``).
# 7: Kyrgyz documents' words indexed by their Kyrgyz lemmas (``analyzers.kyrgyz``), not Russian guesses.
SCHEMA_VERSION = 7
TITLE_BOOST = 2.0
FACETS = ("year", "lang", "source", "speakers")
# What the columns hold for a document without a date: the date column, read
# raw (untranslated), a value after every real date; the year column, read as
# numbers, 0. Whoosh keeps a column's default in its raw, sortable form.
MISSING_DATE = 2**64 - 1
MISSING_YEAR = 0
# What the lang field holds when no language could be told.
NO_LANGUAGE = "none"
# Fields of names or labels. Each is given to Whoosh as a list (one term a name, never parsed by the
# field's analyzer) and stored as the list it is: a comma belongs to a name ("Smith, John",
# "Bishkek, Kyrgyzstan"), where joining and splitting on commas made two of it.
LIST_FIELDS = ("speakers", "people", "orgs", "places", "tags")
# The fields of entities, by their kind: stored as written, indexed and looked up by ``entity_key``
# (in one term for "Theresa May", "Тереза Мэй" and "Терезы Мэй"); tags by ``name_term``.
ENTITY_FIELDS = {"speakers": "person", "people": "person", "orgs": "org", "places": "place"}


def make_schema() -> Schema:
    analyzer = bilingual_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        # A record's own id (or url, or line) and the url: indexed, so that a document can
        # be looked up by what its archive calls it.
        key=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True, phrase=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True),
        summary=STORED(),
        date=DATETIME(stored=True, sortable=columns.NumericColumn("Q", default=MISSING_DATE)),
        date_text=STORED(),
        date_source=STORED(),
        year=NUMERIC(int, stored=True,
                     sortable=columns.NumericColumn("I", default=sortable_int(32, True, MISSING_YEAR))),
        lang=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
        # Entity keys keep their case: a phonetic key's capitals are sounds of their own (S is sh).
        speakers=KEYWORD(stored=True, commas=True, scorable=True),
        people=KEYWORD(stored=True, commas=True, scorable=True),
        orgs=KEYWORD(stored=True, commas=True, scorable=True),
        places=KEYWORD(stored=True, commas=True, scorable=True),
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        url=ID(stored=True),
        extras=STORED(),
        # Sortable, so that a search folds copies of one text by reading a column.
        content_hash=ID(stored=True, sortable=True),
        member=STORED(),
        pages=STORED(),
    )


def is_year(value) -> bool:
    """True for a year column value that is a year, not the "no year" mark."""
    return value is not None and value != MISSING_YEAR


def document_id(path: str, key: str) -> str:
    """A stable id: the same file (and record) always gets the same one."""
    return hashlib.sha1(f"{path}\0{key}".encode()).hexdigest()[:12]


def to_fields(doc: Document, registry=None) -> dict:
    """The fields the index stores for ``doc``; ``from_fields`` reads them back. Entities are keyed
    through ``registry`` (``PeopleRegistry``: its curated aliases), as filters look them up."""
    fields = {
        "id": document_id(doc.path, doc.key),
        "path": doc.path,
        "key": doc.key,
        # Tagged with the document's language, which decides how its Cyrillic words are read.
        "title": tagged(doc.title, doc.lang),
        "body": tagged(doc.body, doc.lang),
        "_stored_title": doc.title,
        "_stored_body": doc.body,
        "summary": doc.summary,
        "lang": doc.lang or NO_LANGUAGE,
        "source": doc.source,
        "url": doc.url,
        "extras": doc.extras,
        "content_hash": hashlib.sha1(f"{doc.title}\0{doc.body}".encode()).hexdigest(),
        "date_text": doc.date.iso if doc.date else "",
        "date_source": doc.date_source if doc.date else "",
        "member": doc.member,
        "pages": doc.pages,
    }
    for name in LIST_FIELDS:
        kind = ENTITY_FIELDS.get(name)
        term = name_term if kind is None else partial(entity_key, registry=registry, kind=kind)
        values = [value for value in getattr(doc, name) if term(value)]
        fields[name] = list(dict.fromkeys(map(term, values)))
        fields["_stored_" + name] = values
    if doc.date:
        fields["date"] = doc.date.start()
        fields["year"] = doc.date.year
    return fields


def from_fields(stored: dict) -> Document:
    """The document behind a hit's stored fields (its date at the precision it was found).

    >>> doc = Document("a.txt", "Title", "Body", speakers=["Wang Yi", "Ду Дэвэнь"], lang="ru")
    >>> doc.date = parse_date("2020-10")
    >>> from_fields(to_fields(doc)) == doc
    True
    """
    date_text = stored.get("date_text") or ""
    return Document(
        path=stored.get("path", ""), title=stored.get("title", ""), body=stored.get("body", ""),
        key=stored.get("key", ""), date=parse_date(date_text) if date_text else None,
        date_source=stored.get("date_source", ""),
        lang="" if stored.get("lang") == NO_LANGUAGE else stored.get("lang", ""),
        source=stored.get("source", ""), speakers=stored_names(stored, "speakers"),
        people=stored_names(stored, "people"), orgs=stored_names(stored, "orgs"),
        places=stored_names(stored, "places"),
        tags=stored_names(stored, "tags"), url=stored.get("url", ""), summary=stored.get("summary", ""),
        extras=stored.get("extras") or {}, member=stored.get("member", ""), pages=stored.get("pages") or [],
    )


def stored_names(stored: dict, field: str) -> list[str]:
    """The names a document's ``field`` (one of ``LIST_FIELDS``) holds, as they were given: from
    a hit's stored fields, or from ``to_fields``, which gives them beside the terms."""
    return list(stored.get("_stored_" + field, stored.get(field)) or ())


def name_term(name: str) -> str:
    """The term a tag is indexed and looked up by: lower case, one space.

    >>> name_term("  Smith,  John ")
    'smith, john'
    """
    return " ".join(name.split()).lower()


def term_text(term: bytes | str) -> str:
    """An index term as text: Whoosh gives bytes from some readers and str from others."""
    return term.decode("utf-8") if isinstance(term, bytes) else term
