"""kgsearch: bilingual (Russian + English) full-text search for news and statements.

The top layer: it turns a question into results. It uses ``kgsearch.index``
(files to an index) which uses ``kgsearch.analyzers`` (text to terms);
imports never run upward.

>>> import kgsearch
>>> with kgsearch.open_index(build_demo=True) as ix:          # doctest: +SKIP
...     results = ix.search("железная дорога", years=[2024])
...     [hit.title for hit in results.hits]

The search API loads on first use, so ``import kgsearch`` stays cheap.
"""

__version__ = "0.1.0"

_API = {
    "open_index": "kgsearch.search", "Index": "kgsearch.search", "Results": "kgsearch.search",
    "Hit": "kgsearch.search", "Snippet": "kgsearch.snippets",
    "QueryError": "kgsearch.errors", "QueryBudgetError": "kgsearch.errors",
    "ParameterError": "kgsearch.errors", "StoreError": "kgsearch.errors",
    "NoIndexError": "kgsearch.errors", "UserFileError": "kgsearch.errors", "KgsearchError": "kgsearch.errors",
    "rebuild": "kgsearch.index", "update": "kgsearch.index", "restore": "kgsearch.index",
    "status": "kgsearch.index",
    "demo_corpus": "kgsearch.index", "correct": "kgsearch.corrections",
}
__all__ = sorted(_API)


def __getattr__(name):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'kgsearch' has no attribute {name!r}")
