"""Text to index terms: the bottom layer of kgsearch.

``bilingual_analyzer()`` is the one Whoosh analyzer for Russian and English;
the stages it is built from are importable for tests and for other fields.
The names load on first use, so that reading a constant costs no Whoosh.
"""

from importlib import import_module

_API = {
    "MorphologyFilter": "bilingual", "bilingual_analyzer": "bilingual", "terms_first": "bilingual",
    "positioned_terms": "bilingual",
    "CYRILLIC_LETTER": "letters", "fold": "letters", "is_cyrillic": "letters",
    "StopFilter": "stopwords", "stop_words": "stopwords", "WordTokenizer": "tokenize",
}
__all__ = sorted(_API)


def __getattr__(name):
    if name in _API:
        return getattr(import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
