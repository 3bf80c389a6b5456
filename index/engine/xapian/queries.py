"""A query kgsearch compiled for Whoosh, as a ``xapian.Query`` that matches the same documents.

Each node type ``kgsearch.compiler`` (and a search's filters) produce has
one translation; any other raises ``Untranslatable`` naming it, never a
query that would quietly match something else.

- ``Term``: the prefixed term (``terms.term``), its boost as a scaled weight.
- ``And``/``Or``/``DisjunctionMax``: ``OP_AND``/``OP_OR``/``OP_MAX``; the
  ``Not`` parts of an ``And`` taken away with ``OP_AND_NOT``, a ``Not`` alone
  from every document; ``AndNot`` and ``AndMaybe`` as Xapian's own.
- ``Every``/``NullQuery``: every document/none.
- ``NumericRange``/``DateRange``: a value range over the field's slot.
- A phrase (``SpanNear`` chain of terms, ``SpanNear2`` of terms): Whoosh's
  rule asks for each word at an exact distance (stop words leave gaps,
  ``Belt and Road``) or within one of the span before it. Xapian's
  ``OP_PHRASE`` with a window says exactly "in order, within the window";
  that is the rule itself for words one apart with no slop, and for two
  words with slop; any other phrase is narrowed: Xapian's window gives its
  candidates (every document the rule can hold in), kgsearch's own
  positions rule (``engine.spans``, the one Whoosh's matching follows)
  checks each candidate's positions, and the phrase becomes its window
  filtered to the documents that hold, by their kgsearch ids.
- A phrase as a bonus (``AndMaybe``'s second part) changes scores only, and
  is given as ``OP_NEAR``/``OP_PHRASE`` on its window, unchecked; left out of
  a query only counted (``scored=False``), where reading its positions for
  every match would change nothing.
- A query's bound (``bound=True``): what every match of the query matches,
  at least as heavy, without reading a position: a phrase as its words
  (Xapian weighs a phrase as the sum of its words), what is taken away
  (NOT) left out. Ranking by it first, then the query itself over the
  best of it, finds the query's page (``XapianSearcher.folded_page``).
"""

import xapian
from whoosh import query as wq

from kgsearch.index.engine import spans
from kgsearch.index.engine.xapian import terms


class Untranslatable(ValueError):
    """A Whoosh query node the Xapian engine has no exact translation for."""


# What a word found in a field weighs beyond the query's own boosts. Whoosh multiplies a title's
# term frequencies by the schema's field boost as it indexes them (BM25F); Xapian's term frequency is
# its positions, so the title's weight is given here (chosen on the relevance benchmarks: docs/design.md).
FIELD_WEIGHTS = {"title": 2.0}
CHECK_EVERY = 256  # a phrase's candidates checked between looks at the query's budget


