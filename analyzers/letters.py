"""Letters: the one folding of words and the one test of their script.

Every layer compares words the way the index stores them, so the folding
that makes ``Ёлка``, ``елка`` and ``Е́лка`` one word lives here once.
"""

import re
import unicodedata
from functools import lru_cache

CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_combining = re.compile("[\u0300-\u036f]").search


@lru_cache(maxsize=100_000)  # the stop filter folds every token: words repeat
def fold(word: str) -> str:
    """Lower case, ё as е, and stress marks dropped.

    >>> fold("Во́дская"), fold("Ёлка"), fold("China's")
    ('водская', 'елка', "china's")
    """
    if _combining(word):
        word = unicodedata.normalize("NFC", word).replace("\u0301", "").replace("\u0300", "")
    return word.lower().replace("ё", "е")


def is_cyrillic(text: str) -> bool:
    """True when ``text`` has a Cyrillic letter (Russian, Kyrgyz, any other).

    >>> is_cyrillic("Кулубаев"), is_cyrillic("Kulubaev"), is_cyrillic("COVID-19 в Оше")
    (True, False, True)
    """
    return CYRILLIC_LETTER.search(text) is not None
