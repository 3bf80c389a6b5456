"""Phrases checked from their words' positions, as Whoosh's span queries check them.

Whoosh checks a phrase through a tree of span matchers that read their own
postings: some hundred microseconds a document once the postings blocks are
scattered. The positions are already at hand where kgsearch reads the
blocks itself (to count matches, to bound scores), so the same rule is
applied to them directly. The rule is Whoosh's, to the letter, so that a
phrase matches here exactly where Whoosh's own ``SpanNear`` and ``SpanNear2``
say it does; any other span query is left to Whoosh.
"""

from whoosh import query as wq

# One step of a phrase: the next word, how far after the words before it
# may stand at most (slop) and at least (mindist), and whether it must follow them.
Step = tuple[tuple[str, object], int, int, bool]


def shape(q) -> list[Step] | None:
    """The steps of a span query made of terms (a phrase's chain of ``SpanNear``, or a
    ``SpanNear2`` of terms); the first step's numbers are unused. ``None`` for any other."""
    if isinstance(q, wq.Term):
        return [((q.fieldname, q.text), 0, 0, True)]
    if isinstance(q, wq.SpanNear2):
        if not q.qs or not all(isinstance(t, wq.Term) for t in q.qs):
            return None
        first, *rest = q.qs
        return [((first.fieldname, first.text), 0, 0, True)] + [
            ((t.fieldname, t.text), q.slop, q.mindist, q.ordered) for t in rest]
    if isinstance(q, wq.SpanNear) and isinstance(q.b, wq.Term):
        head = shape(q.a)
        if head is None:
            return None
        return head + [((q.b.fieldname, q.b.text), q.slop, q.mindist, q.ordered)]
    return None


def terms(steps: list[Step]) -> set[tuple[str, object]]:
    return {term for term, _, _, _ in steps}


def exact_offsets(steps: list[Step]) -> list[int] | None:
    """Each word's distance from the first, for a phrase whose every step is ordered with one
    distance allowed (slop == mindist: a phrase as typed, stop words' gaps kept); else ``None``.

    >>> exact_offsets([(("body", "a"), 0, 0, True), (("body", "b"), 2, 2, True), (("body", "c"), 1, 1, True)])
    [0, 2, 3]
    """
    offsets = [0]
    for _, slop, mindist, ordered in steps[1:]:
        if not ordered or slop != mindist or slop < 1:
            return None
        offsets.append(offsets[-1] + slop)
    return offsets


def holds_at(offsets: list[int], positions: list) -> bool:
    """``holds`` for a phrase of exact distances: some start where each word stands at its offset
    (a set intersection, where ``holds`` walks spans); ``positions`` in the steps' order."""
    starts = set(positions[0])
    for offset, found in zip(offsets[1:], positions[1:]):
        starts.intersection_update(p - offset for p in found)
        if not starts:
            return False
    return True


def holds(steps: list[Step], positions: dict) -> bool:
    """True when the words stand as the steps require; ``positions`` maps each term to its
    positions in one document.

    Each step extends the spans found so far (first word to last) by one word,
    whose distance to a span is 0 where it falls inside it, else the gap to its
    nearer end; an ordered step also needs the word not before the span's start.

    >>> holds([(("body", "a"), 0, 0, True), (("body", "b"), 2, 1, True)], {("body", "a"): [4], ("body", "b"): [6]})
    True
    >>> holds([(("body", "a"), 0, 0, True), (("body", "b"), 1, 1, True)], {("body", "a"): [4], ("body", "b"): [3]})
    False
    """
    spans = {(p, p) for p in positions[steps[0][0]]}
    for term, slop, mindist, ordered in steps[1:]:
        found = set()
        for start, end in spans:
            for p in positions[term]:
                if ordered and p < start:
                    continue
                if start <= p <= end:
                    distance = 0
                else:
                    distance = p - end if p > end else start - p
                if mindist <= distance <= slop:
                    found.add((min(start, p), max(end, p)))
        if not found:
            return False
        spans = found
    return True


def applied_boost(q) -> float:
    """The boost Whoosh's matcher of span query ``q`` multiplies its score by: its own, where its
    class applies it (kgsearch's phrases), else 1 (Whoosh's ``SpanNear`` and ``SpanNear2`` ignore it)."""
    return getattr(q, "boost", 1.0) if getattr(type(q), "applies_boost", False) else 1.0
