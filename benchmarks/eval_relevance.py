"""Search quality, measured: MAP, nDCG@10, recall@10 and recall@100 per query group.

Run: python benchmarks/eval_relevance.py [--judged FILE] [--collection PATH] [--groups ...]

With no --judged file, the judged set is made from ../shared/corpora/ng/ng.jsonl:
every publisher tag with 5 to 150 articles is a query and the articles tagged
with it are the relevant ones, in three groups — the tag as written; the tag
inflected as a user types it in a sentence (pymorphy3: genitive plural,
instrumental, ...); the tag with a typo in one word of at least 6 letters.
The same run measures kgsearch and two baselines on the same documents:
Whoosh's LanguageAnalyzer("ru") (its Russian Snowball stemmer) and Whoosh's
plain StandardAnalyzer, both with the title weighted twice, all words
required.

A judged set of your own is JSON Lines, one query a line:
    {"id": "q1", "group": "as written", "query": "выборы", "relevant": ["KEY", ...]}
where each KEY is a record's id (or url) in --collection, or a file path.
"""

import argparse
import atexit
import json
import random
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from corpora import CORPORA, ng_tagged, require

GROUPS = ("as written", "inflected", "typo")
# The forms a tag takes in a sentence; each tag gets one, in turn.
FORMS = [{"gent", "plur"}, {"ablt"}, {"loct"}, {"gent"}, {"datv", "plur"}, {"ablt", "plur"}]


