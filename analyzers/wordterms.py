"""Surface words and their terms, as the analyzer made them: what a query reads instead of
loading the stemmer and the lemmatizer.

Loading pymorphy3's dictionaries costs about 0.1 s (and nltk's stemmer, which
a query no longer needs, see ``english``, 0.3 s), more than the rest of a
cold ``kgsearch query``. Every word an index contains was analysed once, when
it was built; the builder keeps each word's terms in a table beside the index
(``kgsearch.index.wordtable``), and a query looks its words up there. A word
the table lacks is analysed as ever, so the table only saves time: any entry
it holds is what the analyzer gives, and a missing one costs a fallback.

A word's terms depend on its letters folded (``fold``) and, for a Cyrillic
word, on whether it is capitalised (a name reading comes first); that is the
key. Numbers and words of other scripts are their own folded text, which
costs nothing: they have no entry. The value holds every term the query mode
asks for (``terms_all``), how many of them the index mode takes
(``terms_first``), and for a Russian word whether pymorphy3's dictionary
knows it (``russian.is_known``, which "did you mean" asks).

A word of a Kyrgyz document has other terms than the same letters in a Russian
one (``tagged``): its key starts with ``KYRGYZ_MARK``, and its "known" is the
Kyrgyz lexicon's.

>>> entry("Стали")
('стали^', '1k\\tстать\\tсталь')
>>> decode(entry("Стали")[1])
(('стать', 'сталь'), 1, True)
"""

from collections.abc import Callable, Iterable

from kgsearch.analyzers import english, kyrgyz, names, russian
from kgsearch.analyzers.bilingual import KYRGYZ_MARK, either, is_latin, kyrgyz_terms, terms_all, terms_first
from kgsearch.analyzers.letters import fold, is_cyrillic
from kgsearch.analyzers.tagged import EITHER, KYRGYZ, RUSSIAN

CAPITALISED = "^"  # marks the key of a capitalised Cyrillic word
# The key no word has (a word is never empty): its value says the table holds every word the
# index's titles and bodies write, as a rebuild's table does (one begun by an update does not).
COMPLETE = ""


def key(word: str, lang: str = RUSSIAN) -> str | None:
    """The table's key for a surface word read in ``lang``; ``None`` for one whose terms cost nothing.

    >>> key("Railways"), key("РЕЙЛ"), key("Жапаров"), key("жапаров"), key("2025")
    ('railways', 'рейл', 'жапаров^', 'жапаров', None)
    >>> key("Бишкекте", "ky"), key("Railways", "ky")
    ('~бишкекте^', 'railways')
    """
    folded = fold(word)
    if is_cyrillic(folded):
        k = folded + CAPITALISED if names.is_capitalised(word) else folded
        return KYRGYZ_MARK + k if lang == KYRGYZ else k
    return folded if is_latin(folded) else None


def entry(word: str, lang: str = RUSSIAN) -> tuple[str, str] | None:
    """(key, value) for a surface word read in ``lang``, computed by the live analyzer; ``None``
    as for ``key``."""
    k = key(word, lang)
    if k is None:
        return None
    folded = k.rstrip(CAPITALISED).lstrip(KYRGYZ_MARK)
    if k.startswith(KYRGYZ_MARK):
        forms, first, known = kyrgyz_terms(word), 1, kyrgyz.is_known(folded)
    else:
        forms, first = terms_all(word), len(terms_first(word))
        known = is_cyrillic(folded) and russian.is_known(folded)
    return k, f"{first}{'k' if known else '-'}\t" + "\t".join(forms)


def decode(value: str) -> tuple[tuple[str, ...], int, bool]:
    """(every term, how many the index mode takes, known to the dictionary) from a value."""
    head, _, terms = value.partition("\t")
    return tuple(terms.split("\t")), int(head[:-1]), head[-1] == "k"


def entries_of(word: str) -> tuple[tuple[str, str], ...]:
    """The (key, value) entries a surface word gives (none for a number); a word a builder
    recorded from a Kyrgyz stream starts with ``KYRGYZ_MARK``.

    A capitalised Cyrillic word also gives its lower-case reading, which costs
    nothing more (its lemma is its reading as a common word): transliterations
    and typed queries are often lower case where documents capitalise.
    """
    lang = KYRGYZ if word.startswith(KYRGYZ_MARK) else RUSSIAN
    word = word.removeprefix(KYRGYZ_MARK)
    surfaces = (word, word.lower()) if names.is_capitalised(word) and is_cyrillic(word) else (word,)
    return tuple(found for surface in surfaces if (found := entry(surface, lang)) is not None)


def entries(words: Iterable[str]) -> dict[str, str]:
    """The entries for ``words`` (surface forms, as the tokenizer gives them), one per key."""
    return {k: value for word in words for k, value in entries_of(word)}


