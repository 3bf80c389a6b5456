"""How well one key per entity links names across scripts, and how often it merges two entities.

Run: python benchmarks/entity_links.py [--index DIR] [--show 20]

Two measurements:

- **Agreement on translations** (wmt21): each English article of
  ``collection.en.jsonl`` and its Russian translation in ``collection.ru.jsonl``
  (the same id, ``#en`` / ``#ru``) name the same people, so their people should
  have the same keys. Both files are read and completed as a build does
  (``iter_documents``, ``metadata.complete``); printed: the share of the English
  articles' people whose key is among the translation's, and the other way.
- **False merges** (with ``--index``, an index built over the mixed archive):
  every key of the people field with the forms its documents write; a key is
  suspect when two forms in one script are not spellings of one name: their
  last words (case endings off) differ by more than a letter or two (difflib
  ratio below 0.8), or their first words do (``Boris Johnson`` and ``Boris
  Jonson`` are one; ``Omicron`` and ``Macron`` are not). Printed: suspect keys
  and the documents under them, as counts and shares, and the largest.
"""

import argparse
import difflib
import sys
from collections import Counter
from itertools import combinations

from corpora import CORPORA, require

from kgsearch.analyzers import is_cyrillic
from kgsearch.index import PeopleRegistry
from kgsearch.index.entitykey import entity_key
from kgsearch.index.files import iter_documents
from kgsearch.index.metadata import complete
from kgsearch.index.people import name_key


def people_by_pair(registry) -> dict[str, dict[str, list[str]]]:
    """The people each article of the wmt21 pairs names, by pair id and language."""
    pairs: dict[str, dict[str, list[str]]] = {}
    for lang in ("en", "ru"):
        path = require(CORPORA / "wmt21" / f"collection.{lang}.jsonl")
        for doc in iter_documents([path]):
            doc = complete(doc, registry)
            pairs.setdefault(doc.key.rsplit("#", 1)[0], {})[lang] = doc.people
    return {key: pair for key, pair in pairs.items() if len(pair) == 2}


def agreement(pairs, registry) -> None:
    found = {"en": [0, 0], "ru": [0, 0]}  # people, of them with a counterpart's key
    missed = Counter()
    for pair in pairs.values():
        keys = {lang: {entity_key(p, registry) for p in names} for lang, names in pair.items()}
        for lang, other in (("en", "ru"), ("ru", "en")):
            for person in pair[lang]:
                found[lang][0] += 1
                if entity_key(person, registry) in keys[other]:
                    found[lang][1] += 1
                else:
                    missed[(lang, person)] += 1
    print(f"wmt21: {len(pairs)} article pairs")
    for lang, other in (("en", "ru"), ("ru", "en")):
        total, agreed = found[lang]
        print(f"  {lang} people with the same key in the {other} translation: {agreed}/{total} = "
              f"{agreed / max(total, 1):.1%}")
    print("  most frequent without a counterpart:",
          ", ".join(f"{p} ({lang})" for (lang, p), _ in missed.most_common(12)))


def _differ(a: str, b: str) -> bool:
    """Two forms in one script that are not spellings of one name (first and last words compared)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    pairs = [(ka[-1], kb[-1])] + ([(ka[0], kb[0])] if len(ka) > 1 and len(kb) > 1 else [])
    return any(difflib.SequenceMatcher(None, x, y).ratio() < 0.8 for x, y in pairs)


def false_merges(index_dir: str, show: int) -> None:
    import kgsearch
    from kgsearch.facets import FORM_SAMPLE
    from kgsearch.index.schema import stored_names, term_text

    index = kgsearch.open_index(index_dir)
    reader = index.searcher.reader()
    keys = suspects = documents = suspect_documents = 0
    worst = []
    for term in map(term_text, reader.lexicon("people")):
        docnums = list(reader.postings("people", term).all_ids())
        forms = Counter()
        for docnum in docnums[:FORM_SAMPLE]:
            forms.update(n for n in stored_names(reader.stored_fields(docnum), "people")
                         if entity_key(n, index.registry) == term)
        keys += 1
        documents += len(docnums)
        clash = [(a, b) for a, b in combinations(forms, 2) if is_cyrillic(a) == is_cyrillic(b) and _differ(a, b)]
        if clash:
            suspects += 1
            suspect_documents += len(docnums)
            worst.append((len(docnums), term, forms.most_common(4)))
    print(f"{index_dir}: {keys} people keys over {documents} (document, key) pairs")
    print(f"  keys whose forms disagree: {suspects} = {suspects / max(keys, 1):.2%}; "
          f"their documents: {suspect_documents} = {suspect_documents / max(documents, 1):.2%}")
    for count, term, forms in sorted(worst, reverse=True)[:show]:
        print(f"  {count:5d}  {term!r}: " + "; ".join(f"{f} ×{n}" for f, n in forms))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index over the mixed archive, for the false merges")
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    registry = PeopleRegistry.load()
    agreement(people_by_pair(registry), registry)
    if args.index:
        false_merges(args.index, args.show)


if __name__ == "__main__":
    sys.exit(main())