def load_judged(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def ng_judged(ng: Path, seed: int = 7) -> list[dict]:
    """The judged set made from the NG tags (see the module docstring)."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    tagged = ng_tagged(ng)
    rng = random.Random(seed)
    judged = []
    tags = sorted(t for t, docs in tagged.items() if 5 <= len(docs) <= 150)
    for n, tag in enumerate(tags):
        relevant = sorted(tagged[tag])
        judged.append({"id": f"t{n}", "group": "as written", "query": tag, "relevant": relevant})
        inflected = inflect(morph, tag, FORMS[n % len(FORMS)])
        if inflected and inflected != tag:
            judged.append({"id": f"t{n}", "group": "inflected", "query": inflected, "relevant": relevant})
        misspelt = typo(tag, rng)
        if misspelt:
            judged.append({"id": f"t{n}", "group": "typo", "query": misspelt, "relevant": relevant})
    return judged


def inflect(morph, phrase: str, grammemes: set[str]) -> str | None:
    """``phrase`` with its nouns (and the adjectives agreeing with them) in another case."""
    words = phrase.split()
    out = []
    for word in words:
        parse = morph.parse(word)[0]
        if parse.tag.POS not in ("NOUN", "ADJF", "PRTF"):
            out.append(word)
            continue
        wanted = set(grammemes)
        if "plur" not in wanted and "plur" in parse.tag:
            wanted.add("plur")
        form = parse.inflect(wanted) or parse.inflect(grammemes - {"plur"})
        out.append(form.word if form else word)
    result = " ".join(out)
    return result if result != phrase else None


def typo(phrase: str, rng: random.Random) -> str | None:
    """``phrase`` with two neighbouring letters swapped, or one dropped, in a word of 6+ letters."""
    words = phrase.split()
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    word = words[i]
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        word = word[:at] + word[at + 1 :]
    words[i] = word
    return " ".join(words)


class Kgsearch:
    name = "kgsearch"

    def __init__(self, location, collection: Path, autocorrect=True, translate=True, semantic=None,
                 all_versions=False):
        import kgsearch
        from kgsearch.index import document_id

        self.ix = kgsearch.open_index(location)
        self.path = str(collection.resolve())
        self.document_id = document_id
        self.autocorrect = autocorrect
        self.translate = translate
        self.semantic = semantic  # kgsearch[semantic]: None, where the index has vectors
        self.all_versions = all_versions

    def ids(self, keys):
        """Index ids of judged keys: record ids in a records file, or file paths in a folder."""
        if Path(self.path).is_dir():
            return {self.document_id(str((Path(self.path) / key).resolve()), "") for key in keys}
        return {self.document_id(self.path, key) for key in keys}

    def search(self, query: str, limit: int) -> list[str]:
        from kgsearch import QueryError

        try:
            # The search itself shows the correction's results when the query finds nothing;
            # a suggestion beside results that were found stays a hint, as a user sees it.
            results = self.ix.search(query, limit=limit, snippets=False, translate=self.translate,
                                     correct=self.autocorrect, semantic=self.semantic,
                                     all_versions=self.all_versions)
        except QueryError:
            return []
        # A hit stands for its copies (the same text under another url) and its other versions
        # (a reprint of the story): a user sees them listed with it, so each counts as found at
        # the hit's rank; so does the story in another language (kgsearch[semantic]), listed with it too.
        return [doc_id for h in results.hits
                for doc_id in (h.id, *(c["id"] for c in (*h.copies, *h.similar, *h.translations)))]


class XapianRanked:
    """kgsearch's compiled query (the same one kgsearch matches, relaxed where it relaxes) ranked by
    Xapian's BM25 over the index's Xapian copy (``pip install 'kgsearch[xapian]'``): each document
    its own hit, as kgsearch's own with ``all_versions`` (measured beside it)."""

    def __init__(self, kg: "Kgsearch", twin: Path, bm25: dict | None = None):
        from kgsearch.index.engine.xapian import searching

        from kgsearch.index.engine.xapian import queries

        bm25 = dict(bm25 or {})
        if "title" in bm25:
            queries.FIELD_WEIGHTS = {**queries.FIELD_WEIGHTS, "title": bm25.pop("title")}
        if bm25:
            searching.BM25 = {**searching.BM25, **bm25}
        self.name = "kgsearch on Xapian, BM25 " + ",".join(f"{k}={v}" for k, v in searching.BM25.items()
                                                            if k in ("k1", "b")) + \
            f", title x{queries.FIELD_WEIGHTS['title']}"
        self.kg = kg
        self.xs = searching.XapianSearcher([twin])

    def ids(self, keys):
        return self.kg.ids(keys)

    def search(self, query: str, limit: int) -> list[str]:
        from kgsearch import QueryError
        from kgsearch.budget import Budget

        ix = self.kg.ix
        try:
            plan = ix._planner.understand(query, self.kg.translate, Budget())
            compiled = ix._matcher._match(plan, None, Budget(), None).query
        except QueryError:
            return []
        _, hits = self.xs.top(self.xs.query(compiled), limit)
        return [hit.id for hit in hits]


def xapian_copy(location, workdir: Path) -> Path:
    """The Xapian copy of the kgsearch index at ``location``, written into ``workdir``."""
    import kgsearch
    from kgsearch.index.engine.xapian.writing import write_twin

    twin = workdir / "xapian"
    if not twin.exists():
        with kgsearch.open_index(location) as ix:
            write_twin(ix.searcher.reader(), [twin])
    return twin


class WhooshBaseline:
    def __init__(self, name, analyzer, records, workdir: Path):
        from whoosh import index as whoosh_index
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import MultifieldParser

        self.name = name
        schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer, field_boost=2.0),
                        body=TEXT(analyzer=analyzer))
        folder = workdir / name.replace(" ", "-").replace("(", "").replace(")", "").replace('"', "")
        folder.mkdir()
        ix = whoosh_index.create_in(folder, schema)
        with ix.writer(limitmb=256) as writer:
            for key, title, body in records:
                writer.add_document(id=key, title=title, body=body)
        self.searcher = ix.searcher()
        self.parser = MultifieldParser(["title", "body"], schema)

    def ids(self, keys):
        return set(keys)

    def search(self, query: str, limit: int) -> list[str]:
        q = self.parser.parse(query)
        return [hit["id"] for hit in self.searcher.search(q, limit=limit)]


def evaluate(system, judged, limit=1000) -> dict[str, dict[str, float]]:
    from kgsearch.evaluation import average_precision, ndcg_at, recall_at

    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for item in judged:
        relevant = system.ids(item["relevant"])
        ranking = system.search(item["query"], limit)
        for group in (item["group"], "all"):
            scores[group]["MAP"].append(average_precision(ranking, relevant))
            scores[group]["nDCG@10"].append(ndcg_at(ranking, relevant, 10))
            scores[group]["R@10"].append(recall_at(ranking, relevant, 10))
            scores[group]["R@100"].append(recall_at(ranking, relevant, 100))
    return {g: {m: statistics.mean(v) for m, v in ms.items()} for g, ms in scores.items()}


