"""Related entities: what they add to a query, to decide whether a query shows them unasked.

Run: python benchmarks/bench_related.py --index DIR [--repeat 3]

DIR is an index (the mixed archive of the guide: seeds and ../shared/corpora). Related entities
are read from the facets (``Page(facets=True)``) a search counts over its matches. For each query,
the median time of a search with and without them, on an index opened for that search (as a
`kgsearch query` process opens it: the facets' one-off reading of the name postings included),
and again on an index kept open (as `kgsearch serve` keeps it).
"""

import argparse
import statistics
import time
from pathlib import Path

QUERIES = ["Путин", "Trump", "Кыргызстан", "выборы", "government", "Brexit", '"Тереза Мэй"', "railway", "нефть",
           "Wang Yi"]


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import kgsearch
    from kgsearch.related import related

    def fresh(query: str, facets: bool) -> float:
        with kgsearch.open_index(args.index) as ix:
            ix.search("warm", limit=1)  # the first search of a process loads the analyzers: not ours to count
            return timed(lambda: related(ix.search(query, facets=facets), ix.registry) if facets
                         else ix.search(query))

    print(f"{'query':<16} {'total':>6} {'opened: without':>16} {'with':>8} {'kept open: without':>19} {'with':>8}")
    rows = []
    with kgsearch.open_index(args.index) as kept:
        kept.search("warm", limit=1, facets=True)
        for query in QUERIES:
            total = kept.search(query, limit=1).total
            cold = [statistics.median(fresh(query, f) for _ in range(args.repeat)) for f in (False, True)]
            warm = [statistics.median(timed(lambda: kept.search(query, facets=f)) for _ in range(args.repeat))
                    for f in (False, True)]
            rows.append((cold, warm))
            print(f"{query:<16} {total:>6} {cold[0]:>13.1f} ms {cold[1]:>5.1f} ms {warm[0]:>16.1f} ms {warm[1]:>5.1f} ms")
    for label, at in (("opened for the search", 0), ("kept open", 1)):
        without = statistics.median(r[at][0] for r in rows)
        with_ = statistics.median(r[at][1] for r in rows)
        print(f"median over the queries, {label}: {without:.1f} ms without, {with_:.1f} ms with related entities")


if __name__ == "__main__":
    main()
