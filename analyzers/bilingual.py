"""One analyzer for Russian, Kyrgyz and English text, routed word by word by script.

Archives mix the languages inside one document (a Russian release that
quotes ``Belt and Road``, an English wire that spells ``Кыргызстан``), so the
language is decided for each word, not for each document: Latin words are
stemmed by Snowball, Cyrillic words lemmatized by pymorphy3, anything else
(numbers, Chinese) is kept as written, in lower case. Kyrgyz is Cyrillic too,
so a Cyrillic word's language is its stream's (``tagged``): a Kyrgyz
document's words go to the Kyrgyz analyzer instead of pymorphy3.
"""

import re
from functools import lru_cache

from whoosh.analysis import Filter

from kgsearch.analyzers import english, kyrgyz, names, russian
from kgsearch.analyzers.letters import fold, is_cyrillic
from kgsearch.analyzers.stopwords import StopFilter
from kgsearch.analyzers.tagged import EITHER, KYRGYZ
from kgsearch.analyzers.tokenize import WordTokenizer

_latin = re.compile("[a-z\u00c0-\u024f]").search


def is_latin(folded: str) -> bool:
    """True for a folded word that the English stemmer takes (it has a Latin letter)."""
    return _latin(folded) is not None

# At query time a Russian word with several normal forms also searches the
# others, at this weight (0: the first only). The README's design notes give
# the numbers behind it.
OTHER_FORMS_WEIGHT = 0.5


@lru_cache(maxsize=russian.CACHE_SIZE)
def terms_first(word: str) -> tuple[str, ...]:
    """The index terms of a surface word: its most probable lemma or its stem; for a
    capitalised Russian word, its term as a name first (see ``names``).

    >>> terms_first("Железной"), terms_first("Railways"), terms_first("2025"), terms_first("Жапаровым")
    (('железный',), ('railway',), ('2025',), ('жапаров', 'жапаровой'))
    """
    folded = fold(word)
    if is_cyrillic(folded):
        return names.name_terms(folded) if names.is_capitalised(word) else (russian.lemmatize(folded),)
    if is_latin(folded):
        return (english.stem(folded),)
    return (folded,)


@lru_cache(maxsize=russian.CACHE_SIZE)
def terms_all(word: str) -> tuple[str, ...]:
    """Like ``terms_first``, but every distinct Russian normal form.

    >>> terms_all("стали")
    ('стать', 'сталь')
    """
    folded = fold(word)
    if is_cyrillic(folded):
        forms = russian.normal_forms(folded)
        if names.is_capitalised(word):
            first = names.name_terms(folded)
            forms = first + tuple(f for f in forms if f not in first)
        return forms
    return terms_first(word)


@lru_cache(maxsize=russian.CACHE_SIZE)
def kyrgyz_terms(word: str) -> tuple[str, ...]:
    """The index terms of a surface word in Kyrgyz text: a Cyrillic word's Kyrgyz lemma
    (``kyrgyz``), any other word's as in Russian text.

    >>> kyrgyz_terms("Бишкекте"), kyrgyz_terms("railways")
    (('бишкек',), ('railway',))
    """
    return kyrgyz.terms(word) if is_cyrillic(word) else terms_first(word)


def either_terms(word: str, every: bool) -> tuple[str, ...]:
    """The terms of a Cyrillic word that may be Russian or Kyrgyz (see ``either``).

    >>> either_terms("кытай", every=False), either_terms("дороги", every=False)[0]
    (('кытай', 'кытая'), 'дорога')
    """
    russian_terms = terms_all(word) if every else terms_first(word)
    if not is_cyrillic(word):
        return russian_terms
    return either(russian_terms, kyrgyz_terms(word) if every else kyrgyz_terms(word)[:1],
                  russian.is_known(fold(word)))


def either(russian_terms: tuple, kyrgyz_terms: tuple, known: bool) -> tuple[str, ...]:
    """A word's Russian and Kyrgyz terms together, the likelier reading first: the Russian one
    for a word pymorphy3's dictionary ``known``s, else the Kyrgyz one (its Russian lemma would
    be a guess: ``кытай`` as ``кытая``)."""
    first, second = (russian_terms, kyrgyz_terms) if known else (kyrgyz_terms, russian_terms)
    return tuple(dict.fromkeys(first + second))


