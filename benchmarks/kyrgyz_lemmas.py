"""How well the Kyrgyz analyzer finds a word's lemma, on treebank sentences it never learned from.

Run: python benchmarks/kyrgyz_lemmas.py

Reads UD Kyrgyz-KTMU (gold lemmas) from ../shared/corpora/ud and measures on
the sentences tools/make_kyrgyz_lexicon.py holds out (every fifth). For each
word (punctuation and numbers aside) and for content words alone (NOUN PROPN
ADJ VERB ADV):

- lemma accuracy: the first term is the gold lemma, folded;
- same term: the form and its lemma get the same first term, which is what
  a search needs (a query word finds its other forms);

against two baselines: the word as written (folded), and the Russian
lemmatizer every Cyrillic word went to before. Then the speed of ``terms``,
cold (a fresh cache) and warm, and the commonest errors.
"""

import importlib.util
import time
from collections import Counter
from pathlib import Path

from corpora import CORPORA, require

from kgsearch.analyzers import kyrgyz, russian
from kgsearch.analyzers.letters import fold

ROOT = Path(__file__).resolve().parents[1]
CONTENT = {"NOUN", "PROPN", "ADJ", "VERB", "ADV"}


def tool():
    spec = importlib.util.spec_from_file_location("make_kyrgyz_lexicon", ROOT / "tools" / "make_kyrgyz_lexicon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def held_out_words():
    """(form as written, gold lemma as written, UPOS) of each held-out word that is a Kyrgyz word."""
    make = tool()
    _, held = make.split(require(CORPORA / "ud" / "ky_ktmu-ud-train.conllu"))
    return [(form, lemma, upos) for words in held for form, lemma, upos in words
            if upos not in ("PUNCT", "NUM", "SYM") and make.WORD.fullmatch(fold(form))]


def kyrgyz_term(word):
    return kyrgyz.terms(word)[0]


def as_written(word):
    return fold(word)


def russian_term(word):
    return russian.lemmatize(fold(word))


def scores(words, analyze):
    """(lemma accuracy, same-term rate) of ``analyze`` over (form, lemma) pairs."""
    right = same = 0
    for form, lemma, _ in words:
        term = analyze(form)
        right += term == fold(lemma)
        same += term == analyze(lemma)
    return right / len(words), same / len(words)


def main():
    words = held_out_words()
    forms = [form for form, _, _ in words]
    start = time.perf_counter()
    kyrgyz.terms("иштери")  # a word of the lexicon: loads the lexicon and suffixes
    print(f"first word (loading the data): {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    russian.is_known("делегация")  # loanwords are looked up in pymorphy3, which the Russian analyzer shares
    print(f"first loanword (loading pymorphy3): {time.perf_counter() - start:.3f} s")
    for label in ("cold", "warm"):
        start = time.perf_counter()
        for form in forms:
            kyrgyz.terms(form)
        elapsed = time.perf_counter() - start
        print(f"terms(), {label} cache: {len(forms) / elapsed:,.0f} words/s")

    content = [w for w in words if w[2] in CONTENT]
    print(f"{len(words):,} held-out words ({len(content):,} content words) of UD Kyrgyz-KTMU, every 5th sentence")
    print(f"{'':24}{'lemma, all':>12}{'same, all':>12}{'lemma, content':>16}{'same, content':>15}")
    for name, analyze in (("as written", as_written), ("Russian lemmatizer", russian_term),
                          ("Kyrgyz analyzer", kyrgyz_term)):
        a = scores(words, analyze)
        c = scores(content, analyze)
        print(f"{name:24}{a[0]:>12.1%}{a[1]:>12.1%}{c[0]:>16.1%}{c[1]:>15.1%}")
    unseen = [w for w in words if not kyrgyz.is_known(fold(w[0]))]
    print(f"{len(unseen)} held-out words the lexicon lacks (suffix chains and rules alone): "
          f"lemma {scores(unseen, kyrgyz_term)[0]:.1%}, same term {scores(unseen, kyrgyz_term)[1]:.1%} "
          f"(as written {scores(unseen, as_written)[1]:.1%})")

    errors = Counter((form.lower(), kyrgyz_term(form), fold(lemma)) for form, lemma, _ in words
                     if kyrgyz_term(form) != fold(lemma))
    print("the 20 commonest errors (form: term ≠ gold lemma):")
    for (form, term, gold), count in errors.most_common(20):
        print(f"  {count:3}  {form}: {term} ≠ {gold}")


if __name__ == "__main__":
    main()
