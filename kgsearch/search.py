"""The search API: open an index, ask it questions, get hits with snippets and facets.

Everything the ``kgsearch`` command shows comes from here, so a user can do
from Python whatever the command does. A search is a pipeline of stages,
each a method that takes and returns values: understand the query (parse,
translate, compile), match it, order the matches, page them, and show a
page (stored fields and snippets); facets and "did you mean" have modules
of their own.
"""

import heapq
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TopCollector, WrappingCollector

from kgsearch import options, ranking
from kgsearch.budget import Budget, close_matches
from kgsearch.choices import FACET_FIELDS
from kgsearch.compiler import Compiler, date_range, distinct, without_domain
from kgsearch.crosslingual import PUNCTUATION, Either, Expander
from kgsearch.errors import ParameterError, QueryBudgetError, QueryError
from kgsearch.facets import FacetCounter
from kgsearch.glossary import Glossary
from kgsearch.matchset import matching
from kgsearch.options import Filters, Page
from kgsearch.postings import Postings
from kgsearch.index import PeopleRegistry, demo_corpus
from kgsearch.index import columns, store, wordtable
from kgsearch.index.copies import copy_groups
from kgsearch.index.similar import story_groups
from kgsearch.index.schema import MISSING_DATE, NO_LANGUAGE, from_fields, term_text
from kgsearch.query import Group, Phrase, Word, parse, words_of
from kgsearch.recent import Recent
from kgsearch.snippets import Snippet, join_phrases, make_snippets
from kgsearch.suggest import did_you_mean

if TYPE_CHECKING:  # loaded by the trend command alone
    from kgsearch import trend as trends

__all__ = ["Hit", "Index", "Results", "open_index"]
SUGGESTION_SECONDS = 2.0  # at most, for "did you mean", within the search's budget
# Queries whose understanding, and whose matches, an open index keeps (paging
# through one query asks the same again; a match set is up to a few MB).
RECENT_PLANS = 64
RECENT_MATCHES = 8


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

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "date": self.date or None,
                "date_source": self.date_source or None, "lang": self.lang,
                "source": self.source or None, "speakers": self.speakers, "people": self.people,
                "score": round(self.score, 4),
                "snippets": [s.html() for s in self.snippets], "path": self.path, "record_id": self.record_id,
                "url": self.url, "copies": self.copies, "similar": self.similar,
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
                "expansions": self.expansions, "untranslated": self.untranslated, "relaxed": self.relaxed, "suggestion": self.suggestion,
                "corrected": self.corrected, "notes": self.notes,
                "copies_folded": self.copies_folded, "similar_folded": self.similar_folded}


@dataclass
class _Plan:
    """A query understood: as typed, as it will run, and the compiled Whoosh query."""

    typed: object
    node: object
    query: object
    compiler: Compiler
    expansions: list[str]
    untranslated: list[str] = field(default_factory=list)
    held: frozenset = frozenset()  # the terms of translations held by another (not searched): marked only


@dataclass
class _Matches:
    """Every matching document (filters applied), and the query that matched them."""

    ids: set[int]
    query: object
    relaxed: bool = False
    filtered: bool = False


class _BudgetCollector(WrappingCollector):
    """Checks the search's budget at every document matched, as Whoosh finds them."""

    def __init__(self, child, budget: Budget):
        super().__init__(child)
        self.budget = budget

    def set_subsearcher(self, subsearcher, offset):
        self.budget.check()
        super().set_subsearcher(subsearcher, offset)  # builds the matchers: the costly part of a big query

    def matches(self):
        check = self.budget.check
        for docnum in self.child.matches():
            check()
            yield docnum


def open_index(path=None, *, build_demo: bool = False, people=(), glossary=()) -> "Index":
    """The index at ``path`` (else ``$KGSEARCH_INDEX``, else the user data directory).

    Opening reads only. With ``build_demo``, the bundled demo index is built
    first where nothing is (the folder is missing or empty; ``Index.built_demo``
    tells), but not at a location ``$KGSEARCH_INDEX`` names: that is the user's
    own choice of folder, as ``--index`` is. Otherwise a location with no index
    is a ``NoIndexError`` that says how to build one, and a folder of other
    things a ``StoreError`` (kgsearch writes nothing there).
    """
    root = store.resolve(path)
    built = False
    if store.current(root) is None:
        configured = path is None and bool(os.environ.get(store.ENV))
        if not build_demo or configured or not store.vacant(root):
            raise store.missing_index(root)
        from kgsearch.index import rebuild  # the build stack, loaded only to build

        rebuild(root, [demo_corpus()])
        built = True
    index = Index(root, people=people, glossary=glossary)
    index.built_demo = built
    return index


