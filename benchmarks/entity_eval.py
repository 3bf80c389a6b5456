"""People, organisations and places found in Russian news, measured against gold annotations.

Run: python benchmarks/entity_eval.py [--corpus PATH] [--show PER|ORG|LOC]

Reads factRuEval-2016's development set (../shared/corpora/factrueval_dev;
FORMAT.md there) and prints, for each method that can be imported,
precision, recall and F1 of PER, ORG and LOC mentions (exact span and type:
an object's span runs from its first annotated span to its last; Location
and LocOrg are LOC), the document-level measure the issue quotes for people
(a gold person is found when a listed name ends with the person's surname,
or first name when no surname is annotated; a listed name is right when it
is one of the document's people) and the speed in KB of text a second.

Methods: ``today`` (find_people, people only), ``rules`` (find_entities),
``slovnet`` (natasha's trained model; not a dependency: install natasha,
slovnet and navec into a separate environment with ``pip install --no-deps``
and put its site-packages on PYTHONPATH; natasha itself is never imported, its
package only lends the weights).
"""

import argparse
import importlib.util
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from corpora import CORPORA, require

from kgsearch.index.entities import entity_mentions
from kgsearch.index.people import PeopleRegistry, name_stem
from kgsearch.index.speakers import find_people

KINDS = ("PER", "ORG", "LOC")
_GOLD_KIND = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}


@dataclass
class Document:
    name: str
    text: str
    spans: set[tuple[int, int, str]]  # gold (start, end, kind)
    people: list[str]  # the stem of each gold person's surname (or first name)


def load(folder: Path) -> list[Document]:
    documents = []
    for txt in sorted(folder.glob("*.txt")):
        base = txt.with_suffix("")
        text = txt.read_text("utf-8")
        offsets = {}
        for line in Path(f"{base}.spans").read_text("utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 4:
                offsets[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
        spans = set()
        for line in Path(f"{base}.objects").read_text("utf-8").splitlines():
            fields = line.split("#")[0].split()
            if len(fields) >= 3 and fields[1] in _GOLD_KIND:
                parts = [offsets[s] for s in fields[2:] if s in offsets]
                if parts:
                    spans.add((min(a for a, _ in parts), max(b for _, b in parts), _GOLD_KIND[fields[1]]))
        documents.append(Document(txt.stem, text, spans, _gold_people(Path(f"{base}.coref"))))
    return documents


def _gold_people(coref: Path) -> list[str]:
    people = []
    for record in coref.read_text("utf-8").split("\n\n"):
        keys = dict(line.split(" ", 1) for line in record.strip().splitlines()[1:] if " " in line)
        name = keys.get("lastname") or keys.get("surname") or keys.get("firstname")
        if name:
            people.append(name_stem(name.split()[-1]))
    return list(dict.fromkeys(people))


def today(registry):
    def run(text):
        found = find_people(text, registry)
        return {(a, b, "PER") for a, b, _ in found.mentions}, found.people
    return run


def rules(registry):
    def run(text):
        mentions = entity_mentions(text, registry, "ru")
        people = list(dict.fromkeys(m.name for m in mentions if m.kind == "PER"))
        return {(m.start, m.end, m.kind) for m in mentions}, people
    return run


def slovnet(registry):
    from navec import Navec
    from slovnet import NER

    data = importlib.util.find_spec("natasha").submodule_search_locations[0]
    model = NER.load(data + "/data/model/slovnet_ner_news_v1.tar")
    model.navec(Navec.load(data + "/data/emb/navec_news_v1_1B_250K_300d_100q.tar"))

    def run(text):
        spans = model(text).spans
        people = [text[s.start:s.stop] for s in spans if s.type == "PER"]
        return {(s.start, s.stop, s.type) for s in spans}, people
    return run


METHODS = {"today": today, "rules": rules, "slovnet": slovnet}


def score(found: int, gold: int, right: int) -> str:
    p, r = right / found if found else 0.0, right / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}"


def evaluate(name, run, documents, show):
    counts = defaultdict(lambda: [0, 0, 0])  # kind -> found, gold, right
    listed = [0, 0, 0]  # names listed, gold people, (right listed, gold found)
    found_people = 0
    size = sum(len(d.text.encode()) for d in documents)
    started = time.perf_counter()
    predictions = [run(d.text) for d in documents]
    seconds = time.perf_counter() - started
    for document, (spans, people) in zip(documents, predictions):
        for kind in KINDS:
            mine = {s for s in spans if s[2] == kind}
            gold = {s for s in document.spans if s[2] == kind}
            counts[kind][0] += len(mine)
            counts[kind][1] += len(gold)
            counts[kind][2] += len(mine & gold)
            if show == kind:
                for a, b, _ in sorted(mine - gold):
                    print(f"  {name} extra  {document.name}: {document.text[a:b]!r}")
                for a, b, _ in sorted(gold - mine):
                    print(f"  {name} missed {document.name}: {document.text[a:b]!r}")
        last = [name_stem(p.split()[-1]) for p in people if p.split()]
        listed[0] += len(last)
        listed[1] += len(document.people)
        listed[2] += sum(1 for stem in last if stem in document.people)
        found_people += sum(1 for stem in document.people if stem in last)
    print(f"{name:8} {size / 1024 / seconds:8.0f} KB/s")
    for kind in KINDS:
        if counts[kind][0] or name != "today":
            print(f"  {kind} spans   {score(*counts[kind])}  ({counts[kind][1]} gold)")
    p = listed[2] / listed[0] if listed[0] else 0.0
    r = found_people / listed[1] if listed[1] else 0.0
    print(f"  PER per document: P {p:6.1%}  R {r:6.1%}  ({listed[1]} gold people)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=CORPORA / "factrueval_dev")
    parser.add_argument("--show", choices=KINDS, help="print the misses and extras of this kind")
    parser.add_argument("--only", choices=tuple(METHODS), action="append")
    args = parser.parse_args()
    documents = load(require(args.corpus))
    registry = PeopleRegistry.load()
    print(f"{len(documents)} documents, {sum(len(d.text.encode()) for d in documents) / 1024:.0f} KB")
    for name, make in METHODS.items():
        if args.only and name not in args.only:
            continue
        try:
            run = make(registry)
        except ImportError as error:
            print(f"{name:8} skipped: {error}")
            continue
        evaluate(name, run, documents, args.show)


if __name__ == "__main__":
    main()
