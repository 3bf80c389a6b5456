"""English stems: Snowball's, from nltk when building an index and from Whoosh's copy of the
same code otherwise, behind a bounded cache.

nltk's stemmer is the stemmer of record, but importing it runs ``nltk/__init__``:
0.3 s on a quiet machine and 1.5 s on a busy one, more than the rest of a cold
query, which stems a word the index's word table lacks (``railwaymen``).
Whoosh, which every query loads, ships a port of nltk's Snowball stemmers
(``whoosh.lang.snowball``, about 30 ms). The two English ``stem`` methods
differ in one rule: nltk returns a word of at most two letters as it is, where
Whoosh's strips an apostrophe (``c'``, ``y'``). With that rule applied here,
the two give the same stem for every word of the corpora and the word lists
(``tests/test_stemmers.py``). So a process stems with Whoosh's copy until it
builds an index (``use_record``, which a builder's ``wordterms.Recorder``
calls): the index is stemmed by nltk, and a query never imports it.
"""

from functools import lru_cache

CACHE_SIZE = 100_000

_stemmer = None  # Whoosh's until ``use_record``


def whoosh_stemmer():
    from whoosh.lang.snowball.english import EnglishStemmer

    return EnglishStemmer()


def record_stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def use_record() -> None:
    """Stem with nltk's stemmer, the stemmer of record, from now on in this process."""
    global _stemmer
    if not (_stemmer and type(_stemmer).__module__.startswith("nltk.")):
        _stemmer = record_stemmer()


def snowball(stemmer, word: str) -> str:
    """``stemmer``'s stem of ``word`` (Whoosh's or nltk's), with nltk's rule for short words:
    a word of two letters or fewer is its own stem (Whoosh's strips ``c'`` to ``c``).

    >>> snowball(whoosh_stemmer(), "c'"), whoosh_stemmer().stem("c'")
    ("c'", 'c')
    """
    word = word.lower()
    return word if len(word) <= 2 else stemmer.stem(word)


@lru_cache(maxsize=CACHE_SIZE)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word; possessives drop their 's.

    >>> stem("railways"), stem("china's"), stem("c'")
    ('railway', 'china', "c'")
    """
    global _stemmer
    if _stemmer is None:
        _stemmer = whoosh_stemmer()
    return snowball(_stemmer, word)