class MorphologyFilter(Filter):
    """Replaces each word by its lemma or stem; keeps position and offsets.

    With ``ambiguity="all"`` an ambiguous Russian form yields each of its
    normal forms at the same position. At query time (``mode="query"``) the
    first policy still yields the other normal forms, after the first and
    at ``OTHER_FORMS_WEIGHT`` as their ``boost``: a query for ``стали``
    should find ``сталь`` too, below ``стать``.

    >>> [t.text for t in MorphologyFilter()(WordTokenizer()("министров China's"))]
    ['министр', 'china']
    >>> [(t.text, t.boost) for t in MorphologyFilter()(WordTokenizer()("стали", mode="query"))]
    [('стать', 1.0), ('сталь', 0.5)]

    Two slots belong to the process that set them and are never pickled with a
    schema: ``words``, the index's table of words and their terms (a
    ``wordterms.WordTerms``), which an opened index sets so that its queries
    need not load the stemmer and the lemmatizer; and ``seen``, a mapping that a
    builder sets to collect every word analysed, for that table (a
    ``wordterms.Recorder``, which makes a word's entry when it first sees it).
    """

    words = None
    seen = None

    def __init__(self, ambiguity: str = "first"):
        if ambiguity not in russian.AMBIGUITY_POLICIES:
            raise ValueError(f"ambiguity must be one of {russian.AMBIGUITY_POLICIES}, not {ambiguity!r}")
        self.ambiguity = ambiguity

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.ambiguity == other.ambiguity

    def __getstate__(self):
        return {name: value for name, value in self.__dict__.items() if name not in ("words", "seen")}

    def _policy(self, mode: str):
        """Whether to yield every normal form, and the weight of all but the first, in this mode."""
        if self.ambiguity == "all":
            return True, 1.0
        if mode == "query" and OTHER_FORMS_WEIGHT:
            return True, OTHER_FORMS_WEIGHT
        return False, 1.0

    def _terms(self, every: bool, lang: str):
        """The function from a surface word to its terms in a stream of ``lang``: the index's
        table when there is one."""
        if self.words is not None:
            words = self.words
            return lambda word: words.terms(word, every, lang)
        return terms_function(every, lang)

    def __call__(self, tokens):
        terms = None
        seen = self.seen
        for t in tokens:
            if terms is None:  # one mode and one language for the whole stream: told by its first token
                every, weight = self._policy(t.mode)
                lang = getattr(t, "lang", "")
                terms = self._terms(every, lang)
                mark = record_mark(lang)
            forms = terms(t.text)
            if seen is not None:
                seen[mark + t.text]  # a new word's entry is made now, while the caches hold its analysis
            t.text = forms[0]
            yield t
            if len(forms) > 1:
                boost = t.boost
                for form in forms[1:]:
                    t.text = form
                    t.boost = boost * weight
                    yield t
                t.boost = boost


def terms_function(every: bool, lang: str):
    """The live analysis of a surface word in a stream of ``lang``, all its terms or the first."""
    if lang == KYRGYZ:
        return kyrgyz_terms if every else lambda word: kyrgyz_terms(word)[:1]
    if lang == EITHER:
        return lambda word: either_terms(word, every)
    return terms_all if every else terms_first


def record_mark(lang: str) -> str:
    """What a builder's record of words (``wordterms.Recorder``) puts before a word of a Kyrgyz
    stream, whose terms are not the same word's in Russian text."""
    return KYRGYZ_MARK if lang == KYRGYZ else ""


# Before a word in a builder's record and in the table's keys: the word was read as Kyrgyz.
KYRGYZ_MARK = "~"


def positioned_terms(analyzer, text: str, lang: str | None = None) -> list[tuple[int, str]]:
    """(position, term) for each position of ``text`` as a query reads it: the first term
    where a compound or an ambiguous word has several. Glossary entries and query words
    are compared by these.

    >>> positioned_terms(bilingual_analyzer(), "Belt and Road, контрольно-пропускных")
    [(0, 'belt'), (2, 'road'), (3, 'контрольно-пропускной')]
    """
    seen: dict[int, str] = {}
    for t in analyzer(text, positions=True, mode="query", lang=lang):
        seen.setdefault(t.pos, t.text)
    return sorted(seen.items())


def bilingual_analyzer(ambiguity: str = "first"):
    """The analyzer kgsearch uses for indexing and for queries alike.

    >>> [t.text for t in bilingual_analyzer()("Железной дороги и railways")]
    ['железный', 'дорога', 'railway']
    """
    return WordTokenizer() | StopFilter() | MorphologyFilter(ambiguity)
