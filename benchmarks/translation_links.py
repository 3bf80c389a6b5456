"""The same story in another language (``index.translations``): how many of wmt21's 175
translated stories are linked, how many links are wrong, and what the rule's parts do.

Run: python benchmarks/translation_links.py --index DIR [--show N]

DIR is an index built with kgsearch[semantic] that holds both wmt21 collections (alone, or
in the mixed archive with other sources). A wmt21 Russian record and its English record
share an id up to ``#ru`` / ``#en``: that pair is the truth. Links between other documents
have no truth file: ``--show N`` prints N of them (the pair's titles) to read by hand.

Printed: the links kept (precision and recall on wmt21; links elsewhere), then, for the
mutual nearest pairs at each cosine threshold, the same with the names-and-numbers check
and without it.
"""

import argparse
import random

from corpora import CORPORA

WMT = CORPORA / "wmt21"
THRESHOLDS = (0.5, 0.6, 0.7)
MARGINS = (0.0, 0.05, 0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--show", type=int, default=0, help="print this many links outside wmt21, at random")
    args = parser.parse_args()

    import kgsearch
    from kgsearch.index import document_id, similar, store, translations, vectors

    ix = kgsearch.open_index(args.index)
    reader = ix.searcher.reader()
    generation = store.current(ix.root)
    kept = vectors.open_vectors(generation, reader)
    if kept is None:
        raise SystemExit("the index has no vectors of its generation: build it with kgsearch[semantic]")
    paths = {lang: str((WMT / f"collection.{lang}.jsonl").resolve()) for lang in ("ru", "en")}
    ids = [reader.stored_fields(d)["id"] for d in range(reader.doc_count_all())]
    truth = set()
    for line in (WMT / "collection.ru.jsonl").open(encoding="utf-8"):
        key = line.split('"id": "', 1)[1].split('"', 1)[0]
        stem = key.rsplit("#", 1)[0]
        truth.add(frozenset((document_id(paths["ru"], key), document_id(paths["en"], f"{stem}#en"))))
    wmt_ids = {i for pair in truth for i in pair}
    present = {pair for pair in truth if pair <= set(ids)}

    def score(pairs, label):
        pairs = {frozenset(p) for p in pairs}
        inside = {p for p in pairs if p & wmt_ids}
        right = inside & present
        outside = pairs - inside
        precision = len(right) / len(inside) if inside else 1.0
        print(f"  {label:44} wmt21: {len(right):3d} of {len(present)} linked (recall {len(right) / len(present):.3f}),"
              f" {len(inside) - len(right):2d} wrong (precision {precision:.3f}); elsewhere: {len(outside):4d} links")
        return outside

    groups = translations.translation_groups(reader, generation)
    links = [frozenset(ids[d] for d in group) for group in groups]
    print(f"{len(ids)} documents, {len(present)} wmt21 pairs in the index; the links kept:")
    outside = score([p for p in links if len(p) == 2], "kept (translations.json)")
    print(f"  groups of more than two documents: {sum(len(p) > 2 for p in links)}")

    docs_of = kept.docs_of_row()
    mutual = translations.mutual_nearest(reader, kept, similar.story_groups(reader, generation))  # as the build does
    evidence = {}

    def of(row):
        if row not in evidence:
            evidence[row] = translations.evidence(reader, docs_of[row][0], ix.registry)
        return evidence[row]

    print(f"mutual nearest pairs by the rule's parts (the rule: cosine >= {translations.THRESHOLD}, margin >= "
          f"{translations.MARGIN}, names and numbers unless the margin >= {translations.CLEAR}):")

    def as_ids(chosen):
        return [(ids[docs_of[a][0]], ids[docs_of[b][0]]) for a, b, _, _ in chosen]

    for threshold in THRESHOLDS:
        for margin in MARGINS:
            pairs = [p for p in mutual if p[2] >= threshold and p[3] >= margin]
            score(as_ids(pairs), f"cosine >= {threshold}, margin >= {margin}")
            score(as_ids([p for p in pairs if translations.confirmed(of(p[0]), of(p[1]))]),
                  f"  and names and numbers")
            score(as_ids([p for p in pairs if translations.confirmed(of(p[0]), of(p[1]), p[3])]),
                  f"  and names and numbers or margin >= {translations.CLEAR}")
    if args.show and outside:
        print(f"{min(args.show, len(outside))} links outside wmt21, at random:")
        for pair in random.Random(5).sample(sorted(outside, key=sorted), min(args.show, len(outside))):
            for doc_id in sorted(pair):
                doc = ix.get(doc_id)
                print(f"  {doc['lang']} {doc['date'] or '----------'} {doc['title'][:100]}")
            print()


if __name__ == "__main__":
    main()
