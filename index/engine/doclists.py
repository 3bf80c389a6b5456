"""Each common term's documents as a plain array beside its segment: matching without decoding positions.

Whoosh keeps a term's documents, weights and positions together, one
compressed pickle for each block of a hundred documents, so finding which
documents hold a common word decodes every position of it: on 100,000
documents ``Россия AND Китай NOT США`` decoded about 1,400 blocks, most of its
160 ms, to learn only which documents they were. As a segment is written,
each term found in at least ``MIN_DOCUMENTS`` of its documents has them
written once more, as 32-bit numbers, in a file named for the segment
(``MAIN_<segment>.docs``). Whoosh's own clean-up removes it with its segment
(it removes every file that starts with the name of a segment no longer
listed), and a write abandoned removes it with the segment's other files (one killed, the
next commit's clean-up: see ``part_name``).
A segment without one (written by an older kgsearch) is read from its
blocks, as every rare term is: the answer is the same, only slower.

Each list has its documents' weights beside it (what BM25 reads: the term's
frequency times the field's boost), one byte each where they are whole numbers
up to 255, as they are in kgsearch's fields, else as 32-bit floats where that
keeps them exact, else none (then ranking reads the blocks): ranking a common
word over 50,000 matches then reads two arrays, not 500 pickles.

Layout: the arrays, then a ``marshal``-ed table ``{field: {term: (offset,
count, weights' type code, their offset, the documents' CRC-32, the weights')}}``,
then the table's offset, its CRC-32 and ``MAGIC``. Deleted documents are in
the arrays, as they are in the blocks (the caller drops them). A list is
believed only where its checksum holds (checked once, about 30 µs for 50,000
documents): one bit flipped in a document number made a match of a document
that does not exist, or an ``IndexError`` in ranking; Whoosh's blocks would
have caught it (zlib checks what it decompresses).
"""

import marshal
import mmap
import os
import struct
import sys
import weakref
import zlib
from array import array
from pathlib import Path

MIN_DOCUMENTS = 512  # about five postings blocks: below it, the blocks are few and cheap
MAGIC = b"KGDOCS3\n"
_TRAILER = struct.Struct("<QI8s")
_ITEM = "I"  # unsigned 32-bit: Whoosh numbers a segment's documents from 0
_SWAP = sys.byteorder != "little"


def part_name(segment_id: str) -> str:
    """The file written while the segment is: not ``<segment>.*``, which Whoosh takes into the
    segment's compound file, but of the shape of a segment's file (``MAIN_<letters and digits>.*``)
    all the same, so that a writer killed before naming it leaves nothing that the next commit's
    clean-up does not remove, as it removes the dead segment's own files."""
    return f"{segment_id}part.docs"


def file_name(segment_id: str) -> str:
    return f"{segment_id}.docs"


