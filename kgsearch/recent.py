"""The last few answers an open index gave, kept for when they are asked again.

An analyst pages through one query, or runs it again with another sort or
filter; the web page asks the same query for its results and its facets.
Understanding a query (translation, compilation) and finding its matches
are the same each time, while the index stays open and unchanged.
"""

from collections import OrderedDict


class Recent:
    """A mapping that keeps its ``size`` most recently used entries."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()

    def get(self, key):
        if key not in self._entries:
            return None
        self._entries.move_to_end(key)
        return self._entries[key]

    def put(self, key, value) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
