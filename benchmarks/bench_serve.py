"""`kgsearch serve` under load: 20 concurrent local clients for 30 seconds; or, with --static-wait,
how long the stylesheet waits behind the heaviest request the API allows.

Run: python benchmarks/bench_serve.py [--index DIR] [--clients 20] [--seconds 30] [--url URL]
     python benchmarks/bench_serve.py --static-wait [--runs 5] [--index DIR] [--url URL]

Starts `kgsearch serve` on a free port over --index (by default, builds an
index of ../shared/corpora: BBC, NG, Meduza, as bench_query.py does), then
each client fetches search pages (the HTML a browser gets: hits, snippets,
facets) and /api/search answers for bench_query.py's 48 queries, one after
another, with no pause. Prints the requests done, p50/p95/p99 latency and the
errors (any status but 200, or a failed connection). With --url, loads a
server already running there instead (another version of kgsearch, say).

--static-wait: each run sends the heaviest /api/trend the API takes (see
heaviest_trend) and, half a second later, while it runs, GETs
/static/kgsearch.css; prints the stylesheet's wait (median and the worst of
--runs) and what the trend took and answered.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from bench_query import QUERIES, build, percentile


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(index: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "kgsearch", "--index", str(index), "serve", "--port", str(port)],
                              cwd=tempfile.gettempdir(), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/facets?field=lang", timeout=5).read()
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer within 60 s")


def client(base: str, number: int, stop: float, latencies: list, errors: list) -> None:
    at = number  # each client starts at another query
    while time.monotonic() < stop:
        query = QUERIES[at % len(QUERIES)]
        path = "/api/search" if at % 2 else "/"
        at += 1
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}{path}?{urlencode({'q': query})}", timeout=30) as answer:
                answer.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:  # HTTPError: any status but 2xx
            errors.append(f"{path} {query}: {error}")
        latencies.append(time.perf_counter() - started)


LETTERS = "abcdefghiklmnoprstuvwабвгдеиклмнопрст"
SETTLE = 0.5  # seconds between sending the trend and the stylesheet: the trend is under way


def heaviest_trend(run: int) -> str:
    """The most expensive /api/trend the API allows: as many queries as a trend may have, each
    every letter's prefix (a* OR b* OR … OR т*: as many terms as a query may expand to), by
    week. Each query of each run is written anew (its letters from another, a word the index
    lacks), so that none is in the server's caches."""
    from kgsearch.web import MAX_QUERIES

    queries = []
    for n in range(MAX_QUERIES):
        start = run * MAX_QUERIES + n
        letters = LETTERS[start % len(LETTERS):] + LETTERS[:start % len(LETTERS)]
        queries.append(" OR ".join(f"{letter}*" for letter in letters) + f" OR unseen{start}")
    return "/api/trend?" + urlencode([("q", q) for q in queries] + [("by", "week")])


def static_wait(base: str, runs: int) -> None:
    waits, trends = [], []
    for run in range(runs):
        answered = {}

        def heavy(path=heaviest_trend(run)):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=600) as answer:
                    answered["status"] = answer.status
                    answer.read()
            except urllib.error.HTTPError as error:  # 400: the budget stopped it
                answered["status"] = error.code
            answered["seconds"] = time.perf_counter() - started

        trend = threading.Thread(target=heavy)
        trend.start()
        time.sleep(SETTLE)
        started = time.perf_counter()
        with urllib.request.urlopen(base + "/static/kgsearch.css", timeout=600) as answer:
            answer.read()
        waits.append(time.perf_counter() - started)
        trend.join()
        trends.append((answered["seconds"], answered["status"]))
        print(f"run {run + 1}: stylesheet {waits[-1] * 1000:.1f} ms; trend {answered['seconds']:.1f} s, "
              f"status {answered['status']}")
    ms = sorted(w * 1000 for w in waits)
    print(f"stylesheet behind the heaviest trend, {runs} runs against {base}: median {percentile(ms, 50):.1f} ms, "
          f"worst {ms[-1]:.1f} ms; the trend took median {percentile([t for t, _ in trends], 50):.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an index to serve (default: build one of the corpora)")
    parser.add_argument("--url", help="load a server already running here (http://127.0.0.1:8765)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--static-wait", action="store_true",
                        help="time the stylesheet behind the heaviest trend the API allows, instead")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    server = None
    workdir = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        index = args.index
        if index is None:
            workdir = tempfile.TemporaryDirectory()
            index = Path(workdir.name) / "index"
            build(index)
        port = free_port()
        server = start(index, port)
        base = f"http://127.0.0.1:{port}"
    try:
        if args.static_wait:
            urllib.request.urlopen(f"{base}/static/kgsearch.css", timeout=60).read()
            return static_wait(base, args.runs)
        for query in QUERIES:  # warm: each query once, page and API
            for path in ("/", "/api/search"):
                urllib.request.urlopen(f"{base}{path}?{urlencode({'q': query})}", timeout=60).read()
        latencies: list[float] = []
        errors: list[str] = []
        stop = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(base, n, stop, latencies, errors))
                   for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if workdir is not None:
            workdir.cleanup()
    ms = [s * 1000 for s in latencies]
    print(f"{args.clients} clients x {args.seconds:.0f} s against {base} ({os.cpu_count()} cores): "
          f"{len(ms)} requests, {len(ms) / args.seconds:.1f}/s")
    print(f"latency p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, p99 {percentile(ms, 99):.1f} ms")
    print(f"errors {len(errors)}")
    for error in errors[:5]:
        print(f"  {error}")


if __name__ == "__main__":
    main()
