"""A query's meaning as well as its words, with ``kgsearch[semantic]``: the documents
nearest the query by the encoder's vectors (``index.vectors``) fused into the words'
ranking, so that a question finds the story in the other language where no word of it
is written.

Only a query of plain words is fused: a phrase, a boolean, a field, a prefix or a fuzzy
word, and ``--exact``, mean exactly what they say. Nor is a query read as Kyrgyz: USE
multilingual v3 was trained on 16 languages, Russian and English among them, Kyrgyz not, and
on the demo corpus its vectors put a railway release first for "Кытайдын элчиси менен
жолугушту" (met the Chinese ambassador), which the words alone answer right. The words rank as they always do; the
vectors' nearest ``NEAREST`` documents (of those the filters allow) are fused in by
reciprocal rank fusion, 1/(K + rank by the words) + ``WEIGHT``/(K + rank by the vectors),
over the words' best ``DEPTH``; a near document without the words is added to the hits
when its cosine is at least ``ADDED``, and says so. Each constant was chosen on the
development half of the wmt21 titles and of the hand-written questions, never on the
half the numbers are reported on (docs/design.md, "Fusing the vectors").
"""

from pathlib import Path

from kgsearch import query as parsed
from kgsearch.analyzers.tagged import KYRGYZ
from kgsearch.errors import ParameterError
from kgsearch.rank import one_per_group

RRF_K = 60
WEIGHT = 1.0
DEPTH = 100  # the words' best documents fused; below them the words' order goes on
NEAREST = 30  # the vectors' nearest documents fused
ADDED = 0.4  # the cosine from which a near document without the words is a hit
WHY = "close in meaning to the query; it lacks some of its words"
NO_VECTORS = ("{name} needs the encoder and an index built with it: pip install 'kgsearch[semantic]', "
              "then rebuild the index")


def plain_words(node, text: str | None = None) -> bool:
    """Whether a parsed query is words alone (all of them wanted, none marked); with its ``text``,
    also written without an operator (``railway AND China`` asks for both words, as written)."""
    if text is not None and any(word in parsed.OPERATORS for word in text.split()[:-1]):
        return False
    if isinstance(node, parsed.Word):
        return node.field is None and not node.prefix and node.fuzzy is None and node.boost == 1.0
    if isinstance(node, parsed.Group):
        return node.op == "AND" and bool(node.nodes) and all(plain_words(child) for child in node.nodes)
    return False


def fuse(words: list[int], near: list[int], weight: float | None = None) -> list[int]:
    """Documents ranked by the words (best first) and by the vectors, in one order: each scores
    1/(K + its rank by the words) + weight/(K + its rank by the vectors); ties keep the words' order."""
    weight = WEIGHT if weight is None else weight
    scores: dict[int, float] = {}
    for rank, docnum in enumerate(words, 1):
        scores[docnum] = 1 / (RRF_K + rank)
    for rank, docnum in enumerate(near, 1):
        scores[docnum] = scores.get(docnum, 0.0) + weight / (RRF_K + rank)
    order = {docnum: i for i, docnum in enumerate([*words, *near])}
    return sorted(scores, key=lambda d: (-scores[d], order[d]))


class Fusion:
    """What a search's ranking fuses (``Ranker.fused_page``): the documents near the query, best
    first, and those the words matched."""

    def __init__(self, near: list[int], matched: set[int]):
        self.near = near
        self.matched = matched
        self.depth = DEPTH

    def order(self, words: list[int]) -> list[int]:
        """The words' ranking (best first) with the near documents fused into its first ``depth``."""
        head = fuse(words[: self.depth], self.near)
        fused = set(head)
        return head + [d for d in words[self.depth :] if d not in fused]


