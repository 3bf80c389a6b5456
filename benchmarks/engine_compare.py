"""Whoosh and Xapian on one kgsearch index: the 48 benchmark queries' totals, top 10 and times.

Run: python benchmarks/engine_compare.py --index DIR [--twin PATH] [--repeat 5] [--shards N [--tcp]]
     python benchmarks/engine_compare.py --index DIR --own [--repeat 5]

Needs the xapian extra (``pip install 'kgsearch[xapian]'``). Writes the
index's Xapian twin (``kgsearch.index.engine.xapian.writing``) into a folder
beside the index, ``DIR-xapian-twin`` (``--twin`` names another, which may be
anywhere, inside the index's folder too if so asked); a twin this benchmark
wrote of the same index generation is used again, one of another is written
anew, and a folder holding anything else is refused (``--own``: the copy of an
index built with ``--engine xapian``, whose searches then match on it). ``--shards N`` deals
the twin out over N databases searched together; ``--tcp`` searches them
through a ``xapian-tcpsrv`` each, started on 127.0.0.1 and stopped after.

For each query, compiled once by kgsearch (translation on, as a search does):
- Whoosh total: ``matchset.matching`` of the compiled query; Xapian total:
  the exact count of its translation (every document checked);
- top 10: Xapian's BM25 ten against kgsearch's own first page with every copy
  and reprint a hit of its own (``all_versions``: kgsearch's ranking, not
  folded), as the share of ids both have;
- times, warm, median of ``--repeat`` runs: kgsearch's whole search (a page
  of 10, no snippets, no semantic fusion: planning, matching, folding,
  ranking; its recent queries forgotten before each run, as bench_query.py
  does), kgsearch's matching alone, and Xapian's translation with its top 10
  and exact total, and Xapian's whole matched set (``xset``). Then median
  and p95 over every run of each. ``chk``: the phrases narrowed by their
  positions (``queries``), which Xapian's phrase window cannot say exactly.
"""

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from bench_query import QUERIES, percentile


def twin_location(index: Path, asked: str | None) -> Path:
    return Path(asked) if asked else index.parent / f"{index.name}-xapian-twin"


def ensure_twin(ix, location: Path, shards: int) -> tuple[list[Path], float | None]:
    """The twin of ``ix`` at ``location`` (its shards' folders, ``shard-N``), written unless one of the
    same generation and shards is there: (the shards, the seconds writing took, ``None``: kept)."""
    import xapian

    from kgsearch.index.engine.xapian.writing import TWIN_OF, write_twin

    source = {"index": str(Path(ix.root).resolve()), "generation": Path(ix.generation).name,
              "documents": ix.searcher.reader().doc_count(), "shards": shards}
    paths = [location / f"shard-{n}" for n in range(shards)]
    if location.exists() and any(location.iterdir()):
        kept = []
        for entry in sorted(location.iterdir()):
            try:
                kept.append(entry.name.startswith("shard-") and xapian.Database(str(entry)).get_metadata(TWIN_OF))
            except xapian.DatabaseOpeningError:
                kept.append(b"")
        if not all(kept):
            sys.exit(f"{location} holds something other than a Xapian twin this benchmark wrote; "
                     f"name an empty or new folder with --twin")
        if sorted(location.iterdir()) == paths and all(json.loads(k) == source for k in kept):
            return paths, None
        shutil.rmtree(location)  # a twin written here before, of another generation or in other shards
    location.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    write_twin(ix.searcher.reader(), paths, source=source)
    return paths, time.perf_counter() - started


def own_copy(ix) -> list[str]:
    """Where the Xapian copy of ``ix`` is, for an index built with ``--engine xapian``."""
    from kgsearch.index import store
    from kgsearch.index.engine.xapian import twins

    meta = store.read_meta(Path(ix.generation))
    if meta.get("engine") != "xapian" or not meta.get("twin"):
        sys.exit(f"{ix.root} has no Xapian copy of its own: build it with `kgsearch index rebuild --engine xapian`")
    return twins.locations(Path(ix.generation), meta)


@contextmanager
def served(paths: list[Path]):
    """``tcp://`` locations of the shards, each served by a ``xapian-tcpsrv`` on 127.0.0.1 while in use."""
    import xapian

    from kgsearch.index.engine.xapian.searching import open_database

    server = shutil.which("xapian-tcpsrv")
    if server is None:
        sys.exit("xapian-tcpsrv is not on PATH (Debian: xapian-tools)")
    started, locations = [], []
    try:
        for path in paths:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            started.append(subprocess.Popen([server, "--quiet", "--interface", "127.0.0.1", "--port", str(port),
                                             str(path)], stdout=subprocess.DEVNULL))
            locations.append(f"tcp://127.0.0.1:{port}")
        for location, process in zip(locations, started):
            deadline = time.monotonic() + 10
            while True:
                try:
                    open_database(location).close()
                    break
                except xapian.NetworkError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        sys.exit(f"xapian-tcpsrv did not start at {location}")
                    time.sleep(0.05)
        yield locations
    finally:
        for process in started:
            process.kill()
            process.wait()


