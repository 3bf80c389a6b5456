"""A rebuild's documents written as Whoosh segments of bounded size, then committed together.

Whoosh's ``SegmentWriter`` holds its segment's postings (up to ``limitmb``,
the rest in sorted runs on disk) and its per-segment tables until the
segment is written; a writer that took a whole archive grew with it. So a
``SegmentSeries`` closes its segment every ``Budget.segment_documents``
documents and opens the next; ``commit_segments`` then writes one table of
contents naming them all. Each worker of a parallel rebuild writes a series
of its own (``parallel``), as does a rebuild in one process.

The segments are written by the engine (``engine.writing``).
"""

from kgsearch.index import wordtable
from kgsearch.index.documents import isolated
from kgsearch.index.engine.writing import commit_segments, drop_segment, end_segment, series_writer
from kgsearch.index.sizing import Budget


class SegmentSeries:
    """Add documents' fields with ``add``; ``finish`` gives the segments written."""

    def __init__(self, ix, budget: Budget, words: wordtable.Recorder | None = None, copy=None):
        self.ix = ix
        self.budget = budget
        self.words = words  # where each writer's analyzer records the words it analyses, for the word table
        self.copy = copy  # what copies each segment into another engine as it is written (``series_writer``)
        self.segments: list = []
        self.documents = 0
        self.writer = None

    def add(self, fields: dict) -> None:
        if self.writer is None:
            self.writer = series_writer(self.ix, self.budget.pool_mb, self.copy)
            if self.words is not None:
                wordtable.recording(self.writer.schema, self.words)
        self.writer.add_document(**fields)
        self.documents += 1
        if self.writer.docnum >= self.budget.segment_documents:
            self._close()

    def _close(self) -> None:
        self.segments.append(end_segment(self.writer))
        self.writer = None

    def finish(self) -> list:
        if self.writer is not None:
            self._close()
        return self.segments

    def cancel(self) -> None:
        """Close the open segment's files (the caller removes the folder)."""
        if self.writer is not None:
            try:
                drop_segment(self.writer)
            finally:
                self.writer = None


def writing(series: SegmentSeries, signer, to_fields, complete, registry):
    """What writes one document of a rebuild: its metadata completed, its text signed, its fields
    added to ``series``."""

    def write(doc) -> None:
        fields = to_fields(complete(doc, registry), registry)
        signer.add(fields)
        series.add(fields)

    return write


class SerialWriter:
    """A rebuild's writer in this process, with the interface of ``parallel.ParallelWriter``:
    ``skipped`` lists the documents that raised (``documents.not_indexed``), once committed."""

    def __init__(self, ix, budget: Budget, to_fields, complete, registry, signer, words=None, copy=None):
        self.ix = ix
        self.series = SegmentSeries(ix, budget, words, copy)
        self.signer = signer
        self.skipped: list[dict] = []
        self._write = writing(self.series, signer, to_fields, complete, registry)

    def add(self, doc) -> None:
        if (skipped := isolated(doc, self._write)) is not None:
            self.skipped.append(skipped)

    def commit(self) -> int:
        commit_segments(self.ix, self.series.finish())
        self.signer.close()
        return self.series.documents

    def cancel(self) -> None:
        self.signer.close()
        self.series.cancel()
