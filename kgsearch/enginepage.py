"""A page the index's engine finds, folds and counts itself: the matches never come to Python.

Matching, folding and ranking (``match``, ``fold``, ``rank``) take every
match into Python as a set. At 100,000 documents a common phrase's 51,714
matches cost more than its page (two thirds of the query went on ranking
them), and at a million ten times as many would. An engine whose documents
carry their story (the Xapian copy's stamps, ``index.engine.xapian.stamps``)
folds the matches as ``fold`` does, ranks them by its own BM25 and counts
what ``fold`` counts, exactly, in C++; only the page's documents come back
to be presented.

What needs every match stays with the stages: facets, an export, a date
order, every version shown, a watch's skipped ids, meaning fused in. So does
a search that finds nothing (its notes say why), a query the engine cannot
translate, and a copy stamped with other groups than the reader folds by.
"""

from dataclasses import dataclass

from kgsearch.fold import Counted, Folder
from kgsearch.match import Matches, chosen
from kgsearch.options import Page
from kgsearch.rank import versions_among


@dataclass
class EnginePage:
    matches: Matches  # ``ids``: only the page's documents and their versions
    counted: Counted
    shown: list[tuple[int, float]]  # (docnum, score), best first
    versions: dict[int, list[int]]  # the other versions folded into each hit, among the matches


class _Unanswered(Exception):
    """The engine cannot answer this search (``None`` from it)."""


def ranks(engine, plan, page: Page, needs_every: bool) -> bool:
    """Whether ``engine`` orders a search's stories itself: by relevance, each story once, where the
    search needs no set of its matches to rank (``needs_every`` says it does: a watch's skipped
    ids, meaning fused in, an export)."""
    return (not needs_every and engine is not None and hasattr(engine, "folded_page") and plan is not None
            and page.sort == "relevance" and not page.all_versions)


def engine_page(engine, folder: Folder, plan, where, page: Page, budget, needs_every: bool) -> EnginePage | None:
    """The ``page`` (``options.Page``) of ``plan``'s stories that ``where`` (a compiled filter, or
    ``None``) selects, from ``engine`` alone; ``None`` where it does not rank them (``ranks``), where
    it cannot answer, and for a search that finds nothing."""
    if not ranks(engine, plan, page, needs_every):
        return None

    def matches_any(q) -> bool:
        answer = engine.exists(q, where, budget)
        if answer is None:
            raise _Unanswered
        return answer

    try:
        q, _, relaxed = chosen(plan, matches_any)
    except _Unanswered:
        return None
    answer = engine.folded_page(q, where, (page.number - 1) * page.limit, page.limit, folder.fingerprints(), budget)
    if answer is None or not answer[0].stories:
        return None
    found, versions = answer
    shown = [(docnum, weight) for docnum, _, weight in found.hits]
    ids = {docnum for docnum, _ in shown}.union(*versions.values())
    counted = Counted(found.stories, folder.copy_groups(), copies=found.documents - found.texts,
                      similar=found.texts - found.stories)
    return EnginePage(Matches(ids, q, relaxed=relaxed, filtered=where is not None), counted, shown, versions)


def engine_order(engine, folder: Folder, run, page: Page, needs_every: bool, budget):
    """Every story of ``run`` (a search's, its matches found and folded: ``Index.all_hits``) in the
    order ``engine_page`` pages them, and each one's versions among the matches; ``None`` where the
    engine does not rank them (``ranks``) or cannot answer."""
    if not ranks(engine, run.plan, page, needs_every):
        return None
    shown = engine.story_order(run.matches.query, run.where, run.folded.total, folder.fingerprints(), budget)
    return None if shown is None else (shown, versions_among(run.folded, shown))