def timed(function, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, help="a kgsearch index (e.g. of ../shared/corpora)")
    parser.add_argument("--twin", help="where the Xapian twin is written (default: beside the index)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shards", type=int, default=1, help="the twin dealt out over this many databases")
    parser.add_argument("--tcp", action="store_true", help="search the shards through xapian-tcpsrv servers")
    parser.add_argument("--own", action="store_true",
                        help="compare with the index's own Xapian copy (built with --engine xapian), none written")
    args = parser.parse_args()
    if args.shards < 1:
        sys.exit(f"--shards counts from 1, not {args.shards}")
    try:
        import xapian  # noqa: F401
    except ImportError:
        sys.exit("the Xapian bindings are not installed: pip install 'kgsearch[xapian]'")

    import kgsearch
    from kgsearch.index.engine.xapian.searching import XapianSearcher

    index = Path(args.index)
    if not Path(index, "CURRENT").exists():
        sys.exit(f"{index} is not a kgsearch index (no CURRENT): build one with kgsearch --index DIR index rebuild")
    with kgsearch.open_index(index) as ix:
        if args.own:
            locations = own_copy(ix)
            print(f"{ix.searcher.reader().doc_count()} documents; the index's own Xapian copy {', '.join(locations)}")
            compare(ix, XapianSearcher(locations), args.repeat)
            return
        paths, took = ensure_twin(ix, twin_location(index, args.twin), args.shards)
        documents = ix.searcher.reader().doc_count()
        print(f"{documents} documents; twin {paths[0].parent}, {args.shards} shard(s)"
              + (f" written in {took:.1f} s" if took is not None else " (kept)")
              + (", searched through xapian-tcpsrv" if args.tcp else ""))
        with served(paths) if args.tcp else nullcontext(paths) as locations:
            compare(ix, XapianSearcher(locations), args.repeat)


def compare(ix, xs, repeat: int) -> None:
    """Runs the queries on both engines and prints the table and the times."""
    from kgsearch.budget import Budget
    from kgsearch.index.engine.xapian.queries import Translator
    from kgsearch.matchset import matching
    from kgsearch.recent import Recent

    page = dict(limit=10, snippets=False, all_versions=True, semantic=False)

    def search(q, **asked):
        ix._planner.recent, ix._matcher.recent = Recent(64), Recent(8)  # each run does its work
        return ix.search(q, **(page | asked))

    rows, all_times = [], {"search": [], "folded": [], "match": [], "xapian": [], "xset": []}
    for text in QUERIES:
        search(text)  # warm
        compiled = ix._planner.understand(text, True, Budget()).query
        whoosh_ids = matching(ix.searcher, compiled)
        translator = Translator(xs.database)
        translated = translator.translate(compiled)
        total, hits = xs.top(translated, 10)
        same = xs.matching(translated) == whoosh_ids
        results = search(text)
        theirs = {hit.id for hit in results.hits}
        overlap = len(theirs & {hit.id for hit in hits}) / max(1, min(10, len(theirs)))
        t_search, _ = timed(lambda: search(text), repeat)
        t_match, _ = timed(lambda: matching(ix.searcher, compiled), repeat)
        t_xapian, _ = timed(lambda: xs.top(Translator(xs.database).translate(compiled), 10), repeat)
        t_xset, _ = timed(lambda: xs.matching(Translator(xs.database).translate(compiled)), repeat)
        t_folded, _ = timed(lambda: search(text, all_versions=False), repeat)
        for name, times in (("search", t_search), ("folded", t_folded), ("match", t_match), ("xapian", t_xapian),
                            ("xset", t_xset)):
            all_times[name] += times
        rows.append((text, len(whoosh_ids), total, same, translator.checked_phrases, overlap, results.total,
                     statistics.median(t_search), statistics.median(t_match), statistics.median(t_xapian),
                     statistics.median(t_xset)))

    print(f"{'query':40} {'whoosh':>6} {'xapian':>6} {'set':>4} {'chk':>3} {'top10':>5} {'kg.tot':>6} "
          f"{'search':>7} {'match':>7} {'xapian':>7} {'xset':>7}  (ms, median of {repeat})")
    for text, w, x, same, checked, overlap, shown, ts, tm, tx, tset in rows:
        print(f"{text[:40]:40} {w:6} {x:6} {'=' if same else 'DIFF':>4} {checked:3} {overlap:5.0%} {shown:6} "
              f"{ts:7.2f} {tm:7.2f} {tx:7.2f} {tset:7.2f}")
    differ = [row[0] for row in rows if not row[3] or row[1] != row[2]]
    print(f"matched sets equal: {len(rows) - len(differ)}/{len(rows)}" + (f"; differ: {differ}" if differ else ""))
    print(f"top-10 overlap (Xapian BM25 vs kgsearch, every version): mean "
          f"{statistics.mean(row[5] for row in rows):.0%}, median {statistics.median(row[5] for row in rows):.0%}")
    for name, label in (("search", "kgsearch search (page of 10)"), ("folded", "the same, each story once"),
                        ("match", "kgsearch matching"),
                        ("xapian", "Xapian top 10 + exact total"), ("xset", "Xapian matched set")):
        times = all_times[name]
        print(f"{label:32} p50 {statistics.median(times):7.2f} ms  p95 {percentile(times, 95):7.2f} ms "
              f"({len(times)} runs)")
    xs.close()


if __name__ == "__main__":
    main()
