"""ZIP archives: their members read as if they were files in a folder, at
``bundle.zip!inside/note.txt``.

The rules of a folder hold inside: hidden entries (and macOS's
``__MACOSX/``) are passed over, members of kinds kgsearch does not read are
reported, each is read by its own reader with the same limits, and a ZIP
inside a ZIP is read too, to a depth (see ``files.MAX_DEPTH``). Against
decompression bombs: a member is unpacked, into a temporary file past a few
megabytes, only up to ``MAX_MEMBER_BYTES`` whatever its header declares,
a member that declares more or unpacks at a ratio no document has is
skipped, and a member whose bytes lie inside another's (Python 3.11's
``zipfile`` does not check: twelve entries pointing at one local header are
twelve copies) is skipped. The file on disk, all the archives nested in it
together (``readers.Budget``), unpacks at most ``MAX_MEMBERS`` members and
``MAX_ARCHIVE_BYTES``: nesting adds to the count, it does not start it again.
"""

import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.readers import read_member

MAX_MEMBER_BYTES = 256 * 2**20
MAX_ARCHIVE_BYTES = 2**30
MAX_MEMBERS = 100_000
# Text compresses about 4 to 10 times, office files and PDFs less; a bomb's zeros a thousand times.
MAX_RATIO = 200
_IN_MEMORY = 8 * 2**20
_LOCAL_HEADER = 30  # bytes of a member's local header before its name and extra field
_CHUNK = 2**20


def read(kind: str, handle: BinaryIO, context) -> Iterator[Document]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise SkipFile(f"damaged ZIP archive ({error})") from None
    with archive:
        infos = archive.infolist()
        overlapping = _overlapping(handle, infos)
        budget = context.budget
        count = readable = 0
        for number, info in enumerate(infos):
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if info.is_dir() or not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                continue
            name = "/".join(p for p in parts if p not in ("/", ".."))
            if not context.readable(name):
                suffix = PurePosixPath(name).suffix
                context.warn(f"{name}: unsupported file type {suffix or '(no extension)'}")
                continue
            readable += 1
            if number in overlapping:
                context.warn(f"{name}: its bytes lie inside another member's (a decompression bomb?); skipped")
                continue
            if budget.members >= MAX_MEMBERS:
                context.warn(f"{name} and the members after it are not read: {MAX_MEMBERS:,} members unpacked "
                             "already, in this file and the archives inside it")
                break
            problem = _problem(info, MAX_ARCHIVE_BYTES - budget.bytes)
            if problem:
                context.warn(f"{name}: {problem}; skipped")
                continue
            budget.members += 1
            try:
                member, used = _unpack(archive, info, min(MAX_MEMBER_BYTES, MAX_ARCHIVE_BYTES - budget.bytes))
            except SkipFile as reason:
                context.warn(f"{name}: {reason}; skipped")
                budget.bytes += min(info.file_size, MAX_ARCHIVE_BYTES - budget.bytes)
                continue
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError,
                    RuntimeError) as error:
                context.warn(f"{name}: cannot be unpacked ({error}); skipped")
                continue
            budget.bytes += used
            with member:
                for doc in read_member(context, name, member):
                    count += 1
                    yield doc
        if not count:
            raise SkipFile("empty ZIP archive" if not infos else
                           "no member of a kind kgsearch reads" if not readable else
                           context.first_warning() or "no member could be read")


def _overlapping(handle: BinaryIO, infos: list[zipfile.ZipInfo]) -> set[int]:
    """The members (their places in ``infos``) whose local header or data begins inside the
    bytes of a member before it in the file; of members at one place, the first listed is kept."""
    spans = []
    for number, info in enumerate(infos):
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER)
        lengths = struct.unpack("<HH", header[26:30]) if len(header) == _LOCAL_HEADER else (0, 0)
        end = info.header_offset + _LOCAL_HEADER + sum(lengths) + info.compress_size
        spans.append((info.header_offset, number, end))
    spans.sort()
    refused, kept_end = set(), 0
    for start, number, end in spans:
        if start < kept_end:
            refused.add(number)
        else:
            kept_end = end
    return refused


def _problem(info: zipfile.ZipInfo, budget: int) -> str:
    """Why a member is not unpacked, from its header alone, or ``""``."""
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.file_size > MAX_MEMBER_BYTES:
        return f"unpacks to {info.file_size:,} bytes, over {MAX_MEMBER_BYTES:,}"
    if info.file_size > budget:
        return (f"{MAX_ARCHIVE_BYTES:,} bytes unpacked already, in this file and the archives inside it "
                "(a decompression bomb?)")
    if info.compress_size and info.file_size > _IN_MEMORY and info.file_size / info.compress_size > MAX_RATIO:
        return f"unpacks {info.file_size // info.compress_size:,} times its size (a decompression bomb?)"
    return ""


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int):
    """The member in a temporary file (in memory while small), and how many bytes it unpacked to;
    ``SkipFile`` when it unpacks to more than ``limit`` or its header said (its header may lie)."""
    spooled = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)
    total = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise SkipFile(f"unpacks to more than {limit:,} bytes (a decompression bomb?)")
                if info.compress_size and total > _IN_MEMORY and total / info.compress_size > MAX_RATIO:
                    raise SkipFile(f"unpacks more than {MAX_RATIO} times its size (a decompression bomb?)")
                spooled.write(chunk)
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled, total
