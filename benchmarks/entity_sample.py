"""The entities find_entities lists for a random sample of documents, to be read and judged.

Run: python benchmarks/entity_sample.py [--corpus bbc|wmt21-en|wmt21-ru|meduza|ng] [--docs 100]
         [--kind PER|ORG|LOC] [--n 100] [--seed 7]

Draws ``--docs`` documents, lists the entities of ``--kind`` each document
names (once per document, as the facets count them), and prints up to
``--n`` of them drawn at random, each with the words around its first
mention. Judge each line: is it an entity of that kind, written whole and in
its base form? The share judged right is the precision docs/design.md reports.
"""

import argparse
import json
import random

from corpora import CORPORA, bbc_texts, ng_texts, require

from kgsearch.index.entities import entity_mentions
from kgsearch.index.people import PeopleRegistry


def texts(corpus: str) -> list[str]:
    if corpus == "bbc":
        return bbc_texts()
    if corpus == "ng":
        return ng_texts()
    if corpus == "meduza":
        return [p.read_text("utf-8") for p in sorted(require(CORPORA / "meduza").glob("*.txt"))]
    lang = corpus.split("-")[1]
    with require(CORPORA / "wmt21" / f"collection.{lang}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="bbc", choices=("bbc", "wmt21-en", "wmt21-ru", "meduza", "ng"))
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--kind", default="ORG", choices=("PER", "ORG", "LOC"))
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    chance = random.Random(args.seed)
    documents = texts(args.corpus)
    drawn = chance.sample(documents, min(args.docs, len(documents)))
    registry = PeopleRegistry.load()
    found = []
    for text in drawn:
        first = {}
        for m in entity_mentions(text, registry):
            if m.kind == args.kind:
                first.setdefault(m.name, m)
        for name, m in first.items():
            context = text[max(0, m.start - 40):m.end + 30].replace("\n", " ")
            found.append((name, text[m.start:m.end], context))
    print(f"{args.corpus}: {len(drawn)} documents (seed {args.seed}), {len(found)} {args.kind} entries; "
          f"{min(args.n, len(found))} shown:")
    for name, written, context in sorted(chance.sample(found, min(args.n, len(found)))):
        print(f"{name!r:45} {written!r:40} …{context}…")


if __name__ == "__main__":
    main()
