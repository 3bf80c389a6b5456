"""Full rebuild over ../shared/corpora (BBC, NG, Meduza), against plain Whoosh.

Run: python benchmarks/bench_index.py [--procs auto] [--runs 3] [--keep]

Each build runs in its own process on the same files: kgsearch's bilingual
rebuild with default options (``--procs auto``: the usable CPUs, see
``index/sizing.py``) and with one process, and the yardstick, a plain Whoosh
StemmingAnalyzer index of the same documents read by the same readers. Peak
memory is the largest sum of the resident sizes of the build and its
workers, sampled every 0.1 s (``process_tree.py``). Targets: bilingual
single-process time no longer than the yardstick's; with default options at
most 0.6x the yardstick; peak memory at most 1 GB. The machine is shared and
noisy: the three builds run in turn, --runs times, and the medians are
compared; the load average is printed before and after.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpora import CORPORA, require
from process_tree import measure

PATHS = [CORPORA / "bbc", CORPORA / "ng" / "ng.jsonl", CORPORA / "meduza"]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build_kgsearch(target: Path, procs) -> dict:
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


def child(variant: str, procs, target: Path) -> None:
    start = time.perf_counter()
    result = build_plain(target) if variant == "plain" else build_kgsearch(target, procs)
    result["seconds"] = time.perf_counter() - start
    result["index_mb"] = folder_size(target) / 1e6
    target.with_suffix(".json").write_text(json.dumps(result))


def run(variant: str, procs, workdir: Path, attempt: int = 0) -> dict:
    target = workdir / f"{variant}-{procs}-{attempt}"
    peak = measure([sys.executable, __file__, "--child", variant, "--procs", str(procs), "--target", str(target)])
    if peak.returncode:
        sys.exit(f"the {variant} build failed (exit {peak.returncode})")
    result = json.loads(target.with_suffix(".json").read_text())
    result["peak_mb"] = peak.peak_rss_mb
    return result


def procs_value(text: str):
    return text if text == "auto" else int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procs", type=procs_value, default="auto",
                        help="processes for the default build (default auto, as kgsearch's own default)")
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
    from kgsearch.index.sizing import resolve_procs

    workers = resolve_procs(args.procs, sum(folder_size(p) if p.is_dir() else p.stat().st_size for p in PATHS))
    variants = [("plain Whoosh StemmingAnalyzer, 1 process", "plain", 1),
                ("kgsearch bilingual, 1 process", "kgsearch", 1),
                (f"kgsearch bilingual, --procs {args.procs} ({workers})", "kgsearch", args.procs)]
    load_before = os.getloadavg()
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
    print(f"medians of {args.runs} rounds; load average before {load_before[0]:.2f} "
          f"(5 min {load_before[1]:.2f}), after {os.getloadavg()[0]:.2f} (5 min {os.getloadavg()[1]:.2f}), "
          f"{os.cpu_count()} CPUs")
    print(f"{'build':44} {'docs':>6} {'s':>7} {'docs/s':>7} {'MB/s':>6} {'index MB':>9} {'peak MB':>8} {'x plain':>8}"
          f"  runs (s)")
    for name, r in rows:
        print(f"{name:44} {r['documents']:>6} {r['seconds']:>7.1f} {r['documents'] / r['seconds']:>7.0f} "
              f"{text_mb / r['seconds']:>6.2f} {r['index_mb']:>9.1f} {r['peak_mb']:>8.0f} "
              f"{r['seconds'] / yardstick:>8.2f}  {r['all']}")
    print("targets: 1 process <= 1.00x plain; default options <= 0.60x plain; peak memory (summed RSS) <= 1024 MB")


if __name__ == "__main__":
    main()
