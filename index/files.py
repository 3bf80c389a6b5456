"""Folders to files to documents: which files kgsearch reads, and how.

A folder is walked recursively in a stable order; hidden files and folders
are passed over, and symbolic links to folders are not followed, so a link
loop cannot trap the walk. A file that cannot be read becomes a reason, never
an exception that stops the build.
"""

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kgsearch.index import readers, streams
from kgsearch.index.documents import Document, SkipFile, made_whole
from kgsearch.index.encoding import decode
from kgsearch.index.records import record_document, rows
from kgsearch.index.streams import Source
from kgsearch.index.text import read_text
from kgsearch.index.webpage import read_html

# Memory stays bounded whatever the files: a text file is read up to
# MAX_TEXT_BYTES; a records file a record at a time, each record up to
# MAX_RECORD_BYTES (a JSON line; characters for a CSV field or a record of a
# JSON array), longer ones skipped; every document, of any format, is indexed
# up to MAX_DOCUMENT_CHARS of text; a file reports up to MAX_WARNINGS.
MAX_TEXT_BYTES = 32 * 2**20
MAX_RECORD_BYTES = 32 * 2**20
MAX_DOCUMENT_CHARS = 5_000_000
MAX_WARNINGS = 100
# A file inside a file inside a file (a ZIP in a ZIP, an attachment in a mailbox) is read to this depth.
MAX_DEPTH = 3

KINDS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
    **readers.KINDS,  # PDF, Word, OpenDocument, RTF, e-mail, feeds, ZIP: see index/readers
}
_TEXT_KINDS = ("text", "html")
_RECORD_KINDS = ("jsonl", "json", "csv")


def display_path(path: Path | str) -> str:
    """The path as text that can be stored and printed.

    A file name with bytes that are not UTF-8 is kept readable, its odd bytes
    written as ``\\xNN``, so that it can go into the index and into JSON.
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return text


def walk(paths: str | Path | list[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file under ``paths`` (one path, or a list) with ``None``, or with the reason it is skipped.

    The walk keeps its own stack, so that no depth of nesting can exhaust
    Python's recursion limit. One str is one path, never its letters.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for root in paths:
        root = Path(root)
        if not os.path.lexists(root):
            yield root, "no such file or folder"
        elif not root.is_dir():
            yield root, _file_reason(root)
        else:
            yield from _walk_folder(root)


def _walk_folder(root: Path):
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            yield folder, f"cannot read folder: {error.strerror or error}"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                subfolders.append(path)
            elif entry.is_symlink() and _is_dir_link(path):
                continue  # links to folders are not followed: no loops
            else:
                yield path, _file_reason(path)
        stack.extend(reversed(subfolders))


def _is_dir_link(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _file_reason(path: Path) -> str | None:
    if path.suffix.lower() not in KINDS:
        return f"unsupported file type {path.suffix or '(no extension)'}"
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


class Warnings:
    """A file's warnings: the first ``MAX_WARNINGS`` in full, the rest counted (a file of a million
    bad lines must not make a million warnings), and the file's summary after them."""

    def __init__(self):
        self.items: list[str] = []
        self.more = 0
        self.summary: list[str] = []

    def add(self, warning: str) -> None:
        if len(self.items) < MAX_WARNINGS:
            self.items.append(warning)
        else:
            self.more += 1

    def first(self) -> str | None:
        return (self.items or self.summary or [None])[0]

    def all(self) -> list[str]:
        more = [f"… and {self.more:,} more like these"] if self.more else []
        return self.items + more + self.summary


