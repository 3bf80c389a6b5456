"""The last stage of a query: the page as a reader sees it, and what the engine did.

A hit is a document's stored fields, the versions folded into it and, if
asked, snippets with the query's words marked (every term the query asks
for, inside phrases too, none under a NOT, from the postings the search
decoded already). ``Results`` carry the page with the notes that explain it:
what was translated, relaxed, resolved, or emptied by the filters.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import query as wq

from kgsearch.index.schema import NO_LANGUAGE, from_fields, term_text
from kgsearch.postings import Postings
from kgsearch.semantic import WHY
from kgsearch.snippets import Snippet, join_phrases, make_snippets

if TYPE_CHECKING:  # an annotation only: the options load with the search that made them
    from kgsearch.options import Filters



@dataclass
class Hit:
    """One matching document, as a result list shows it."""

    id: str
    title: str
    date: str
    date_source: str
    lang: str
    source: str
    speakers: list[str]
    people: list[str]
    score: float
    snippets: list[Snippet]
    path: str
    copies: list[dict] = field(default_factory=list)
    # Other versions of the story (a reprint lightly edited), folded into this hit.
    similar: list[dict] = field(default_factory=list)
    # The record's own id in its archive (a JSON Lines, JSON or CSV file), and its url.
    record_id: str | None = None
    url: str | None = None
    orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    # The story's versions in other languages (``index.translations``), folded into this hit.
    translations: list[dict] = field(default_factory=list)
    # Why a hit without the query's words is here (``kgsearch.semantic``); None for the words' own.
    why: str | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "date": self.date or None,
                "date_source": self.date_source or None, "lang": self.lang,
                "source": self.source or None, "speakers": self.speakers, "people": self.people,
                "orgs": self.orgs, "places": self.places, "score": round(self.score, 4),
                "snippets": [s.html() for s in self.snippets], "path": self.path, "record_id": self.record_id,
                "url": self.url, "copies": self.copies, "similar": self.similar,
                "translations": self.translations, "why": self.why,
                "pages": [s.page for s in self.snippets] if any(s.page for s in self.snippets) else None}


@dataclass
class Results:
    """A page of hits, the total over all pages, and what the engine did to get them."""

    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    took_ms: float
    facets: dict[str, dict[str, int]] | None = None
    relaxed: bool = False
    suggestion: str | None = None
    # The corrected query whose hits these are, when the query as typed found none.
    corrected: str | None = None
    notes: list[str] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)
    # Query words searched only as typed: no translation or spelling the index has.
    untranslated: list[str] = field(default_factory=list)
    # Names recognised in the query: {"name": as typed, "linked": its forms searched, "as": what it was known as}.
    names: list[dict] = field(default_factory=list)
    # Documents folded into a hit as copies of its text, and as other versions of its story
    # (see ``index.similar``): the total counts each story once.
    copies_folded: int = 0
    similar_folded: int = 0

    @property
    def pages(self) -> int:
        """How many pages of ``limit`` hits the total makes."""
        return -(-self.total // self.limit)

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page, "pages": self.pages,
                "took_ms": round(self.took_ms, 1),
                "hits": [h.to_json() for h in self.hits], "facets": self.facets,
                "expansions": self.expansions, "untranslated": self.untranslated, "names": self.names,
                "relaxed": self.relaxed, "suggestion": self.suggestion,
                "corrected": self.corrected, "notes": self.notes,
                "copies_folded": self.copies_folded, "similar_folded": self.similar_folded}


def results(query: str, plan, matches, folded, hits: list[Hit], page: int, limit: int, filter_notes: list[str],
            filters: "Filters") -> Results:
    """The page with the totals and the notes that explain it (``plan`` is ``None`` for a query
    with no words; ``filters`` are the search's ``Filters``)."""
    result = Results(query, folded.total, page, limit, hits, 0.0, relaxed=matches.relaxed,
                     notes=list(plan.compiler.notes) if plan else [],
                     expansions=list(plan.expansions) if plan else [],
                     untranslated=list(plan.untranslated) if plan else [],
                     names=list(plan.names) if plan else [],
                     copies_folded=folded.copies, similar_folded=folded.similar)
    result.notes.extend(filter_notes)
    if result.total and not hits:
        result.notes.append(f"page {page} is past the end: {_counted(result.total, 'result')}, "
                            f"{_counted(result.pages, 'page')}")
    if matches.relaxed:
        result.notes.append("no document has all the words; showing documents with any of them")
    if folded.unfiltered:  # the words alone find something: say which filters emptied the result
        result.notes.append(f"{folded.unfiltered} documents match without the filters on "
                            f"{', '.join(filters.named())}; none with them")
    return result


class Presenter:
    """Reads what one open index shows of its documents."""

    def __init__(self, searcher):
        self.searcher = searcher

    def document_number(self, doc_id: str) -> int | None:
        """The number of the document with kgsearch's id, its record's own id, or its url ``doc_id``."""
        for field_name in ("id", "key", "url"):
            docnum = self.searcher.document_number(**{field_name: doc_id}) if doc_id else None
            if docnum is not None:
                return docnum
        return None

    def hits(self, page, q, snippets: bool, versions, same_text, postings: Postings, held=(),
             added=frozenset()) -> list[Hit]:
        """The page's hits with their stored fields and, if asked, snippets of the matched words;
        ``versions`` folded into a hit are its copies when of the same text (``same_text``), its
        translations when in another language, else its similar. ``added``: documents here for
        their meaning alone (``kgsearch.semantic``), which say so."""
        terms = self.highlight_terms(q, held) if snippets and q is not None else {}
        spans = self.spans([d for d, _ in page], terms.get("body", ()), postings) if snippets else {}
        hits = []
        for docnum, score in page:
            stored = self.searcher.stored_fields(docnum)
            doc = from_fields(stored)
            found = make_snippets(doc.body, spans[docnum], pages=doc.pages) if snippets else []
            folded, copies = versions.get(docnum, ()), same_text.get(docnum, ())
            others = [(self.similar(v), self.language(v)) for v in folded if v not in copies]
            lang = doc.lang or NO_LANGUAGE
            hits.append(Hit(id=stored["id"], title=doc.title, date=doc.date.iso if doc.date else "",
                            date_source=doc.date_source,
                            lang=doc.lang or NO_LANGUAGE, source=doc.source, speakers=doc.speakers, people=doc.people,
                            orgs=doc.orgs, places=doc.places, score=score, snippets=found, path=doc.location, record_id=_record_id(doc), url=doc.url or None,
                            copies=[self.copy(v) for v in folded if v in copies],
                            similar=[v for v, its in others if its == lang],
                            translations=[v | {"lang": its} for v, its in others if its != lang],
                            why=WHY if docnum in added else None))
        return hits

    def document(self, docnum: int, plan=None, postings: Postings | None = None) -> dict:
        """A whole document with its metadata; with ``plan``, ``highlights`` holds the (start, end)
        character spans of the text where its words stand, as a search's snippets mark them."""
        stored = self.searcher.stored_fields(docnum)
        doc = from_fields(stored)
        found = {}
        if plan is not None:
            terms = self.highlight_terms(plan.query, plan.held)["body"]
            spans = self.spans([docnum], terms, postings or Postings())[docnum]
            found["highlights"] = [list(span) for span in join_phrases(doc.body, spans)]
        return {
            "id": stored["id"], "record_id": _record_id(doc), "title": doc.title,
            "date": doc.date.iso if doc.date else None,
            "date_source": doc.date_source or None,
            "lang": doc.lang or NO_LANGUAGE, "source": doc.source or None, "speakers": doc.speakers,
            "people": doc.people, "orgs": doc.orgs, "places": doc.places,
            "tags": doc.tags, "url": doc.url or None, "path": doc.location, "summary": doc.summary or None,
            "extras": doc.extras, "text": doc.body,
        } | found

    def copy(self, docnum: int) -> dict:
        stored = self.searcher.stored_fields(docnum)
        return {"id": stored["id"], "path": from_fields(stored).location, "url": stored.get("url") or None}

    def similar(self, docnum: int) -> dict:
        stored = self.searcher.stored_fields(docnum)
        doc = from_fields(stored)
        return {"id": stored["id"], "source": doc.source or None, "title": doc.title,
                "date": doc.date.iso if doc.date else None, "path": doc.location, "url": doc.url or None}

    def versions(self, docnum: int, same_text: set[int], story: set[int]) -> dict:
        """A document's other versions, as ``Index.versions`` lists them: copies, similar, translations."""
        lang = self.language(docnum)
        return {"copies": [self.copy(d) for d in sorted(same_text)],
                "similar": [self.similar(d) for d in sorted(story) if self.language(d) == lang],
                "translations": [self.similar(d) | {"lang": self.language(d)} for d in sorted(story)
                                 if self.language(d) != lang]}

    def language(self, docnum: int) -> str:
        return self.searcher.stored_fields(docnum).get("lang") or NO_LANGUAGE

    def highlight_terms(self, q, held=()) -> dict[str, set[str]]:
        """The terms to mark: every term the query asks for, inside phrases too (a phrase is a
        chain of span queries, which Whoosh's ``leaves()`` does not open), none under a NOT."""
        terms: dict[str, set[str]] = {"title": set(held), "body": set(held)}
        reader = self.searcher.reader()
        for fieldname, text in _asked_terms(q, reader):
            if fieldname in terms:
                terms[fieldname].add(term_text(text))
        return terms

    def spans(self, docnums: list[int], terms, postings: Postings, field_name: str = "body"):
        """Character spans of ``terms`` in each of ``docnums``, from the search's decoded postings
        (the query's terms are decoded already; one look-up per term and document made a page of a
        prefix query's hundreds of terms cost seconds)."""
        searcher = self.searcher
        spans: dict[int, set] = {docnum: set() for docnum in docnums}
        to_bytes = searcher.schema[field_name].to_bytes
        decode = searcher.schema[field_name].format.decoder("characters")
        leaves = searcher.reader().leaf_readers()
        wanted = [to_bytes(term) for term in terms]
        for docnum in docnums:
            leaf, offset = next((leaf, offset) for leaf, offset in reversed(leaves) if offset <= docnum)
            for btext in wanted:
                value = postings.value(leaf, field_name, btext, docnum - offset)
                if value is not None:
                    spans[docnum].update((start, end) for _, start, end in decode(value))
        return {docnum: sorted(found) for docnum, found in spans.items()}


def _asked_terms(q, reader):
    """(field, term) of every term in the query tree ``q`` outside its NOT branches."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.MultiTerm):
        yield from q.expanded_terms(reader)
    elif isinstance(q, wq.Term):
        yield q.fieldname, q.text
    elif isinstance(q, wq.SpanNear):
        yield from _asked_terms(q.a, reader)
        yield from _asked_terms(q.b, reader)
    else:
        for child in q.children():
            yield from _asked_terms(child, reader)


def _record_id(doc) -> str | None:
    """The id a record has in its archive (None for a whole file, or when its url or its place in
    the file, shown in its path, is its key)."""
    return doc.key if doc.key and doc.key not in (doc.url, doc.member) else None


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
