"""Learn kgsearch's Kyrgyz lexicon and suffix rules from the UD Kyrgyz-KTMU treebank.

Run: python tools/make_kyrgyz_lexicon.py [CONLLU]
(default: ../shared/corpora/ud/ky_ktmu-ud-train.conllu, read in place; writes
analyzers/data/ky_lexicon.txt and analyzers/data/ky_suffixes.txt, shipped under
CC BY-SA 4.0 with the treebank's attribution in their headers)

Every fifth sentence (the 5th, 10th, ... in file order) is held out and never
learned from, so benchmarks/kyrgyz_lemmas.py measures on those sentences the
analyzer that ships. From the other four in five:

- the lexicon: each word form and its commonest gold lemma (folded), and
  every lemma as a word of its own;
- the suffix chains: what follows a lemma in a form that starts with it
  (``мамлекет|тердин``), by its shape, vowels written as low or high
  (``тAрдIн``), so that a chain seen after one stem is recognised after a
  stem of any vowel (``тардын``, ``төрдүн``);
- the ending rules: for each word ending, the commonest way its words reach
  their lemma (cut so many letters, add these), kept where it is reliable.
"""

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from kgsearch.analyzers.kyrgyz import shape
from kgsearch.analyzers.letters import fold

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "corpora" / "ud" / "ky_ktmu-ud-train.conllu"
DATA = ROOT / "analyzers" / "data"
LEXICON, SUFFIXES = DATA / "ky_lexicon.txt", DATA / "ky_suffixes.txt"
COMMAND = "python tools/make_kyrgyz_lexicon.py"
HELD_OUT_EVERY = 5
WORD = re.compile(r"[а-яёңөү]+(?:-[а-яёңөү]+)*")
MAX_ENDING = 7  # letters of a word ending a rule looks at
MIN_RULE_COUNT = 2  # words an ending rule must have been seen in
MIN_RULE_SHARE = 0.6  # of them, the share its transformation must be right for

ATTRIBUTION = """\
# Derived from UD_Kyrgyz-KTMU (https://github.com/UniversalDependencies/UD_Kyrgyz-KTMU),
# train part (four sentences in five), by the treebank's contributors at Kyrgyz-Turkish
# Manas University (KTMU).
# Licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this file
# is shared under the same licence. Regenerate: {command}
"""


def sentences(path: Path = SOURCE) -> list[list[tuple[str, str, str]]]:
    """Each sentence of a CoNLL-U file as (form, lemma, UPOS) of its words, in file order."""
    found, words = [], None
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# sent_id"):
                words = []
                found.append(words)
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 10 and cols[0].isdigit():
                words.append((cols[1], cols[2], cols[3]))
    return found


def split(path: Path = SOURCE) -> tuple[list, list]:
    """(train, held out): every fifth sentence is held out."""
    every = sentences(path)
    held = [s for i, s in enumerate(every) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    train = [s for i, s in enumerate(every) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    return train, held


def pairs(sents) -> list[tuple[str, str]]:
    """(folded form, folded lemma) of each Kyrgyz word."""
    found = []
    for words in sents:
        for form, lemma, upos in words:
            form, lemma = fold(form), fold(lemma)
            if upos not in ("PUNCT", "NUM", "SYM") and WORD.fullmatch(form) and WORD.fullmatch(lemma):
                found.append((form, lemma))
    return found


def transformation(form: str, lemma: str) -> tuple[int, str]:
    """(letters cut from the form's end, letters added) that turn form into lemma."""
    k = 0
    while k < min(len(form), len(lemma)) and form[k] == lemma[k]:
        k += 1
    return len(form) - k, lemma[k:]


def learn(train_pairs):
    """(lexicon, chains, rules) learned from (form, lemma) pairs."""
    by_form = defaultdict(Counter)
    for form, lemma in train_pairs:
        by_form[form][lemma] += 1
    # A word the treebank gives as a lemma counts that many votes for being its own lemma: one
    # mistagged form (Пекин as "Пеки") must not make every form of Пекин another word.
    as_lemma = Counter(lemma for _, lemma in train_pairs)
    for lemma, count in as_lemma.items():
        by_form[lemma][lemma] += count
    lexicon = {form: lemmas.most_common(1)[0][0] for form, lemmas in by_form.items()}
    # The treebank gives some lemmas a lemma of their own (кызматташтык is кызматташ where it is a
    # word): follow it, so that a form and its lemma get one term.
    for form in lexicon:
        seen = {form}
        while lexicon[lexicon[form]] not in seen:
            seen.add(lexicon[form])
            lexicon[form] = lexicon[lexicon[form]]

    chains = Counter()
    for form, lemma in train_pairs:
        if form != lemma and form.startswith(lemma):
            chains[form[len(lemma):]] += 1
    rules = {}
    seen = defaultdict(Counter)
    for form, lemma in train_pairs:
        cut, add = transformation(form, lemma)
        for n in range(max(cut, 1), min(MAX_ENDING, len(form) - 1) + 1):
            seen[form[-n:]][(cut, add)] += 1
    for ending, outcomes in seen.items():
        (cut, add), count = outcomes.most_common(1)[0]
        total = sum(outcomes.values())
        if count >= MIN_RULE_COUNT and count / total >= MIN_RULE_SHARE:
            rules[ending] = (cut, add, count, total)
    return lexicon, chains, rules


def texts(lexicon, chains, rules) -> tuple[str, str]:
    """The text of the lexicon file and of the suffix file."""
    header = ATTRIBUTION.format(command=COMMAND)
    lines = [header, "# A word form and its lemma (a lemma alone is a word of its own), folded.\n"]
    for form in sorted(lexicon):
        lemma = lexicon[form]
        lines.append(form + "\n" if form == lemma else f"{form}\t{lemma}\n")
    out = [header, "# chain<TAB>shape<TAB>count: the shape of a suffix chain seen after a lemma"
                   " (A a low vowel, I a high one)\n"]
    shapes = Counter()
    for chain, count in chains.items():
        shapes[shape(chain)] += count
    out += [f"chain\t{chain}\t{count}\n" for chain, count in sorted(shapes.items())]
    out.append("# rule<TAB>ending<TAB>cut<TAB>add<TAB>right<TAB>seen: how words with this ending reach their lemma\n")
    out += [f"rule\t{e}\t{cut}\t{add}\t{right}\t{total}\n" for e, (cut, add, right, total) in sorted(rules.items())]
    return "".join(lines), "".join(out)


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    if not source.exists():
        sys.exit(f"{source} is absent: the treebank lives in ../shared/corpora/ud beside the project")
    train, _ = split(source)
    lexicon, suffixes = texts(*learn(pairs(train)))
    LEXICON.write_text(lexicon, "utf-8")
    SUFFIXES.write_text(suffixes, "utf-8")
    print(f"wrote {LEXICON.relative_to(ROOT)} and {SUFFIXES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