class DocListWriter:
    """Taps a segment's postings as Whoosh writes them (sorted by field, term, document) and
    keeps each common term's documents; ``finish`` names the file for the segment."""

    def __init__(self, folder: Path, segment_id: str):
        self.folder = Path(folder)
        self.segment_id = segment_id
        self._table: dict[str, dict[bytes, tuple[int, int]]] = {}
        self._file = None
        self._offset = 0

    def tap(self, postings):
        """The postings unchanged, each term's documents noted on the way."""
        current, docs, weights = None, array(_ITEM), []
        for posting in postings:
            field, text = posting[0], posting[1]
            if current is None or text != current[1] or field != current[0]:
                if current is not None and len(docs) >= MIN_DOCUMENTS:
                    self._write(current, docs, weights)
                current, docs, weights = (field, text), array(_ITEM), []
            docs.append(posting[2])
            weights.append(posting[3])
            yield posting
        if current is not None and len(docs) >= MIN_DOCUMENTS:
            self._write(current, docs, weights)

    def _write(self, key: tuple[str, bytes], docs: array, weights: list) -> None:
        if self._file is None:
            self._file = open(self.folder / part_name(self.segment_id), "wb")
            self._file.write(MAGIC)
            self._offset = len(MAGIC)
        if _SWAP:
            docs.byteswap()
        offset = self._offset
        docs_crc = self._put(docs)
        code, packed = _packed(weights)
        where = self._offset
        weights_crc = self._put(packed) if packed is not None else 0
        self._table.setdefault(key[0], {})[bytes(key[1])] = (offset, len(docs), code, where, docs_crc, weights_crc)

    def _put(self, values: array) -> int:
        """Write the values; their CRC-32."""
        if _SWAP:
            values.byteswap()
        data = values.tobytes()
        self._file.write(data)
        self._offset += len(data)
        return zlib.crc32(data)

    def finish(self) -> None:
        """Write the table and give the file the segment's name (nothing where no term was common)."""
        if self._file is None:
            return
        try:
            table = marshal.dumps(self._table)
            self._file.write(table)
            self._file.write(_TRAILER.pack(self._offset, zlib.crc32(table), MAGIC))
            self._file.flush()
            os.fsync(self._file.fileno())
        finally:
            self._file.close()
            self._file = None
        os.replace(self.folder / part_name(self.segment_id), self.folder / file_name(self.segment_id))

    def abandon(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        (self.folder / part_name(self.segment_id)).unlink(missing_ok=True)


class DocLists:
    """One segment's file, memory-mapped; its table read when first asked."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self._table = None
        self._end = 0  # where the arrays end and the table begins
        self._checked: set[tuple[int, int]] = set()  # (offset, count) of arrays whose checksum held

    def table(self) -> dict:
        if self._table is None:
            end = len(self._map) - _TRAILER.size
            offset, crc, magic = _TRAILER.unpack_from(self._map, end)
            if magic != MAGIC or self._map[: len(MAGIC)] != MAGIC or not len(MAGIC) <= offset <= end:
                raise ValueError("not a kgsearch documents file")
            data = self._map[offset:end]
            if zlib.crc32(data) != crc:
                raise ValueError("a kgsearch documents file whose table is damaged")
            self._table = marshal.loads(data)
            self._end = offset
        return self._table

    def documents(self, field: str, btext: bytes) -> array | None:
        found = self.table().get(field, {}).get(btext)
        return None if found is None else self._read(_ITEM, found[0], found[1], found[4])

    def weighted(self, field: str, btext: bytes) -> tuple[array, array] | None:
        """A common term's documents and their weights, or ``None`` (not listed, or no weights)."""
        found = self.table().get(field, {}).get(btext)
        if found is None or not found[2]:
            return None
        offset, count, code, where, docs_crc, weights_crc = found
        docs, weights = self._read(_ITEM, offset, count, docs_crc), self._read(code, where, count, weights_crc)
        return None if docs is None or weights is None else (docs, weights)

    def _read(self, code: str, offset: int, count: int, crc: int) -> array | None:
        values = array(code)
        end = offset + values.itemsize * count
        if not len(MAGIC) <= offset <= end <= self._end:
            return None  # a table that points past the arrays: read the blocks
        data = self._map[offset:end]
        if (offset, count) not in self._checked:
            if zlib.crc32(data) != crc:
                return None  # damaged: read the blocks
            self._checked.add((offset, count))
        values.frombytes(data)
        if _SWAP:
            values.byteswap()
        return values


def _packed(weights: list) -> tuple[str, array | None]:
    """Weights as the smallest array that holds them exactly: ``("", None)`` where none does."""
    if all(0 <= w <= 255 and float(w).is_integer() for w in weights):
        return "B", array("B", map(int, weights))
    packed = array("f", weights)
    return ("f", packed) if packed.tolist() == weights else ("", None)


_opened: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def documents(reader, field: str, btext: bytes) -> array | None:
    """The documents of a common term in one segment (``reader``'s), in order; ``None`` where
    the segment has no file, or the term is not common in it (then its blocks hold them)."""
    lists = _lists(reader)
    return None if lists is None else lists.documents(field, btext)


def weighted(reader, field: str, btext: bytes) -> tuple[array, array] | None:
    """A common term's documents in one segment and each one's weight, as its blocks give them;
    ``None`` where they are not listed."""
    lists = _lists(reader)
    return None if lists is None else lists.weighted(field, btext)


def _lists(reader) -> "DocLists | None":
    lists = _opened.get(reader, False)
    if lists is False:
        lists = _opened[reader] = _open(reader)
    return lists


def folder_of(storage) -> str | None:
    """The folder a Whoosh storage keeps its files in, or ``None`` for one in memory: Whoosh's
    in-memory storage has a ``folder`` too, an empty string, which taken for a folder put a
    segment's files in the working directory."""
    return getattr(storage, "folder", None) or None


def _open(reader) -> DocLists | None:
    segment, storage = getattr(reader, "_segment", None), getattr(reader, "_storage", None)
    storage = getattr(storage, "b", storage)  # a compound segment's: its file over the index's folder
    folder = folder_of(storage)
    if segment is None or folder is None:
        return None
    path = Path(folder) / file_name(segment.segment_id())
    try:
        lists = DocLists(path)
        lists.table()
    except (OSError, ValueError, EOFError, struct.error):
        return None  # none written, or damaged: the blocks answer
    return lists
