"""A records file as text a piece at a time, so that memory follows a record, not the file.

A JSON Lines or CSV file is read a line at a time, a JSON file a chunk at a
time. Each piece is decoded on its own (see ``encoding.PieceDecoder``),
unless the file's start shows it is UTF-16, which is decoded as a whole.
Every byte read passes through the file's hash on the way, so a file is read
once and its hash is that of what was indexed.
"""

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from kgsearch.index.documents import SkipFile
from kgsearch.index.encoding import PieceDecoder, bom_codec, utf16_codec

CHUNK = 2**20  # a JSON file is read in pieces of this many bytes
_BUFFER = 2**20
_SNIFF = 65_536
_LONE_CR = re.compile(rb"(?<=\r)(?!\n|\Z)")


class _Hashing(io.RawIOBase):
    """A file whose bytes go through a SHA-1 as they are read."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.sha1 = hashlib.sha1()
        self.count = 0  # bytes read so far

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Bytes read so far (so that the buffer over this file can say how far its reader is)."""
        return self.count

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self.sha1.update(memoryview(buffer)[:n])
            self.count += n
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


class Source:
    """One file, opened for reading and hashed as read. ``warn`` hears of pieces that are skipped."""

    def __init__(self, handle: BinaryIO, warn: Callable[[str], None]):
        self._hashing = _Hashing(handle)
        self._buffer = io.BufferedReader(self._hashing, _BUFFER)
        self._warn = warn
        self.decoder = PieceDecoder()
        self.blank = True  # nothing but white space read so far
        self.nul = False
        self._text = None

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes from the start, and no more through the hash (text files)."""
        chunks, left = [], size
        while left > 0 and (chunk := self._hashing.read(left)):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _start(self) -> None:
        """Choose, from the file's start, between piece-by-piece decoding and UTF-16."""
        sample = self._buffer.peek(_SNIFF)[:_SNIFF]
        codec = bom_codec(sample)
        if codec == "utf-8-sig":
            self._buffer.read(3)
        elif codec or b"\x00" in sample and (codec := utf16_codec(sample)):
            self._text = io.TextIOWrapper(self._buffer, encoding=codec, errors="replace", newline="")

    def lines(self, limit: int) -> Iterator[tuple[int, str]]:
        """Each line with its number (from 1), as text. A line longer than ``limit`` bytes, or
        one that is not text, is skipped with a warning; NUL bytes are dropped."""
        self._start()
        if self._text:
            yield from self._text_lines(limit)
            return
        number = 0
        readline = self._buffer.readline
        while line := readline(limit + 1):
            number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                self._skip_line()
                self._warn(f"line {number}: longer than {limit:,} bytes; skipped")
                continue
            if b"\x00" in line:
                line = line.replace(b"\x00", b"")
                self.nul = True
            parts = _LONE_CR.split(line) if b"\r" in line[:-2] else (line,)  # old Mac line ends
            for i, part in enumerate(parts):
                number += 1 if i else 0
                try:
                    text = self.decoder(part)
                except SkipFile as reason:
                    self._warn(f"line {number}: {reason}")
                    continue
                if self.blank and text.strip():
                    self.blank = False
                yield number, text

    def _text_lines(self, limit: int) -> Iterator[tuple[int, str]]:
        number = 0
        while line := self._text.readline(limit + 1):
            number += 1
            if len(line) > limit and not line.endswith("\n"):
                self._skip_line()
                self._warn(f"line {number}: longer than {limit:,} characters; skipped")
                continue
            self.decoder.look_at(line)
            if self.blank and line.strip():
                self.blank = False
            yield number, line

    def _skip_line(self) -> None:
        ending = "\n" if self._text else b"\n"
        while (rest := (self._text or self._buffer).readline(_BUFFER)) and not rest.endswith(ending):
            pass

    def chunks(self) -> Iterator[str]:
        """The text in pieces of about ``CHUNK`` bytes, cut after a line or between characters.
        ``SkipFile`` for a piece that is not text."""
        self._start()
        if self._text:
            while piece := self._text.read(CHUNK):
                self.decoder.look_at(piece)
                self.blank = self.blank and not piece.strip()
                yield piece
            return
        pending = b""
        while data := self._buffer.read(CHUNK):
            data = pending + data
            cut = data.rfind(b"\n") + 1 or _character_end(data)
            pending = data[cut:]
            if cut:
                yield self._decoded(data[:cut])
        if pending:
            yield self._decoded(pending)

    def _decoded(self, data: bytes) -> str:
        if b"\x00" in data:  # a JSON file is one text: NUL bytes make it binary, as they do a text file
            raise SkipFile("binary file (NUL bytes)")
        text = self.decoder(data)
        self.blank = self.blank and not text.strip()
        return text

    @property
    def bytes_read(self) -> int:
        """Bytes of the file taken by its reader so far (not counting those read ahead into the buffer)."""
        if self._buffer.closed or self._text:
            return self._hashing.count
        return self._buffer.tell()

    def warnings(self) -> list[str]:
        """What the file's pieces were, once for the file (encodings, NUL bytes)."""
        return (["NUL bytes removed"] if self.nul else []) + self.decoder.warnings()

    def hexdigest(self, whole: bool) -> str:
        """The hash of what was read; ``whole``: read the rest first, so it is the whole file's."""
        if whole:
            while self._buffer.read(_BUFFER):
                pass
        return self._hashing.sha1.hexdigest()

    def close(self) -> None:
        (self._text or self._buffer).close()


def _character_end(data: bytes) -> int:
    """Where ``data`` can be cut without splitting a UTF-8 character: before a last, incomplete one."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # the lead byte of the last character: is the character whole?
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) - back if needed > back else len(data)
    return len(data)


def file_sha1(handle: BinaryIO, limit: int | None) -> str:
    """The hash ``Source`` gives a file read to its end (``limit`` None) or to ``limit`` bytes."""
    sha1 = hashlib.sha1()
    left = limit
    while chunk := handle.read(_BUFFER if left is None else min(_BUFFER, left)):
        sha1.update(chunk)
        if left is not None:
            left -= len(chunk)
    return sha1.hexdigest()
