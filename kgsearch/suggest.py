""""Did you mean": corrections from the words the index's documents write.

Index terms are lemmas and stems, and a misspelling shares its stem with real
words more often than one would think (``governent`` stems to ``govern``, as
``government`` does; ``boarde`` to ``board``). Counting a candidate by its
term would call such a non-word as frequent as the word, so words are
counted as the documents *write* them: a term's occurrences are read back,
through their character offsets, from the documents that have it (a sample
of them, to rank candidates). So a correction is a word documents write, and
only a word no document writes is corrected (``goverment`` shares ``gover``
with one ``governess``, but nobody writes it): a suggestion is never rarer
than the word typed.

Corrections are a courtesy, so they stop quietly at their budget; a word
longer than any word of a language (a pasted hash, a key held down) is not
corrected at all, and only the first few unknown words are.
"""

from collections import Counter

from kgsearch.analyzers import fold, is_cyrillic
from kgsearch.analyzers.wordterms import is_known, written_nowhere
from kgsearch.analyzers.stopwords import stop_words
from kgsearch.analyzers.tagged import KYRGYZ, RUSSIAN
from kgsearch.analyzers.tokenize import WordTokenizer
from kgsearch.budget import Budget
from kgsearch.errors import QueryBudgetError
from kgsearch.index.schema import term_text
from kgsearch.query import FIELDS, words_of

# Longer than the longest words of Russian and English dictionaries (about 30 letters).
MAX_WORD_LETTERS = 30
MAX_CORRECTED_WORDS = 10
RUSSIAN_ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Documents read to learn how a candidate's term is written: its postings, evenly spread.
SAMPLE_DOCUMENTS = 40
# Documents read, at most, to tell that no document writes the word typed; past
# them, the word is taken as written (and not corrected).
SCAN_DOCUMENTS = 300


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


def written(text: str) -> str:
    """A word as written, compared as candidates are: folded, without an English possessive.

    >>> written("Government's"), written("Ёлки")
    ('government', 'елки')
    """
    word = fold(text).replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


class Spellings:
    """How the documents write the words behind index terms."""

    def __init__(self, searcher, field: str = "body", budget: Budget | None = None):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.field = field
        self.budget = budget
        self._forms: dict[str, tuple[Counter, float]] = {}
        self._kyrgyz: frozenset[int] | None = None

    def _check(self):
        if self.budget:
            self.budget.check()

    def _written(self, postings, docnum: int) -> set[str]:
        """The forms of the posting's term that document ``docnum`` writes."""
        text = self.searcher.stored_fields(docnum).get(self.field, "")
        return {written(text[start:end]) for _, start, end in postings.value_as("characters")}

    def forms(self, term: str) -> tuple[Counter, float]:
        """The written forms of ``term`` with the sampled documents writing each, and how
        many of the term's documents each sampled one stands for."""
        if term not in self._forms:
            self._forms[term] = self._sample(term)
        return self._forms[term]

    def _sample(self, term: str) -> tuple[Counter, float]:
        if (self.field, term) not in self.reader:
            return Counter(), 0.0
        ids = list(self.reader.postings(self.field, term).all_ids())
        if not ids:  # a term left by documents an update deleted
            return Counter(), 0.0
        step = len(ids) / min(len(ids), SAMPLE_DOCUMENTS)
        chosen = sorted({ids[int(i * step)] for i in range(min(len(ids), SAMPLE_DOCUMENTS))})
        postings = self.reader.postings(self.field, term)
        counts: Counter = Counter()
        for docnum in chosen:
            self._check()
            postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                counts.update(self._written(postings, docnum))
        return counts, len(ids) / len(chosen)

    def is_written(self, word: str, term: str) -> bool | None:
        """Whether a document having ``term`` writes ``word``, in its text or its title;
        ``None`` when ``SCAN_DOCUMENTS`` of them were read and none does."""
        word = written(word)
        read = 0
        for field in (self.field, "title"):
            if (field, term) not in self.reader:
                continue
            postings = self.reader.postings(field, term)
            while postings.is_active():
                if read == SCAN_DOCUMENTS:
                    return None
                self._check()
                read += 1
                if field == self.field:
                    forms = self._written(postings, postings.id())
                else:  # titles keep no offsets, and are short enough to read whole
                    title = self.searcher.stored_fields(postings.id()).get(field, "")
                    forms = {written(t.text) for t in WordTokenizer()(title)}
                if word in forms:
                    return True
                postings.next()
        return False

    def kyrgyz_documents(self, term: str) -> int:
        """How many Kyrgyz documents have ``term``."""
        if self._kyrgyz is None:
            has = ("lang", "ky") in self.reader
            self._kyrgyz = frozenset(self.reader.postings("lang", "ky").all_ids()) if has else frozenset()
        if not self._kyrgyz or (self.field, term) not in self.reader:
            return 0
        return sum(docnum in self._kyrgyz for docnum in self.reader.postings(self.field, term).all_ids())

    def documents(self, word: str, term: str) -> float:
        """About how many documents write ``word`` (whose term is ``term``)."""
        counts, scale = self.forms(term)
        return counts.get(fold(word), 0) * scale

    def commonest(self, term: str) -> str | None:
        """The form of ``term`` the documents write most often."""
        counts, _ = self.forms(term)
        return min(counts, key=lambda form: (-counts[form], form)) if counts else None


