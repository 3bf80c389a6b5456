"""Writing segments: a rebuild's series of them, an update's writer, a commit, a write abandoned.

A rebuild writes its documents as segments of bounded size, each closed
without a commit, then one table of contents naming them all
(``commit_segments``); an update writes through one writer that adds each
document whole (``update_writer``). Whoosh offers neither the one nor the
other in its public API: this uses ``SegmentWriter``'s private
``_finalize_segment``, ``_close_segment``, ``_commit_toc``, ``_finish`` and
``_tempstorage``, ``SegmentWriter(_lk=False)`` (the rebuild holds the index
folder's own lock, and the new generation is no one else's until it is
published), and ``whoosh.reading.SegmentReader``.
``tests/test_segment_writer.py`` and ``tests/test_build_sizing.py`` check them.
"""

import shutil
from pathlib import Path

from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from kgsearch.index.engine.doclists import part_name
from kgsearch.index.engine.segmentwriter import FastSegmentWriter, WholeSegmentWriter


def series_writer(ix, pool_mb: int, copy=None):
    """A writer of one segment of a rebuild, its postings pooled in up to ``pool_mb`` of memory;
    ``add_document`` adds to it and ``docnum`` counts what it holds. ``copy``: what makes the
    segment's copy in another engine (``WholeSegmentWriter.copy``), if any."""
    writer = FastSegmentWriter(ix, _lk=False, limitmb=pool_mb)
    writer.copy = copy
    return writer


def end_segment(writer):
    """Write the writer's segment, without committing it; the segment, for ``commit_segments``.
    (The writers of a rebuild share one temporary folder, which ``commit_segments`` removes.)"""
    return writer._finalize_segment()


def drop_segment(writer) -> None:
    """Close the files of a writer's open segment (the caller removes the folder)."""
    try:
        writer._close_segment()
    finally:
        writer.cancel_copy()


def commit_segments(ix, segments: list) -> None:
    """Make ``segments`` the index's content: one table of contents naming them all."""
    writer = SegmentWriter(ix)
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


def update_writer(ix, pool_mb: int):
    """An update's writer, which adds each document whole or not at all; committed by ``commit``."""
    return WholeSegmentWriter(ix, limitmb=pool_mb)


def cancel_writer(writer, folder: Path) -> None:
    """Abandon a write and remove what it wrote in ``folder``. Whoosh's own cancel leaves the new
    segment's files and its temporary folder behind (a full disk would stay full, inside the live
    index), and can fail itself: closing files that could not be written fails again."""
    try:
        writer.cancel()
    except Exception:
        try:
            writer._finish()  # releases Whoosh's write lock, removes the temporary folder
        except Exception:
            pass  # the error being handled is the one to report; the files go below
    segment = getattr(writer, "newsegment", None)
    if segment is not None:
        for path in folder.glob(segment.segment_id() + ".*"):
            path.unlink(missing_ok=True)
        (folder / part_name(segment.segment_id())).unlink(missing_ok=True)
    temporary = getattr(writer, "_tempstorage", None)
    if temporary is not None:
        shutil.rmtree(temporary.folder, ignore_errors=True)


def merge_segments(writer, segments: list) -> None:
    """Add the documents of ``segments`` (of the index ``writer`` writes) to its new segment."""
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()

