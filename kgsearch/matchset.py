"""The documents a query matches, as a set of document numbers, found without scoring.

Totals, facets, date order and copies need every match but not its score;
scoring every match is what made a common word cost half a second on a
100,000-document archive. A term's documents are read a postings block at a
time (Whoosh's matchers step one document at a time); AND, OR and NOT are
set operations. Only what sets cannot say, whether a phrase's words stand
in order, is asked of Whoosh's own matchers, and only for the documents
that have all its words.
"""

from bisect import bisect_left, bisect_right

from whoosh import query as wq
from whoosh.query.spans import SpanQuery

from kgsearch.budget import Budget
from kgsearch.index import columns
from kgsearch.index.engine import queries, spans
from kgsearch.index.engine.blocks import positions_decoder
from kgsearch.postings import Postings


def matching(searcher, q, budget: Budget | None = None, postings: Postings | None = None) -> set[int]:
    """The (global) numbers of the live documents ``q`` matches."""
    budget = budget or Budget(float("inf"), float("inf"))
    postings = postings or Postings()
    found: set[int] = set()
    for sub, offset in searcher.leaf_searchers():
        leaf = sub.reader()
        local = Leaf(sub, budget, postings).ids(q)
        if leaf.has_deletions():
            local -= leaf.deleted_docs_set
        if offset:
            found.update(d + offset for d in local)
        else:
            found |= local
    return found


