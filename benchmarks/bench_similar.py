"""What grouping reprints costs at index time, and a sample of grouped pairs to read.

    python benchmarks/bench_similar.py                      # builds ng.jsonl + the BBC folders in a temporary folder
    python benchmarks/bench_similar.py --index DIR          # an index already built
    python benchmarks/bench_similar.py --pairs 50 --seed 1  # also print 50 grouped pairs, to judge by reading

Prints the seconds and the memory (peak of Python's allocations, tracemalloc) of
``similar.record`` on the index: signing every text (a first build, or an index
made before signatures were kept) and with every signature kept (what an update
pays for the grouping when it adds nothing new), then the groups found. A pair is
two different texts of one group, shown with its estimated and its exact Jaccard
similarity, titles, sources and openings.
"""

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from corpora import CORPORA, require

from kgsearch.index import minhash, rebuild, similar, store


def timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def peak_mb(function) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an index already built (default: build the corpora's)")
    parser.add_argument("--pairs", type=int, default=0, help="print this many grouped pairs, chosen at random")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.index
        if root is None:
            root = Path(scratch) / "ix"
            paths = [require(CORPORA / "ng" / "ng.jsonl"), require(CORPORA / "bbc")]
            report, seconds = timed(lambda: rebuild(root, paths))
            print(f"built {report.documents} documents of ng.jsonl and bbc/ in {seconds:.1f} s (grouping included)")
        generation, _, ix = store.open_current(store.resolve(root))
        signatures = generation / similar.SIGNATURES
        kept = signatures.read_bytes() if signatures.exists() else None
        signatures.unlink(missing_ok=True)
        counts, cold = timed(lambda: similar.record(ix))
        print(f"signing and grouping {counts['texts']} texts: {cold:.2f} s "
              f"({cold / max(counts['texts'], 1) * 1000:.2f} ms a text)")
        signatures.unlink()
        print(f"  peak memory {peak_mb(lambda: similar.record(ix)):.1f} MB")
        _, warm = timed(lambda: similar.record(ix))
        print(f"grouping with every signature kept (an update): {warm:.2f} s, "
              f"peak memory {peak_mb(lambda: similar.record(ix)):.1f} MB")
        print(f"signatures.bin {signatures.stat().st_size / 2**20:.1f} MB "
              f"({minhash.SIZE + 20} bytes a text), similar.json "
              f"{(generation / similar.FILE).stat().st_size / 1024:.0f} KB")
        if kept is not None:
            signatures.write_bytes(kept)
        print(f"threshold {similar.THRESHOLD} (estimated Jaccard of {minhash.SHINGLE_WORDS}-word shingles): "
              f"{counts['groups']} groups of {counts['grouped_documents']} documents")
        with ix.searcher() as searcher:
            report_groups(searcher, generation, args.pairs, args.seed)


def report_groups(searcher, generation: Path, pairs: int, seed: int) -> None:
    import json

    groups = json.loads((generation / similar.FILE).read_text("utf-8"))["groups"]
    sizes = sorted((len(g) for g in groups), reverse=True)
    print(f"  group sizes: largest {sizes[:5]}, {sum(s == 2 for s in sizes)} of two")
    stored = searcher.stored_fields
    candidates = []
    for group in groups:
        texts = {}
        for docnum in group:
            texts.setdefault(stored(docnum)["content_hash"], docnum)
        firsts = sorted(texts.values())
        candidates += [(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:]]
    print(f"  {len(candidates)} pairs of different texts grouped")
    for number, (a, b) in enumerate(random.Random(seed).sample(candidates, min(pairs, len(candidates))), 1):
        one, two = stored(a), stored(b)
        estimate = minhash.resemblance(minhash.signature(one["body"]), minhash.signature(two["body"]))
        x, y = minhash.shingles(one["body"]), minhash.shingles(two["body"])
        print(f"\n#{number} estimated {estimate:.2f}, exact Jaccard {len(x & y) / len(x | y):.2f}, "
              f"containment {len(x & y) / min(len(x), len(y)):.2f}")
        for doc in (one, two):
            print(f"  [{doc.get('source') or '-'}] {doc['path']} {doc.get('key') or ''}")
            print(f"    {doc['title'][:110]!r}")
            print(f"    {' '.join(doc['body'].split())[:300]!r}")


if __name__ == "__main__":
    sys.exit(main())
