"""The best-scoring page of a set of matches, without Whoosh scoring every match.

Whoosh scores a document by walking a tree of matchers, some microseconds a
document; a common word matches tens of thousands of documents in a large
archive, and its page then cost half a second. Whoosh's score is a sum, so
it is computed here the other way round: one pass over each term's postings
blocks adds the term's BM25F (Whoosh's formula, statistics and stored
lengths) into every match's total. A phrase, or the bonus for words standing
close, adds its words' scores only where it holds; that is checked from the
positions read in the same pass, and only for the documents that could
reach the page: every match first gets an upper bound (each phrase counted
as holding), then documents are checked best bound first until no bound
left can beat the page. A query with a part whose score this module cannot
compute is ranked by Whoosh alone (``top`` returns ``None``).
"""

import heapq

from whoosh import query as wq
from whoosh.query.spans import SpanQuery
from whoosh.scoring import BM25F

from kgsearch.budget import Budget
from kgsearch.errors import KgsearchError
from kgsearch.index.engine import spans
from kgsearch.index.engine.blocks import positions_decoder
from kgsearch.index.engine.lengths import LENGTH_OF_BYTE, bm25_b, field_lengths
from kgsearch.matchset import Leaf, span_terms
from kgsearch.postings import Postings

# A bound is raised by this factor, so that sums added in another order than
# Whoosh adds them can never fall below Whoosh's score.
SLACK = 1 + 1e-9
FIRST_BATCH = 32  # documents checked at first; doubled while bounds still beat the page
FIRST_RANKED = 512  # matches put in order of their bounds at first (all of them, if these are not enough)


class Unsupported(KgsearchError):
    """A part of a query whose score this module cannot compute."""


def top(searcher, q, ids: set[int], k: int, budget: Budget | None = None,
        postings: Postings | None = None) -> list[tuple[int, float]] | None:
    """The ``k`` best of ``ids`` (documents ``q`` matches) by Whoosh's score, best first, ties
    by document number; ``None`` when ``q`` has a part this module cannot score."""
    budget = budget or Budget(float("inf"), float("inf"))
    if k <= 0 or not ids:
        return []
    try:
        parts = _score_parts(searcher, q, ids, budget, postings or Postings())
    except Unsupported:
        return None
    bounds = parts.bounds()
    key = bounds.__getitem__
    best: list[tuple[float, int]] = []  # (score, docnum), the page so far
    pending = heapq.nlargest(FIRST_RANKED, bounds, key=key)  # the best bounds, best first
    everything = len(pending) == len(bounds)
    position, batch, scored = 0, max(FIRST_BATCH, 2 * k), set()
    while True:
        if position == len(pending):
            if everything:
                break
            pending = [d for d in sorted(bounds, key=key, reverse=True) if d not in scored]
            position, everything = 0, True
            if not pending:
                break
        chunk = pending[position : position + batch]
        position += len(chunk)
        scored.update(chunk)
        budget.check()
        best.extend((score, docnum) for docnum, score in parts.scores(chunk).items())
        best = heapq.nsmallest(k, best, key=lambda item: (-item[0], item[1]))
        # No match left can beat the page when the best bound left is below its last score
        # (the bounds not yet in order are at most the last one that is).
        left = pending[min(position, len(pending) - 1)] if position < len(pending) or not everything else None
        if len(best) == k and (left is None or bounds[left] * SLACK < best[-1][0]):
            break
        batch *= 2
    return [(docnum, score) for score, docnum in best]


class _Phrase:
    """A span query in a query: what it adds where it holds, and the positions to tell where."""

    def __init__(self, q, boost: float):
        self.steps = spans.shape(q)
        if self.steps is None:
            raise Unsupported(f"a span query of another shape: {type(q).__name__}")
        self.boost = boost * spans.applied_boost(q)  # the boosts above it, and its own where applied
        self.adds: dict[int, float] = {}  # its words' scores in each match that has any of them
        self.values: dict[tuple, _Values] = {term: _Values() for term in spans.terms(self.steps)}
        self.decoders: dict[tuple, object] = {}

    def score(self, docnum: int) -> float:
        if docnum not in self.adds:
            return 0.0
        positions = {}
        for term, values in self.values.items():
            value = values.get(docnum)
            if value is None:
                return 0.0
            positions[term] = self.decoders[term](value)
        return self.adds[docnum] if spans.holds(self.steps, positions) else 0.0


