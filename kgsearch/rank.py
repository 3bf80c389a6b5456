"""The fourth stage of a query: the page asked for, in order, each story once.

By relevance, ``ranking`` scores only what could reach the page; a query it
cannot score is ranked by Whoosh's collectors. By date, the dates column
orders the stories and only the page's are scored. The versions folded
into each hit of the page come with it.
"""

import heapq

from whoosh.collectors import FilterCollector, TopCollector, WrappingCollector

from kgsearch import ranking
from kgsearch.budget import Budget
from kgsearch.fold import Folded
from kgsearch.index import columns
from kgsearch.index.schema import MISSING_DATE
from kgsearch.postings import Postings


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


class Ranker:
    """Orders one open index's matches a page at a time."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._dates = None

    def page(self, q, folded: Folded, filtered: bool, sort: str, page: int, limit: int, budget: Budget,
             postings: Postings, fusion=None):
        """The page's (docnum, score) and, for each, the other versions of it among the matches
        (``folded.ids``, which ``q`` matches, ``filtered`` when they are fewer than it does).

        By relevance, only as many documents are ranked as the page needs: first the
        page and as many again, for versions folded into a better one; more, doubling,
        only while folding leaves the page short (the best k extend the best fewer, so
        the page is the same as from ranking every match). Asking at once for every
        version that might fold (1,903 of a common word's 30,797 matches at 100,000
        documents) ranked them all, a quarter of the query. By date, the page's own are scored.
        A query with no words (``q`` is ``None``) lists what the filters select: the newest first
        when asked by relevance. ``fusion``: documents close in meaning, to fuse in (``fused_page``).
        """
        if fusion is not None:
            return self.fused_page(q, folded, fusion, filtered, page, limit, budget, postings)
        ids, groups = folded.ids, folded.groups
        if q is None and sort == "relevance":
            sort = "newest"  # no words, no relevance
        wanted = page * limit
        if sort == "relevance":
            most = min(wanted + len(ids) - len(folded.articles), len(ids))  # enough even if every version folds
            k = min(2 * wanted, most)
            while True:
                kept = one_per_group(self._top(q, k, ids, ids if filtered else None, budget, postings), groups)
                if len(kept) >= wanted or k >= most:
                    break
                k = min(2 * k, most)
            shown = kept[wanted - limit : wanted]
        else:
            docnums = self._by_date(folded.articles, sort == "newest", wanted)[wanted - limit :]
            scores = self._scores(q, docnums) if q is not None else {}
            shown = [(d, scores.get(d, 0.0)) for d in docnums]
        return shown, versions_among(folded, shown)

    def fused_page(self, q, folded: Folded, fusion, filtered: bool, page: int, limit: int, budget: Budget,
                   postings: Postings):
        """As ``page`` by relevance, with the documents close in meaning fused into the words' best
        ``fusion.depth`` (``kgsearch.semantic.Fusion``); below those, the words' order goes on.
        ``fusion.matched``: the documents ``q`` matches (``folded.ids`` may hold the near others, which
        score 0)."""
        ids, groups, matched = folded.ids, folded.groups, fusion.matched
        wanted = page * limit
        most = len(matched)
        k = min(max(fusion.depth, 2 * wanted), most)
        while True:
            words = self._top(q, k, matched, matched if filtered else None, budget, postings)
            scores = dict(words)
            kept = one_per_group([(d, scores.get(d, 0.0)) for d in fusion.order([d for d, _ in words])], groups)
            if len(kept) >= wanted or k >= most:
                break
            k = min(2 * k, most)
        shown = kept[wanted - limit : wanted]
        return shown, versions_among(folded, shown)

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
        dates = self.dates()
        dated = [(dates[d], d) for d in docnums]
        undated = sorted(d for value, d in dated if value == MISSING_DATE)
        dated = [(value, d) for value, d in dated if value != MISSING_DATE]
        pick = heapq.nsmallest(count, dated, key=lambda item: (-item[0], item[1]) if newest else item)
        return [d for _, d in pick] + undated[: max(0, count - len(pick))]

    def dates(self) -> list[int]:
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


def versions_among(folded: Folded, shown) -> dict[int, list[int]]:
    """For each of ``shown`` ((docnum, score), a page) with versions, those among the matches."""
    return {d: [m for m in folded.groups[d] if m != d and m in folded.ids] for d, _ in shown if d in folded.groups}


def one_per_group(ranked: list[tuple[int, float]], groups: dict) -> list[tuple[int, float]]:
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
