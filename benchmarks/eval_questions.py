"""Questions across languages: MRR of each judged question asked in the other language
(``query``) and in its document's language (``query_same``), and the ratio of the two.

Run: python benchmarks/eval_questions.py [--index DIR] [FILE ...]
     (default files: data/questions_ru2en.jsonl and data/questions_en2ru.jsonl)

The questions are about documents in three sources at once — the NG articles, the
BBC articles and the seeds — indexed together (about 4,200 documents), so one
index answers both sets. eval_relevance.py takes a single collection; here a
question's KEY is an NG record's url, or a file's path relative to ../shared
(``corpora/bbc/tech/034.txt``, ``seeds/003_….txt``), and each is mapped to its
index id the way eval_relevance maps record keys and file paths. Every KEY must be
in the index: the run stops naming any that is not.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from corpora import CORPORA, SHARED, require
from eval_relevance import Kgsearch, load_judged

DATA = Path(__file__).resolve().parent / "data"
DEFAULT = [DATA / "questions_ru2en.jsonl", DATA / "questions_en2ru.jsonl"]


def sources() -> list[Path]:
    return [require(CORPORA / "ng" / "ng.jsonl"), require(CORPORA / "bbc"), require(SHARED / "seeds")]


class Questions(Kgsearch):
    """kgsearch, with the judged keys of several sources mapped to index ids."""

    def __init__(self, location):
        super().__init__(location, sources()[0], autocorrect=True)
        self.ng = str((CORPORA / "ng" / "ng.jsonl").resolve())

    def ids(self, keys):
        return {self.document_id(self.ng, key) if "://" in key
                else self.document_id(str((SHARED / key).resolve()), "") for key in keys}


def reciprocal_rank(ranking: list[str], relevant: set[str]) -> float:
    return next((1 / rank for rank, doc in enumerate(ranking, 1) if doc in relevant), 0.0)


def measure(system, judged, field, limit=1000) -> dict[str, float]:
    from kgsearch.evaluation import average_precision, recall_at

    rr, ap, r10, missed = [], [], [], 0
    for item in judged:
        relevant = system.ids(item["relevant"])
        ranking = system.search(item[field], limit)
        rr.append(reciprocal_rank(ranking, relevant))
        ap.append(average_precision(ranking, relevant))
        r10.append(recall_at(ranking, relevant, 10))
        missed += not rr[-1]
    return {"MRR": statistics.mean(rr), "MAP": statistics.mean(ap), "R@10": statistics.mean(r10),
            "not found": missed}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("judged", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--index", help="an index of the NG, BBC and seeds built before")
    args = parser.parse_args()

    from kgsearch.index import rebuild

    location = args.index or Path(tempfile.mkdtemp(prefix="kgsearch-questions-")) / "kgsearch"
    if not Path(location, "CURRENT").exists():
        rebuild(location, [str(p) for p in sources()], procs=2)
    system = Questions(location)
    for path in args.judged:
        judged = load_judged(path)
        absent = sorted({k for item in judged for k in item["relevant"]
                         if any(system.ix.get(i) is None for i in system.ids([k]))})
        if absent:
            sys.exit(f"{path.name}: {len(absent)} keys not in the index, e.g. {absent[0]}")
        print(f"{path.name}: {len(judged)} questions")
        print(f"  {'asked in':38} {'MRR':>7} {'MAP':>7} {'R@10':>7} {'not found':>9}")
        results = {}
        for field, label in (("query", "the other language (query)"),
                             ("query_same", "the document's language (query_same)")):
            results[field] = m = measure(system, judged, field)
            print(f"  {label:38} {m['MRR']:7.4f} {m['MAP']:7.4f} {m['R@10']:7.4f} {m['not found']:9d}")
        same = results["query_same"]["MRR"]
        if same:
            print(f"  cross / same MRR: {results['query']['MRR'] / same:.3f}")


if __name__ == "__main__":
    main()
