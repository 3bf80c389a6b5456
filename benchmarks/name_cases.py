"""How often a case form of a person's surname gets the same index term as its nominative.

Run: python benchmarks/name_cases.py [--top 300] [--show 20]

The surnames are those of real people named in ../shared/corpora (NG and
Meduza, "Имя Фамилия" with the first name in the nominative, seen at least
twice) and the Cyrillic surnames of the bundled people registry. Each is put
in every case of its gender by the rules of Russian surname declension
(-ов/-ев/-ин/-ын and -ский types decline, a woman's foreign surname and
surnames ending in a vowel other than -а do not) and analysed as written in
a text, capitalised. Goal: at least 95% of case forms share the nominative's
term. The same forms typed in lower case in a query are reported too: there
the other normal forms a query searches must include the nominative's term.
"""

import argparse
import json
import re
from collections import Counter

from corpora import CORPORA, ng_texts, require

from kgsearch.analyzers.bilingual import terms_all, terms_first
from kgsearch.analyzers.russian import parses

_PAIR = re.compile(r"\b([А-ЯЁ][а-яё]+) ([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\b")
_SURNAME_SUFFIX = re.compile(r"(ов|ев|ёв|ин|ын)$")


def first_name_gender(word: str) -> str | None:
    """``masc`` or ``femn`` when ``word`` is most probably a first name in the nominative."""
    best = parses(word.lower())[0]
    if "Name" in best.tag.grammemes and "nomn" in best.tag.grammemes:
        return "femn" if "femn" in best.tag.grammemes else "masc"
    return None


def corpus_surnames(top: int) -> list[tuple[str, str]]:
    texts = ng_texts()
    for path in sorted(require(CORPORA / "meduza").glob("*.txt")):
        texts.append(path.read_text("utf-8", errors="replace"))
    seen: Counter = Counter()
    for text in texts:
        for first, surname in _PAIR.findall(text):
            gender = first_name_gender(first)
            if gender:
                seen[(surname, gender)] += 1
    return [pair for pair, count in seen.most_common(top) if count >= 2]


def registry_surnames() -> list[tuple[str, str]]:
    from importlib import resources

    people = json.loads(resources.files("kgsearch.index").joinpath("data/people.json").read_text("utf-8"))
    found = []
    for person in people:
        for alias in person.get("aliases", []):
            words = alias.split()
            if len(words) >= 2 and re.fullmatch(r"[А-ЯЁ][а-яё-]+", words[-1]):
                gender = first_name_gender(words[0]) or "masc"
                found.append((words[-1], gender))
    return sorted(set(found))


def case_forms(surname: str, gender: str) -> list[str]:
    """The surname in the six cases (nominative first), by the rules of its type."""
    if gender == "masc":
        if _SURNAME_SUFFIX.search(surname):
            return [surname + e for e in ("", "а", "у", "а", "ым", "е")]
        if surname.endswith(("ский", "цкий")):
            stem = surname[:-2]
            return [surname, stem + "ого", stem + "ому", stem + "ого", stem + "им", stem + "ом"]
        if surname[-1] in "жшщчц":
            return [surname + e for e in ("", "а", "у", "а", "ем", "е")]
        if surname[-1] in "бвгдзклмнпрстфх":
            return [surname + e for e in ("", "а", "у", "а", "ом", "е")]
        if surname.endswith(("ой", "ый")):  # Толстой, Навальный: adjectives
            stem = surname[:-2]
            return [surname, stem + "ого", stem + "ому", stem + "ого", stem + "ым", stem + "ом"]
        if surname.endswith("ь") or surname.endswith("й"):
            stem = surname[:-1]
            return [surname, stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "е"]
        return [surname] * 6  # Шойгу, Абэ
    if re.search(r"(ова|ева|ёва|ина|ына)$", surname):
        stem = surname[:-1]
        return [surname, stem + "ой", stem + "ой", stem + "у", stem + "ой", stem + "ой"]
    if surname.endswith(("ская", "цкая")):
        stem = surname[:-2]
        return [surname, stem + "ой", stem + "ой", stem + "ую", stem + "ой", stem + "ой"]
    return [surname] * 6  # Меркель, Захарова's foreign peers


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=300, help="surnames from the corpora (most frequent)")
    parser.add_argument("--show", type=int, default=20, help="misses to print")
    args = parser.parse_args()
    groups = {"corpora": corpus_surnames(args.top), "registry": registry_surnames()}
    for group, surnames in groups.items():
        total = same = query_same = 0
        misses = []
        for surname, gender in surnames:
            forms = case_forms(surname, gender)
            nominative = terms_first(forms[0])[0]
            for form in forms[1:]:
                total += 1
                if terms_first(form)[0] == nominative:
                    same += 1
                else:
                    misses.append(f"{form} → {terms_first(form)[0]} (nominative {forms[0]} → {nominative})")
                query_same += nominative in terms_all(form.lower())
        print(f"{group}: {len(surnames)} surnames, {total} case forms: "
              f"{same / total:.1%} share the nominative's term as written (capitalised); "
              f"{query_same / total:.1%} reach it typed in lower case")
        for line in misses[: args.show]:
            print("   ", line)


if __name__ == "__main__":
    main()