def collection_records(collection: Path):
    """(judged key, title, text) of each document, read by kgsearch's own readers."""
    from kgsearch.index.files import iter_documents

    for doc in iter_documents([collection]):
        path = Path(doc.path)
        key = doc.key or str(path.relative_to(collection.resolve()) if collection.is_dir() else path)
        yield key, doc.title, "\n".join(filter(None, (doc.summary, doc.body)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judged", type=Path, help="a judged query set (JSON Lines); default: NG tags")
    parser.add_argument("--collection", type=Path, help="the file or folder the judged keys belong to")
    parser.add_argument("--index", help="a kgsearch index of the collection built before")
    parser.add_argument("--no-baselines", action="store_true", help="measure kgsearch alone")
    parser.add_argument("--xapian", action="store_true",
                        help="also rank kgsearch's queries by Xapian's BM25 (kgsearch[xapian]), beside kgsearch "
                             "with every version a hit")
    parser.add_argument("--bm25", default="", help="with --xapian: k1=…,b=…,title=… (Xapian's BM25, a title's weight)")
    parser.add_argument("--no-autocorrect", action="store_true",
                        help="do not take the did-you-mean suggestion when a query finds nothing")
    args = parser.parse_args()

    from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer

    from kgsearch.index import rebuild

    collection = args.collection or require(CORPORA / "ng" / "ng.jsonl")
    judged = load_judged(args.judged) if args.judged else ng_judged(collection)
    workdir = Path(tempfile.mkdtemp(prefix="kgsearch-eval-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)  # its indexes are this run's alone
    location = args.index or workdir / "kgsearch"
    if not Path(location, "CURRENT").exists():
        rebuild(location, [str(collection)], procs=2)
    systems = [Kgsearch(location, collection, autocorrect=not args.no_autocorrect)]
    if args.xapian:
        unfolded = Kgsearch(location, collection, autocorrect=False, all_versions=True)
        unfolded.name = "kgsearch, every version a hit, no autocorrect"
        bm25 = {k: float(v) for k, v in (pair.split("=") for pair in args.bm25.split(",") if pair)}
        systems += [unfolded, XapianRanked(unfolded, xapian_copy(location, workdir), bm25)]
    if not args.no_baselines:
        records = list(collection_records(collection))
        systems.append(WhooshBaseline('Whoosh LanguageAnalyzer("ru")', LanguageAnalyzer("ru"), records, workdir))
        systems.append(WhooshBaseline("Whoosh StandardAnalyzer", StandardAnalyzer(), records, workdir))

    counts = defaultdict(int)
    for item in judged:
        counts[item["group"]] += 1
    print("judged queries: " + ", ".join(f"{g} {n}" for g, n in counts.items()))
    results = {}
    for system in systems:
        started = time.perf_counter()
        results[system.name] = evaluate(system, judged)
        print(f"  {system.name}: {time.perf_counter() - started:.1f} s")
    groups = [g for g in (*GROUPS, "all") if g in results[systems[0].name]]
    print(f"{'group':12} {'system':34} {'MAP':>7} {'nDCG@10':>8} {'R@10':>7} {'R@100':>7}")
    for group in groups:
        for system in systems:
            m = results[system.name][group]
            print(f"{group:12} {system.name:34} {m['MAP']:7.4f} {m['nDCG@10']:8.4f} {m['R@10']:7.4f} {m['R@100']:7.4f}")
    if 'Whoosh LanguageAnalyzer("ru")' in results:
        ours, snowball = results[systems[0].name], results['Whoosh LanguageAnalyzer("ru")']
        for group in groups:
            if snowball[group]["MAP"]:
                print(f"kgsearch / Snowball MAP, {group}: {ours[group]['MAP'] / snowball[group]['MAP']:.3f}")
    ours = results[systems[0].name]
    if "typo" in ours and "as written" in ours and ours["as written"]["MAP"]:
        print(f"typo group recovers {ours['typo']['MAP'] / ours['as written']['MAP']:.1%} of the as-written MAP")


if __name__ == "__main__":
    main()
