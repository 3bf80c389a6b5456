"""The second stage of a query: every document its plan and the filters match.

Matching needs no score (``matchset`` reads postings blocks as sets). When no
document has all of a query's words, in either language, the query is
relaxed to any of them, and the matches say so. An open index keeps the
matches of its last few queries: paging through one query, or asking for
its facets, matches the same again.
"""

from dataclasses import dataclass

from kgsearch.budget import Budget
from kgsearch.crosslingual import Either
from kgsearch.errors import QueryError
from kgsearch.matchset import matching
from kgsearch.postings import Postings
from kgsearch.query import Group, words_of
from kgsearch.recent import Recent

RECENT_MATCHES = 8  # queries whose matches an open index keeps (a match set is up to a few MB)


@dataclass
class Matches:
    """Every matching document (filters applied), and the query that matched them."""

    ids: set[int]
    query: object
    relaxed: bool = False
    filtered: bool = False


class Matcher:
    """Finds the documents a plan matches in one open index."""

    def __init__(self, searcher, engine=None):
        self.searcher = searcher
        # Another engine's match sets (``index.engines.open_engine``: an index's Xapian copy), else matchset's.
        self.engine = engine
        self.recent = Recent(RECENT_MATCHES)
        self._doc_ids: dict[int, str] = {}  # documents' ids, by number, as they are read (``ids``)

    def matches(self, asked: tuple, plan, filters, budget: Budget, postings: Postings) -> Matches:
        """Every document ``plan`` (``None``: a query with no words) and ``filters`` match; a
        query with no words matches what the filters select. ``asked`` names the query for the
        matches kept."""
        if plan is None and filters is None:
            raise QueryError("a query with no words lists what its filters select, and there are none; "
                             "give words, or a filter (a source, years, a speaker…) to list what it selects")
        key = (*asked, repr(filters))
        if (found := self.recent.get(key)) is None:
            allowed = self._set(filters, budget, postings) if filters is not None else None
            found = Matches(allowed, None) if plan is None else self._match(plan, allowed, budget, postings)
            self.recent.put(key, found)
        return found

    def _match(self, plan, allowed: set[int] | None, budget: Budget, postings: Postings) -> Matches:
        """Every match; when no document has all the words (in either language), those with any
        of them (``relaxed``)."""
        q, ids, relaxed = chosen(plan, lambda q: self._matching(q, allowed, budget, postings))
        return Matches(ids, q, relaxed=relaxed, filtered=allowed is not None)

    def _matching(self, q, allowed: set[int] | None, budget: Budget, postings: Postings) -> set[int]:
        found = self._set(q, budget, postings)
        return found & allowed if allowed is not None else found

    def _set(self, q, budget: Budget, postings: Postings | None = None) -> set[int]:
        """The documents ``q`` matches: from the engine, where it answers, else from the postings."""
        found = self.engine.matching(q, budget) if self.engine is not None else None
        return matching(self.searcher, q, budget, postings) if found is None else found

    def unfiltered(self, plan, budget: Budget) -> set[int]:
        """What the words alone match: to say which filters emptied a result."""
        return self._set(plan.query, budget)

    def ids(self, docnums, among=None) -> dict[int, str]:
        """The kgsearch id of each of ``docnums`` (with ``among``, only those whose id is in it);
        kept once read, since reading a document's stored fields costs about 60 us (its text is
        among them) and a watch's run asks for the same documents' ids three times."""
        known, stored = self._doc_ids, self.searcher.reader().stored_fields
        for docnum in docnums:
            if docnum not in known:
                known[docnum] = stored(docnum)["id"]
        found = {docnum: known[docnum] for docnum in docnums}
        return found if among is None else {d: i for d, i in found.items() if i in among}

    def without(self, ids: set[int], skip_ids) -> set[int]:
        """``ids`` less the documents whose kgsearch ids are in ``skip_ids`` (a watch's, reported)."""
        return ids - set(self.ids(ids, skip_ids)) if skip_ids else ids


def chosen(plan, found):
    """The query a search answers for ``plan``, what ``found`` (``found(q)``: what a query matches,
    true when anything) gives for it, and whether it is relaxed: ``plan.query``; but when no document
    has all the words, in either language, any of them, which includes what the other language's
    looser form of the query finds."""
    matches = found(plan.query)
    node = plan.node.nodes[0] if isinstance(plan.node, Either) else plan.node  # all the parts
    if not (isinstance(node, Group) and node.op == "AND" and len(words_of(plan.typed)) >= 2):
        return plan.query, matches, False  # one word, or an OR: nothing to relax
    with_all = matches
    if with_all and node is not plan.node and (whole := plan.compiler.compile(node)) is not None:
        with_all = found(whole)  # the looser form's aside
    if not with_all and (alternative := plan.compiler.compile(Group("OR", node.nodes))) is not None:
        if any_word := found(alternative):
            return alternative, any_word, True
    return plan.query, matches, False