class _Values:
    """A phrase word's raw positions by document: those its blocks gave as it was scored, and, in a
    segment where it was scored from its list (``Postings.weighted``), read from the postings
    only for the documents checked (the page's candidates, not every match)."""

    def __init__(self):
        self.read: dict[int, bytes] = {}
        self.segments: list[tuple[int, int, object]] = []  # (first, end, read one of its documents)

    def get(self, docnum: int) -> bytes | None:
        if docnum in self.read:
            return self.read[docnum]
        for first, end, read in self.segments:
            if first <= docnum < end:
                return read(docnum - first)
        return None


class _Parts:
    """A query's score as the exact sum of its terms outside phrases, and its phrases."""

    def __init__(self, ids: set[int]):
        self.base: dict[int, float] = dict.fromkeys(ids, 0.0)
        self.phrases: list[_Phrase] = []

    def bounds(self) -> dict[int, float]:
        """Each match's score were every phrase to hold (up to the order of the sums: see SLACK)."""
        if not self.phrases:
            return self.base
        bounds = dict(self.base)
        for phrase in self.phrases:
            for docnum, score in phrase.adds.items():
                bounds[docnum] += score
        return bounds

    def scores(self, docnums) -> dict[int, float]:
        scores = {d: self.base[d] for d in docnums}
        for phrase in self.phrases:
            for docnum in docnums:
                scores[docnum] += phrase.score(docnum)
        return scores


def _score_parts(searcher, q, ids: set[int], budget: Budget, postings: Postings) -> _Parts:
    if type(searcher.weighting) is not BM25F:
        raise Unsupported("a weighting other than BM25F")
    parts = _Parts(ids)
    for sub, offset in searcher.leaf_searchers():
        _Segment(searcher, sub, offset, ids, parts, budget, postings).add(q, 1.0)
    return parts


