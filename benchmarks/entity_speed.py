"""Time of entity extraction per document and per MB on meduza, BBC and NG.

Run: python benchmarks/entity_speed.py

Prints the speaker rules alone (what a build ran before find_entities) and
find_entities, on the same texts, after one warm-up pass each.
"""

import time

from corpora import CORPORA, bbc_texts, ng_texts, require

from kgsearch.index.entities import find_entities
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.speakers import find_people


def main():
    meduza = [p.read_text("utf-8") for p in sorted(require(CORPORA / "meduza").glob("*.txt"))]
    texts = meduza + bbc_texts() + ng_texts()
    size = sum(len(t.encode()) for t in texts) / 1e6
    registry = PeopleRegistry.load()
    for name, run in (("find_people", lambda t: find_people(t, registry)),
                      ("find_entities", lambda t: find_entities(t, registry))):
        for t in texts[:50]:
            run(t)
        started = time.perf_counter()
        for t in texts:
            run(t)
        seconds = time.perf_counter() - started
        print(f"{name:14} {len(texts)} docs, {size:.1f} MB: {seconds:.1f} s, "
              f"{seconds / len(texts) * 1000:.2f} ms/doc, {seconds / size:.1f} s/MB")


if __name__ == "__main__":
    main()
