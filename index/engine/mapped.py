"""Reading an index's files through memory maps without copying them at open.

Whoosh maps a compound segment file into memory, then wraps each file inside
it in a ``BufferFile``, whose constructor copies the whole part into a
``BytesIO``: opening a 10,000-document index copied its terms files, 65 ms
of a cold query, and the copy grows with the index. Here a file is mapped
once, and each part of it is a view of that map, read by position through a
``memoryview`` and in sequence through a small reader of its own, so nothing
is copied until it is read. One map, one descriptor a file, as in Whoosh.

``MappedStorage`` is a Whoosh ``FileStorage`` that opens files this way;
``store.open_current`` opens indexes with it, then checks them with
``check_segment_files`` (which uses ``FileIndex``'s private ``_segments``).
"""

import mmap
import os

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile


class _Reader:
    """Reads ``length`` bytes of a map from ``start`` in sequence, as a file of their own would."""

    __slots__ = ("_map", "_start", "_end", "_at")

    def __init__(self, mapped, start: int, length: int):
        self._map, self._start, self._end, self._at = mapped, start, start + length, start

    def read(self, size: int = -1) -> bytes:
        begin = self._at
        if begin >= self._end:
            return b""
        end = self._end if size is None or size < 0 else min(self._end, begin + size)
        self._at = end
        return self._map[begin:end]

    def readline(self, size: int = -1) -> bytes:
        if self._at >= self._end:
            return b""
        newline = self._map.find(b"\n", self._at, self._end)
        return self.read((newline + 1 if newline >= 0 else self._end) - self._at if size < 0 else size)

    def seek(self, position: int, whence: int = 0) -> int:
        """As ``BytesIO.seek``: past the end is allowed (reads there find nothing)."""
        base = (self._start, self._at, self._end)[whence]
        self._at = max(self._start, base + position)
        return self._at - self._start

    def tell(self) -> int:
        return self._at - self._start

    def close(self) -> None:
        pass


class MappedFile(BufferFile):
    """A Whoosh ``StructFile`` over part of a map; ``subset`` is a view of the same map."""

    def __init__(self, mapped, start: int, length: int, name=None, owner: bool = False):
        self._map, self._start, self._length, self._owner = mapped, start, length, owner
        self._buf = memoryview(mapped)[start : start + length]
        self._name = name
        self.file = _Reader(mapped, start, length)
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def subset(self, position, length, name=None):
        return MappedFile(self._map, self._start + position, length, name=name or self._name)

    def close(self):
        if self.is_closed:
            return
        self.is_closed = True
        self._buf.release()
        if self._owner:
            try:
                self._map.close()
            except BufferError:
                pass  # a part is still read: the map goes when it does


class MappedStorage(FileStorage):
    """A folder of Whoosh files, each opened as a ``MappedFile``."""

    # Compound segments then take their parts from the MappedFile's ``subset``, not from a
    # map of their own (whose parts Whoosh copies).
    supports_mmap = False

    def open_file(self, name, **kwargs):
        if kwargs:
            return super().open_file(name, **kwargs)
        descriptor = os.open(self._fpath(name), os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            size = os.fstat(descriptor).st_size
            if not size:
                return super().open_file(name)  # an empty file cannot be mapped
            mapped = mmap.mmap(descriptor, size, access=mmap.ACCESS_READ)
        finally:
            os.close(descriptor)  # the map keeps a descriptor of its own
        return MappedFile(mapped, 0, size, name=name, owner=True)


def check_segment_files(ix) -> None:
    """Read the table of files of every segment: one missing, emptied or cut short fails here, not
    in the middle of a query. (Opening a reader would check more, and copy every segment's terms.)"""
    for segment in ix._segments():
        if segment.is_compound():
            segment.open_compound_file(ix.storage).close()
        else:
            for ext in (".trm", ".pst"):
                ix.storage.file_length(segment.make_filename(ext))
