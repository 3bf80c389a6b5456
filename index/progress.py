"""What a build tells its caller while it runs: the phase, and how far it is in documents and bytes.

A file is a poor unit of progress: one JSON Lines file can hold the whole
archive (a 2,000-record file was one tick, the bar standing still for
minutes), and the end of a build, where Whoosh writes its segments, can take
a fifth of the time. So a build reports every document it reads, the bytes
read so far (within a large file too), and the phase it is in:

- ``reading``: finding the files to read (and, for an update, which changed);
  sent once, with the totals;
- ``indexing``: documents read and analysed, one event for each, and one for
  each file finished;
- ``writing``: the index's segments written and committed, once at the start
  of that phase;
- ``embedding``: with ``kgsearch[semantic]``, texts no writer embedded (an
  update's new texts) given their vectors after the commit, ``texts`` of
  ``total_texts``, every few dozen;
- ``xapian``: an index whose engine is Xapian (``engines``) has its Xapian
  copy written, once at the start of that phase.

The phases come in that order. A callback that draws a bar should throttle
itself: a large build sends an event per document.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

READING, INDEXING, WRITING, EMBEDDING, XAPIAN = "reading", "indexing", "writing", "embedding", "xapian"


@dataclass(frozen=True)
class BuildProgress:
    """One moment of a build. ``bytes`` counts the files finished and what was read of the current one."""

    phase: str
    documents: int = 0
    files: int = 0  # files finished (read, or found unchanged by an update)
    total_files: int = 0
    bytes: int = 0
    total_bytes: int = 0
    path: Path | None = None  # the file being read, if any
    texts: int = 0  # texts embedded after the commit (``embedding``)
    total_texts: int = 0


Progress = Callable[[BuildProgress], None]


class Tracker:
    """Keeps a build's counts and sends them to ``progress`` (which may be ``None``: then it only counts)."""

    def __init__(self, progress: Progress | None):
        self._progress = progress
        self.state = BuildProgress(READING)
        self._sizes: dict[Path, int] = {}  # as found, so that the bytes finished never pass the total
        self._finished_bytes = 0

    def _send(self, **changes) -> None:
        self.state = replace(self.state, **changes)
        if self._progress is not None:
            self._progress(self.state)

    def found(self, files: list[Path]) -> None:
        """The files to read are known: the ``reading`` event with the totals."""
        self._sizes = {path: _size(path) for path in files}
        self._send(phase=READING, total_files=len(files), total_bytes=sum(self._sizes.values()))

    def document(self, path: Path, bytes_read: int) -> None:
        """One more document of ``path``, of which ``bytes_read`` bytes have been read."""
        bytes_read = min(bytes_read, self._sizes.get(path, bytes_read))
        self._send(phase=INDEXING, documents=self.state.documents + 1, path=path,
                   bytes=self._finished_bytes + bytes_read)

    def file_done(self, path: Path) -> None:
        self._finished_bytes += self._sizes.get(path, 0)
        self._send(phase=INDEXING, files=self.state.files + 1, path=path, bytes=self._finished_bytes)

    def writing(self) -> None:
        self._send(phase=WRITING, path=None)

    def embedding(self, done: int, total: int) -> None:
        self._send(phase=EMBEDDING, path=None, texts=done, total_texts=total)

    def xapian(self) -> None:
        self._send(phase=XAPIAN, path=None)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
