"""The index operations the ``kgsearch`` API offers, taken from the ``index`` layer.

Kept apart from ``kgsearch/__init__`` so that importing kgsearch stays cheap:
the index layer loads Whoosh, which only building and searching need.
"""

from index import BuildReport, PeopleRegistry, StoreError, demo_corpus, rebuild, status, update

__all__ = ["BuildReport", "PeopleRegistry", "StoreError", "demo_corpus", "rebuild", "status", "update"]
