"""One analyzer for Russian and English text, routed word by word by script.

Archives mix the two languages inside one document (a Russian release that
quotes ``Belt and Road``, an English wire that spells ``Кыргызстан``), so the
language is decided for each word, not for each document: Cyrillic words are
lemmatized by pymorphy3, Latin words stemmed by Snowball, anything else
(numbers, Chinese) is kept as written, in lower case.
"""

import re
from functools import lru_cache

from whoosh.analysis import Filter

from kgsearch.analyzers import english, names, russian
from kgsearch.analyzers.letters import fold, is_cyrillic
from kgsearch.analyzers.stopwords import StopFilter
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

    def _terms(self, every: bool):
        """The function from a surface word to its terms: the index's table when there is one."""
        if self.words is not None:
            words = self.words
            return lambda word: words.terms(word, every)
        return terms_all if every else terms_first

    def __call__(self, tokens):
        terms = None
        seen = self.seen
        for t in tokens:
            if terms is None:  # one mode for the whole stream: decided at its first token
                every, weight = self._policy(t.mode)
                terms = self._terms(every)
            forms = terms(t.text)
            if seen is not None:
                seen[t.text]  # a new word's entry is made now, while the caches hold its analysis
            t.text = forms[0]
            yield t
            if len(forms) > 1:
                boost = t.boost
                for form in forms[1:]:
                    t.text = form
                    t.boost = boost * weight
                    yield t
                t.boost = boost


def positioned_terms(analyzer, text: str) -> list[tuple[int, str]]:
    """(position, term) for each position of ``text`` as a query reads it: the first term
    where a compound or an ambiguous word has several. Glossary entries and query words
    are compared by these.

    >>> positioned_terms(bilingual_analyzer(), "Belt and Road, контрольно-пропускных")
    [(0, 'belt'), (2, 'road'), (3, 'контрольно-пропускной')]
    """
    seen: dict[int, str] = {}
    for t in analyzer(text, positions=True, mode="query"):
        seen.setdefault(t.pos, t.text)
    return sorted(seen.items())


def bilingual_analyzer(ambiguity: str = "first"):
    """The analyzer kgsearch uses for indexing and for queries alike.

    >>> [t.text for t in bilingual_analyzer()("Железной дороги и railways")]
    ['железный', 'дорога', 'railway']
    """
    return WordTokenizer() | StopFilter() | MorphologyFilter(ambiguity)
