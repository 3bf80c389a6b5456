"""kgsearch at 10,000 and 100,000 documents: build, queries by class, cold start.

Run: python benchmarks/bench_scale.py [--sizes 10000 100000] [--workdir DIR] [--runs 3]
                                      [--rebuild] [--cold-runs 9] [--engine whoosh|xapian]

For each size it makes (or reuses) a synthetic archive of real news
paragraphs (../shared/tools/make_archive.py), builds it with default options
(or reuses the index in --workdir), and prints the build's time, documents
per second, index size and peak memory of the build's processes together;
then the latency of the 48 benchmark queries of bench_query.py by class
(single word, phrase, boolean, dates and fields) and 16 costlier ones (NOT
beside an AND of common words, phrases of common words; issue 28), each run with nothing
kept from an earlier run of it (an open index keeps recent queries' matches;
they are forgotten before each run), without snippets, with snippets, and
with snippets and facets, as p50/p95/max over --runs rounds; and the same
queries repeated (answered from what the index kept); and a cold
`kgsearch query railway` process against a bare import (bench_cold.py).
Finally the growth from the smallest to the largest size, and what ten
times the largest would cost at that growth.
Targets (issue 13): at 100,000, p95 <= 100 ms without snippets and 150 ms with, no
query over 1 s; cold <= 1.6x the bare import; build peak <= 1 GB.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_query import QUERIES
from corpora import require
from process_tree import measure

HERE = Path(__file__).resolve().parent
MAKE_ARCHIVE = HERE.parent.parent / "shared" / "tools" / "make_archive.py"
# Issue 28: the costliest shapes real users type, on top of bench_query's 48: a NOT beside an AND
# of common words (each part matches a third of the archive), and phrases of common words.
NOT_BOOLEANS = ["Россия AND Китай NOT США", "выборы AND президент NOT Украина", "президент NOT Путин",
                "Москва AND власти NOT Собянин", "government AND election NOT Labour", "people NOT police",
                "economy AND growth NOT China", "нефть AND цены NOT ОПЕК"]
COMMON_PHRASES = ['"президента США"', '"Российской Федерации"', '"по словам"', '"министр иностранных дел"',
                  '"last year"', '"United States"', '"the first time"', '"prime minister Tony Blair"']
ALL_QUERIES = QUERIES + NOT_BOOLEANS + COMMON_PHRASES
CLASSES = {"word": QUERIES[:24], "phrase": QUERIES[24:32], "boolean": QUERIES[32:40], "dates, fields": QUERIES[40:],
           "NOT boolean": NOT_BOOLEANS, "common phrase": COMMON_PHRASES}
OPTIONS = {"no snippets": {"snippets": False}, "snippets": {"snippets": True},
           "snippets+facets": {"snippets": True, "facets": True}}


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def archive(workdir: Path, size: int) -> Path:
    path = workdir / f"archive-{size}.jsonl"
    if not path.exists():
        require(MAKE_ARCHIVE)
        subprocess.run([sys.executable, str(MAKE_ARCHIVE), str(size), str(path)], check=True)
    return path


def index_folder(workdir: Path, size: int, engine: str) -> Path:
    return workdir / (f"ix-{size}" if engine == "whoosh" else f"ix-{size}-{engine}")


def build(workdir: Path, size: int, source: Path, again: bool, engine: str = "whoosh") -> dict | None:
    index = index_folder(workdir, size, engine)
    if index.exists() and not again:
        return None
    if index.exists():
        shutil.rmtree(index)
    command = [sys.executable, "-m", "kgsearch", "--index", str(index), "index", "rebuild", "--quiet", str(source)]
    if engine != "whoosh":
        command[7:7] = ["--engine", engine]  # an option of `index rebuild`
    peak = measure(command, pss=True, cwd=str(workdir))
    if peak.returncode:
        sys.exit(f"the build of {size} documents failed (exit {peak.returncode})")
    return {"seconds": peak.seconds, "rss": peak.peak_rss_mb, "pss": peak.peak_pss_mb, "processes": peak.processes}


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def latencies(index: Path, runs: int) -> dict:
    import kgsearch
    from kgsearch.recent import Recent

    found: dict = {}
    by_query: dict = {}
    with kgsearch.open_index(index) as ix:
        for q in ALL_QUERIES:  # load what every first query loads (glossary, columns), and the page cache
            ix.search(q, snippets=True, facets=True)
        for option, settings in OPTIONS.items():
            for name, queries in CLASSES.items():
                times = found.setdefault((option, name), [])
                for _ in range(runs):
                    for q in queries:
                        ix._planner.recent, ix._matcher.recent = Recent(64), Recent(8)  # nothing kept
                        started = time.perf_counter()
                        ix.search(q, **settings)
                        times.append((time.perf_counter() - started) * 1000)
                        by_query.setdefault((option, q), []).append(times[-1])
        repeated = []
        for q in ALL_QUERIES:
            ix.search(q, snippets=False)
            started = time.perf_counter()
            ix.search(q, snippets=False, page=2)
            repeated.append((time.perf_counter() - started) * 1000)
        found[("no snippets, page 2 of a query just asked", "all")] = repeated
    return found, by_query


def cold(index: Path, runs: int) -> str:
    done = subprocess.run([sys.executable, str(HERE / "bench_cold.py"), "--index", str(index), "--runs", str(runs)],
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if re.search(r"median|ratio|load", line)]
    return "\n".join("    " + line for line in lines) or f"    bench_cold failed: {done.stderr.strip()[-300:]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "kgsearch-scale")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true", help="build again where an index is already")
    parser.add_argument("--engine", default="whoosh", choices=("whoosh", "xapian"),
                        help="the engine the index is built with (xapian: pip install 'kgsearch[xapian]')")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    summary = {}
    for size in args.sizes:
        source = archive(args.workdir, size)
        print(f"== {size:,} documents ({source.stat().st_size / 2**20:.0f} MB of JSON Lines), engine {args.engine}, "
              f"load {os.getloadavg()[0]:.1f}")
        built = build(args.workdir, size, source, args.rebuild, args.engine)
        index = index_folder(args.workdir, size, args.engine)
        size_mb = folder_mb(index)
        if built:
            print(f"  build: {built['seconds']:.0f} s, {size / built['seconds']:.0f} documents/s, peak memory "
                  f"{built['rss']:.0f} MB RSS / {built['pss']:.0f} MB PSS over {built['processes']} processes, "
                  f"index {size_mb:.0f} MB")
        else:
            print(f"  build: reused {index} ({size_mb:.0f} MB); --rebuild to measure it")
        found, by_query = latencies(index, args.runs)
        print(f"  queries, ms ({args.runs} rounds, nothing kept between runs unless said):")
        print(f"    {'options':42} {'class':14} {'p50':>7} {'p95':>7} {'max':>7}")
        for (option, name), times in found.items():
            print(f"    {option:42} {name:14} {statistics.median(times):7.1f} {percentile(times, 95):7.1f} "
                  f"{max(times):7.1f}")
        slowest = sorted(((statistics.median(times), q) for (option, q), times in by_query.items()
                          if option == "no snippets"), reverse=True)[:8]
        print("    slowest without snippets (median ms): " + ", ".join(f"{q} {t:.0f}" for t, q in slowest))
        overall = {option: [t for (o, _), ts in found.items() if o == option for t in ts] for option in OPTIONS}
        for option, times in overall.items():
            print(f"    {option:42} {f'all {len(ALL_QUERIES)}':14} {statistics.median(times):7.1f} {percentile(times, 95):7.1f} "
                  f"{max(times):7.1f}")
        print("  cold query process (bench_cold.py):")
        print(cold(index, args.cold_runs))
        summary[size] = {"build": built, "size": size_mb,
                         **{option: percentile(times, 95) for option, times in overall.items()}}
    sizes = sorted(summary)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        factor = large / small
        print(f"== growth from {small:,} to {large:,} documents ({factor:.0f}x), and {large * 10:,} at that growth")
        for key in ("size", *OPTIONS):
            a, b = summary[small][key], summary[large][key]
            print(f"  {key:18} {a:8.1f} -> {b:8.1f} ({b / a:.1f}x); x10 more: ~{b * b / a:.0f}")
        if summary[small]["build"] and summary[large]["build"]:
            for key in ("seconds", "pss"):
                a, b = summary[small]["build"][key], summary[large]["build"][key]
                print(f"  build {key:12} {a:8.1f} -> {b:8.1f} ({b / a:.1f}x); x10 more: ~{b * b / a:.0f}")


if __name__ == "__main__":
    main()
