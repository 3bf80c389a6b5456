"""Full rebuild over ../shared/corpora (BBC, NG, Meduza), against plain Whoosh.

Run: python benchmarks/bench_index.py [--procs 2] [--runs 3] [--keep]

Each build runs in its own process (so peak memory is its own) on the same
files: kgsearch's bilingual rebuild with one process and with --procs, and
the yardstick, a plain Whoosh StemmingAnalyzer index of the same documents
read by the same readers. Targets: bilingual single-process time no longer
than the yardstick's; with both cores at most 0.6x the yardstick; peak
memory at most 1 GB. The machine is shared and noisy: the three builds run
in turn, --runs times, and the medians are compared.
"""

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import CORPORA, require

PATHS = [CORPORA / "bbc", CORPORA / "ng" / "ng.jsonl", CORPORA / "meduza"]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build_kgsearch(target: Path, procs: int) -> dict:
    from kgsearch.index import rebuild

    report = rebuild(target, [str(p) for p in PATHS], procs=procs)
    return {"documents": report.documents, "skipped": len(report.skipped)}


def build_plain(target: Path) -> dict:
    """The yardstick: the same documents in a StemmingAnalyzer index, no metadata work."""
    from whoosh import index as whoosh_index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, STORED, TEXT, Schema

    from kgsearch.index.files import iter_documents

    analyzer = StemmingAnalyzer()
    schema = Schema(id=ID(stored=True, unique=True), path=ID(stored=True), date_text=STORED(),
                    title=TEXT(analyzer=analyzer, stored=True, phrase=True, field_boost=2.0),
                    body=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True))
    target.mkdir(parents=True)
    ix = whoosh_index.create_in(target, schema)
    writer = ix.writer(limitmb=256)
    count = 0
    for doc in iter_documents(PATHS):
        writer.add_document(id=f"{doc.path}#{doc.key}", path=doc.path, title=doc.title, body=doc.body,
                            date_text=doc.date.iso if doc.date else "")
        count += 1
    writer.commit()
    return {"documents": count, "skipped": 0}


def child(variant: str, procs: int, target: Path) -> None:
    start = time.perf_counter()
    result = build_plain(target) if variant == "plain" else build_kgsearch(target, procs)
    result["seconds"] = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = peak / 1024
    result["index_mb"] = folder_size(target) / 1e6
    print(json.dumps(result))


def run(variant: str, procs: int, workdir: Path, attempt: int = 0) -> dict:
    target = workdir / f"{variant}-{procs}-{attempt}"
    out = subprocess.run([sys.executable, __file__, "--child", variant, "--procs", str(procs),
                          "--target", str(target)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procs", type=int, default=2, help="processes for the parallel build (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of the three builds (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the built indexes")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.procs, Path(args.target))
        return

    for path in PATHS:
        require(path)
    text_mb = sum(folder_size(p) if p.is_dir() else p.stat().st_size for p in PATHS) / 1e6
    workdir = Path(tempfile.mkdtemp(prefix="kgsearch-bench-"))
    variants = [("plain Whoosh StemmingAnalyzer, 1 process", "plain", 1),
                ("kgsearch bilingual, 1 process", "kgsearch", 1),
                (f"kgsearch bilingual, {args.procs} processes", "kgsearch", args.procs)]
    measured = {name: [] for name, _, _ in variants}
    try:
        for attempt in range(args.runs):
            for name, variant, procs in variants:
                measured[name].append(run(variant, procs, workdir, attempt))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    rows = []
    for name, results in measured.items():
        median = dict(results[0])
        for key in ("seconds", "peak_mb", "index_mb"):
            median[key] = statistics.median(r[key] for r in results)
        median["all"] = [round(r["seconds"], 1) for r in results]
        rows.append((name, median))
    yardstick = rows[0][1]["seconds"]
    print(f"corpus: BBC + NG + Meduza, {text_mb:.1f} MB of files")
    print(f"medians of {args.runs} rounds")
    print(f"{'build':44} {'docs':>6} {'s':>7} {'docs/s':>7} {'MB/s':>6} {'index MB':>9} {'peak MB':>8} {'x plain':>8}"
          f"  runs (s)")
    for name, r in rows:
        print(f"{name:44} {r['documents']:>6} {r['seconds']:>7.1f} {r['documents'] / r['seconds']:>7.0f} "
              f"{text_mb / r['seconds']:>6.2f} {r['index_mb']:>9.1f} {r['peak_mb']:>8.0f} "
              f"{r['seconds'] / yardstick:>8.2f}  {r['all']}")
    print("targets: 1 process <= 1.00x plain; parallel <= 0.60x plain; peak memory <= 1024 MB")


if __name__ == "__main__":
    main()
