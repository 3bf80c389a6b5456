"""The search API: open an index, ask it questions, get hits with snippets and facets.

Everything the ``kgsearch`` command shows comes from here, so a user can do
from Python whatever the command does. ``Index`` is a façade: a query visits
the stages in the order they are called below, each a module that takes
and returns values, and never comes back to one it left: ``plan``
(understood), ``match`` (every document it matches), ``fold`` (each story
once), ``rank`` (the page), ``present`` (hits, snippets, notes); then
``suggest`` (did you mean) and ``facets``. A search, an export of every
hit, a trend and a watch's id listing share the first three (``_run``).
"""

import os
import time
from functools import partial
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kgsearch import options
from kgsearch.budget import Budget
from kgsearch.choices import FACET_FIELDS
from kgsearch.compiler import Compiler
from kgsearch.enginepage import engine_order, engine_page
from kgsearch.errors import ParameterError, QueryError
from kgsearch.facets import FacetCounter
from kgsearch.fold import Counted, Folded, Folder
from kgsearch.glossary import Glossary
from kgsearch.index import PeopleRegistry, demo_corpus
from kgsearch.index import engines, store, wordtable
from kgsearch.index.schema import MISSING_DATE
from kgsearch.match import Matcher, Matches
from kgsearch.options import Filters, Page
from kgsearch.plan import SUGGESTION_SECONDS, Plan, Planner
from kgsearch.postings import Postings
from kgsearch.present import Hit, Presenter, Results, results
from kgsearch.query import parse
from kgsearch.rank import Ranker
from kgsearch.semantic import NO_VECTORS, Semantic
from kgsearch.suggest import did_you_mean

if TYPE_CHECKING:  # loaded by the trend and names commands alone
    from kgsearch import names as batch
    from kgsearch import trend as trends

__all__ = ["Hit", "Index", "Results", "open_index"]


