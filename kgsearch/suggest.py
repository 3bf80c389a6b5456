""""Did you mean": corrections from the index's own vocabulary, in the query's script.

Index terms are lemmas and stems (``polici``), which are no words to show a
user; the correction is shown as the word as some document writes it, read
back from that document through the term's character offsets.

Corrections are a courtesy, so they stop quietly at their budget; a word
longer than any word of a language (a pasted hash, a key held down) is not
corrected at all, and only the first few unknown words are.
"""

from kgsearch.analyzers import fold, is_cyrillic
from kgsearch.analyzers.russian import is_known
from kgsearch.budget import Budget
from kgsearch.errors import QueryBudgetError
from kgsearch.index.schema import term_text
from kgsearch.query import words_of

# Longer than the longest words of Russian and English dictionaries (about 30 letters).
MAX_WORD_LETTERS = 30
MAX_CORRECTED_WORDS = 10
RUSSIAN_ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every word one deletion, swap, replacement or insertion away, in the word's own alphabet.

    >>> "инфляция" in one_edit("инфляиця") and "байкал" in one_edit("байал")
    True
    """
    alphabet = RUSSIAN_ALPHABET if is_cyrillic(word) else LATIN_ALPHABET
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return (deletes | swaps | replaces | inserts) - {word}


def correct_word(word: str, frequency, budget: Budget | None = None) -> str | None:
    """The most frequent word one edit away whose term the index has.

    ``frequency(word)`` is how many documents have the word's term. Russian
    candidates must be dictionary words, so that a guessed lemma of a
    misspelling cannot pass for a word.
    """
    word = fold(word)
    cyrillic = is_cyrillic(word)
    best, best_count = None, 0
    for n, candidate in enumerate(sorted(one_edit(word))):
        if budget and n % 64 == 0:
            budget.check()
        if cyrillic and not is_known(candidate):
            continue
        count = frequency(candidate)
        if count > best_count:
            best, best_count = candidate, count
    return best


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a swap of two letters is one edit.

    >>> edit_distance("railwya", "railway"), edit_distance("дорга", "дорога")
    (1, 1)
    """
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def correct_term(reader, term: str, field: str = "body", budget: Budget | None = None) -> str | None:
    """The closest frequent index term to ``term`` in the same script, or ``None``."""
    maxdist = 1 if len(term) <= 4 else 2
    script = is_cyrillic(term)
    best = None
    for candidate in reader.terms_within(field, term, maxdist, prefix=1):
        if budget:
            budget.check()
        candidate = term_text(candidate)
        if candidate == term or is_cyrillic(candidate) != script:
            continue
        rank = (edit_distance(term, candidate), -reader.doc_frequency(field, candidate))
        if best is None or rank < best[0]:
            best = (rank, candidate)
    return best[1] if best else None


def surface_form(searcher, term: str, field: str = "body") -> str:
    """The word as a document writes it, for an index term."""
    reader = searcher.reader()
    postings = reader.postings(field, term)
    _, start, end = postings.value_as("characters")[0]
    text = searcher.stored_fields(postings.id()).get(field, "")
    return text[start:end].lower() or term


def did_you_mean(query: str, node, searcher, compiler, budget: Budget | None = None) -> str | None:
    """``query`` with its unknown words replaced by the closest words the index has.

    ``node`` is the parsed query; ``compiler`` knows the index's terms. A word
    of four letters or more is corrected by one edit to the most frequent
    dictionary word; otherwise, the closest index term is shown as some
    document writes it. Out of ``budget``, the words corrected so far are shown.
    """
    reader = searcher.reader()
    changed = query
    tried = 0
    for word in words_of(node):
        if len(word.text) > MAX_WORD_LETTERS or tried >= MAX_CORRECTED_WORDS:
            continue
        try:
            if budget:
                budget.check()
            terms = compiler.positions(word.text)
            if len(terms) != 1 or compiler.frequency(word.text):
                continue
            tried += 1
            shown = correct_word(word.text, compiler.frequency, budget) if len(word.text) >= 4 else None
            if shown is None and (fixed := correct_term(reader, terms[0][1], budget=budget)):
                # A Russian lemma is a dictionary word; an English stem may not be (polici).
                shown = fixed if is_cyrillic(fixed) else surface_form(searcher, fixed)
        except QueryBudgetError:
            break
        if shown:
            changed = changed.replace(word.text, shown, 1)
    return changed if changed != query else None