class Index:
    """An open index: search it, read documents from it, count its facets."""

    def __init__(self, root, people=(), glossary=()):
        self.root = root
        self.generation, self.meta, self._ix = store.open_current(root)
        self.searcher = self._ix.searcher()
        wordtable.attach(self.searcher.schema, self.generation)  # its words' terms, without nltk and pymorphy3
        self.built_demo = False
        self.registry = PeopleRegistry.load(*people)
        self._glossary_files = list(glossary)
        self._glossary = None
        # For look-ups outside a search (keys, field values); a search compiles with its own.
        self._lookup = Compiler(self.searcher, self.registry)
        self._facets = FacetCounter(self.searcher.reader(), self.registry)
        self._groups = None  # documents with the same text, found on first use
        self._stories = None  # versions of one story (copies included), read on first use
        self._dates = None  # every document's date, read on first use
        self._doc_ids: dict[int, str] = {}  # documents' ids, by number, as they are read (``_ids``)
        self._columns: dict = {}  # the columns searches read, by segment (Postings.column)
        self._recent_plans = Recent(RECENT_PLANS)
        self._recent_matches = Recent(RECENT_MATCHES)

    def close(self):
        if not self.searcher.is_closed:  # closing twice is harmless, as for a file
            self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def glossary(self) -> Glossary:
        """The bundled glossary with the user's files, loaded on first use."""
        if self._glossary is None:
            self._glossary = Glossary.load(*self._glossary_files)
        return self._glossary

    # -- the search pipeline -----------------------------------------------

    def search(self, query: str, filters: Filters | None = None, page: "Page | int | None" = None, *,
               translate: bool = True, correct: bool = True, skip_ids=None, _budget=None, **keywords) -> Results:
        """Documents matching ``query`` (the kgsearch query language), a page at a time.

        ``filters`` (a ``kgsearch.options.Filters``) choose the documents, ``page`` (a ``Page``)
        which of the hits are shown and how; keyword arguments set their fields one by one
        (``years=[2024], speakers=["Wang Yi"], limit=5, page=2``).
        With ``translate`` (the default) the query also runs in the other
        language, through the glossary, the people registry and
        transliteration; ``Results.expansions`` says what was added.
        ``Results.suggestion`` is the query with its misspelt words corrected; with
        ``correct`` (the default), when the query finds nothing (no document has all
        its words) and the suggestion finds something, the hits are the suggestion's
        and ``Results.corrected`` says so; ``correct=False`` searches only as typed.
        Versions of one story (exact copies, and reprints lightly edited: ``index.similar``)
        are one hit, the others listed in its ``copies`` and ``similar``, and ``total``,
        pages and facets count each story once; ``Page.all_versions`` shows every document as
        a hit of its own.
        Bad option values raise ``ParameterError``, bad queries ``QueryError``, and
        a query that needs more time or memory than ``kgsearch.budget`` allows
        ``QueryBudgetError`` (a ``QueryError``).
        A ``query`` with no words lists what the filters select (the newest first when sorted by
        relevance; a ``QueryError`` without filters); its hits have no score and open with the
        text's beginning. ``skip_ids``, a set of kgsearch ids, leaves those documents out (a
        watch's, already reported).
        """
        filters, page = options.split(filters, page, keywords)
        # Every argument, as objects, before anything else is named here: a search rerun for its
        # correction takes them all (a hand-written list once left out skip_ids).
        asked = dict(locals())
        del asked["self"], asked["query"], asked["keywords"]
        started = time.perf_counter()
        budget = _budget or Budget()  # a corrected query's search spends what the query left
        chosen, sort, limit, snippets, facets, all_versions = (filters, page.sort, page.limit, page.snippets,
                                                               page.facets, page.all_versions)
        page = page.number
        filter_notes: list[str] = []
        filters = self._filters(chosen, filter_notes)
        browsing = not query.strip()
        if browsing:
            sort = "newest" if sort == "relevance" else sort  # no words, no relevance: the newest first
        postings = Postings(self._columns)  # each term's blocks decoded once, for all the stages below
        plan, matches = self._matches(query, translate, filters, budget, postings)
        budget.check()
        ids = matches.ids - set(self._ids(matches.ids, skip_ids)) if skip_ids else matches.ids
        groups = {} if all_versions else self._story_groups()
        articles = self._articles(ids, groups)
        shown, versions = self._page(matches.query, ids, matches.filtered or ids is not matches.ids, articles, groups,
                                     sort, page, limit, budget, postings)
        hits = self._show(shown, matches.query, snippets, versions, postings, plan.held if plan else ())
        copies_folded = 0 if all_versions else len(ids) - len(self._articles(ids, self._copy_groups()))
        result = Results(query, len(articles), page, limit, hits, 0.0, relaxed=matches.relaxed,
                         notes=list(plan.compiler.notes) if plan else [],
                         expansions=list(plan.expansions) if plan else [],
                         untranslated=list(plan.untranslated) if plan else [],
                         copies_folded=copies_folded,
                         similar_folded=len(ids) - len(articles) - copies_folded)
        result.notes.extend(filter_notes)
        if result.total and not hits:
            result.notes.append(f"page {page} is past the end: {_counted(result.total, 'result')}, "
                                f"{_counted(result.pages, 'page')}")
        if browsing:
            if facets:
                result.facets = self.facet_counts(articles)
            result.took_ms = (time.perf_counter() - started) * 1000
            return result
        if matches.relaxed:
            result.notes.append("no document has all the words; showing documents with any of them")
        if not matches.ids and matches.filtered:
            # Say which filters emptied the result, when the words alone find something.
            unfiltered = len(self._articles(matching(self.searcher, plan.query, budget), groups))  # as the total
            if unfiltered:
                result.notes.append(f"{unfiltered} documents match without the filters on "
                                    f"{', '.join(chosen.named())}; none with them")
        # A suggestion is a courtesy: it gets a little time and stops quietly.
        result.suggestion = did_you_mean(query, plan.typed, self.searcher, self._lookup,
                                         budget.part(SUGGESTION_SECONDS))
        if correct and result.suggestion and (not matches.ids or matches.relaxed):
            try:  # a correction to stop words only (untill: until) is no query
                fixed = self.search(result.suggestion, **(asked | {"correct": False, "_budget": budget}))
            except QueryError:
                fixed = None
            if fixed and fixed.total and (not matches.ids or not fixed.relaxed):
                fixed.query, fixed.suggestion, fixed.corrected = query, result.suggestion, result.suggestion
                fixed.took_ms = (time.perf_counter() - started) * 1000
                return fixed
        if facets:
            budget.check()
            result.facets = self.facet_counts(articles)  # each story once, as the total
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _matches(self, query: str, translate: bool, filters, budget: Budget,
                 postings: Postings) -> tuple["_Plan | None", _Matches]:
        """The query understood (``None`` for a query with no words) and every document it and the
        filters match; a query with no words matches what the filters select."""
        plan = self._understand(query, translate, budget) if query.strip() else None
        if plan is None and filters is None:
            raise QueryError("a query with no words lists what its filters select, and there are none; "
                             "give words, or a filter such as --source, --year or --speaker")
        asked = (query, translate, repr(filters))
        if (matches := self._recent_matches.get(asked)) is None:
            allowed = matching(self.searcher, filters, budget, postings) if filters is not None else None
            matches = _Matches(allowed, None) if plan is None else self._match(plan, allowed, budget, postings)
            self._recent_matches.put(asked, matches)
        return plan, matches

    def matching_ids(self, query: str, filters: Filters | None = None, *, translate: bool = True,
                     **keywords) -> set[str]:
        """The ids of every document that ``search`` with these arguments matches, each copy of a
        text too (what a watch remembers as reported). A query with no words: what the filters select."""
        filters = self._filters(options.split(filters, None, keywords)[0], [])
        budget = Budget()
        _, matches = self._matches(query, translate, filters, budget, Postings(self._columns))
        return set(self._ids(matches.ids).values())

    def _ids(self, docnums, among=None) -> dict[int, str]:
        """The kgsearch id of each of ``docnums`` (with ``among``, only those whose id is in it);
        kept once read, since reading a document's stored fields costs about 60 us (its text is
        among them) and a watch's run asks for the same documents' ids three times."""
        known, stored = self._doc_ids, self.searcher.reader().stored_fields
        for docnum in docnums:
            if docnum not in known:
                known[docnum] = stored(docnum)["id"]
        ids = {docnum: known[docnum] for docnum in docnums}
        return ids if among is None else {d: i for d, i in ids.items() if i in among}

    def _understand(self, query: str, translate: bool, budget: Budget) -> _Plan:
        """Parse the query, add its other-language forms, compile it for this index."""
        if (plan := self._recent_plans.get((query, translate))) is not None:
            plan.compiler.budget = budget  # for the relaxed query it may compile
            return plan
        plan = self._plan(query, translate, budget)
        self._recent_plans.put((query, translate), plan)
        return plan

    def _plan(self, query: str, translate: bool, budget: Budget) -> _Plan:
        typed = distinct(parse(query, keep_as_word=self._name_pair))
        compiler = Compiler(self.searcher, self.registry, budget)
        node, expansions, untranslated, held = typed, [], [], frozenset()
        if (person := self._person_asked(typed)) is not None:
            node = self._as_person(person, compiler)
            others = [alias for alias in self._aliases(person) if compiler.key(alias) != compiler.key(query)]
            expansions = [f"{query} → {', '.join(others)} (the person, by every name the registry knows)"]
        elif translate:
            expander = Expander(self.glossary, self.registry, compiler.key, compiler.known, compiler.has_term)
            node = expander.expand(typed)
            expansions = expander.expansions
            untranslated = [w.text.strip(PUNCTUATION) for w in expander.untranslated]
            held = frozenset(expander.held)
        compiled = compiler.compile(node, proximity_of=typed)
        if compiled is None:
            raise QueryError("the query has only stop words (and, the, и, в …); add a word that carries meaning")
        return _Plan(typed, node, compiled, compiler, expansions, untranslated, held)

    def _person_asked(self, typed) -> str | None:
        """The registry's name for a query that is nothing but a person's name (Ван И, Wang Yi)."""
        words = [typed] if isinstance(typed, Word) else typed.nodes if isinstance(typed, Group) else []
        if not words or not all(isinstance(w, Word) and not (w.field or w.prefix or w.fuzzy) for w in words):
            return None
        if isinstance(typed, Group) and typed.op != "AND" or len(words) < 2:
            return None  # one word (Japarov) may be several people, and is searched as a word
        return self.registry.canonical(" ".join(w.text for w in words))

    def _aliases(self, person: str) -> list[str]:
        entry = self.registry.people[person]
        return list(dict.fromkeys([entry.name, *entry.aliases]))

    def _as_person(self, person: str, compiler: Compiler):
        """A person's name searched as that person: the people and speakers fields, and each
        alias as a phrase, never as its bare words (Ван И is not every Ван)."""
        nodes = [Word(person, field="people", boost=2.0), Word(person, field="speakers")]
        for alias in self._aliases(person):
            words = alias.split()
            # An alias the analyzer shortens (Ван И loses И, a stop word) would match its bare words.
            if len(words) >= 2 and len(compiler.positions(alias)) == len(words):
                nodes.append(Phrase(alias))
        return Group("OR", nodes)

    def _match(self, plan: _Plan, allowed: set[int] | None, budget: Budget, postings: Postings) -> _Matches:
        """Every match; when no document has all the words (in either language), those with any
        of them, which include what the other language's looser form of the query finds."""
        filtered = allowed is not None
        matches = _Matches(self._matching(plan.query, allowed, budget, postings), plan.query, filtered=filtered)
        node = plan.node.nodes[0] if isinstance(plan.node, Either) else plan.node  # all the parts
        if not (isinstance(node, Group) and node.op == "AND" and len(words_of(plan.typed)) >= 2):
            return matches  # one word, or an OR: nothing to relax
        with_all = matches.ids
        if with_all and node is not plan.node and (whole := plan.compiler.compile(node)) is not None:
            with_all = self._matching(whole, allowed, budget, postings)  # the looser form's aside
        if not with_all and (alternative := plan.compiler.compile(Group("OR", node.nodes))) is not None:
            if any_word := self._matching(alternative, allowed, budget, postings):
                matches = _Matches(any_word, alternative, relaxed=True, filtered=filtered)
        return matches

    def _matching(self, q, allowed: set[int] | None, budget: Budget, postings: Postings) -> set[int]:
        found = matching(self.searcher, q, budget, postings)
        return found & allowed if allowed is not None else found

    def _copy_groups(self) -> dict[int, tuple[int, ...]]:
        if self._groups is None:
            self._groups = copy_groups(self.searcher.reader(), self._ix.storage.folder)
        return self._groups

    def _story_groups(self) -> dict[int, tuple[int, ...]]:
        if self._stories is None:
            self._stories = story_groups(self.searcher.reader(), self._ix.storage.folder, self._copy_groups())
        return self._stories

    @staticmethod
    def _articles(ids: set[int], groups: dict[int, tuple[int, ...]]) -> set[int]:
        """``ids`` with each of ``groups`` once (the same text under several urls or files, or
        the versions of one story): of a group's members among ``ids``, the first."""
        copies = {d for d in ids & groups.keys() if min(m for m in groups[d] if m in ids) != d}
        return ids - copies

    def _page(self, q, ids: set[int], filtered: bool, articles: set[int], groups: dict, sort: str, page: int,
              limit: int, budget: Budget, postings: Postings):
        """The page's (docnum, score) and, for each, the other versions of it among the matches
        (``ids``, which ``q`` matches, ``filtered`` when they are fewer than it does).

        By relevance, only as many documents are ranked as the page needs: first the
        page and as many again, for versions folded into a better one; more, doubling,
        only while folding leaves the page short (the best k extend the best fewer, so
        the page is the same as from ranking every match). Asking at once for every
        version that might fold (1,903 of a common word's 30,797 matches at 100,000
        documents) ranked them all, a quarter of the query. By date, the page's own are scored.
        """
        wanted = page * limit
        if sort == "relevance":
            most = min(wanted + len(ids) - len(articles), len(ids))  # enough even if every version folds
            k = min(2 * wanted, most)
            while True:
                kept = _one_per_group(self._top(q, k, ids, ids if filtered else None, budget, postings), groups)
                if len(kept) >= wanted or k >= most:
                    break
                k = min(2 * k, most)
            shown = kept[wanted - limit : wanted]
        else:
            docnums = self._by_date(articles, sort == "newest", wanted)[wanted - limit :]
            scores = self._scores(q, docnums) if q is not None else {}
            shown = [(d, scores.get(d, 0.0)) for d in docnums]
        versions = {d: [m for m in groups[d] if m != d and m in ids] for d, _ in shown if d in groups}
        return shown, versions

    def _top(self, q, k: int, ids: set[int], allowed: set[int] | None, budget: Budget,
             postings: Postings) -> list[tuple[int, float]]:
        """The ``k`` best-scoring matches, best first (ties: the earlier document first).

        ``ranking`` scores only what could reach the page, so a common word costs
        about what its page costs, not what its thousands of matches do.
        """
        if k <= 0:
            return []
        ranked = ranking.top(self.searcher, q, ids, k, budget, postings)
        if ranked is not None:
            return ranked
        # Whoosh alone. (Its matchers "replace" themselves as the page fills, which loses
        # phrase matches: it may only skip blocks.)
        collector = _BudgetCollector(TopCollector(k, usequality=True, replace=0), budget)
        if allowed is not None:
            collector = FilterCollector(collector, allowed)
        self.searcher.search_with_collector(q, collector)
        return [(hit.docnum, hit.score or 0.0) for hit in collector.results()]

    def _by_date(self, docnums: set[int], newest: bool, count: int) -> list[int]:
        """The first ``count`` of ``docnums`` by date, undated documents last."""
        if not docnums:
            return []
        dates = self._date_column()
        dated = [(dates[d], d) for d in docnums]
        undated = sorted(d for value, d in dated if value == MISSING_DATE)
        dated = [(value, d) for value, d in dated if value != MISSING_DATE]
        pick = heapq.nsmallest(count, dated, key=lambda item: (-item[0], item[1]) if newest else item)
        return [d for _, d in pick] + undated[: max(0, count - len(pick))]

    def _date_column(self) -> list[int]:
        """Every document's date as the column holds it (``MISSING_DATE`` for none), read once."""
        if self._dates is None:
            self._dates = columns.values(self.searcher.reader(), "date")
        return self._dates

    def _scores(self, q, docnums: list[int]) -> dict[int, float]:
        """The scores ``q`` gives ``docnums`` (a page sorted by date shows them too)."""
        scores = {}
        for sub, offset in self.searcher.leaf_searchers():
            local = sorted(d - offset for d in docnums if offset <= d < offset + sub.reader().doc_count_all())
            if not local:
                continue
            matcher = q.matcher(sub)
            for docnum in local:
                if not matcher.is_active():
                    break
                matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    scores[docnum + offset] = matcher.score()
        return scores

    def _show(self, page, q, snippets: bool, versions=None, postings: Postings | None = None, held=()) -> list[Hit]:
        """The page's hits with their stored fields and, if asked, snippets of the matched words;
        ``versions`` folded into a hit are its copies when of the same text, else its similar."""
        terms = self._highlight_terms(q, held) if snippets and q is not None else {}
        postings = postings or Postings()
        spans = _page_spans(self.searcher, [d for d, _ in page], terms.get("body", ()), postings) if snippets else {}
        hits = []
        same_text = self._copy_groups()
        for docnum, score in page:
            stored = self.searcher.stored_fields(docnum)
            doc = from_fields(stored)
            found = []
            if snippets:
                found = make_snippets(doc.body, spans[docnum], pages=doc.pages)
            hits.append(Hit(id=stored["id"], title=doc.title, date=doc.date.iso if doc.date else "",
                            date_source=doc.date_source,
                            lang=doc.lang or NO_LANGUAGE, source=doc.source, speakers=doc.speakers, people=doc.people,
                            score=score, snippets=found, path=doc.location, record_id=_record_id(doc), url=doc.url or None,
                            copies=[self._copy(v) for v in (versions or {}).get(docnum, ())
                                    if v in same_text.get(docnum, ())],
                            similar=[self._similar(v) for v in (versions or {}).get(docnum, ())
                                     if v not in same_text.get(docnum, ())]))
        return hits

    def _copy(self, docnum: int) -> dict:
        stored = self.searcher.stored_fields(docnum)
        return {"id": stored["id"], "path": from_fields(stored).location, "url": stored.get("url") or None}

    def _similar(self, docnum: int) -> dict:
        stored = self.searcher.stored_fields(docnum)
        doc = from_fields(stored)
        return {"id": stored["id"], "source": doc.source or None, "title": doc.title,
                "date": doc.date.iso if doc.date else None, "path": doc.location, "url": doc.url or None}

    def _highlight_terms(self, q, held=()) -> dict[str, set[str]]:
        """The terms to mark: every term the query asks for, inside phrases too (a phrase is a
        chain of span queries, which Whoosh's ``leaves()`` does not open), none under a NOT."""
        terms: dict[str, set[str]] = {"title": set(held), "body": set(held)}
        reader = self.searcher.reader()
        for fieldname, text in _asked_terms(q, reader):
            if fieldname in terms:
                terms[fieldname].add(term_text(text))
        return terms

    def _name_pair(self, previous: str, word: str) -> bool:
        """True when "previous word" is a name in the registry (Ван И), not an operator."""
        return self.registry.canonical(f"{previous} {word}") is not None

    def _filters(self, filters: Filters, notes: list[str]):
        """The Whoosh query that ``filters`` make (``None``: every document), saying in ``notes``
        what was made of the names in them."""
        parts = []
        if filters.years:
            parts.append(wq.Or([wq.NumericRange("year", first, last) for first, last in filters.years]))
        if filters.date_from or filters.date_to:
            parts.append(date_range(filters.start, filters.end))
        for field, names in (("speakers", filters.speakers), ("people", filters.people)):
            if names:
                parts.append(wq.Or([q for name in names for q in self._name_filter(field, name, notes)]))
        if filters.lang:
            parts.append(wq.Term("lang", filters.lang.lower()))
        if filters.source:
            parts.append(self._source_filter(filters.source, notes))
        return wq.And(parts) if parts else None

    def _source_filter(self, source: str, notes: list[str]):
        """The query for a --source value: the label the index has for it, else the labels that are
        it with a domain ending (Regnum: regnum.ru, as archives store a site); else, with a note
        offering the closest labels, as for an unknown name, the value as typed (which finds nothing)."""
        query = self._lookup.keyword("source", source)
        reader = self.searcher.reader()
        if any(reader.doc_frequency("source", label) for label in self._lookup.source_labels(source)):
            return query
        labels = [term_text(t) for t in reader.lexicon("source")]
        wanted = source.strip().lower()
        from difflib import get_close_matches  # for a source the index lacks, seldom

        by_name = {}
        for known in labels:
            by_name.setdefault(known.lower(), known)
            by_name.setdefault(without_domain(known).lower(), known)
        close = dict.fromkeys(by_name[c] for c in get_close_matches(wanted, by_name, n=6, cutoff=0.6))
        offer = f"; the closest: {', '.join(list(close)[:3])}" if close else ""
        notes.append(f"no source called {source!r} is among the sources of this index{offer}")
        return query

    def _name_filter(self, field: str, name: str, notes: list[str]) -> list:
        """The queries for one --speaker or --person value, saying what was made of it: a name
        several people share is searched for all of them, an unknown one offers the closest."""
        candidates = self.registry.candidates(name)
        if len(candidates) > 1:
            notes.append(f"{name!r} could be {' or '.join(candidates)}: searched for each")
        if candidates:
            return [self._lookup.keyword(field, person) for person in candidates]
        term = self._lookup.keyword(field, name)
        if not self.searcher.reader().doc_frequency(field, term.text):
            close = self._closest_names(field, term.text)
            offer = f"; the closest: {', '.join(c.title() for c in close)}" if close else ""
            notes.append(f"no one called {name!r} is among the {field} of this index{offer}")
        return [term]

    def _closest_names(self, field: str, name: str) -> list[str]:
        """The names in ``field`` closest to ``name``, as a courtesy: within the search's budget
        (a request's, in a server), and none once it is spent (the search then stops)."""
        known = (term_text(t) for t in self.searcher.reader().lexicon(field))
        try:
            return close_matches(name, known, Budget().part(SUGGESTION_SECONDS))
        except QueryBudgetError:
            return []

    # -- trends and exports --------------------------------------------------

    def trend(self, queries, filters: Filters | None = None, *, by: str = "year", translate: bool = True,
              **keywords) -> "trends.Trend":
        """How many documents match each of ``queries`` in each year, month or week (``by``).

        Each query is understood, filtered and counted as ``search`` counts its
        total (each text once; all the words, else any of them, said in its
        notes), so a trend by year equals the query's year facet. Documents in
        no period are counted apart: ``undated``, and ``coarse`` (dated to the
        year only, by month; to the month, by week). Nothing is scored. ``filters``
        as ``search`` takes them (keyword arguments too).
        """
        from kgsearch import trend as trends  # the trend command's, not a query's

        started = time.perf_counter()
        trends.check_period(by)
        if isinstance(queries, str):
            queries = [queries]
        if not queries:
            raise ParameterError("queries", "{name}: give at least one query")
        filter_notes: list[str] = []
        filters = self._filters(options.split(filters, None, keywords)[0], filter_notes)
        reader = self.searcher.reader()
        dates = self._date_column()
        to_datetime = reader.schema["date"].from_column_value

        def precision_of(docnum: int) -> str:
            return trends.precision(self.searcher.stored_fields(docnum).get("date_text") or "")

        found = []
        for query in queries:
            budget = Budget()
            plan, matches = self._matches(query, translate, filters, budget, Postings(self._columns))
            articles = self._articles(matches.ids, self._story_groups())  # each story once, as search counts
            budget.check()
            counts, undated, coarse = trends.count_periods(articles, dates, by, to_datetime, precision_of,
                                                          MISSING_DATE)
            notes = (list(plan.compiler.notes) if plan else []) + filter_notes  # no plan: no words, filters alone
            if matches.relaxed:
                notes.append("no document has all the words; counting documents with any of them")
            if not articles and plan and (fix := did_you_mean(query, plan.typed, self.searcher, self._lookup,
                                                     budget.part(SUGGESTION_SECONDS))):
                notes.append(f"nothing matches; did you mean {fix}?")
            found.append((query, counts, undated, coarse,
                          {"expansions": list(plan.expansions) if plan else [], "relaxed": matches.relaxed, "notes": notes}))
        trend = trends.align(by, found)
        trend.took_ms = (time.perf_counter() - started) * 1000
        return trend

    def all_hits(self, query: str, filters: Filters | None = None, page: Page | None = None, *,
                 chunk: int = 100, translate: bool = True, correct: bool = True, skip_ids=None,
                 **keywords) -> Iterator[Hit]:
        """Every hit of ``query``, in the order ``search`` pages them, with snippets: for export.

        Takes ``search``'s arguments; of ``page``, only its sort and versions count. The matches
        are found and ordered once; stored fields and snippets are read ``chunk`` hits at a time,
        as they are asked for, so thousands of hits stream.
        """
        keywords = {k: v for k, v in keywords.items() if k not in ("limit", "page", "snippets", "facets")}
        filters, page = options.split(filters, page, keywords)
        page = page.but(number=1, limit=1, snippets=False, facets=False)
        first = self.search(query, filters, page, translate=translate, correct=correct,
                            skip_ids=skip_ids)  # the query as corrected, if it is
        if not first.total:
            return
        asked = first.corrected or query
        budget = Budget()
        postings = Postings(self._columns)
        plan, matches = self._matches(asked, translate, self._filters(filters, []), budget, postings)
        ids = matches.ids - set(self._ids(matches.ids, skip_ids)) if skip_ids else matches.ids  # as search does
        groups = {} if page.all_versions else self._story_groups()
        articles = self._articles(ids, groups)
        sort = page.sort
        sort = "newest" if sort == "relevance" and not asked.strip() else sort  # as search lists filters alone
        shown, versions = self._page(matches.query, ids, matches.filtered or ids is not matches.ids, articles, groups,
                                     sort, 1, len(articles), budget, postings)
        for start in range(0, len(shown), chunk):
            yield from self._show(shown[start : start + chunk], matches.query, True, versions, postings,
                                  plan.held if plan else ())

    # -- facets, documents, suggestions ------------------------------------

    def facet_counts(self, docnums=None, fields=FACET_FIELDS) -> dict[str, dict[str, int]]:
        """Counts by year, language, speaker and source over ``docnums`` (default: every document)."""
        unknown = set(fields) - set(FACET_FIELDS)
        if unknown:
            raise ParameterError("fields", f"{{name}} are {', '.join(FACET_FIELDS)}, not {', '.join(sorted(unknown))}")
        return self._facets.counts(docnums, fields)

    def get(self, doc_id: str, highlight: str | None = None, translate: bool = True) -> dict | None:
        """The whole document with its metadata, or ``None`` for an unknown id.

        ``doc_id`` is kgsearch's id, the record's own id in its archive, or the url.
        With ``highlight`` (a query), ``highlights`` holds the (start, end) character
        spans of the text where its words stand, as a search's snippets mark them.
        """
        for field_name in ("id", "key", "url"):
            docnum = self.searcher.document_number(**{field_name: doc_id}) if doc_id else None
            if docnum is not None:
                break
        else:
            return None
        stored = self.searcher.stored_fields(docnum)
        doc = from_fields(stored)
        found = {}
        if highlight is not None:
            plan = self._understand(highlight, translate, Budget())
            terms = self._highlight_terms(plan.query, plan.held)["body"]
            spans = _page_spans(self.searcher, [docnum], terms, Postings(self._columns))[docnum]
            found["highlights"] = [list(span) for span in join_phrases(doc.body, spans)]
        return {
            "id": stored["id"], "record_id": _record_id(doc), "title": doc.title,
            "date": doc.date.iso if doc.date else None,
            "date_source": doc.date_source or None,
            "lang": doc.lang or NO_LANGUAGE, "source": doc.source or None, "speakers": doc.speakers,
            "people": doc.people,
            "tags": doc.tags, "url": doc.url or None, "path": doc.location, "summary": doc.summary or None,
            "extras": doc.extras, "text": doc.body,
        } | found

    def versions(self, doc_id: str) -> dict | None:
        """The other versions of document ``doc_id``, as a hit folds them: ``copies`` (the same
        text under other urls or files) and ``similar`` (the story lightly edited); ``None`` for
        an unknown id. A document page lists them, where a search folded them into one hit."""
        docnum = self.searcher.document_number(id=doc_id) if doc_id else None
        if docnum is None:
            return None
        same_text = set(self._copy_groups().get(docnum, ())) - {docnum}
        story = set(self._story_groups().get(docnum, ())) - same_text - {docnum}
        return {"copies": [self._copy(d) for d in sorted(same_text)],
                "similar": [self._similar(d) for d in sorted(story)]}

    def suggest(self, query: str) -> str | None:
        """The query with its unknown words replaced by the closest words the index has."""
        return did_you_mean(query, parse(query), self.searcher, self._lookup)

    def status(self) -> dict:
        from kgsearch.index import status

        return status(self.root)


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


