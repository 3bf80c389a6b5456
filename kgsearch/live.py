"""The index a long-running reader answers from, kept current: ``kgsearch serve``.

An ``Index`` reads the generation it opened for as long as it is open. A
server that kept one answered from a deleted generation after ``index
rebuild``, and never found what ``index update`` or ``edit`` added. ``Live``
looks at the store's ``stamp`` (``CURRENT`` read, ``meta.json`` stat'ed) as
each reader starts, opens the index again when it has changed, and closes the
one it replaced when the last reader still in it is done.
"""

import threading
from contextlib import contextmanager

from kgsearch.index import store


class _Opened:
    """One open index and who is reading it."""

    def __init__(self, index, stamp):
        self.index, self.stamp = index, stamp
        self.lock = threading.Lock()  # one reader at a time: Whoosh's searchers are not safe across threads
        self.readers = 0
        self.replaced = False


class Live:
    """``reading()`` gives the index as ``CURRENT`` has it now; ``reopen()`` opens it again."""

    def __init__(self, index, reopen):
        self.root = index.root
        self._reopen = reopen
        self._lock = threading.Lock()  # over which index is current and the counts of readers
        self._opened = _Opened(index, store.stamp(self.root))

    @contextmanager
    def reading(self):
        """The current index, to this reader alone until it is done."""
        opened = self._enter()
        try:
            with opened.lock:
                yield opened.index
        finally:
            self._leave(opened)

    def close(self):
        with self._lock:
            self._retire(self._opened)

    def _enter(self) -> _Opened:
        stamp = store.stamp(self.root)
        with self._lock:
            if stamp != self._opened.stamp:
                # Opened after the stamp is read: a change while opening is seen by the next reader.
                # Opening fails (an error to this reader) where the index cannot be read now; the
                # one open stays, and the next reader tries again.
                fresh = _Opened(self._reopen(), stamp)
                self._retire(self._opened)
                self._opened = fresh
            self._opened.readers += 1
            return self._opened

    def _leave(self, opened: _Opened) -> None:
        with self._lock:
            opened.readers -= 1
            if opened.replaced and not opened.readers:
                opened.index.close()

    @staticmethod
    def _retire(opened: _Opened) -> None:
        opened.replaced = True
        if not opened.readers:
            opened.index.close()
