"""Trends and exports on the corpora index: how long they take, warm and as a process.

Run: python benchmarks/bench_trend.py [--index DIR] [--repeat 5]

Builds an index of ../shared/corpora (BBC, NG, Meduza) unless --index names
one. Prints the latency (p50, max) of `Index.trend` for each query set below,
asked first (understood and matched) and again by year, month and week
(the matches kept: counting alone), and the time of `Index.all_hits`
streaming every hit of common words with snippets, in hits per second. Then
times `kgsearch trend … --by month` and `kgsearch query … --format csv --all`
as processes (median of 3).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_query import build

TRENDS = [["Путин"], ["выборы", "election"], ["Путин", "Трамп", "Навальный"], ['"железная дорога"', "railway"],
          ["год"], ["oil OR gas", "нефть ИЛИ газ"]]
EXPORTS = ["год", "Путин", "government"]


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import kgsearch

    folder = args.index
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="bench-trend-")) / "ix"
        build(folder)
    with kgsearch.open_index(folder) as ix:
        print(f"{ix.status()['documents']} documents")
        ix.trend("прогрев")  # the date column and the glossary, read once per open index
        first = [timed(lambda: ix.trend(queries)) for queries in TRENDS]
        print(f"trend by year, first asking (queries understood and matched): p50 {statistics.median(first):.1f} ms"
              f"  max {max(first):.1f} ms  ({len(TRENDS)} query sets)")
        for by in ("year", "month", "week"):
            times = [timed(lambda: ix.trend(queries, by=by)) for queries in TRENDS for _ in range(args.repeat)]
            print(f"trend by {by:<5} asked again (matches kept):  p50 {statistics.median(times):6.1f} ms"
                  f"  max {max(times):6.1f} ms  ({len(TRENDS)} query sets × {args.repeat})")
        for query in EXPORTS:
            hits = []
            ms = timed(lambda: hits.extend(ix.all_hits(query)))
            print(f"all_hits {query!r:<14} {len(hits):5} hits with snippets in {ms:7.1f} ms"
                  f"  ({len(hits) / ms * 1000:,.0f} hits/s)")
        cold = ix.trend(["Путин", "Трамп"], by="month")  # for the process below to match
    for command in (["trend", "Путин", "Трамп", "--by", "month"], ["query", "год", "--format", "csv", "--all"]):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kgsearch", *command, "--index", str(folder)],
                           stdout=subprocess.DEVNULL, check=False)
            runs.append(time.perf_counter() - started)
        print(f"kgsearch {' '.join(command)}: {statistics.median(runs):.2f} s as a process (median of 3)")
    print(f"({len(cold.periods)} months in the Putin/Trump trend)")


if __name__ == "__main__":
    main()
