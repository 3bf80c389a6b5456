"""Folders to files to documents: which files kgsearch reads, and how.

A folder is walked recursively in a stable order; hidden files and folders
are passed over, and symbolic links to folders are not followed, so a link
loop cannot trap the walk. A file that cannot be read becomes a reason, never
an exception that stops the build.
"""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.encoding import decode
from kgsearch.index.records import read_records
from kgsearch.index.text import read_text
from kgsearch.index.webpage import read_html

# Beyond these, a file is cut (text) or refused (records): memory stays bounded.
MAX_FILE_BYTES = 512 * 2**20
MAX_TEXT_BYTES = 32 * 2**20
MAX_DOCUMENT_CHARS = 5_000_000

KINDS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
}


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


def read_bytes(path: Path) -> bytes:
    """A file's bytes, only the first ``MAX_TEXT_BYTES`` of a text file."""
    kind = KINDS[path.suffix.lower()]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES and kind in ("jsonl", "json", "csv"):
        raise SkipFile(f"too large ({size / 2**20:.0f} MB; records files up to {MAX_FILE_BYTES // 2**20} MB)")
    with open(path, "rb") as handle:
        return handle.read(MAX_TEXT_BYTES if kind in ("text", "html") else MAX_FILE_BYTES)


def read_file(path: Path, data: bytes) -> tuple[list[Document], list[str]]:
    """The documents in one file's bytes and any warnings; ``SkipFile`` if none."""
    kind = KINDS[path.suffix.lower()]
    if not data.strip():
        raise SkipFile("empty file")
    warnings = []
    if kind in ("jsonl", "csv") and b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # One damaged line does not make a records file binary: its lines fail alone.
        data = data.replace(b"\x00", b"")
        warnings.append("NUL bytes removed")
    text, warning = decode(data)
    warnings += [warning] if warning else []
    if kind in ("text", "html") and (len(data) >= MAX_TEXT_BYTES or len(text) > MAX_DOCUMENT_CHARS):
        text = text[:MAX_DOCUMENT_CHARS]
        warnings.append(f"long text: only its first {MAX_DOCUMENT_CHARS:,} characters are indexed")
    name = display_path(path)
    if kind == "text":
        documents = [read_text(name, text)]
    elif kind == "html":
        documents = [read_html(name, text)]
    else:
        documents, more = read_records(name, text, kind)
        warnings += more
    documents = [d for d in documents if d.body.strip() or d.title.strip()]
    if not documents:
        raise SkipFile("no text")
    return documents, warnings


def iter_documents(paths) -> Iterator[Document]:
    """Every document under ``paths`` as its reader makes it, unreadable files passed over.

    For measurements that need the texts without kgsearch's metadata work.
    """
    for path, reason in walk(paths):
        if reason:
            continue
        try:
            yield from read_file(path, read_bytes(path))[0]
        except (SkipFile, OSError):
            continue
