"""A cold `kgsearch query` process against a bare Python process that imports what any such tool
must (whoosh, click, rich), alternating, on one index.

Run: python benchmarks/bench_cold.py [--index DIR] [--runs 15] [--query railway]...

Without --index it builds the demo index in a temporary folder. The default
queries are ``railway`` and ``railwaymen``, an inflection the demo index does
not write: the word table lacks it, and the query stems it. The two
kinds of process alternate, so that a noisy machine slows both alike; the
medians and their ratio are printed (target: at most 1.6), with the load
average, and whether the query process imported nltk or pymorphy3.
Each query runs once before timing, so that the glossary's on-disk cache is
warm, as it is for a user after their first query. Both kinds of process
read compiled bytecode (kept in a temporary folder, ``PYTHONPYCACHEPREFIX``),
as an installed kgsearch and its libraries have it; ``--no-bytecode`` leaves
the environment as it is (with ``PYTHONDONTWRITEBYTECODE`` set, every module is
compiled from source in every process, kgsearch's and the libraries' alike).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = "import whoosh.index, whoosh.query, click, rich.console"
# Which heavy libraries a query process loaded, said as it ends (a query ends with os._exit,
# skipping the interpreter's teardown: the report is made on the way).
PROBE = ("import os, sys, runpy; sys.argv = ['kgsearch', *sys.argv[1:]]\n"
         "def report():\n"
         "    print(sorted(m for m in ('nltk', 'pymorphy3') if m in sys.modules), file=sys.stderr, flush=True)\n"
         "end = os._exit\n"
         "os._exit = lambda status: (report(), end(status))\n"
         "try:\n    runpy.run_module('kgsearch', run_name='__main__')\n"
         "except SystemExit:\n    pass\n"
         "report()")


def timed(command: list[str], env: dict, cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def _kgsearch() -> list[str]:
    """The ``kgsearch`` command installed beside this Python, as a user runs it; else ``python -m``."""
    script = Path(sys.executable).parent / "kgsearch"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kgsearch"]


def build_demo(folder: Path) -> Path:
    target = folder / "demo"
    subprocess.run([sys.executable, "-m", "kgsearch", "--index", str(target), "index", "rebuild", "--quiet",
                    str(_demo_corpus())], check=True, capture_output=True, cwd=folder)
    return target


def _demo_corpus() -> str:
    out = subprocess.run([sys.executable, "-c", "from kgsearch.index import demo_corpus; print(demo_corpus())"],
                         check=True, capture_output=True, text=True, cwd=tempfile.gettempdir())
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index folder (default: the demo index, built in a temporary folder)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--query", action="append", help="a query (repeatable; default: railway, railwaymen)")
    parser.add_argument("--json", action="store_true", help="query with --json --facets")
    parser.add_argument("--no-bytecode", action="store_true", help="do not give the processes a bytecode cache")
    args = parser.parse_args()
    queries = args.query or ["railway", "railwaymen"]
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(args.index) if args.index else build_demo(Path(tmp))
        env = dict(os.environ, KGSEARCH_INDEX=str(index.resolve()))
        if not args.no_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
            timed([sys.executable, "-c", BARE], env, tmp)  # compiles the libraries' modules once
        extra = ["--json", "--facets"] if args.json else []
        print(f"index {index}; {args.runs} runs each, alternating; "
              f"{'no bytecode cache' if args.no_bytecode else 'bytecode cached'}; "
              f"load before: {os.getloadavg()[0]:.2f}")
        for query in queries:
            command = [*_kgsearch(), "query", query, *extra]
            timed(command, env, tmp)  # warms the glossary's cache (and the bytecode)
            probe = subprocess.run([sys.executable, "-c", PROBE, "query", query, *extra], env=env, cwd=tmp,
                                   capture_output=True, text=True)
            imported = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "?"
            bare, cold = [], []
            for _ in range(args.runs):
                bare.append(timed([sys.executable, "-c", BARE], env, tmp))
                cold.append(timed(command, env, tmp))
            b, c = statistics.median(bare), statistics.median(cold)
            print(f"{query!r:32} bare {b * 1000:6.0f} ms  query {c * 1000:6.0f} ms  ratio {c / b:.2f}  "
                  f"heavy imports: {imported}")
        print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
