"""Folders to files to documents: which files kgsearch reads, and how.

A folder is walked recursively in a stable order; hidden files and folders
are passed over, and symbolic links to folders are not followed, so a link
loop cannot trap the walk. A file that cannot be read becomes a reason, never
an exception that stops the build.
"""

import os
from collections.abc import Iterator
from pathlib import Path

from index.documents import Document, SkipFile
from index.encoding import decode
from index.records import read_records
from index.text import read_text
from index.webpage import read_html

KINDS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
}


def walk(paths: list[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file under ``paths`` with ``None``, or with the reason it is skipped."""
    for root in paths:
        root = Path(root)
        if root.is_file():
            yield root, _kind_reason(root)
            continue
        if not root.exists():
            yield root, "no such file or folder"
            continue
        errors: list[OSError] = []
        for folder, dirs, names in os.walk(root, onerror=errors.append):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith("."):
                    path = Path(folder, name)
                    yield path, _kind_reason(path)
            for error in errors:
                yield Path(error.filename or folder), f"cannot read folder: {error.strerror}"
            errors.clear()


def _kind_reason(path: Path) -> str | None:
    if path.suffix.lower() not in KINDS:
        return f"unsupported file type {path.suffix or '(no extension)'}"
    return None


def read_file(path: Path, data: bytes) -> tuple[list[Document], list[str]]:
    """The documents in one file's bytes and any warnings; ``SkipFile`` if none."""
    kind = KINDS[path.suffix.lower()]
    if not data.strip():
        raise SkipFile("empty file")
    text, warning = decode(data)
    warnings = [warning] if warning else []
    name = str(path)
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
