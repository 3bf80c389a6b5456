"""Files to an index: the middle layer of kgsearch.

It reads documents and their metadata and builds the Whoosh index with the
analyzers below it; the query layer in ``kgsearch`` reads what it builds.
The names below load on first use: a query should not pay for importing the
build stack (multiprocessing, readers, the HTML parser).
"""

from importlib import import_module
from pathlib import Path

_API = {
    "BuildReport": "kgsearch.index.build", "rebuild": "kgsearch.index.build", "update": "kgsearch.index.build",
    "restore": "kgsearch.index.build",
    "PeopleRegistry": "kgsearch.index.people", "status": "kgsearch.index.summary",
    "KgsearchError": "kgsearch.index.errors", "StoreError": "kgsearch.index.errors",
    "NoIndexError": "kgsearch.index.errors",
    "UserFileError": "kgsearch.index.errors", "default_location": "kgsearch.index.store",
    "document_id": "kgsearch.index.schema",
}
__all__ = sorted([*_API, "demo_corpus"])


def demo_corpus() -> Path:
    """The bundled demo corpus: press releases on Kyrgyz–Chinese relations, 2019–2026."""
    return Path(__file__).parent / "demo"  # beside this module (importlib.resources costs a query 3 ms)


def __getattr__(name):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