class Semantic:
    """One open index's vectors and the encoder, loaded on first use; ``ready`` without loading."""

    def __init__(self, searcher, folder):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.folder = folder
        self._vectors = None
        self._tried = False

    def ready(self) -> bool:
        """Whether the index has vectors of its generation and the encoder is installed."""
        return self.vectors() is not None

    def vectors(self):
        if not self._tried:
            self._tried = True
            from kgsearch.index import vectors

            # The file first: without it nothing of numpy or the encoder is looked for.
            if (Path(self.folder) / vectors.INFO).exists() and vectors.available():
                self._vectors = vectors.open_vectors(self.folder, self.reader)
        return self._vectors

    def nearest(self, text: str, k: int | None = None, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """The ``k`` (``NEAREST``) documents nearest ``text`` (of ``allowed``), best first, with their cosine."""
        from kgsearch.index.vectors import encoder

        found = self.vectors()
        if found is None:
            return []
        return found.nearest(encoder().encode([text])[0], NEAREST if k is None else k, allowed)

    def like(self, docnum: int, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """The ``k`` documents nearest document ``docnum``, itself and its copies left out."""
        found = self.vectors()
        vector = found.of(docnum) if found is not None else None
        if vector is None:
            return []
        row = int(found.rows[docnum])
        near = found.nearest(vector, k + len(found.docs_of_row().get(row, ())), allowed)
        return [(d, score) for d, score in near if int(found.rows[d]) != row][:k]

    def allowed(self, filter_query) -> set[int] | None:
        """The documents a filter query selects (``None``: no filter, every document)."""
        return set(self.searcher.docs_for_query(filter_query)) if filter_query is not None else None

    def may_fuse(self, query: str, page, translate: bool) -> bool:
        """Whether a search may fuse meaning in (or be refused for asking it without vectors): a
        search that cannot needs no set of its matches for it."""
        if page.semantic is False or not query.strip() or page.sort != "relevance" or not translate:
            return False
        return bool(page.semantic) or self.ready()

    def for_search(self, query: str, plan, page, translate: bool, matched: set[int], filter_query,
                   kept) -> tuple[Fusion | None, set[int]]:
        """What a search fuses, and the documents it adds (``near``); none unless the query is plain
        words ranked by relevance, not exact (``page.semantic``: ``None``, where the index has vectors;
        ``True``, or an error)."""
        if plan is None or not self.may_fuse(query, page, translate):
            return None, set()
        if not self.ready():
            if page.semantic:
                raise ParameterError("semantic", NO_VECTORS)
            return None, set()
        if not plain_words(plan.typed, query) or plan.compiler.lang == KYRGYZ:
            return None, set()  # the encoder was not trained on Kyrgyz: its vectors of a Kyrgyz query mislead
        near, added = self.near(query, matched, filter_query, kept)
        return (Fusion(near, matched) if near else None), added

    def near(self, query: str, matched: set[int], filter_query, kept) -> tuple[list[int], set[int]]:
        """The documents nearest ``query`` that the filters allow and ``kept`` keeps (a function of a
        set of numbers: a watch's reported ones left out), best first, of them those ``matched`` by
        the words and those near enough to be hits without them (``ADDED``); and the latter."""
        near = self.nearest(query, allowed=self.allowed(filter_query))
        keep = kept({d for d, _ in near})
        added = {d for d, cosine in near if d in keep and d not in matched and cosine >= ADDED}
        return [d for d, _ in near if d in keep and (d in matched or d in added)], added

    def closest(self, docnum: int, limit: int, filter_query, groups: dict) -> tuple[list, dict]:
        """The ``limit`` documents closest to ``docnum`` of those the filters allow, each story of
        ``groups`` once at its closest, the document's own story left out; and each one's other
        versions that the filters allow (one they leave out is not named, as in a search)."""
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ParameterError("limit", f"{{name}} counts from 1, not {limit!r}")
        allowed = self.allowed(filter_query)
        own = set(groups.get(docnum, (docnum,)))
        k = 2 * limit + len(own)
        while True:
            near = self.like(docnum, k, allowed)
            found = one_per_group([(d, cosine) for d, cosine in near if d not in own], groups)[:limit]
            if len(found) == limit or len(near) < k:
                break
            k *= 2
        versions = {d: [m for m in groups[d] if m != d and (allowed is None or m in allowed)] for d, _ in found
                    if d in groups}
        return found, versions
