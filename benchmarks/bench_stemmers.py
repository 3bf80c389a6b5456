"""The import time of each English Snowball stemmer, in a process that has loaded what any query
loads (whoosh, click, rich), alternating, from ``python -X importtime``.

Run: python benchmarks/bench_stemmers.py [--runs 15]

nltk's (``nltk.stem.snowball``, which runs ``nltk/__init__``) is the stemmer of
record, which builds the index; Whoosh's copy (``whoosh.lang.snowball.english``)
is the one a query uses (see ``kgsearch.analyzers.english``). Each run's time
is the sum of ``-X importtime``'s cumulative times of the modules the stemmer's
import statement loads, past what was loaded already; the medians are printed
with the load average, and each process's wall time for the import and the
first stem.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

BARE = "import whoosh.index, whoosh.query, click, rich.console"
MARK = "-- the stemmer --"
STEMMERS = {
    "nltk.stem.snowball": "from nltk.stem.snowball import SnowballStemmer; s = SnowballStemmer('english')",
    "whoosh.lang.snowball": "from whoosh.lang.snowball.english import EnglishStemmer; s = EnglishStemmer()",
}
SCRIPT = ("{bare}\nimport sys, time\nprint({mark!r}, file=sys.stderr, flush=True)\nstarted = time.perf_counter()\n"
          "{load}\ns.stem('railwaymen')\nprint(time.perf_counter() - started)")


def measure(load: str, env: dict) -> tuple[float, float]:
    """(import time by -X importtime, wall time of import and first stem), in seconds."""
    script = SCRIPT.format(bare=BARE, mark=MARK, load=load)
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", script], env=env, capture_output=True,
                          text=True, check=True, cwd=tempfile.gettempdir())
    after = done.stderr.split(MARK, 1)[1].splitlines()
    # Lines read "import time: self | cumulative | name"; a top-level import's name has one space before it.
    top = [line.split("|") for line in after if line.startswith("import time:")]
    cumulative = sum(int(fields[1]) for fields in top if not fields[2].startswith("  "))
    return cumulative / 1e6, float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(tmp, "bytecode"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for load in STEMMERS.values():
            measure(load, env)  # compiles the modules once: a user's installed packages have bytecode
        print(f"{args.runs} runs each, alternating; load before: {os.getloadavg()[0]:.2f}")
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in STEMMERS}
        for _ in range(args.runs):
            for name, load in STEMMERS.items():
                times[name].append(measure(load, env))
        for name, runs in times.items():
            imported = statistics.median(t for t, _ in runs)
            wall = statistics.median(w for _, w in runs)
            print(f"{name:24} -X importtime {imported * 1000:7.1f} ms   import and first stem {wall * 1000:7.1f} ms")
        nltk_ms, whoosh_ms = (statistics.median(t for t, _ in times[name]) for name in STEMMERS)
        print(f"ratio nltk / whoosh: {nltk_ms / whoosh_ms:.0f}")
        print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
