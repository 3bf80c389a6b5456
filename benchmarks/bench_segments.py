"""Query time against the number of segments an index has: what a rebuild's segment size costs.

Run: python benchmarks/bench_segments.py INDEX [INDEX...] [--repeat 3] [--merge]

A rebuild writes several segments (one series per worker, a new segment
every ``sizing.SEGMENT_DOCUMENTS`` documents), and Whoosh searches every
segment in turn. For each index given, this prints its segment count and
the p50 / p95 / slowest time of the 48 queries of ``bench_query.py``
through the Python API, warm, without snippets (the best of ``--repeat``
runs of each query). ``--merge`` also times merging a copy of each index
into one segment and measures that copy, to weigh a merge after the build.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_query import QUERIES, percentile


def segments_of(location: Path) -> int:
    from whoosh import index as whoosh_index

    from kgsearch.index import store

    with whoosh_index.open_dir(store.current(location)).reader() as reader:
        return len(list(reader.leaf_readers()))


def query_times(location: Path, repeat: int) -> list[float]:
    import kgsearch

    times = []
    with kgsearch.open_index(location) as ix:
        for query in QUERIES:
            ix.search(query, snippets=False)  # warm: the expansion, the caches
            best = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                ix.search(query, snippets=False)
                best = min(best, time.perf_counter() - started)
            times.append(best * 1000)
    return times


def merged_copy(location: Path, workdir: Path) -> tuple[Path, float]:
    """A copy of the index at ``location`` merged into one segment, and the seconds the merge took."""
    from whoosh import index as whoosh_index

    from kgsearch.index import store

    copy = workdir / location.name
    shutil.copytree(location, copy, symlinks=True)
    started = time.perf_counter()
    ix = whoosh_index.open_dir(store.current(copy))
    ix.optimize()
    return copy, time.perf_counter() - started


def report(name: str, location: Path, repeat: int) -> None:
    times = query_times(location, repeat)
    print(f"{name:40} {segments_of(location):>8} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f} "
          f"{max(times):>8.1f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("indexes", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--merge", action="store_true", help="also merge a copy of each into one segment")
    args = parser.parse_args()
    print(f"{'index':40} {'segments':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    workdir = Path(tempfile.mkdtemp(prefix="kgsearch-segments-"))
    try:
        for location in args.indexes:
            if not location.exists():
                sys.exit(f"{location}: no such index")
            report(str(location), location, args.repeat)
            if args.merge:
                copy, seconds = merged_copy(location, workdir)
                report(f"  merged ({seconds:.0f} s to merge)", copy, args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
