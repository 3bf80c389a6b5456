"""`kgsearch names`: how long a list of names takes, in the API and as a process.

Run: python benchmarks/bench_names.py --index DIR [--names 100]

DIR is an index (the mixed archive of the guide: seeds and ../shared/corpora). The list is the
archive's own people, the most named first, alternating scripts, with a tenth of names nobody is
named by. Prints the time per name (p50, p95, max) of `Index.names` on a freshly opened index
(the first name pays for reading the name postings the facets keep) and the whole list as a
`kgsearch names FILE --format csv` process (median of 3).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def the_list(index, count: int) -> list[str]:
    from kgsearch.analyzers.letters import is_cyrillic

    people = list(index.facet_counts(fields=("person",))["person"])
    russian = [p for p in people if is_cyrillic(p)]
    english = [p for p in people if not is_cyrillic(p)]
    names = [name for pair in zip(russian, english) for name in pair][: count - count // 10]
    return names + [f"Nobody Named{n}" for n in range(count - len(names))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--names", type=int, default=100)
    args = parser.parse_args()
    import kgsearch

    with kgsearch.open_index(args.index) as ix:
        names = the_list(ix, args.names)
    with kgsearch.open_index(args.index) as ix:
        each = []
        for name in names:
            started = time.perf_counter()
            ix.names([name], by_year=True)
            each.append((time.perf_counter() - started) * 1000)
    each.sort()
    print(f"{len(names)} names, Index.names one at a time: p50 {statistics.median(each):.1f} ms, "
          f"p95 {each[int(len(each) * 0.95) - 1]:.1f} ms, max {each[-1]:.0f} ms, total {sum(each) / 1000:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "names.txt"
        listing.write_text("\n".join(names) + "\n", "utf-8")
        command = [str(Path(sys.executable).parent / "kgsearch"), "--index", str(args.index), "names", str(listing),
                   "--format", "csv", "--by-year"]
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, check=False, capture_output=True)
            runs.append(time.perf_counter() - started)
    print(f"kgsearch names (a {len(names)}-name list) --format csv --by-year as a process: "
          f"median {statistics.median(runs):.2f} s")


if __name__ == "__main__":
    main()