def _one_per_group(ranked: list[tuple[int, float]], groups: dict) -> list[tuple[int, float]]:
    """``ranked`` with each group of versions once, at its best-ranked member."""
    kept, seen = [], set()
    for docnum, score in ranked:
        group = groups.get(docnum)
        if group is not None:
            if group in seen:
                continue
            seen.add(group)
        kept.append((docnum, score))
    return kept


def _page_spans(searcher, docnums: list[int], terms, postings: Postings, field: str = "body"):
    """Character spans of ``terms`` in each of ``docnums``, from the search's decoded postings
    (the query's terms are decoded already; one look-up per term and document made a page of a
    prefix query's hundreds of terms cost seconds)."""
    spans: dict[int, set] = {docnum: set() for docnum in docnums}
    to_bytes = searcher.schema[field].to_bytes
    decode = searcher.schema[field].format.decoder("characters")
    leaves = searcher.reader().leaf_readers()
    wanted = [to_bytes(term) for term in terms]
    for docnum in docnums:
        leaf, offset = next((leaf, offset) for leaf, offset in reversed(leaves) if offset <= docnum)
        for btext in wanted:
            value = postings.value(leaf, field, btext, docnum - offset)
            if value is not None:
                spans[docnum].update((start, end) for _, start, end in decode(value))
    return {docnum: sorted(found) for docnum, found in spans.items()}


def _record_id(doc) -> str | None:
    """The id a record has in its archive (None for a whole file, or when its url or its place in
    the file, shown in its path, is its key)."""
    return doc.key if doc.key and doc.key not in (doc.url, doc.member) else None



def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
