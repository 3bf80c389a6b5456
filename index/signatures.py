"""Files of MinHash signatures, read where they lie rather than loaded whole.

A signatures file is a header naming the signature's parameters, then one
record a text: its content hash (``KEY`` bytes), its signature
(``minhash.SIZE`` bytes). The index keeps one (``similar.SIGNATURES``), and
each worker of a rebuild writes a part. Grouping a million texts held every
record as two Python bytes objects in dicts, twice over while the file was
written again: 2.9 GB of a 1,000,000-document rebuild's peak, for 0.5 GB of
signatures. Here ``Shelf`` keeps only where each text's record lies and reads
a signature when it is asked for; ``write`` streams the records out;
``Sequence`` reads a written file by position, and a band of every record in
one pass (``minhash.near_pairs``).
"""

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kgsearch.index import minhash

KEY = 20  # bytes of a content hash (SHA-1)
STEP = KEY + minhash.SIZE  # bytes of a record
_CHUNK = 4096  # records read at once when reading in sequence


def header() -> bytes:
    """What a file of signatures starts with: one of other parameters compares wrongly."""
    return (f"kgsearch signatures 1 words={minhash.SHINGLE_WORDS} bins={minhash.BINS} "
            f"min={minhash.MIN_SHINGLES}\n").encode()


def _records(path: Path) -> tuple[int, int] | None:
    """(file descriptor, records) of a whole file of signatures; ``None`` when it is absent, cut
    short or of other parameters (a kept file is only a shortcut: its texts are signed again)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    opening = header()
    try:
        body = os.fstat(descriptor).st_size - len(opening)
        whole = os.pread(descriptor, len(opening), 0) == opening and body % STEP == 0
    except OSError:
        whole = False
    if whole:
        return descriptor, body // STEP
    os.close(descriptor)
    return None


class Shelf:
    """The signatures of several files by content hash, a later file's over an earlier's: each
    text's place is held, its signature read when asked for."""

    _SHIFT = 40  # a place is the file's number above this many bits, the record's offset below

    def __init__(self, paths: Iterable[Path]):
        self._files: list[int] = []
        self._places: dict[bytes, int] = {}
        for path in paths:
            opened = _records(Path(path))
            if opened is None:
                continue
            descriptor, count = opened
            number, base = len(self._files) << self._SHIFT, len(header())
            self._files.append(descriptor)
            for first in range(0, count, _CHUNK):
                offset = base + first * STEP
                chunk = os.pread(descriptor, STEP * min(_CHUNK, count - first), offset)
                for at in range(0, len(chunk), STEP):
                    self._places[chunk[at : at + KEY]] = number | (offset + at + KEY)

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._places)

    def get(self, key: bytes) -> bytes | None:
        place = self._places.get(key)
        if place is None:
            return None
        return os.pread(self._files[place >> self._SHIFT], minhash.SIZE, place & ((1 << self._SHIFT) - 1))

    def close(self) -> None:
        for descriptor in self._files:
            os.close(descriptor)
        self._files, self._places = [], {}

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read(path: Path) -> dict[bytes, bytes]:
    """Every signature of a file, by content hash (none when it is not a whole file of signatures)."""
    with Shelf([path]) as shelf:
        return {key: shelf.get(key) for key in shelf}


def write(path: Path, records: Iterable[tuple[bytes, bytes]]) -> int:
    """Write (content hash, signature) records to ``path`` whole or not at all, as they come;
    returns how many."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    count = 0
    try:
        with open(partial, "wb") as out:
            out.write(header())
            for key, signature in records:
                out.write(key + signature)
                count += 1
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


class Sequence:
    """A written file of signatures by position, for ``minhash.near_pairs``."""

    def __init__(self, path: Path):
        opened = _records(Path(path))
        if opened is None:  # just written: its groups would come out empty, silently
            raise OSError(f"cannot read the signatures just written at {path}")
        self._descriptor, self._count = opened
        self._base = len(header())  # read once: a grouping asks for millions of signatures

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, position: int) -> bytes:
        return os.pread(self._descriptor, minhash.SIZE, self._base + position * STEP + KEY)

    def band(self, start: int, length: int) -> Iterator[bytes]:
        """Bytes ``start`` to ``start + length`` of each signature, in order: the file read in sequence."""
        for first in range(0, self._count, _CHUNK):
            chunk = os.pread(self._descriptor, STEP * min(_CHUNK, self._count - first), self._base + first * STEP)
            for at in range(KEY + start, len(chunk), STEP):
                yield chunk[at : at + length]

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