class Translator:
    """Translates compiled queries for one database (or shards opened as one)."""

    def __init__(self, database, budget=None, scored: bool = True, bound: bool = False):
        self.database = database
        self.scored = scored
        self.bound = bound
        self.budget = budget  # checked as the phrases' candidates are (``XapianSearcher.matching``)
        self.checked_phrases = 0  # phrases narrowed by their positions (what the tests and benchmark say)

    def translate(self, q) -> "xapian.Query":
        return self._node(q, exact=True)

    def _node(self, q, exact: bool):
        if q is None or q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return xapian.Query.MatchNothing
        if isinstance(q, wq.Term):
            if not isinstance(q.text, (str, bytes)):
                raise Untranslatable(f"no Xapian translation for a Term of a {type(q.text).__name__}: {q!r}")
            return _scaled(xapian.Query(terms.term(q.fieldname, q.text)), q.boost * FIELD_WEIGHTS.get(q.fieldname, 1.0))
        if isinstance(q, (wq.SpanNear, wq.SpanNear2)):
            return _scaled(self._phrase(q, exact), spans.applied_boost(q))
        if isinstance(q, wq.DisjunctionMax):
            return _scaled(self._combined(xapian.Query.OP_MAX, q.subqueries, exact), q.boost)
        if isinstance(q, wq.Or) and not q.minmatch:
            return _scaled(self._combined(xapian.Query.OP_OR, q.subqueries, exact), q.boost)
        if isinstance(q, wq.And):
            return _scaled(self._and(q.subqueries, exact), q.boost)
        if isinstance(q, wq.Not):
            if self.bound:
                return xapian.Query.MatchAll
            return xapian.Query(xapian.Query.OP_AND_NOT, xapian.Query.MatchAll, self._node(q.query, exact))
        if isinstance(q, wq.AndNot):
            if self.bound:
                return self._node(q.a, exact)
            return xapian.Query(xapian.Query.OP_AND_NOT, self._node(q.a, exact), self._node(q.b, exact))
        if isinstance(q, wq.AndMaybe) and not self.scored:
            return self._node(q.a, exact)
        if isinstance(q, wq.AndMaybe):
            return xapian.Query(xapian.Query.OP_AND_MAYBE, self._node(q.a, exact), self._node(q.b, exact=False))
        if isinstance(q, wq.Every) and not q.fieldname:
            return xapian.Query.MatchAll
        if isinstance(q, wq.NumericRange) and q.fieldname in terms.NUMBER_SLOTS:
            return self._range(q)
        raise Untranslatable(f"no Xapian translation for the Whoosh query node {type(q).__name__}: {q!r}")

    def _combined(self, op, parts, exact: bool):
        return xapian.Query(op, [self._node(p, exact) for p in parts]) if parts else xapian.Query.MatchNothing

    def _and(self, parts, exact: bool):
        positive = [self._node(p, exact) for p in parts if not isinstance(p, wq.Not)]
        negative = [] if self.bound else [self._node(p.query, exact) for p in parts if isinstance(p, wq.Not)]
        found = xapian.Query(xapian.Query.OP_AND, positive) if positive else xapian.Query.MatchAll
        if negative:
            found = xapian.Query(xapian.Query.OP_AND_NOT, found, xapian.Query(xapian.Query.OP_OR, negative))
        return found

    def _range(self, q):
        slot = terms.NUMBER_SLOTS[q.fieldname]
        start = None if q.start is None else int(q.start) + (1 if q.startexcl else 0)
        end = None if q.end is None else int(q.end) - (1 if q.endexcl else 0)
        if start is None and end is None:
            return xapian.Query(xapian.Query.OP_VALUE_GE, slot, terms.sortable(-(1 << 63)))
        if start is None:
            return xapian.Query(xapian.Query.OP_VALUE_LE, slot, terms.sortable(end))
        if end is None:
            return xapian.Query(xapian.Query.OP_VALUE_GE, slot, terms.sortable(start))
        return xapian.Query(xapian.Query.OP_VALUE_RANGE, slot, terms.sortable(start), terms.sortable(end))

    # -- phrases ----------------------------------------------------------------

    def _phrase(self, q, exact: bool):
        steps = spans.shape(q)
        if steps is None:
            raise Untranslatable(f"no Xapian translation for the span query {type(q).__name__} "
                                 f"of other than terms: {q!r}")
        words = [xapian.Query(terms.term(*term)) for term, _, _, _ in steps]
        if self.bound:
            return xapian.Query(xapian.Query.OP_AND, words)
        ordered = all(step[3] for step in steps[1:])
        window = 1 + sum(slop for _, slop, _, _ in steps[1:])  # the farthest the last word can stand
        candidates = xapian.Query(xapian.Query.OP_PHRASE if ordered else xapian.Query.OP_NEAR, words, window)
        if not exact or said_exactly(steps):
            return candidates
        if not ordered and len({term for term, _, _, _ in steps}) < len(steps):
            # Xapian's OP_NEAR misses a word that stands twice among others: every document with the words.
            candidates = xapian.Query(xapian.Query.OP_AND, words)
        return self._checked(candidates, steps)

    def _checked(self, candidates, steps):
        """``candidates`` (the phrase's window) kept to the documents where kgsearch's rule holds."""
        self.checked_phrases += 1
        offsets = spans.exact_offsets(steps)
        enquire = xapian.Enquire(self.database)
        enquire.set_query(candidates)
        enquire.set_weighting_scheme(xapian.BoolWeight())
        total = self.database.get_doccount()
        ids = []
        mset = enquire.get_mset(0, total, total)
        for count in range(mset.size()):
            if self.budget is not None and count % CHECK_EVERY == 0:
                self.budget.check()
            docid = mset.get_docid(count)  # by position: iterating an MSet costs 7 times as much
            positions = [list(self.database.positionlist(docid, terms.term(*term))) for term, _, _, _ in steps]
            if offsets is not None:
                holds = spans.holds_at(offsets, positions)
            else:
                holds = spans.holds(steps, {term: found for (term, _, _, _), found in zip(steps, positions)})
            if holds:
                ids.append(self.database.get_document(docid).get_value(terms.ID_SLOT).decode("utf-8"))
        if not ids:
            return xapian.Query.MatchNothing
        held = xapian.Query(xapian.Query.OP_OR, [xapian.Query(terms.term("id", i)) for i in ids])
        return xapian.Query(xapian.Query.OP_FILTER, candidates, held)


def said_exactly(steps) -> bool:
    """True when ``OP_PHRASE`` on the window is Whoosh's rule itself: every word right after the one
    before it (a phrase as typed, no gap); or two words, the second within ``slop`` after the first
    (never at its position: a step's least distance is one)."""
    rest = steps[1:]
    if not all(ordered and mindist >= 1 for _, _, mindist, ordered in rest):
        return False
    if all(slop == 1 and mindist == 1 for _, slop, mindist, _ in rest):
        return True
    return len(rest) == 1 and rest[0][2] == 1


def _scaled(query, boost: float):
    return query if boost == 1.0 else xapian.Query(xapian.Query.OP_SCALE_WEIGHT, query, boost)

