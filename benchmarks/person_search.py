"""Finding people by name, measured against the gold people of Russian news (factRuEval-2016).

Run: python benchmarks/person_search.py [--index DIR] [--keep]

Indexes the 122 texts of ../shared/corpora/factrueval_dev (copied into a
temporary folder) and asks, for every person the gold annotation names with a
first and a last name:

- list: of the people a document names (gold), the share its ``people`` list
  holds (by surname), and the share of listed people the gold names;
- filter: ``--person`` with the Russian name, and with an English spelling of
  it, recall of the documents that name the person; and how often the two
  return the same documents;
- query: the name as a plain query, Russian and English: the share of the first
  ten hits (or of all relevant documents, when fewer) that name the person.

The English spelling is the customary transliteration (Юрий Лужков: Yuriy
Luzhkov), what an English wire writes for most Russian names. The gold is
held out: no rule may be tuned on it.
"""

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from corpora import CORPORA, require

import kgsearch
from kgsearch.analyzers.transliterate import to_latin
from kgsearch.index.people import name_stem
from kgsearch.options import Filters, Page


def gold_people(folder: Path) -> tuple[dict[str, dict[str, tuple[str, str]]], dict[str, set[str]]]:
    """book id → {"Имя Фамилия": (first, last)} for each person with both names; and book id →
    the surnames of every person it names (some have no first name)."""
    people, surnames = {}, {}
    for coref in sorted(folder.glob("*.coref")):
        found, surnames[coref.stem] = {}, set()
        for record in coref.read_text("utf-8").split("\n\n"):
            values = dict(line.split(" ", 1) for line in record.splitlines()[1:] if " " in line)
            first, last = values.get("firstname", "").strip(), values.get("lastname", "").strip()
            if last:
                surnames[coref.stem].add(name_stem(last))
            if first and last and " " not in first + last:
                found[f"{first} {last}".replace("ё", "е")] = (first, last)
        people[coref.stem] = found
    return people, surnames


def english(name: str) -> str:
    return " ".join(to_latin(word)[0].capitalize() for word in name.split())


def book_of(path: str) -> str:
    return Path(path).stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index of the texts built before (else one is built)")
    args = parser.parse_args()
    folder = require(CORPORA / "factrueval_dev")
    gold, surnames = gold_people(folder)
    work = Path(tempfile.mkdtemp(prefix="kgsearch-persons-"))
    try:
        index = Path(args.index) if args.index else work / "index"
        if not args.index:
            texts = work / "texts"
            texts.mkdir()
            for book in gold:
                shutil.copy(folder / f"{book}.txt", texts / f"{book}.txt")
            started = time.perf_counter()
            kgsearch.rebuild(index, [texts])
            print(f"indexed {len(gold)} texts in {time.perf_counter() - started:.1f} s")
        measure(index, gold, surnames)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(index: Path, gold, surnames) -> None:
    relevant = defaultdict(set)
    for book, people in gold.items():
        for name in people:
            relevant[name].add(book)
    with kgsearch.open_index(index) as ix:
        ids = {book_of(ix.get(i)["path"]): i for i in ix.matching_ids("", Filters(lang="ru"))}
        found = listed = right = named = 0
        for book, people in gold.items():
            doc = ix.get(ids[book]) if book in ids else {"people": []}
            listed_surnames = [name_stem(name.split()[-1]) for name in doc["people"] if name.split()]
            named += len(people)
            found += sum(name_stem(last) in listed_surnames for _, last in people.values())
            listed += len(listed_surnames)
            right += sum(s in surnames[book] for s in listed_surnames)
        print(f"people lists: recall {found / max(named, 1):.1%} of {named} gold people, "
              f"precision {right / max(listed, 1):.1%} of {listed} listed (by surname)")
        recall = {"ru": [0, 0], "en": [0, 0]}
        same = 0
        top = {"ru": [], "en": []}
        for name, books in sorted(relevant.items()):
            returned = {}
            for lang, asked in (("ru", name), ("en", english(name))):
                got = {book_of(ix.get(i)["path"]) for i in ix.matching_ids("", Filters(people=(asked,)))}
                returned[lang] = got
                recall[lang][0] += len(got & books)
                recall[lang][1] += len(books)
                hits = ix.search(asked, page=Page(limit=10, snippets=False)).hits
                first = [book_of(h.path) for h in hits]
                top[lang].append(sum(b in books for b in first) / min(10, len(books)))
            same += returned["ru"] == returned["en"] and bool(returned["ru"])
        n = len(relevant)
        for lang in ("ru", "en"):
            print(f"--person, {lang} name: recall {recall[lang][0] / recall[lang][1]:.1%} "
                  f"({recall[lang][0]} of {recall[lang][1]} documents)")
        print(f"--person: the same documents (at least one) for both spellings for {same} of {n} people ({same / n:.1%})")
        for lang in ("ru", "en"):
            print(f"plain query, {lang} name: {sum(top[lang]) / n:.1%} of the first 10 hits name the person")


if __name__ == "__main__":
    sys.exit(main())
