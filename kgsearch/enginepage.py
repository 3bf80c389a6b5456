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


@dataclass
class EnginePage:
    matches: Matches  # ``ids``: only the page's documents and their versions
    counted: Counted
    shown: list[tuple[int, float]]  # (docnum, score), best first
    versions: dict[int, list[int]]  # the other versions folded into each hit, among the matches


class _Unanswered(Exception):
    """The engine cannot answer this search (``None`` from it)."""


def engine_page(engine, folder: Folder, plan, where, page: Page, budget, needs_every: bool) -> EnginePage | None:
    """The ``page`` (``options.Page``) of ``plan``'s stories that ``where`` (a compiled filter, or
    ``None``) selects, from ``engine`` alone; ``None`` for a search that needs every match (as above;
    ``needs_every`` says so of an export, a watch's skipped ids and meaning fused in), one the
    engine cannot answer, and one that finds nothing."""
    if (needs_every or engine is None or not hasattr(engine, "folded_page") or plan is None
            or page.sort != "relevance" or page.all_versions or page.facets):
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
