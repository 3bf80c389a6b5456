"""How often the analyzer's term for a Russian content word is its true lemma.

Run: python benchmarks/lemma_accuracy.py

Reads the Universal Dependencies Russian GSD development set (gold lemmas)
from ../shared/corpora/ud. Each content word (NOUN, PROPN, ADJ, VERB, ADV)
goes through the full analyzer on its own; its first term is compared with the
gold lemma, lower-cased with ё as е. Target: at least 93%.

The same run compares the two policies for ambiguous forms: "first" indexes
the most probable normal form, "all" every distinct one at the same position.
For "all", recall is the share of words whose gold lemma is among the terms,
precision the share of emitted terms that are the gold lemma.
"""

from collections import Counter

from corpora import CORPORA, require

from kgsearch.analyzers import bilingual_analyzer, fold, is_cyrillic

CONTENT = {"NOUN", "PROPN", "ADJ", "VERB", "ADV"}


def content_words(path):
    """(form, gold lemma) of each Cyrillic content word in a CoNLL-U file."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 10 or not cols[0].isdigit() or cols[3] not in CONTENT:
                continue
            form, lemma = cols[1], fold(cols[2])
            if is_cyrillic(form):
                yield form, lemma


def main():
    words = list(content_words(require(CORPORA / "ud" / "ru_gsd-ud-dev.conllu")))
    first, every = bilingual_analyzer("first"), bilingual_analyzer("all")
    agree = stopped = 0
    recall = emitted = correct = 0
    disagreements = Counter()
    for form, gold in words:
        terms = [t.text for t in first(form)]
        term = terms[0] if terms else "∅ (stop word)"
        stopped += not terms
        if term == gold:
            agree += 1
        else:
            disagreements[(form.lower(), term, gold)] += 1
        positions = {}
        for t in every(form, positions=True):
            positions.setdefault(t.pos, []).append(t.text)
        candidates = next(iter(positions.values()), [])
        emitted += len(candidates)
        correct += candidates.count(gold)
        recall += gold in candidates

    n = len(words)
    print(f"{n:,} Russian content words (NOUN PROPN ADJ VERB ADV) in ru_gsd-ud-dev")
    print(f"policy first: term = gold lemma for {agree / n:.2%} (target >= 93%); "
          f"{stopped} words ({stopped / n:.2%}) are stop words, counted as misses")
    print(f"policy all:   gold lemma among terms for {recall / n:.2%} (recall); "
          f"{correct / emitted:.2%} of {emitted:,} terms are the gold lemma (precision), "
          f"{emitted / n:.2f} terms a word")
    print("ten most frequent disagreements (form: term ≠ gold):")
    for (form, term, gold), count in disagreements.most_common(10):
        print(f"  {count:4}  {form}: {term} ≠ {gold}")


if __name__ == "__main__":
    main()
