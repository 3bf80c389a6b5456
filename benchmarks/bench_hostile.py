"""Peak memory and time of indexing oversized files: a 50 MB text, a 10 MB line.

Run: python benchmarks/bench_hostile.py

Each file is indexed alone by a fresh process (`kgsearch index rebuild`), so
its peak resident memory is that file's. Text files are read up to 32 MB and
cut to 5 million characters (index/files.py), which is what bounds memory.
"""

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("железная дорога Китай Кыргызстан Узбекистан строительство министр иностранных дел "
         "railway checkpoint Bishkek Beijing agreement cooperation summit Belt and Road").split()


def make(path: Path, megabytes: int, newlines: bool) -> None:
    rng = random.Random(megabytes)
    with path.open("w", encoding="utf-8") as out:
        written = 0
        out.write("Oversized file\n\n")
        while written < megabytes * 2**20:
            line = " ".join(rng.choice(WORDS) for _ in range(12)) + ("\n" if newlines else " ")
            out.write(line)
            written += len(line.encode())


CHILD = """
import resource, sys
from kgsearch.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    print("peak", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def index_alone(path: Path, workdir: Path) -> tuple[float, float, str]:
    """Index one file in a fresh process; its own peak resident memory in MB."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", CHILD, "index", "rebuild", str(path),
                             "--index", str(workdir / f"ix-{path.stem}"), "--verbose"],
                            capture_output=True, text=True, check=True)
    lines = result.stdout.strip().splitlines()
    peak_kb = int(lines[-1].split()[1])
    return time.perf_counter() - started, peak_kb / 1024, lines[-2]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name, megabytes, newlines in (("text-50mb.txt", 50, True), ("line-10mb.txt", 10, False)):
            path = workdir / name
            make(path, megabytes, newlines)
            seconds, peak_mb, last = index_alone(path, workdir)
            size = path.stat().st_size / 2**20
            print(f"{name}: {size:.0f} MB indexed in {seconds:.1f} s, peak memory {peak_mb:.0f} MB")
            print(f"    {last}")


if __name__ == "__main__":
    main()
