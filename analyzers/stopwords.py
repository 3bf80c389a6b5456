"""Stop words for each language, shipped as data files in the package.

nltk's stop-word corpus would need a download at run time, which kgsearch
never does; the lists here are short and edited for news about diplomacy
(``WHO``, ``U.S.`` and ``May`` stay searchable). The Kyrgyz list holds no
word Russian has as a common word, so it may drop words in Russian text too.
"""

from functools import cache
from pathlib import Path

from whoosh.analysis import Filter

from kgsearch.analyzers.letters import fold
from kgsearch.analyzers.tagged import EITHER, KYRGYZ


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The stop list of ``lang`` ("en", "ru" or "ky"), lower case, ё as е."""
    # Read beside this module, not through importlib.resources, whose import costs a query 3 ms.
    text = (Path(__file__).parent / "data" / f"stopwords_{lang}.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _union(langs: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(stop_words(lang) for lang in langs))


class StopFilter(Filter):
    """Drops stop words but leaves the positions of the others untouched.

    The gap a stop word leaves is what lets ``"Belt and Road"`` match the
    phrase and not ``Belt Road``.

    >>> from kgsearch.analyzers.tokenize import WordTokenizer
    >>> [(t.text, t.pos) for t in StopFilter()(WordTokenizer()("Belt and Road", positions=True))]
    [('Belt', 0), ('Road', 2)]
    """

    def __init__(self, langs=("en", "ru")):
        self.langs = tuple(langs)

    @property
    def stops(self) -> frozenset[str]:
        # Read from the package data, not pickled with the schema.
        return _union(self.langs)

    def stops_of(self, lang: str) -> frozenset[str]:
        """The stop words of a stream read in ``lang`` (see ``tagged``): a Kyrgyz text's are
        Kyrgyz where a Russian one's are Russian (``ал`` is "he" in one, nothing in the other).

        >>> f = StopFilter()
        >>> "жана" in f.stops_of("ky"), "жана" in f.stops_of("ru"), "и" in f.stops_of("ky")
        (True, False, False)
        """
        if lang == KYRGYZ:
            return _union(tuple(code for code in self.langs if code != "ru") + (KYRGYZ,))
        return _union(self.langs + (KYRGYZ,)) if lang == EITHER else _union(self.langs)

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.langs == other.langs

    def __call__(self, tokens):
        stops = None
        for t in tokens:
            if stops is None:  # one language for the whole stream: told by its first token
                stops = self.stops_of(getattr(t, "lang", ""))
            if fold(t.text) in stops:
                if t.removestops:
                    continue
                t.stopped = True
            yield t