def correct_word(word: str, compiler, spellings: Spellings, budget: Budget | None = None) -> str | None:
    """The word one edit away that the most documents write (of several forms of that
    word's term, its dictionary form if written).

    Candidates take the typed word's capital (a capitalised Russian word is read
    as a name). A stop word (``until`` for ``untill``) counts as written by every
    document; the index keeps no count of it.
    """
    capital = word[:1].isupper()
    word = written(word)
    cyrillic = is_cyrillic(word)
    # A query read as Kyrgyz is corrected to Kyrgyz words: the Russian ones a letter away (мир, тем
    # for тмир, темр) are written by more documents, the Russian ones.
    kyrgyz_read = cyrillic and compiler.lang == KYRGYZ
    reader = spellings.reader
    stops = stop_words("ky" if kyrgyz_read else "ru" if cyrillic else "en")
    everywhere = reader.doc_count()
    found = []
    for n, candidate in enumerate(sorted(one_edit(word))):
        if budget and n % 64 == 0:
            budget.check()
        if candidate in stops:
            found.append((everywhere, candidate, None))
            continue
        # A candidate no document writes is never counted below: where the index's word table
        # can tell, it is left before it is analysed (which would load the stemmer or lemmatizer).
        if written_nowhere(compiler.analyzer, candidate):
            continue
        # Only dictionary words, or names (capitalised), are tried in Russian: a guessed
        # lemma of a misspelling is cheap to make and costly to look up.
        if cyrillic and not kyrgyz_read and not capital and not is_known(compiler.analyzer, candidate):
            continue
        terms = compiler.key(candidate.capitalize() if capital else candidate)
        if len(terms) == 1 and (have := reader.doc_frequency(spellings.field, terms[0])):
            found.append((have, candidate, terms[0]))
    if kyrgyz_read:  # counted in the Kyrgyz documents: the Russian ones write мир more than any темир
        found = [(spellings.kyrgyz_documents(term) if term else have, candidate, term)
                 for have, candidate, term in found]
    best_count, scored = 0, {}
    # Most frequent terms first: no candidate is written by more documents than have its term.
    for have, candidate, term in sorted(found, key=lambda f: (-f[0], f[1])):
        if have < best_count:
            break
        # Counted as written, Russian words too: by lemma, местах would beat местных for
        # местых, and benchmarks/did_you_mean.py finds the word meant less often.
        count = have if term is None else spellings.documents(candidate, term)
        if kyrgyz_read:
            count = min(count, have)
        if count > 0:
            scored.setdefault(term, []).append((count, _slip(word, candidate), candidate))
            best_count = max(best_count, count)
    if not scored:
        return None
    # The term of the most written candidate; of its forms, the dictionary form if it is
    # one (Бишкке: бишкек, not the more often written бишкеке), else the most written.
    term, forms = max(scored.items(), key=lambda item: max(item[1]))
    return term if any(form[-1] == term for form in forms) else max(forms)[-1]


