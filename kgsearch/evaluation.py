"""Standard ranking measures, for benchmarks that judge search quality.

Definitions as in TREC: average precision over all relevant documents (a
relevant document never retrieved contributes zero), recall at a cutoff,
and nDCG at a cutoff with binary gains.
"""

import math


def average_precision(ranking: list[str], relevant: set[str]) -> float:
    """Mean of the precision at each relevant document's rank, over all relevant documents.

    >>> average_precision(["a", "x", "b"], {"a", "b", "c"})  # (1/1 + 2/3) / 3
    0.5555555555555555
    """
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranking, 1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def recall_at(ranking: list[str], relevant: set[str], k: int) -> float:
    """Share of the relevant documents found in the first ``k``.

    >>> recall_at(["a", "x", "b"], {"a", "b", "c", "d"}, 2)
    0.25
    """
    return len(set(ranking[:k]) & relevant) / len(relevant) if relevant else 0.0


def ndcg_at(ranking: list[str], relevant: set[str], k: int) -> float:
    """Normalised discounted cumulative gain at ``k``, binary relevance.

    >>> round(ndcg_at(["x", "a"], {"a"}, 10), 4)  # (1/log2(3)) / (1/log2(2))
    0.6309
    """
    dcg = sum(1 / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], 1) if doc in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0
