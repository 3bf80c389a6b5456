"""What an update of one file and an edit of one document cost an index whose engine is Xapian:
its copy brought up to date where it is (``updating``) against written whole (as before it).

    python benchmarks/bench_twin_update.py [--shard tcp://H:P ...] [--runs 3]

Indexes ../shared/corpora (BBC, NG, Meduza: 4,313 documents) and a folder of its own with
``--engine xapian`` (on the shards given, else locally) into a temporary folder, removed after.
Each run adds one file to that folder (a seed, under a new name) and updates, then edits one
document's date, once in place and once whole, in turn; prints the medians (the whole command,
and the copy's part of an update); nothing is asserted.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import CORPORA, SHARED, require  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402

from kgsearch.index import rebuild, store, update  # noqa: E402
from kgsearch.index.build import correct  # noqa: E402
from kgsearch.index.engine.xapian import updating  # noqa: E402


@contextmanager
def whole_only(whole: bool):
    """The copy written whole, as before in-place updates (``updating.update`` declining)."""
    kept = updating.update
    if whole:
        updating.update = lambda *args, **kwargs: None
    try:
        yield
    finally:
        updating.update = kept


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shard", action="append", default=[])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpora = [require(CORPORA / name) for name in ("bbc", "ng", "meduza")]
    seeds = sorted(require(SHARED / "seeds").glob("*.txt"))
    work = Path(tempfile.mkdtemp(prefix="bench-twin-"))
    location, added = work / "ix", work / "added"
    added.mkdir()
    try:
        paths = corpora + [added]
        started = time.perf_counter()
        report = rebuild(location, paths, procs=1, engine="xapian", shards=args.shard)
        print(f"indexed {report.documents} documents in {time.perf_counter() - started:.1f} s "
              f"(the copy {report.twin_seconds:.1f} s) → {location}")
        with whoosh_index.open_dir(store.current(location)).searcher() as searcher:
            doc_id = searcher.stored_fields(0)["id"]
        times = {(what, mode): [] for what in ("update", "copy of update", "edit") for mode in ("in place", "whole")}
        n = 0
        for _ in range(args.runs):
            for mode in ("in place", "whole"):
                n += 1
                shutil.copy(seeds[n % len(seeds)], added / f"added-{n}.txt")
                with whole_only(mode == "whole"):
                    started = time.perf_counter()
                    report = update(location)
                    times["update", mode].append(time.perf_counter() - started)
                    times["copy of update", mode].append(report.twin_seconds)
                    started = time.perf_counter()
                    correct(location, doc_id, {"date": f"19{n:02d}-05-01"})
                    times["edit", mode].append(time.perf_counter() - started)
        documents = store.read_meta(store.current(location))
        print(f"{sum(r.get('documents', 0) for r in documents['files'].values())} documents"
              f"{' on ' + ', '.join(args.shard) if args.shard else ' (local copy)'}; medians of {args.runs}:")
        for (what, mode), found in times.items():
            print(f"  {what:15} {mode:8} {statistics.median(found):7.2f} s  ({', '.join(f'{t:.2f}' for t in found)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
