"""A rebuild's Xapian copy written as it analyses, one part a Whoosh segment, joined at the end.

Written after the build, from the finished Whoosh index, the copy analysed
every text a second time, in one process: 525 s of a 100,000-document
rebuild's 1,179, and most of its peak memory. Here each segment writer of
the build (every worker's) hands each document's postings, as its analysis
made them, to a ``SegmentCopy``, which writes the same Xapian document
``writing.document`` would into a database of the segment's own, numbered
as the segment numbers it. The segments of a rebuild are whole and have no
deletions, so the parts joined in the table of contents' order (Xapian's
compaction puts each source's documents after the one before it's) number
every document as the Whoosh index does. ``parts_of`` checks that before
it trusts the parts; where it cannot (a part missing, a count that differs),
the caller writes the copy from the index as before. So a part that cannot
be written (a Xapian error, a document it cannot make) is abandoned, never
the build's failure, nor a document's: the segment has the document already.
"""

import contextlib
import shutil
from pathlib import Path

import xapian

from kgsearch.index.engine.xapian import terms
from kgsearch.index.engine.xapian.writing import COMMIT_EVERY, tapped_document

FOLDER = "xapian-parts"  # in the generation being built; removed once the copy is joined


class SegmentCopy:
    """The Xapian part of one segment a rebuild writes, in ``folder``, named by the segment."""

    def __init__(self, folder: Path, schema, segment_id: str):
        self.path = Path(folder) / segment_id
        self.schema = schema
        self.db = None
        # Made as the segment writer adds the segment's first document, after Whoosh has it: a part
        # that cannot be made is abandoned like one that cannot be written, never that document's
        # error (it would be counted skipped, yet stay in the segment under the next one's number).
        try:
            self.path.parent.mkdir(exist_ok=True)
            self.db = xapian.WritableDatabase(str(self.path), xapian.DB_CREATE)
        except (xapian.Error, OSError):
            self.cancel()

    def add(self, docnum: int, postings, stored: dict) -> None:
        """Segment document ``docnum``, from the postings and stored fields Whoosh's writer was given."""
        if self.db is None:
            return  # abandoned
        try:
            self.db.replace_document(terms.docid(docnum), tapped_document(self.schema, postings, stored))
            if terms.docid(docnum) % COMMIT_EVERY == 0:  # what Xapian has not committed it keeps in memory
                self.db.commit()
        except Exception:  # the copy is then written from the index, which says what is wrong, if anything
            self.cancel()

    def finish(self) -> None:
        if self.db is None:
            return
        try:
            self.db.commit()
            self.db.close()
        except xapian.Error:
            self.cancel()

    def cancel(self) -> None:
        db, self.db = self.db, None
        try:
            if db is not None:
                with contextlib.suppress(xapian.Error):
                    db.close()
        finally:
            shutil.rmtree(self.path, ignore_errors=True)


class SegmentCopies:
    """What a rebuild's segment writers are given when its engine is Xapian: a part for each segment."""

    def __init__(self, generation: Path):
        self.folder = Path(generation) / FOLDER

    def __call__(self, schema, segment_id: str) -> SegmentCopy:
        return SegmentCopy(self.folder, schema, segment_id)


def parts_of(generation: Path, reader) -> list[Path] | None:
    """The parts of ``reader``'s segments, in its order, where each is whole: a part for every
    segment, no deletions, the segment's count of documents numbered 1 to n; else ``None``.
    A segment of no documents (each one it was given raised, so its part was never made)
    numbers none and needs none."""
    folder = Path(generation) / FOLDER
    found = []
    for segment in segments(reader):
        if segment.doc_count_all() == 0:
            continue
        path = folder / segment.segment_id()
        if segment.has_deletions() or not path.is_dir():
            return None
        try:
            db = xapian.Database(str(path))
        except xapian.Error:
            return None
        whole = db.get_doccount() == segment.doc_count_all() == db.get_lastdocid()
        db.close()
        if not whole:
            return None
        found.append(path)
    return found or None  # no segment (no document): nothing to join, the empty copy is written


def segments(reader) -> list:
    """``reader``'s segments, in order: none for an index of no documents, whose Whoosh reader is
    a leaf without a segment."""
    return [leaf.segment() for leaf, _ in reader.leaf_readers() if leaf.segment() is not None]


def join(parts: list[Path], target: Path) -> None:
    """The parts, in order, compacted into one database at ``target``: each part's documents
    numbered after the one before it's."""
    combined = xapian.Database()
    for path in parts:
        combined.add_database(xapian.Database(str(path)))
    combined.compact(str(target))
    combined.close()


def documents(parts: list[Path]):
    """(Whoosh's document number, the Xapian document) for each document of the parts, in order."""
    offset = 0
    for path in parts:
        db = xapian.Database(str(path))
        for posting in db.postlist(""):
            yield offset + terms.docnum(posting.docid), db.get_document(posting.docid)
        offset += db.get_doccount()
        db.close()


def remove(generation: Path) -> None:
    shutil.rmtree(Path(generation) / FOLDER, ignore_errors=True)
