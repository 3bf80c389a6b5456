"""The search API: open an index, ask it questions, get hits with snippets and facets.

Everything the ``kgsearch`` command shows comes from here, so a user can do
from Python whatever the command does.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError
from whoosh import query as wq

from kgsearch.index import PeopleRegistry, StoreError, demo_corpus, rebuild
from kgsearch.index import store
from kgsearch.index.dates import PartialDate, parse_date
from kgsearch.index.facets import column_counts, live_documents
from kgsearch.compiler import Compiler, date_range
from kgsearch.crosslingual import Expander
from kgsearch.glossary import Glossary
from kgsearch.query import Group, QueryError, parse, words_of
from kgsearch.snippets import Snippet, make_snippets, match_spans
from kgsearch.suggest import correct_term, correct_word, surface_form
from kgsearch.transliterate import is_cyrillic

SORTS = ("relevance", "newest", "oldest")
FACET_FIELDS = ("year", "lang", "speaker", "source")


@dataclass
class Hit:
    """One matching document, as a result list shows it."""

    id: str
    title: str
    date: str
    lang: str
    source: str
    speakers: list[str]
    score: float
    snippets: list[Snippet]
    path: str

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "date": self.date or None, "lang": self.lang,
                "source": self.source or None, "speakers": self.speakers, "score": round(self.score, 4),
                "snippets": [s.html() for s in self.snippets], "path": self.path}


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
    notes: list[str] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page, "took_ms": round(self.took_ms, 1),
                "hits": [h.to_json() for h in self.hits], "facets": self.facets,
                "expansions": self.expansions, "relaxed": self.relaxed, "suggestion": self.suggestion}


def open_index(path=None, *, build_demo: bool = False, people=(), glossary=()) -> "Index":
    """The index at ``path`` (else ``$KGSEARCH_INDEX``, else the user data directory).

    With ``build_demo``, a location with no index gets the bundled demo index
    first (``Index.built_demo`` tells); otherwise a missing index is a
    ``StoreError`` that says how to build one.
    """
    root = store.resolve(path)
    built = False
    if store.current(root) is None:
        if not build_demo:
            raise StoreError(f"no index at {root}; build one with `kgsearch index rebuild [PATH...]` "
                             "(with no PATH it indexes the bundled demo corpus)")
        rebuild(root, [demo_corpus()])
        built = True
    index = Index(root, people=people, glossary=glossary)
    index.built_demo = built
    return index


class Index:
    """An open index: search it, read documents from it, count its facets."""

    def __init__(self, root, people=(), glossary=()):
        self.root = root
        self._open()
        self.built_demo = False
        self.registry = PeopleRegistry.load(*people)
        self._glossary_files = list(glossary)
        self._glossary = None
        # For look-ups outside a search (keys, field values); a search compiles with its own.
        self._lookup = Compiler(self.searcher, self.registry)

    def _open(self, attempts: int = 5) -> None:
        """Open the current generation; a writer swapping it at that moment means try again."""
        for attempt in range(attempts):
            self.generation = store.current(self.root)
            if self.generation is None:
                raise StoreError(f"no index at {self.root}; build one with `kgsearch index rebuild [PATH...]`")
            try:
                self.meta = store.read_meta(self.generation)
                self._ix = whoosh_index.open_dir(self.generation)
                self.searcher = self._ix.searcher()
                return
            except StoreError:
                # A damaged or foreign meta.json is final, unless a writer just swapped generations.
                if attempt == attempts - 1 or store.current(self.root) == self.generation:
                    raise
            except (OSError, EmptyIndexError):
                # An update's commit can remove the table of contents being opened: read again.
                if attempt == attempts - 1:
                    raise
            time.sleep(0.05 * (attempt + 1))

    def close(self):
        self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- searching ---------------------------------------------------------

    @property
    def glossary(self) -> Glossary:
        """The bundled glossary with the user's files, loaded on first use."""
        if self._glossary is None:
            self._glossary = Glossary.load(*self._glossary_files)
        return self._glossary

    def search(self, query: str, *, years=None, date_from=None, date_to=None, speakers=None, lang=None,
               source=None, sort: str = "relevance", limit: int = 10, page: int = 1, snippets: bool = True,
               facets: bool = False, translate: bool = True) -> Results:
        """Documents matching ``query`` (the kgsearch query language), a page at a time.

        ``years`` is a list of years or (first, last) pairs; ``date_from`` and
        ``date_to`` are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (inclusive, at
        their precision); ``speakers`` are names in any alias or script.
        With ``translate`` (the default) the query also runs in the other
        language, through the glossary, the people registry and
        transliteration; ``Results.expansions`` says what was added.
        """
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        if limit < 1 or page < 1:
            raise QueryError("--limit and --page count from 1")
        typed = parse(query, keep_as_word=self._name_pair)
        compiler = Compiler(self.searcher, self.registry)
        node, expansions = typed, []
        if translate:
            expander = Expander(self.glossary, self.registry, compiler.key, self._known)
            node = expander.expand(typed)
            expansions = expander.expansions
        q = compiler.compile(node, proximity_of=typed)
        if q is None:
            raise QueryError("the query has only stop words (and, the, и, в …); add a word that carries meaning")
        filters = self._filters(years, date_from, date_to, speakers, lang, source)
        # Every match is collected: Whoosh's counts of a limited search are estimates
        # (spans are not checked), and totals, pages and facets must agree.
        results = self.searcher.search(q, filter=filters, limit=None, terms=False, optimize=False)
        relaxed = False
        suggestion = self.suggest(query, typed) if results.is_empty() else None
        if results.is_empty() and isinstance(node, Group) and node.op == "AND" and len(words_of(typed)) >= 2:
            alternative = compiler.compile(Group("OR", node.nodes))
            if alternative is not None:
                any_word = self.searcher.search(alternative, filter=filters, limit=None, terms=False, optimize=False)
                if not any_word.is_empty():
                    results, q, relaxed = any_word, alternative, True
        matched = [(hit.docnum, hit.score or 0.0) for hit in results]
        first = (page - 1) * limit
        page_hits = self._order(matched, sort)[first : first + limit]
        terms = self._highlight_terms(q) if snippets else {}
        hits = [self._hit(docnum, score, terms, snippets) for docnum, score in page_hits]
        total = len(matched)
        result = Results(query, total, page, limit, hits, 0.0, relaxed=relaxed, notes=compiler.notes,
                         expansions=expansions, suggestion=suggestion)
        if relaxed:
            result.notes.append("no document has all the words; showing documents with any of them")
        if facets:
            result.facets = self.facet_counts([docnum for docnum, _ in matched])
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _name_pair(self, previous: str, word: str) -> bool:
        """True when "previous word" is a name in the registry (Ван И), not an operator."""
        return self.registry.canonical(f"{previous} {word}") is not None

    def _frequency(self, word: str) -> int:
        """How many documents have ``word``'s term in the title or the body (the larger)."""
        terms = self._lookup.key(word)
        if len(terms) != 1:
            return 0
        reader = self.searcher.reader()
        return max(reader.doc_frequency(f, terms[0]) for f in ("title", "body"))

    def _known(self, word: str) -> bool:
        """True when the index has ``word``'s term in a title or a body."""
        return self._frequency(word) > 0

    def _order(self, matched, sort):
        if sort == "relevance":
            return matched  # whoosh returns them by score already
        dates = self.searcher.reader().column_reader("date", translate=False)
        missing = []
        dated = []
        for docnum, score in matched:
            value = dates[docnum]
            (missing if value >= 2**63 else dated).append((value, docnum, score))
        dated.sort(key=lambda item: item[0], reverse=sort == "newest")
        return [(d, s) for _, d, s in dated] + [(d, s) for _, d, s in missing]

    def _filters(self, years, date_from, date_to, speakers, lang, source):
        parts = []
        if years:
            ranges = []
            for year in years:
                first, last = year if isinstance(year, tuple) else (year, year)
                ranges.append(wq.NumericRange("year", int(first), int(last)))
            parts.append(wq.Or(ranges))
        if date_from or date_to:
            parts.append(date_range(_date_option(date_from, "--from"), _date_option(date_to, "--to")))
        if speakers:
            parts.append(wq.Or([self._lookup.keyword("speakers", s) for s in speakers]))
        if lang:
            parts.append(wq.Term("lang", lang.lower()))
        if source:
            parts.append(wq.Term("source", self._lookup.source_label(source)))
        return wq.And(parts) if parts else None

    def _highlight_terms(self, q) -> dict[str, set[str]]:
        terms: dict[str, set[str]] = {"title": set(), "body": set()}
        reader = self.searcher.reader()
        for leaf in q.leaves():
            if isinstance(leaf, wq.Not):
                continue
            pairs = leaf.expanded_terms(reader) if isinstance(leaf, wq.MultiTerm) else leaf.iter_all_terms()
            for fieldname, text in pairs:
                if fieldname in terms:
                    terms[fieldname].add(text.decode("utf-8") if isinstance(text, bytes) else text)
        return terms

    def _hit(self, docnum: int, score: float, terms, with_snippets: bool) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        snippets = []
        if with_snippets:
            spans = match_spans(self.searcher.reader(), docnum, "body", terms.get("body", ()))
            snippets = make_snippets(stored.get("body", ""), spans)
        return Hit(
            id=stored["id"], title=stored.get("title", ""), date=stored.get("date_text", ""),
            lang=stored.get("lang", ""), source=stored.get("source", ""),
            speakers=[s for s in stored.get("speakers", "").split(",") if s],
            score=score, snippets=snippets, path=stored.get("path", ""),
        )

    # -- facets, documents, suggestions ------------------------------------

    def facet_counts(self, docnums=None, fields=FACET_FIELDS) -> dict[str, dict[str, int]]:
        """Counts by year, language, speaker and source over ``docnums`` (default: every document)."""
        reader = self.searcher.reader()
        docset = set(live_documents(reader) if docnums is None else docnums)
        counts: dict[str, dict[str, int]] = {}
        for name in fields:
            if name == "speaker":
                by_doc = self._speakers_by_doc()
                counter = Counter(name for docnum in docset for name in by_doc.get(docnum, ()))
            else:
                counter = column_counts(reader, docset, name)
            ordered = sorted(counter.items(), key=lambda kv: kv[0], reverse=True) if name == "year" \
                else counter.most_common()
            counts[name] = dict(ordered)
        return counts

    def _speakers_by_doc(self) -> dict[int, list[str]]:
        """Speakers of every document, read once from the postings (facets count them often)."""
        if getattr(self, "_speakers", None) is None:
            reader = self.searcher.reader()
            names = {p.name.lower(): p.name for p in self.registry.people.values()}
            by_doc: dict[int, list[str]] = {}
            for term in reader.lexicon("speakers"):
                term = term.decode("utf-8") if isinstance(term, bytes) else term
                shown = names.get(term, term.title())
                for docnum in reader.postings("speakers", term).all_ids():
                    by_doc.setdefault(docnum, []).append(shown)
            self._speakers = by_doc
        return self._speakers

    def get(self, doc_id: str) -> dict | None:
        """The whole document with its metadata, or ``None`` for an unknown id."""
        stored = self.searcher.document(id=doc_id)
        if stored is None:
            return None
        return {
            "id": stored["id"], "title": stored.get("title", ""), "date": stored.get("date_text") or None,
            "lang": stored.get("lang", ""), "source": stored.get("source") or None,
            "speakers": [s for s in stored.get("speakers", "").split(",") if s],
            "tags": [t for t in stored.get("tags", "").split(",") if t],
            "url": stored.get("url") or None, "path": stored.get("path", ""),
            "summary": stored.get("summary") or None, "extras": stored.get("extras") or {},
            "text": stored.get("body", ""),
        }

    def suggest(self, query: str, node=None) -> str | None:
        """The query with its unknown words replaced by the closest words the index has."""
        node = node if node is not None else parse(query)
        reader = self.searcher.reader()
        changed = query
        for word in words_of(node):
            terms = self._lookup.positions(word.text)
            if len(terms) != 1 or reader.doc_frequency("body", terms[0][1]) or reader.doc_frequency("title", terms[0][1]):
                continue
            shown = correct_word(word.text, self._frequency) if len(word.text) >= 4 else None
            if shown is None and (fixed := correct_term(reader, terms[0][1])):
                # A Russian lemma is a dictionary word; an English stem may not be (polici).
                shown = fixed if is_cyrillic(fixed) else surface_form(self.searcher, fixed)
            if shown:
                changed = changed.replace(word.text, shown, 1)
        return changed if changed != query else None

    def status(self) -> dict:
        from kgsearch.index import status

        return status(self.root)


def _date_option(value, name) -> PartialDate | None:
    if value in (None, ""):
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        return PartialDate(value.year, value.month, value.day)
    parsed = parse_date(str(value))
    if parsed is None:
        raise QueryError(f"bad date {value!r} for {name}; write YYYY, YYYY-MM or YYYY-MM-DD")
    return parsed
