"""The slowest queries at scale on a Xapian index, with the stamped count beside the page and without.

A page of ten with snippets, each query asked with the second handle
(``XapianSearcher._counter``) off and on in turn, so that both are measured
in one sitting; the translation memo is cleared before each run. Prints the
median of ``--runs`` for each and their ratio.

    KGSEARCH_SEMANTIC=off python benchmarks/bench_second_handle.py --index DIR --runs 3
"""

import argparse
import os
import statistics
import time

QUERIES = ['Россия AND Китай NOT США', '"Belt and Road"', '"Российской Федерации"', '"президента США"',
           '"last year"', '"министр иностранных дел"', '"the first time"', 'выборы AND президент NOT Украина',
           'railway', 'Путин']


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, help="a Xapian index (--engine xapian)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import kgsearch
    from kgsearch.index.engine.xapian import searching

    own = searching.XapianSearcher._counter
    times: dict = {}
    with kgsearch.open_index(args.index) as ix:
        for _ in range(args.runs):
            for mode in ("one handle", "two handles"):
                searching.XapianSearcher._counter = own if mode == "two handles" else (lambda self: None)
                for query in QUERIES:
                    ix._matcher.engine._translated.clear()
                    started = time.perf_counter()
                    ix.search(query, limit=10)
                    times.setdefault((query, mode), []).append((time.perf_counter() - started) * 1000)
    for query in QUERIES:
        one, two = (statistics.median(times[(query, mode)]) for mode in ("one handle", "two handles"))
        print(f"{query:40s} one {one:7.1f}  two {two:7.1f} ms  ratio {two / one:.2f}")
    print("load", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
