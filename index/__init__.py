"""Files to an index: the middle layer of kgsearch.

It reads documents and their metadata and builds the Whoosh index with the
analyzers below it; the query layer in ``kgsearch`` reads what it builds.
"""

from importlib import resources
from pathlib import Path

from kgsearch.index.build import BuildReport, document_id, rebuild, update
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.status import status
from kgsearch.index.store import StoreError, default_location


def demo_corpus() -> Path:
    """The bundled demo corpus: press releases on Kyrgyz–Chinese relations, 2019–2026."""
    return Path(str(resources.files("kgsearch.index").joinpath("demo")))


__all__ = ["BuildReport", "PeopleRegistry", "StoreError", "default_location", "demo_corpus",
           "document_id", "rebuild", "status", "update"]