class _Segment:
    """Reads one segment's postings into a query's ``_Parts``."""

    def __init__(self, searcher, leaf_searcher, offset: int, ids: set[int], parts: _Parts, budget: Budget,
                 postings: Postings):
        self.searcher = searcher  # the whole index's: its statistics are the ones Whoosh scores with
        self.leaf_searcher = leaf_searcher
        self.reader = leaf_searcher.reader()
        self.offset = offset
        self.ids = ids
        self.parts = parts
        self.budget = budget
        self.postings = postings
        self._matches: list[int] | None = None
        self._match_set: set[int] | None = None
        self._phrases_seen = 0  # phrases are met in the same order in every segment
        self._lengths: dict[str, bytes] = {}
        self._norm: dict[tuple, list[float]] = {}

    def add(self, q, boost: float, phrase: _Phrase | None = None) -> None:
        """Add ``q``'s scores, times ``boost``, into the exact sum (or into ``phrase``'s)."""
        self.budget.check()
        if isinstance(q, wq.Term):
            self.term(q.fieldname, q.text, boost * q.boost, phrase)
            return
        if isinstance(q, SpanQuery):
            if phrase is not None:
                raise Unsupported("a span query inside a span query's words")
            self.phrase(q, boost)
            return
        boost *= q.boost
        if isinstance(q, (wq.Or, wq.And)):
            for child in q.subqueries:
                if not isinstance(child, wq.Not):
                    self.add(child, boost, phrase)
                elif isinstance(q, wq.And) and phrase is None:
                    self.constant(boost)  # Whoosh's matcher of "not X" scores 1 wherever it matches
                else:
                    raise Unsupported("NOT inside an OR")
        elif isinstance(q, (wq.AndMaybe, wq.AndNot)) and not isinstance(q, wq.Otherwise):
            self.add(q.a, boost, phrase)
            if isinstance(q, wq.AndMaybe):
                self.add(q.b, boost, phrase)
        elif isinstance(q, wq.NumericRange) and q.constantscore and phrase is None:
            for docnum in Leaf(self.leaf_searcher, self.budget, self.postings).ids(q, self._matches_here()):
                self.parts.base[docnum + self.offset] += boost
        elif isinstance(q, wq.Every) and q.fieldname in (None, "", "*") and phrase is None:
            self.constant(boost)  # every document, scored its boost
        elif q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            pass
        else:
            raise Unsupported(type(q).__name__)

    def phrase(self, q, boost: float) -> None:
        if any(t.boost != 1.0 for t in span_terms(q)):
            raise Unsupported("a boosted word inside a phrase")
        if self._phrases_seen == len(self.parts.phrases):
            self.parts.phrases.append(_Phrase(q, boost))
        phrase = self.parts.phrases[self._phrases_seen]
        self._phrases_seen += 1
        # A phrase holds only where all its words are: those documents are found first (each
        # word read only where the ones before it are), then its words scored there alone.
        words = [wq.Term(*term) for term, _, _, _ in phrase.steps]
        where = sorted(Leaf(self.leaf_searcher, self.budget, self.postings)._and(words, self._matches_here()))
        for word in words:
            self.term(word.fieldname, word.text, phrase.boost, phrase, where)

    def constant(self, score: float) -> None:
        """Add ``score`` to every match in this segment."""
        end = self.offset + self.reader.doc_count_all()
        base = self.parts.base
        for key in self.ids:
            if self.offset <= key < end:
                base[key] += score

    def term(self, fieldname: str, text, boost: float, phrase: _Phrase | None,
             where: list[int] | None = None) -> None:
        """Add a term's scores in the matches (or in ``where``: some of them, this segment's
        numbers in order)."""
        schema = self.searcher.schema
        if fieldname not in schema:
            return
        field = schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return
        weighting = self.searcher.weighting
        if field.scorable:
            # Whoosh's bm25(idf, w, length, average, B, K1) as boost * c * w / (w + norm[length byte])
            idf = self.searcher.idf(fieldname, btext)
            average = self.searcher.avg_field_length(fieldname) or 1
            b = bm25_b(weighting, fieldname)
            k1 = weighting.K1
            c = boost * idf * (k1 + 1)
            norm = self._norms(fieldname, b, k1, average)
            lengths = self._field_lengths(fieldname)
        values = None
        if phrase is not None:
            sums = phrase.adds
            values = phrase.values[(fieldname, text)]
            phrase.decoders[(fieldname, text)] = positions_decoder(field.format)
        else:
            sums = self.parts.base
        ids, offset = self.ids, self.offset
        get = sums.get
        within = self._local() if where is None else where
        if (listed := self.postings.weighted(self.reader, fieldname, btext, within)) is not None:
            # A common term: its list, in the order its blocks would give the same sums.
            docs, weights = listed
            if values is not None:  # a phrase's word: scored where all its words are
                ids = {d + offset for d in where}
                reader, postings = self.reader, self.postings
                values.segments.append((offset, offset + reader.doc_count_all(),
                                        lambda d: postings.value(reader, fieldname, btext, d)))
            if field.scorable:
                for docnum, weight in zip(docs, weights):
                    key = docnum + offset
                    if key in ids:
                        sums[key] = get(key, 0.0) + c * weight / (weight + norm[lengths[docnum]])
            else:
                for docnum, weight in zip(docs, weights):
                    key = docnum + offset
                    if key in ids:
                        sums[key] = get(key, 0.0) + boost * weight
            return
        for block in self.postings.blocks(self.reader, fieldname, btext, within):
            if values is not None:
                docs = [(i, d) for i, d in enumerate(block.ids) if d + offset in ids]
                found = block.values
                for i, docnum in docs:
                    values.read[docnum + offset] = found[i]
            else:
                docs = [(i, d) for i, d in enumerate(block.ids) if d + offset in ids]
            weights = block.weights
            if field.scorable:
                for i, docnum in docs:
                    key, weight = docnum + offset, weights[i]
                    sums[key] = get(key, 0.0) + c * weight / (weight + norm[lengths[docnum]])
            else:
                for i, docnum in docs:
                    key = docnum + offset
                    sums[key] = get(key, 0.0) + boost * weights[i]

    def _matches_here(self) -> set[int]:
        if self._match_set is None:
            self._match_set = set(self._local())
        return self._match_set

    def _local(self) -> list[int]:
        """The matches in this segment, as its own document numbers in order: only the blocks
        that can hold them are read."""
        if self._matches is None:
            start, end = self.offset, self.offset + self.reader.doc_count_all()
            self._matches = sorted(d - start for d in self.ids if start <= d < end)
        return self._matches

    def _norms(self, fieldname: str, b: float, k1: float, average: float) -> list[float]:
        """BM25's length normalisation for each stored length byte of ``fieldname`` (every term
        of the field shares it)."""
        key = (fieldname, b, k1, average)
        if key not in self._norm:
            self._norm[key] = [k1 * ((1 - b) + b * length / average) for length in LENGTH_OF_BYTE]
        return self._norm[key]

    def _field_lengths(self, fieldname: str) -> bytes:
        """Every document's length in ``fieldname``, one byte each as Whoosh keeps them (0: none),
        read at once."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = field_lengths(self.reader, fieldname)
        return self._lengths[fieldname]
