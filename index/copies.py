"""Documents with the same text: one article reached through several files or urls.

A search shows such an article once and counts it once, so it must know,
for any set of matches, which of them are copies of one another. Finding
the groups means reading every document's ``content_hash`` (seconds on a
large archive), so whoever writes the index finds them once, after its
commit, and keeps them beside the index for that commit's generation. A
reader given another generation (an index written before this file
existed, or one caught between a commit and its file) finds them itself.
"""

import json
import os
from pathlib import Path

from kgsearch.index import store

FIELD = "content_hash"
FILE = "copies.json"


def record(ix) -> None:
    """Find and keep the copy groups of the index ``ix`` as its last commit left it."""
    folder = Path(ix.storage.folder)
    with store.open_whoosh(folder).reader() as reader:  # not Whoosh's default: it copies the index into memory
        data = {"generation": reader.generation(), "groups": sorted(set(find(reader).values()))}
    partial = folder / f".{FILE}.{os.getpid()}"
    partial.write_text(json.dumps(data), encoding="utf-8")
    os.replace(partial, folder / FILE)


def copy_groups(reader, folder=None) -> dict[int, tuple[int, ...]]:
    """For every document that shares its text with another, the numbers of all that share it
    (the kept groups when they are of ``reader``'s generation)."""
    kept = kept_groups(folder, FILE, reader)
    if kept is not None:
        return {docnum: tuple(group) for group in kept for docnum in group}
    return find(reader)


class Kept:
    """The files of groups in ``folder`` named ``names``, read now: what an open index folds by.

    An update in place writes the files again for its own generation of the
    index, so an index opened before it, and first searched after, found
    the files another generation's and folded exact copies alone (reprints
    unfolded: 3,840 hits where a fresh reader showed 3,754). An index reads
    them as it opens, beside its reader (``kgsearch.fold.Folder``)."""

    def __init__(self, folder, names):
        self.folder = folder
        self._texts = {}
        for name in names:
            try:
                self._texts[name] = (Path(folder) / name).read_text(encoding="utf-8")
            except (OSError, ValueError):
                pass  # as if there were none (one not UTF-8 too): read again at first use

    def text(self, name: str) -> str:
        if name not in self._texts:
            raise FileNotFoundError(name)
        return self._texts[name]


def kept_groups(folder, name: str, reader) -> list | None:
    """The groups kept in ``folder``'s file ``name`` (``folder``: a path, or the files as ``Kept``
    read them) when they were found for ``reader``'s generation; ``None`` when there is none, or it
    is another generation's or unreadable (then the caller finds them again: the file is only a
    shortcut)."""
    if folder is None:
        return None
    if isinstance(folder, Kept):
        # Read at open, unless they were another generation's then: an index opened after an update's
        # commit and before it wrote the files again finds them on disk once they are written.
        kept = _groups_of(lambda: folder.text(name), reader)
        if kept is not None:
            return kept
        return _groups_of(lambda: (Path(folder.folder) / name).read_text(encoding="utf-8"), reader)
    return _groups_of(lambda: (Path(folder) / name).read_text(encoding="utf-8"), reader)


def _groups_of(read, reader) -> list | None:
    try:
        data = json.loads(read())
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("generation") == reader.generation():
        return data["groups"]
    return None


def find(reader) -> dict[int, tuple[int, ...]]:
    """The copy groups, read from every live document's hash."""
    if not reader.has_column(FIELD):
        return {}
    hashes = reader.column_reader(FIELD)
    by_hash: dict = {}
    for docnum in range(reader.doc_count_all()):
        if not reader.is_deleted(docnum):
            by_hash.setdefault(hashes[docnum], []).append(docnum)
    return {docnum: tuple(group) for group in by_hash.values() if len(group) > 1 for docnum in group}


def documents_by_text(reader) -> dict[bytes, list[int]]:
    """Every live document's number, by its text's content hash (20 bytes): what a text's
    signature and vector are kept by."""
    by_text: dict[bytes, list[int]] = {}
    if not reader.has_column(FIELD):
        return by_text
    hashes = reader.column_reader(FIELD)
    for docnum in range(reader.doc_count_all()):
        if not reader.is_deleted(docnum):
            value = hashes[docnum]
            key = bytes.fromhex(value.decode() if isinstance(value, bytes) else value)
            by_text.setdefault(key, []).append(docnum)
    return by_text