class Leaf:
    """Evaluates query trees over one segment."""

    def __init__(self, searcher, budget: Budget, postings: Postings | None = None):
        self.searcher = searcher  # of this segment alone
        self.reader = searcher.reader()
        self.budget = budget
        self.postings = postings or Postings()
        self._order: tuple[set[int], list[int]] | None = None

    def ids(self, q, within: set[int] | None = None) -> set[int]:
        """The documents of the segment ``q`` matches; with ``within``, those among it (then
        only the postings blocks that can hold them are read)."""
        self.budget.check()
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text, within)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            return self._or(q, within)
        if isinstance(q, wq.And):
            return self._and(q.subqueries, within)
        if isinstance(q, wq.AndNot):
            found = self.ids(q.a, within)
            return found - self.ids(q.b, found) if found else found
        if isinstance(q, wq.AndMaybe):
            return self.ids(q.a, within)
        if isinstance(q, SpanQuery):
            return self._verified(q, within)
        if isinstance(q, wq.ConstantScoreQuery):
            return self.ids(q.child, within)
        if isinstance(q, wq.NumericRange) and (bounds := columns.range_bounds(self.reader.schema, q)):
            return self._in_range(q.fieldname, bounds, within)
        found = self._whole(q)
        return found if within is None else found & within

    def _whole(self, q) -> set[int]:
        """What other queries match, every one of their documents."""
        if isinstance(q, wq.Every) and not q.fieldname:
            return set(range(self.reader.doc_count_all()))
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return set()
        if isinstance(q, wq.NumericRange):  # DateRange too: an OR of the trie's terms and term ranges
            return self.ids(queries.range_query(q, self.reader))
        if isinstance(q, wq.TermRange):
            found = set()
            for text in queries.range_terms(q, self.reader):
                found |= self.term(q.fieldname, text)
            return found
        return self._stepped(q)

    def _in_range(self, field: str, bounds: tuple[int, int, int], within: set[int] | None) -> set[int]:
        """A numeric range's documents from the field's column: the same as its terms'."""
        lowest, highest, missing = bounds
        values, docs = self.postings.column_order(self.reader, field, missing)
        first, end = bisect_left(values, lowest), bisect_right(values, highest)
        if within is None or len(within) > end - first:
            found = set(docs[first:end])
            return found if within is None else found & within
        values = self.postings.column(self.reader, field)
        return {d for d in within if lowest <= values[d] <= highest and values[d] != missing}

    def _or(self, q, within: set[int] | None) -> set[int]:
        """The union of the parts; a phrase that needs a word some other part matches alone
        (``Vladimir Putin`` beside ``Putin``) adds nothing to it and is not checked, and a
        phrase is checked last, only in documents the other parts have not found already
        (``железная дорога`` where ``железнодорожный`` is not): checking is the costly part."""
        parts = _or_parts(q)
        alone = {(t.fieldname, t.text) for t in parts if isinstance(t, wq.Term)}
        found: set[int] = set()
        phrases = []
        for part in parts:
            if isinstance(part, SpanQuery):
                if not any((t.fieldname, t.text) in alone for t in span_terms(part)):
                    phrases.append(part)
                continue
            found |= self.ids(part, within)
        for part in phrases:
            found |= self._verified(part, within, found)
        return found

    def _and(self, parts, within: set[int] | None = None) -> set[int]:
        positive = [p for p in parts if not isinstance(p, wq.Not)]
        negative = [p.query for p in parts if isinstance(p, wq.Not)]
        # Sets first, then what needs verifying, only over what the sets allow; each part
        # read only where the parts before it left documents.
        plain = [p for p in positive if not isinstance(p, SpanQuery)]
        spans = [p for p in positive if isinstance(p, SpanQuery)]
        found = within
        for part in sorted(plain, key=lambda p: p.estimate_size(self.reader)):
            found = self.ids(part, found)
            if not found:
                return set()
        for part in spans:
            found = self._verified(part, found)
            if not found:
                return set()
        if found is None:
            found = set(range(self.reader.doc_count_all()))
        for part in negative:
            found = found - self.ids(part, found)
        return found

    def term(self, field: str, text, within: set[int] | None = None) -> set[int]:
        try:
            btext = self.searcher.schema[field].to_bytes(text) if field in self.searcher.schema else None
        except ValueError:
            btext = None
        if btext is None:
            return set()
        if within is None:
            return set(self.postings.ids(self.reader, field, btext))
        return within.intersection(self.postings.ids(self.reader, field, btext, self._sorted(within)))

    def _sorted(self, within: set[int]) -> list[int]:
        """``within`` in order, kept for the parts of an OR that all ask with the same set."""
        if self._order is None or self._order[0] is not within:
            self._order = (within, sorted(within))
        return self._order[1]

    def _verified(self, q, within: set[int] | None = None, known: set[int] | None = None) -> set[int]:
        """The documents where a span query (a phrase) holds: its words' documents, each checked
        (but those in ``known``, which the caller has found already: they are left out)."""
        candidates = self._and(span_terms(q), within)
        if known:
            candidates -= known
        if not candidates:
            return set()
        steps = spans.shape(q)
        if steps is None:  # a span of another shape: Whoosh's own matcher checks it
            return self._checked_by_whoosh(q, candidates)
        schema = self.searcher.schema
        docnums = sorted(candidates)
        terms = sorted(spans.terms(steps))
        # Each word's raw positions in every candidate, read a block at a time.
        values = {(field, text): self.postings.values(self.reader, field, schema[field].to_bytes(text), docnums)
                  for field, text in terms}
        decoders = {(field, text): positions_decoder(schema[field].format) for field, text in terms}
        offsets = spans.exact_offsets(steps)
        found = set()
        check = self.budget.check
        if offsets is not None:  # a phrase as typed: each word at one distance from the first
            chain = [(values[term], decoders[term]) for term, _, _, _ in steps]
            for i, docnum in enumerate(docnums):
                if spans.holds_at(offsets, [decode(raw[i]) for raw, decode in chain]):
                    found.add(docnum)
                if i % 64 == 0:
                    check()
            return found
        for i, docnum in enumerate(docnums):
            if spans.holds(steps, {term: decoders[term](values[term][i]) for term in terms}):
                found.add(docnum)
            if i % 64 == 0:
                check()
        return found

    def _checked_by_whoosh(self, q, candidates: set[int]) -> set[int]:
        matcher = q.matcher(self.searcher)
        found = set()
        for docnum in sorted(candidates):
            if not matcher.is_active():
                break
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found.add(docnum)
            self.budget.check()
        return found

    def _stepped(self, q) -> set[int]:
        """Any other query: its own matcher's documents."""
        matcher = q.matcher(self.searcher)
        return set(matcher.all_ids()) if matcher.is_active() else set()


def _or_parts(q) -> list:
    """The parts of an OR, with the parts of the ORs inside it (boosts do not change what matches)."""
    parts = []
    for child in q.subqueries:
        parts.extend(_or_parts(child) if isinstance(child, wq.Or) else [child])
    return parts


def span_terms(q) -> list:
    """The terms a span query needs, every one of them (Whoosh's ``leaves()`` stops at a span)."""
    if isinstance(q, wq.Term):
        return [q]
    children = [q.a, q.b] if hasattr(q, "a") and hasattr(q, "b") else getattr(q, "qs", None) or [getattr(q, "q", None)]
    return [t for child in children if child is not None for t in span_terms(child)]