class Recorder(dict):
    """Surface words a builder's analyzer saw, each with its entries, made the first time it is
    looked up (``recorder[word]``): the analyzer looks each word up right after analysing it,
    while its caches still hold the word's terms (made later, a large build's words missed
    the caches and cost seconds more). A process that records stems with nltk's stemmer, the
    stemmer of record, from then on (``english.use_record``).

    ``spill``: where a rebuild's recorder sends its entries once it holds ``limit`` words (a
    callable given them that says whether they were kept); it then forgets the entries, since a
    vocabulary grows with its archive and each worker of a build recorded all of it. It keeps
    the last spill's words without them (``written``): most words seen after a spill were seen
    before it, and made again each cost its entries and a row spilled again (NG three times
    over, 100,000 words a spill: its 152,413 words were made 720,185 times; 353,954 times with
    the last spill's words kept, at most ``limit`` more words held). ``lost``: some entries
    could not be kept.
    """

    def __init__(self, spill: Callable[[dict[str, str]], bool] | None = None, limit: int = 0):
        super().__init__()
        self.spill, self.limit, self.lost = spill, limit, False
        self.written: set[str] = set()
        english.use_record()

    def __missing__(self, word: str):
        if self.spill is not None:
            if len(self) >= self.limit:
                self.lost |= not self.spill(self.entries())
                self.written = set(self)  # this spill's words, and those it had passed on
                self.clear()
            if word in self.written:
                found = self[word] = ()  # in the table: passed on to the next spill's ``written``
                return found
        found = self[word] = entries_of(word)
        return found

    def entries(self) -> dict[str, str]:
        return {k: value for found in self.values() for k, value in found}


class WordTerms:
    """A table's answers for the analyzer, and the analyzer itself for words it lacks.

    ``lookup`` gives a key's value, or ``None``; it must not raise (a table
    that cannot be read answers ``None``, and the word is analysed instead).
    """

    def __init__(self, lookup: Callable[[str], str | None]):
        self._lookup = lookup
        self._found: dict[str, tuple | None] = {}
        self._complete: bool | None = None

    def _entry(self, word: str, lang: str = RUSSIAN):
        k = key(word, lang)
        if k is None:
            return None
        if k not in self._found:
            value = self._lookup(k)
            self._found[k] = decode(value) if value is not None else None
        return self._found[k]

    def terms(self, word: str, every: bool, lang: str = RUSSIAN) -> tuple[str, ...]:
        """``terms_all(word)`` when ``every``, else ``terms_first(word)``; in a stream of another
        ``lang``, what ``bilingual.terms_function`` gives."""
        if lang == EITHER:
            if not is_cyrillic(word):
                return self.terms(word, every)
            return either(self.terms(word, every), self.terms(word, every, KYRGYZ), self.is_known(word))
        found = self._entry(word, lang)
        if found is None:
            if lang == KYRGYZ:
                return kyrgyz_terms(word) if every else kyrgyz_terms(word)[:1]
            return terms_all(word) if every else terms_first(word)
        forms, first, _ = found
        return forms if every else forms[:first]

    def is_known(self, word: str) -> bool:
        """``russian.is_known`` of the word folded (a surface word, any case)."""
        found = self._entry(word)
        return found[2] if found is not None else russian.is_known(fold(word))

    def complete(self) -> bool:
        """Whether the table holds every word the index's titles and bodies write."""
        if self._complete is None:
            self._complete = self._lookup(COMPLETE) is not None
        return self._complete

    def written_nowhere(self, word: str) -> bool:
        """True when no title or body writes ``word`` in any case, alone or with ``'s``; False
        also when the table cannot tell (it does not hold every word of the index).

        A capitalised Cyrillic word was kept with its lower-case reading too, so the
        lower-case key finds every case; Latin keys have no case.
        """
        folded = fold(word)
        if not self.complete() or key(folded) is None:
            return False
        forms = (folded, folded + "'s", folded + "’s", KYRGYZ_MARK + folded)
        return all(self._lookup(form) is None for form in forms)


def table_of(analyzer) -> WordTerms | None:
    """The table an index gave ``analyzer`` (a Whoosh analyzer with a ``MorphologyFilter``), if any."""
    return next((stage.words for stage in getattr(analyzer, "items", ()) if getattr(stage, "words", None)), None)


def is_known(analyzer, word: str) -> bool:
    """``russian.is_known`` of ``word`` folded, from the table ``analyzer`` reads, if it has one."""
    table = table_of(analyzer)
    return table.is_known(word) if table is not None else russian.is_known(fold(word))


def written_nowhere(analyzer, word: str) -> bool:
    """True when the table ``analyzer`` reads says no document writes ``word`` (see ``WordTerms``)."""
    table = table_of(analyzer)
    return table is not None and table.written_nowhere(word)
