"""Make kgsearch's bilingual word list from the openrussian.org lists (../shared/dictionaries/openrussian).

Run: python tools/make_dictionary.py [SOURCE_FOLDER] [OUTPUT]
(default output: kgsearch/data/dictionary.tsv, shipped under CC BY-SA 4.0, see kgsearch/data/DICTIONARY.md)

openrussian gives each Russian noun, verb and adjective its first English gloss,
in order of frequency, and each English word one Russian word (often an odd
one: time -> година). So Russian -> English takes the gloss, cleaned; English
-> Russian takes the Russian words whose gloss it is, most frequent first, and
the English list's own word only where no gloss names the English word.
Each line holds the term kgsearch's analyzer makes of the headword, so a query
finds its entry without analysing the list (tests/test_dictionary.py checks
that the terms still agree with the analyzer):

    lang <TAB> term <TAB> headword <TAB> translation=terms ; translation=terms

where a translation's terms (``0:citizen``; ``0:be 1:abl``) are the analyzer's,
position by position, so that a query searches a translation without loading
the other language's analyzer.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("nouns", "verbs", "adjectives", "others")
PER_WORD = 2  # translations kept for one English word
_ARTICLE = re.compile(r"^(?:the|a|an|to)\s+", re.I)


def clean(gloss: str) -> str | None:
    """The first sense of a gloss as a search would use it, or ``None`` for one too loose to."""
    gloss = re.split(r"[/;,(]", gloss)[0].strip()
    gloss = _ARTICLE.sub("", gloss).strip(" .!?-")
    words = gloss.split()
    if not words or len(words) > 2 or not all(re.fullmatch(r"[A-Za-z'-]+", w) for w in words):
        return None
    return gloss.lower() if not gloss.isupper() else gloss


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "dictionaries" / "openrussian"
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "kgsearch" / "data" / "dictionary.tsv"

    from kgsearch.analyzers import bilingual_analyzer, positioned_terms

    analyzer = bilingual_analyzer()

    def term(text: str) -> str | None:
        terms = positioned_terms(analyzer, text)
        return terms[0][1] if len(terms) == 1 else None

    def analysed(text: str) -> str | None:
        terms = positioned_terms(analyzer, text)
        return f"{text}={' '.join(f'{p}:{t}' for p, t in terms)}" if terms else None

    ru_en: dict[str, list[str]] = {}  # Russian term -> its headword, then its English gloss
    en_ru: dict[str, list[str]] = {}  # English gloss -> Russian words, most frequent first
    rank: dict[str, int] = {}  # a Russian word's place in its list (the lists go by frequency)
    for part in PARTS:
        for place, (word, gloss) in enumerate(json.loads((source / f"{part}.ru-en.json").read_text("utf-8")).items()):
            rank.setdefault(word, place)
            english = clean(gloss)
            key = term(word)
            if not english or not key or key in ru_en:
                continue
            ru_en[key] = [word, english]
            if " " not in english:
                en_ru.setdefault(english, []).append(word)
    en_own = {}
    for part in PARTS:
        for english, word in json.loads((source / f"{part}.en-ru.json").read_text("utf-8")).items():
            english = clean(english)
            if english and " " not in english and " " not in word.strip():
                en_own.setdefault(english, word.strip())
    lines = []
    for key, (word, english) in sorted(ru_en.items()):
        if (translation := analysed(english)):
            lines.append(f"ru\t{key}\t{word}\t{translation}")
    # English words with one term (government, governments; not governmental: another term)
    # share their Russian words, most frequent first; the headword shown is the shortest.
    by_term: dict[str, tuple[str, list[str]]] = {}
    for english in sorted(set(en_ru) | set(en_own), key=lambda e: (len(e), e)):
        key = term(english)
        if not key:
            continue
        shown, words = by_term.get(key, (english, []))
        words += [w for w in en_ru.get(english, ()) if w not in words]
        by_term[key] = (shown, words)
    for english, word in en_own.items():
        key = term(english)
        if key in by_term and not by_term[key][1]:
            by_term[key][1].append(word)
    for key, (english, words) in sorted(by_term.items()):
        words = sorted(words, key=lambda w: rank.get(w, len(rank)))[:PER_WORD]
        words = [a for a in map(analysed, words) if a]
        if words:
            lines.append(f"en\t{key}\t{english}\t{' ; '.join(words)}")
    header = ("# kgsearch's bilingual word list, made by tools/make_dictionary.py from the openrussian.org lists\n"
              "# (https://en.openrussian.org, CC BY-SA 4.0; see DICTIONARY.md). lang, term, headword, translations.\n")
    lines.sort(key=lambda line: line.split("\t")[:2])  # kgsearch looks entries up by bisection
    output.write_text(header + "\n".join(lines) + "\n", "utf-8")
    print(f"{len(ru_en)} Russian and {len(by_term)} English words -> {output}")


if __name__ == "__main__":
    main()