def _slip(typed: str, candidate: str) -> int:
    """How common the slip from ``candidate`` to ``typed`` is, to break ties (which, not with,
    for wich): a letter left out, then two swapped, then one doubled or added, then one wrong."""
    if len(candidate) != len(typed):
        return 3 if len(candidate) > len(typed) else 1
    return 2 if sorted(candidate) == sorted(typed) else 0


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


def replace_word(query: str, word: str, shown: str, start: int = 0) -> tuple[str, int]:
    """``query`` with its first ``word`` at or after ``start`` replaced by ``shown``, and
    where the replacement ends; only a whole word outside phrases and fields is replaced.

    >>> replace_word("border borde", "borde", "border")
    ('border border', 13)
    >>> replace_word('"borde" title:borde (borde~)', "borde", "border")[0]
    '"borde" title:borde (border~)'
    """
    at = start
    while (at := query.find(word, at)) >= 0:
        end = at + len(word)
        before = query[:at]
        whole = (at == 0 or query[at - 1] in " \t\n(+") and (end == len(query) or query[end] in " \t\n)~^*")
        if whole and before.count('"') % 2 == 0 and not _after_field(before):
            return query[:at] + shown + query[end:], at + len(shown)
        at = end
    return query, start


def _after_field(before: str) -> bool:
    """True when ``before`` ends with a field name and its colon (``title:``)."""
    head, colon, _ = before.rpartition(":")
    name = head.split()[-1].lstrip("(+-") if head.split() else ""
    return bool(colon) and not before[len(head) + 1:].strip() and name.lower() in FIELDS


def _misspelt(word: str, compiler, spellings: Spellings) -> bool:
    """True for a word no document writes, when the index can tell. A Russian dictionary
    word whose lemma the index has is a word (``дорогами``, though only ``дороги`` is
    written); so is a word some document writes, even one as rare as a typo
    (``definately``, in one BBC article): the slips an archive writes are mostly words
    (``steep``, ``crowed``), and correcting them was wrong more often than right."""
    terms = compiler.key(word)
    if len(terms) != 1:
        return False
    if not compiler.frequency(word):
        return True
    if is_cyrillic(word) and (is_known(compiler.analyzer, word) or compiler.lang != RUSSIAN):
        # Kyrgyz writes a word with its endings (келишимдерге): its bare form may be written nowhere.
        return False
    return spellings.is_written(word, terms[0]) is False


def did_you_mean(query: str, node, searcher, compiler, budget: Budget | None = None) -> str | None:
    """``query`` with its misspelt words replaced by the words the documents write.

    ``node`` is the parsed query; ``compiler`` knows the index's terms. A word
    no document writes is corrected: a word of four letters or more to the
    word one edit away that most documents write; otherwise (or when there is
    none) to the closest index term, as the documents most often write it.
    Out of ``budget``, the words corrected so far are shown.
    """
    reader = searcher.reader()
    spellings = Spellings(searcher, budget=budget)
    changed, at = query, 0
    tried = 0
    for word in words_of(node):
        if len(word.text) > MAX_WORD_LETTERS or tried >= MAX_CORRECTED_WORDS:
            continue
        try:
            if budget:
                budget.check()
            if not _misspelt(word.text, compiler, spellings):
                continue
            tried += 1
            shown = correct_word(word.text, compiler, spellings, budget) if len(word.text) >= 4 else None
            term = compiler.key(word.text)[0]
            if shown is None and (fixed := correct_term(reader, term, budget=budget)):
                shown = spellings.commonest(fixed)
                if shown and edit_distance(fold(word.text), shown) > 2:
                    shown = None
        except QueryBudgetError:
            break
        if shown and shown != fold(word.text):
            changed, at = replace_word(changed, word.text, shown, at)
    return changed if changed != query else None
