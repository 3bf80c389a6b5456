"""English stems from nltk's Snowball stemmer, behind a bounded cache.

nltk is imported on first use: its package import costs about 0.2 s,
which a Russian-only query should not pay.
"""

from functools import lru_cache

CACHE_SIZE = 100_000

_stemmer = None


def _snowball():
    global _stemmer
    if _stemmer is None:
        from nltk.stem.snowball import SnowballStemmer

        _stemmer = SnowballStemmer("english")
    return _stemmer


@lru_cache(maxsize=CACHE_SIZE)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word; possessives drop their 's.

    >>> stem("railways"), stem("china's")
    ('railway', 'china')
    """
    return _snowball().stem(word)