class Reading:
    """One file's documents, read as they are taken, and what reading them found.

    Opening reads up to the first document, so that a file with none is a
    ``SkipFile`` at once; from then on nothing in the file raises: a record
    that cannot be read, or the rest of a file that cannot, is a warning.
    ``sha1`` is the hash of the bytes read (a records file's, its whole;
    a text file's, what was read of it), known once every document is taken.
    Other formats (``readers``) are read from the file itself, seekable, and
    hashed whole; ``ocr`` recognises their scanned pages, ``depth`` counts
    the containers a file read from inside another is in, and ``budget`` is
    what the archives of the file on disk it was found in have unpacked. Every
    document leaves with its text whole (``documents.made_whole``), whatever read it.
    """

    def __init__(self, path: Path, handle: BinaryIO | None = None, *, ocr=None, depth: int = 0,
                 budget: readers.Budget | None = None, skipped: list[str] | None = None, place: str = ""):
        self.path = path
        self.kind = KINDS[path.suffix.lower()]
        self._warnings = Warnings()
        # Parts that raised and were passed over, each with its place (a member's shares its file's list).
        self.skipped: list[str] = skipped if skipped is not None else []
        self._place = place
        self.sha1: str | None = None
        self.count = 0
        self.ocr, self.depth = ocr, depth
        self.budget = budget if budget is not None else readers.Budget()
        handle = handle if handle is not None else open(path, "rb")
        if self.kind in readers.KINDS.values():
            self._source, self._handle = None, handle
        else:
            self._source, self._handle = Source(handle, self._warnings.add), None
        self._documents = self._read()
        try:
            self._first = next(self._documents)
        except BaseException:
            self._close()
            raise

    @property
    def warnings(self) -> list[str]:
        return self._warnings.all()

    @property
    def bytes_read(self) -> int:
        """How far into the file reading has got, in bytes (for progress; a format read by its
        own library tells only where its file is at, or nothing once it is closed)."""
        if self._source is not None:
            return self._source.bytes_read
        try:
            return self._handle.tell() if self._handle is not None else 0
        except (OSError, ValueError):
            return 0

    def __iter__(self) -> Iterator[Document]:
        first, self._first = self._first, None
        if first is None:
            return
        yield made_whole(first)
        try:
            for doc in self._documents:
                yield made_whole(doc)
        except (SkipFile, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self._warnings.add(f"the rest of the file is not read: {reason}")
        except Exception as error:  # whatever raises costs the rest of this file only
            self._skip(f"the rest of the file is not read ({type(error).__name__}: {error})")

    def _skip(self, reason: str) -> None:
        self.skipped.append(f"{self._place}: {reason}" if self._place else reason)

    def _read(self) -> Iterator[Document]:
        try:
            if self.kind in _TEXT_KINDS:
                yield self._whole()
            elif self.kind in _RECORD_KINDS:
                yield from self._records()
            else:
                yield from self._contents()
            if self._source is not None:
                self.sha1 = self._source.hexdigest(whole=self.kind not in _TEXT_KINDS)
            else:
                self._handle.seek(0)
                self.sha1 = streams.file_sha1(self._handle, None)
        finally:
            self._close()

    def _close(self) -> None:
        (self._source or self._handle).close()

    def _contents(self) -> Iterator[Document]:
        """The documents of a PDF, Word, OpenDocument, RTF, e-mail, feed or ZIP file (see ``readers``)."""
        context = readers.Context(
            name=display_path(self.path), warn=self._warnings.add, open_member=self._member,
            readable=lambda name: os.path.splitext(name)[1].lower() in KINDS,
            first_warning=self._warnings.first, max_bytes=MAX_TEXT_BYTES, max_chars=MAX_DOCUMENT_CHARS,
            ocr=self.ocr, depth=self.depth, budget=self.budget)
        try:
            for doc in readers.read(self.kind, self._handle, context):
                self.count += 1
                yield doc
        except (SkipFile, OSError):
            raise
        except Exception as error:  # a library's error on a file it cannot read: a reason, never a stop
            raise SkipFile(f"cannot be read ({type(error).__name__}: {error})") from None

    def _member(self, location: str, handle: BinaryIO) -> "Reading":
        """A file found inside this one (a ZIP's member, an attachment), read as a file."""
        if self.depth >= MAX_DEPTH:
            raise SkipFile(f"inside {self.depth + 1} containers: deeper than {MAX_DEPTH} is not read")
        inner = location[len(display_path(self.path)) + 1:]
        return Reading(Path(location), handle, ocr=self.ocr, depth=self.depth + 1, budget=self.budget,
                       skipped=self.skipped, place=f"{self._place}!{inner}" if self._place else inner)

    def _whole(self) -> Document:
        data = self._source.read(MAX_TEXT_BYTES)
        if not data.strip():
            raise SkipFile("empty file")
        text, warning = decode(data)
        if warning:
            self._warnings.add(warning)
        if len(data) >= MAX_TEXT_BYTES or len(text) > MAX_DOCUMENT_CHARS:
            text = text[:MAX_DOCUMENT_CHARS]
            self._warnings.add(f"long text: only its first {MAX_DOCUMENT_CHARS:,} characters are indexed")
        name = display_path(self.path)
        doc = read_text(name, text) if self.kind == "text" else read_html(name, text)
        if not (doc.body.strip() or doc.title.strip()):
            raise SkipFile("no text")
        self.count = 1
        return doc

    def _records(self) -> Iterator[Document]:
        name = display_path(self.path)
        for number, row in rows(self.kind, self._source, MAX_RECORD_BYTES):
            if isinstance(row, str):
                self._warnings.add(row)
                continue
            if not isinstance(row, dict):
                self._warnings.add(f"record {number}: not an object")
                continue
            try:
                doc, warnings = record_document(name, row, number, MAX_DOCUMENT_CHARS)
            except SkipFile as reason:
                self._warnings.add(str(reason))
                continue
            except Exception as error:  # one record's error costs that record only
                self._skip(f"record {number}: not read ({type(error).__name__}: {error})")
                continue
            for warning in warnings:
                self._warnings.add(warning)
            self.count += 1
            yield doc
        self._warnings.summary = self._source.warnings()
        if not self.count:
            raise SkipFile("empty file" if self._source.blank else self._warnings.first() or "no records")


def read_path(path: Path, ocr=None) -> Reading:
    """The documents of the file at ``path``, read as they are taken; ``SkipFile`` if it has none.
    ``ocr`` (a ``readers.ocr.Ocr``) recognises scanned pages; without it they are reported."""
    return Reading(path, ocr=ocr)


def read_file(path: Path, data: bytes | None = None, ocr=None) -> tuple[list[Document], list[str]]:
    """Every document of one file (of ``data`` if given, as if it were the file's) and the
    warnings; ``SkipFile`` if none. All at once: for tests and tools, not for builds."""
    reading = Reading(path, io.BytesIO(data) if data is not None else None, ocr=ocr)
    documents = list(reading)
    return documents, reading.warnings


def file_sha1(path: Path) -> str:
    """The hash a ``Reading`` of ``path`` records, without reading its documents."""
    whole = KINDS[path.suffix.lower()] not in _TEXT_KINDS
    with open(path, "rb") as handle:
        return streams.file_sha1(handle, None if whole else MAX_TEXT_BYTES)


def iter_documents(paths) -> Iterator[Document]:
    """Every document under ``paths`` as its reader makes it, unreadable files passed over.

    For measurements that need the texts without kgsearch's metadata work.
    """
    for path, reason in walk(paths):
        if reason:
            continue
        try:
            yield from read_path(path)
        except (SkipFile, OSError):
            continue