@dataclass
class _Run:
    """A query planned, matched and folded: what every later stage reads."""

    plan: Plan | None  # None: a query with no words, which lists what the filters select
    matches: Matches
    folded: Folded | Counted  # an engine's page counts the stories without the sets (``enginepage``)
    filtered: bool  # fewer matches than the query's own (filters, or documents skipped)
    notes: list[str]  # what the filters made of names
    postings: Postings  # each term's blocks decoded once, for all the stages
    fusion: object = None  # the documents close in meaning that a search fuses (``kgsearch.semantic``)
    added: set = field(default_factory=set)  # of them, those without the words: hits that say why
    paged: bool = False  # the page found by the engine (``enginepage``): ``matches`` holds only its documents
    where: object = None  # the filters, as one compiled query (``None``: none)

    @classmethod
    def of_engine_page(cls, found, plan: Plan, where, notes: list[str], postings: Postings) -> "_Run":
        return cls(plan, found.matches, found.counted, found.matches.filtered, notes, postings, paged=True,
                   where=where)

    @property
    def matched(self) -> bool:
        """Whether the query matched anything (an engine finds a page only for a query that does)."""
        return self.paged or bool(self.matches.ids)


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
        # For look-ups outside a search (keys, field values); a search compiles with its own.
        self._lookup = Compiler(self.searcher, self.registry)
        self._columns: dict = {}  # the columns searches read, by segment (Postings.column)
        # The stages, in the order a query visits them; each keeps what it reads once.
        self._planner = Planner(self.searcher, self.registry, glossary, self._lookup,
                                wordtable.sounds(self.generation))
        self._matcher = Matcher(self.searcher, engines.open_engine(self.generation, self.meta, self.searcher))
        self._folder = Folder(self.searcher.reader(), self._ix.storage.folder)
        self._ranker = Ranker(self.searcher)
        self._presenter = Presenter(self.searcher)
        self._facets = FacetCounter(self.searcher.reader(), self.registry)
        self._semantic = Semantic(self.searcher, self._ix.storage.folder)

    def close(self):
        if not self.searcher.is_closed:  # closing twice is harmless, as for a file
            self.searcher.close()
            engines.close(self._matcher.engine)  # its shards' connections (none for Whoosh)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def has_vectors(self) -> bool:
        """Whether ``like`` answers and plain words are fused with meaning (kgsearch[semantic]): the web
        page offers "More like this" only then, not a link that answers with an error."""
        return self._semantic.ready()

    @property
    def glossary(self) -> Glossary:
        """The bundled glossary with the user's files, loaded on first use."""
        return self._planner.glossary()

    # -- the journey of a query ----------------------------------------------

    def search(self, query: str, filters: Filters | None = None, page: "Page | int | None" = None, *,
               translate: bool = True, correct: bool = True, skip_ids=None, _budget=None, **keywords) -> Results:
        """Documents matching ``query`` (the kgsearch query language), a page at a time.

        ``filters`` (a ``kgsearch.options.Filters``) choose the documents, ``page`` (a ``Page``)
        which of the hits are shown and how; keyword arguments set their fields one by one
        (``years=[2024], speakers=["Wang Yi"], limit=5, page=2``).
        With ``translate`` (the default) the query also runs in the other language, through the
        glossary, the people registry and transliteration; ``Results.expansions`` says what was added.
        ``Results.suggestion`` is the query with its misspelt words corrected; with ``correct`` (the
        default), when the query finds nothing (no document has all its words) and the suggestion
        finds something, the hits are the suggestion's and ``Results.corrected`` says so.
        Versions of one story (copies, reprints lightly edited: ``index.similar``) are one hit, the
        others in its ``copies`` and ``similar``; ``total``, pages and facets count each story once;
        ``Page.all_versions`` shows every document as a hit of its own.
        Bad option values raise ``ParameterError``, bad queries ``QueryError``, and a query that
        needs more time or memory than ``kgsearch.budget`` allows ``QueryBudgetError`` (a ``QueryError``).
        A ``query`` with no words lists what the filters select (the newest first when sorted by
        relevance; a ``QueryError`` without filters); its hits have no score and open with the
        text's beginning. ``skip_ids``, a set of kgsearch ids, leaves those documents out (a
        watch's, already reported).
        """
        started = time.perf_counter()
        filters, page = options.split(filters, page, keywords)
        # Every argument, as objects, before anything else is named here: a search rerun for its
        # correction takes them all (a hand-written list once left out skip_ids).
        asked = dict(locals())
        del asked["self"], asked["query"], asked["_budget"], asked["started"], asked["keywords"]
        budget = _budget or Budget()
        result, run = self._answer(query, asked, budget)
        if page.facets:
            if run.plan is not None:
                budget.check()
            if run.paged:  # the page from the engine; the facets count each story once from the sets
                run = self._run(query, (run.where, []), translate, None, False, budget, planned=run.plan)
            result.facets = self.facet_counts(run.folded.articles, query=query)  # each story once, as the total
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _answer(self, query: str, asked: dict, budget: Budget, every: bool = False) -> tuple[Results, _Run]:
        """A page of ``query``'s hits (``asked``: ``search``'s arguments) and its run; when nothing has
        all its words and the suggestion finds something, the suggestion's (the journey made again).
        ``every``: a run that holds every match (an export pages through them all)."""
        filters, page = asked["filters"], asked["page"]
        where = self._where(filters)
        plan = self._planner.understand(query, asked["translate"], budget) if query.strip() else None
        needs_every = every or bool(asked["skip_ids"]) or self._semantic.may_fuse(query, page, asked["translate"])
        found = engine_page(self._matcher.engine, self._folder, plan, where[0], page, budget, needs_every)
        if found is not None:
            run = _Run.of_engine_page(found, plan, *where, Postings(self._columns))
            shown, versions = found.shown, found.versions
        else:
            run = self._run(query, where, asked["translate"], asked["skip_ids"], page.all_versions, budget,
                            explain=True, planned=plan)
            run.fusion, run.added = self._semantic.for_search(
                query, run.plan, page, asked["translate"], run.folded.ids, where[0],
                partial(self._matcher.without, skip_ids=asked["skip_ids"]))
            if run.added:  # close in meaning, without the words: hits, counted
                run.folded = self._folder.fold(run.folded.ids | run.added, page.all_versions)
            shown, versions = self._ranker.page(run.matches.query, run.folded, run.filtered, page.sort, page.number,
                                                page.limit, budget, run.postings, run.fusion)
        hits = self._presenter.hits(shown, run.matches.query, page.snippets, versions, run.folded.same_text,
                                    run.postings, run.plan.held if run.plan else (), run.added)
        result = results(query, run.plan, run.matches, run.folded, hits, page.number, page.limit, run.notes,
                         filters)
        if run.plan is None:
            return result, run
        # A suggestion is a courtesy: it gets a little time and stops quietly.
        result.suggestion = did_you_mean(query, run.plan.typed, self.searcher, run.plan.compiler,
                                         budget.part(SUGGESTION_SECONDS))
        if asked["correct"] and result.suggestion and (not run.matched or run.matches.relaxed):
            try:  # a correction to stop words only (untill: until) is no query
                fixed, fixed_run = self._answer(result.suggestion, asked | {"correct": False}, budget, every)
            except QueryError:
                fixed = None
            if fixed and fixed.total and _takes_correction(run, fixed):
                fixed.query, fixed.suggestion, fixed.corrected = query, result.suggestion, result.suggestion
                return fixed, fixed_run
        return result, run

    def _where(self, filters: Filters) -> tuple[object, list[str]]:
        """The filters as one Whoosh query (``None``: none), and the notes on the names they resolved."""
        notes: list[str] = []
        return self._planner.filters(filters, notes), notes

    def _run(self, query: str, where: tuple, translate: bool, skip_ids, all_versions: bool, budget: Budget,
             explain: bool = False, planned: Plan | None = None) -> _Run:
        """The stages every use of a query shares: planned (unless ``planned``), matched (less
        ``skip_ids``) and folded. With ``explain``, a result the filters emptied counts what the
        words alone match."""
        filter_query, notes = where
        plan = planned or (self._planner.understand(query, translate, budget) if query.strip() else None)
        postings = Postings(self._columns)
        matches = self._matcher.matches((query, translate), plan, filter_query, budget, postings)
        budget.check()
        ids = self._matcher.without(matches.ids, skip_ids)
        emptied = explain and not matches.ids and matches.filtered
        folded = self._folder.fold(ids, all_versions, self._matcher.unfiltered(plan, budget) if emptied else None)
        filtered = matches.filtered or ids is not matches.ids
        return _Run(plan, matches, folded, filtered, notes, postings, where=filter_query)

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
        asked = dict(filters=filters, page=page, translate=translate, correct=correct, skip_ids=skip_ids)
        first, run = self._answer(query, asked, Budget(), every=True)  # the query as corrected, if it is
        if not first.total:
            return
        shown, versions = (engine_order(self._matcher.engine, self._folder, run, page, bool(skip_ids or run.fusion),
                                        Budget()) or self._ranker.page(run.matches.query, run.folded, run.filtered,
                                        page.sort, 1, run.folded.total, Budget(), run.postings, run.fusion))
        for start in range(0, len(shown), chunk):
            yield from self._presenter.hits(shown[start : start + chunk], run.matches.query, True, versions,
                                            run.folded.same_text, run.postings, run.plan.held if run.plan else (),
                                            run.added)

    def matching_ids(self, query: str, filters: Filters | None = None, *, translate: bool = True,
                     **keywords) -> set[str]:
        """The ids of every document that ``search`` with these arguments matches, each copy of a
        text too (what a watch remembers as reported). A query with no words: what the filters select."""
        where = self._where(options.split(filters, None, keywords)[0])
        run = self._run(query, where, translate, None, False, Budget())
        return set(self._matcher.ids(run.matches.ids).values())

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

        return trends.count_queries(self, queries, options.split(filters, None, keywords)[0], by, translate)

    def names(self, names, filters=None, *, top=3, by_year=False, **keywords) -> "list[batch.NameCount]":
        """For each of ``names``: its entity, how many documents name it, the ``top`` newest (``kgsearch.names``)."""
        from kgsearch import names as batch  # the names command's, not a query's
        return batch.count_names(self, names, options.split(filters, None, keywords)[0], top, by_year)

    # -- facets, documents, suggestions ------------------------------------

    def facet_counts(self, docnums=None, fields=FACET_FIELDS, query: str = "") -> dict[str, dict[str, int]]:
        """Counts by year, language, entity, source and tag over ``docnums`` (default: every
        document); entities written in the script of ``query`` first (``FacetCounter.counts``)."""
        return self._facets.counts(docnums, fields, query)

    def get(self, doc_id: str, highlight: str | None = None, translate: bool = True) -> dict | None:
        """The whole document with its metadata, or ``None`` for an unknown id.

        ``doc_id`` is kgsearch's id, the record's own id in its archive, or the url.
        With ``highlight`` (a query), ``highlights`` holds the (start, end) character
        spans of the text where its words stand, as a search's snippets mark them.
        """
        docnum = self._presenter.document_number(doc_id)
        if docnum is None:
            return None
        plan = self._planner.understand(highlight, translate, Budget()) if highlight is not None else None
        return self._presenter.document(docnum, plan, Postings(self._columns))

    def versions(self, doc_id: str) -> dict | None:
        """The other versions of document ``doc_id``, as a hit folds them: ``copies`` (the same text
        under other urls or files), ``similar`` (lightly edited) and ``translations`` (other languages);
        ``None`` for an unknown id. A document page lists them, where a search folded them into one hit."""
        docnum = self.searcher.document_number(id=doc_id) if doc_id else None
        if docnum is None:
            return None
        return self._presenter.versions(docnum, *self._folder.versions_of(docnum))

    def like(self, doc_id: str, filters: Filters | None = None, *, limit: int = 10, **keywords) -> list[Hit] | None:
        """The ``limit`` documents closest in meaning to ``doc_id`` (as ``get`` takes it), in every language,
        each story once, its own left out, scored by cosine (``Semantic.closest``); ``None`` for an
        unknown id, a ``ParameterError`` without vectors. ``filters`` as ``search`` takes them."""
        if not self._semantic.ready():
            raise ParameterError("similar", NO_VECTORS)
        docnum = self._presenter.document_number(doc_id)
        if docnum is None:
            return None
        groups, where = self._folder.story_groups(), self._where(options.split(filters, None, keywords)[0])
        found, versions = self._semantic.closest(docnum, limit, where[0], groups)
        return self._presenter.hits(found, None, True, versions, self._folder.copy_groups(), Postings(self._columns))

    def suggest(self, query: str) -> str | None:
        """The query with its unknown words replaced by the closest words the index has."""
        return did_you_mean(query, parse(query), self.searcher, self._planner.reader(query))

    def status(self) -> dict:
        from kgsearch.index import status

        return status(self.root)


def _takes_correction(run: _Run, fixed: Results) -> bool:
    """Whether a corrected query's results replace the query's: when the query found nothing, or only
    documents with some of its words and the correction finds all; never for a name no document
    writes answered by documents with any of its corrected words ("New Caledonia" is not every
    document with "new")."""
    if fixed.relaxed:
        return not run.matched and not run.plan.names
    return True
