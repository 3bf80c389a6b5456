"""One analyzer for Russian and English text, routed word by word by script.

Archives mix the two languages inside one document (a Russian release that
quotes ``Belt and Road``, an English wire that spells ``Кыргызстан``), so the
language is decided for each word, not for each document: Cyrillic words are
lemmatized by pymorphy3, Latin words stemmed by Snowball, anything else
(numbers, Chinese) is kept as written, in lower case.
"""

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter

from kgsearch.analyzers import english, russian
from kgsearch.analyzers.stopwords import StopFilter
from kgsearch.analyzers.tokenize import WordTokenizer

_cyrillic = re.compile("[\u0400-\u04ff]").search
_latin = re.compile("[a-z\u00c0-\u024f]").search

AMBIGUITY_POLICIES = ("first", "all")


_combining = re.compile("[\u0300-\u036f]").search


def _casefold(word: str) -> str:
    """Lower case, ё as е, and stress marks dropped (Во́дская is Водская)."""
    if _combining(word):
        word = unicodedata.normalize("NFC", word).replace("\u0301", "").replace("\u0300", "")
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=russian.CACHE_SIZE)
def terms_first(word: str) -> tuple[str, ...]:
    """The index term of a surface word: its most probable lemma or its stem.

    >>> terms_first("Железной"), terms_first("Railways"), terms_first("2025")
    (('железный',), ('railway',), ('2025',))
    """
    word = _casefold(word)
    if _cyrillic(word):
        return (russian.lemmatize(word),)
    if _latin(word):
        return (english.stem(word),)
    return (word,)


@lru_cache(maxsize=russian.CACHE_SIZE)
def terms_all(word: str) -> tuple[str, ...]:
    """Like ``terms_first``, but every distinct Russian normal form.

    >>> terms_all("стали")
    ('стать', 'сталь')
    """
    folded = _casefold(word)
    if _cyrillic(folded):
        return russian.normal_forms(folded)
    return terms_first(word)


class MorphologyFilter(Filter):
    """Replaces each word by its lemma or stem; keeps position and offsets.

    With ``ambiguity="all"`` an ambiguous Russian form yields each of its
    normal forms at the same position.

    >>> [t.text for t in MorphologyFilter()(WordTokenizer()("министров China's"))]
    ['министр', 'china']
    """

    def __init__(self, ambiguity: str = "first"):
        if ambiguity not in AMBIGUITY_POLICIES:
            raise ValueError(f"ambiguity must be one of {AMBIGUITY_POLICIES}, not {ambiguity!r}")
        self.ambiguity = ambiguity

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.ambiguity == other.ambiguity

    def __call__(self, tokens):
        terms = terms_first if self.ambiguity == "first" else terms_all
        for t in tokens:
            forms = terms(t.text)
            t.text = forms[0]
            yield t
            for form in forms[1:]:
                t.text = form
                yield t


def bilingual_analyzer(ambiguity: str = "first"):
    """The analyzer kgsearch uses for indexing and for queries alike.

    >>> [t.text for t in bilingual_analyzer()("Железной дороги и railways")]
    ['железный', 'дорога', 'railway']
    """
    return WordTokenizer() | StopFilter() | MorphologyFilter(ambiguity)
