"""Cross-lingual retrieval on Nezavisimaya Gazeta: English queries for Russian articles.

Run: python benchmarks/bench_crosslingual.py [--index DIR]

The publisher's own tags judge relevance: for each tag in
benchmarks/data/ng_tags_en.tsv (tags with 5 to 150 articles, with the team's
English translation), the articles tagged with it are the relevant ones. The
same run reports mean average precision and recall@10 for the Russian tag as
the query and for its English translation (and the English one with
--no-translate, which can only find what is written in English). Target:
English queries reach at least 60% of the Russian queries' MAP.
"""

import argparse
import csv
import statistics
import sys
import tempfile
from pathlib import Path

from corpora import CORPORA, ng_tagged, require

DATA = Path(__file__).parent / "data" / "ng_tags_en.tsv"


def judged_tags(ng: Path):
    """(Russian tag, English query, relevant document ids) for each judged tag."""
    from kgsearch.index import document_id

    path = str(ng.resolve())
    tagged = {tag: {document_id(path, url) for url in urls} for tag, urls in ng_tagged(ng).items()}
    rows = list(csv.DictReader(DATA.open(encoding="utf-8"), delimiter="\t"))
    return [(row["tag"], row["english"], tagged[row["tag"]]) for row in rows if row["tag"] in tagged]


def evaluate(ix, queries, translate=True):
    from kgsearch import QueryError
    from kgsearch.evaluation import average_precision, recall_at

    aps, recalls = [], []
    for query, relevant in queries:
        try:
            results = ix.search(query, limit=1000, snippets=False, translate=translate)
            # A hit stands for its copies and other versions, listed with it (as in eval_relevance).
            ranking = [d for h in results.hits for d in (h.id, *(c["id"] for c in (*h.copies, *h.similar)))]
        except QueryError:
            ranking = []
        aps.append(average_precision(ranking, relevant))
        recalls.append(recall_at(ranking, relevant, 10))
    return statistics.mean(aps), statistics.mean(recalls)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index of ng.jsonl alone, built before (default: build one)")
    args = parser.parse_args()

    import kgsearch
    from kgsearch.index import rebuild

    ng = require(CORPORA / "ng" / "ng.jsonl")
    tags = judged_tags(ng)
    if len(tags) < 40:
        sys.exit(f"only {len(tags)} judged tags in {DATA}; the measure needs at least 40")
    location = args.index or tempfile.mkdtemp(prefix="kgsearch-ng-")
    if not Path(location, "CURRENT").exists():
        rebuild(location, [str(ng)], procs=2)
    with kgsearch.open_index(location) as ix:
        russian = evaluate(ix, [(tag, rel) for tag, _, rel in tags])
        russian_typed = evaluate(ix, [(tag, rel) for tag, _, rel in tags], translate=False)
        english = evaluate(ix, [(en, rel) for _, en, rel in tags])
        english_typed = evaluate(ix, [(en, rel) for _, en, rel in tags], translate=False)
    relevant = sum(len(rel) for *_, rel in tags)
    print(f"{len(tags)} NG tags as queries ({relevant} tagged articles judged relevant), 1,987 articles")
    print(f"{'queries':46} {'MAP':>7} {'R@10':>7}")
    for name, (m, r) in (("Russian tags", russian), ("Russian tags, --no-translate", russian_typed),
                         ("English translations", english),
                         ("English translations, --no-translate", english_typed)):
        print(f"{name:46} {m:7.4f} {r:7.4f}")
    print(f"English / Russian MAP: {english[0] / russian[0]:.1%} (target >= 60%)")


if __name__ == "__main__":
    main()
