"""How often a document gets a wrong date, on real archives.

Run: python benchmarks/date_accuracy.py

BBC News articles (2004-2005; their files carry no date): the share given a
date at all, and outside 2004-2005. Meduza articles (the publication date is
in the file name): the share whose date differs from the file name's. The
seeds: each date against what the seed says. Goal: at most 1% wrong, and
none on the seeds. Dates are found by the readers and ``complete`` exactly
as a rebuild finds them.
"""

from collections import Counter
from pathlib import Path

from corpora import CORPORA, SHARED, require

from kgsearch.index.documents import SkipFile
from kgsearch.index.files import read_file
from kgsearch.index.metadata import complete
from kgsearch.index.people import PeopleRegistry

SEEDS = {"000": "2020-10-29", "001": "", "002": "2020-10-18", "003": "2025-11-20", "004": "2025-06-17"}


def dated(paths, registry):
    for path in paths:
        try:
            documents, _ = read_file(path, path.read_bytes())
        except SkipFile:
            continue
        for doc in documents:
            yield path, complete(doc, registry)


def main():
    registry = PeopleRegistry([])  # speakers play no part in dates
    bbc = list(dated(sorted(require(CORPORA / "bbc").glob("*/*.txt")), registry))
    years = Counter(doc.date.year for _, doc in bbc if doc.date)
    outside = sum(n for year, n in years.items() if year not in (2004, 2005))
    for path, doc in bbc:
        if doc.date and doc.date.year not in (2004, 2005):
            print(f"   {path.parent.name}/{path.name}: {doc.date.iso} from {doc.date_source}: {doc.body[:90]!r}")
    print(f"BBC: {len(bbc)} documents, {sum(years.values())} dated ({sum(years.values()) / len(bbc):.1%}), "
          f"{outside} outside 2004-2005 ({outside / len(bbc):.2%}); years: {dict(years.most_common(8))}")
    meduza = list(dated(sorted(require(CORPORA / "meduza").glob("*.txt")), registry))
    wrong = [(p.name[:10], doc.date.iso if doc.date else None) for p, doc in meduza
             if (doc.date.iso if doc.date else None) != p.name[:10]]
    print(f"Meduza: {len(meduza)} documents, {len(wrong)} dated otherwise than their file name "
          f"({len(wrong) / len(meduza):.1%}) {wrong[:5]}")
    seeds = list(dated(sorted((SHARED / "seeds").glob("*.txt")), registry))
    misses = [(p.name[:3], doc.date.iso if doc.date else "", SEEDS[p.name[:3]]) for p, doc in seeds
              if (doc.date.iso if doc.date else "") != SEEDS[p.name[:3]]]
    print(f"seeds: {len(seeds)} documents, {len(misses)} wrong {misses}")
    sources = Counter(doc.date_source or "none" for _, doc in bbc + meduza + seeds)
    print(f"where the dates came from: {dict(sources)}")


if __name__ == "__main__":
    main()
