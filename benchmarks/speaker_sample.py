"""A sample of the speakers kgsearch finds in real news, to be read and judged.

Run: python benchmarks/speaker_sample.py [--corpus ng|bbc|meduza] [--n 100] [--seed 7] [--people]

Finds the speakers of every document of the corpus as a rebuild does, and
prints a random sample of the distinct names with a count and one context
each. Judge each line: a person, in the nominative, in the right gender,
written as people write the name? The README gives the share found right.
"""

import argparse
import json
import random
from collections import Counter

from corpora import CORPORA, require

from kgsearch.index.people import PeopleRegistry
from kgsearch.index.entities import find_entities


def texts(corpus: str) -> list[str]:
    if corpus == "ng":
        with require(CORPORA / "ng" / "ng.jsonl").open(encoding="utf-8") as lines:
            return [json.loads(line)["content"] for line in lines if line.strip()]
    pattern = "*/*.txt" if corpus == "bbc" else "*.txt"
    return [p.read_text("utf-8", errors="replace") for p in sorted(require(CORPORA / corpus).glob(pattern))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="ng", choices=("ng", "bbc", "meduza"))
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--people", action="store_true", help="everyone named, not only the speakers")
    args = parser.parse_args()
    registry = PeopleRegistry.load()
    counts: Counter = Counter()
    for text in texts(args.corpus):
        found = find_entities(text, registry)
        counts.update(found.people if args.people else found.speakers)
    names = sorted(counts)
    kind = "people" if args.people else "speakers"
    print(f"{args.corpus}: {len(names)} distinct {kind} in {sum(counts.values())} mentions; "
          f"{min(args.n, len(names))} drawn with seed {args.seed}:")
    for name in sorted(random.Random(args.seed).sample(names, min(args.n, len(names)))):
        print(f"{counts[name]:>4}  {name}")


if __name__ == "__main__":
    main()
