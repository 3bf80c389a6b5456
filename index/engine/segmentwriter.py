"""A rebuild's Whoosh segment writer, with two of Whoosh's per-posting costs cut.

Closing a segment, Whoosh's ``SegmentWriter`` spends most of its time on
each posting in turn; a worker of a parallel rebuild of the corpora (about
670,000 postings) spent 8 s of its 35 s there. Two of those costs are not
Whoosh's format but its way of getting there, and are cut here; the segment
written is the same, byte for byte in its postings:

- Spilled postings. The pool keeps a segment's postings in memory up to
  ``limitmb`` and then writes a sorted run to disk; once it has written one,
  closing the segment writes the rest as a run too and merges every run
  back, each posting through its own ``pickle.dump`` and ``pickle.load``
  (4.5 s of that worker's 35, with pools of 128 MB). ``ChunkedPostingPool``
  writes a run as chunks, each a ``marshal``-ed list of ``CHUNK`` postings
  behind its length: the same postings in the same order, about ten times
  faster. Memory is still bounded by the pool: a merge holds one chunk per run.
  Runs are temporary files of one process (``marshal``'s format is Python's own).
- Field lengths. Each posting carries its document's field length, which
  Whoosh reads back from the lengths column on disk, posting by posting;
  here each field's lengths are read once per segment (``_LengthsOnce``).

Uses Whoosh's private ``_flush_segment`` and the pool's ``_write_run``,
``_read_run`` and ``_open_run``; ``tests/test_segment_writer.py`` compares
the results with Whoosh's own.

A document that raises while it is added (its analysis, a value a column
cannot take) must cost that document only. Whoosh's ``add_document`` puts
each field's postings into the pool and its column values into the segment
as it goes: one that failed half way left its first fields' postings under
the number the next document then took. ``WholeSegmentWriter`` adds a
document whole or not at all; an update's writer is one too. A rebuild's
writer may also hand each document, whole, to a copy of the segment in
another engine (``copy``: ``xapian.parts``), from the very postings the
segment gets.
"""

import marshal
import struct
from itertools import islice

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool, SegmentWriter

from kgsearch.index.engine.doclists import DocListWriter, folder_of

CHUNK = 4096  # postings per chunk: about 1 MB
_LENGTH = struct.Struct("<I")


class ChunkedPostingPool(PostingPool):
    """Whoosh's ``PostingPool`` with its runs written and read a chunk at a time."""

    def _write_run(self, f, items):
        items = iter(items)
        try:
            while chunk := list(islice(items, CHUNK)):
                data = marshal.dumps(chunk)
                f.write(_LENGTH.pack(len(data)))
                f.write(data)
        finally:
            f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while head := f.read(_LENGTH.size):
                yield from marshal.loads(f.read(_LENGTH.unpack(head)[0]))
        finally:
            f.close()
            self._remove_run(path)


class _LengthsOnce:
    """A per-document reader's field lengths, as Whoosh's own gives them, each field's read once."""

    def __init__(self, reader):
        self._reader = reader
        self._by_field: dict[str, list] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        if default != 0:
            return self._reader.doc_field_length(docnum, fieldname, default)
        lengths = self._by_field.get(fieldname)
        if lengths is None:
            lengths = self._by_field[fieldname] = [self._reader.doc_field_length(n, fieldname)
                                                   for n in range(self._reader.doc_count_all())]
        return lengths[docnum]


class _Postings:
    """Stands for the pool while a document is analysed: its postings, kept until it is whole."""

    def __init__(self):
        self.items = []
        self.add = self.items.append


class _Columns:
    """Stands for the per-document writer while a document is analysed: what it would be given."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        return lambda *args: self.calls.append((name, args))


class WholeSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter``, adding each document whole or not at all.

    Whoosh's own ``add_document`` runs against stand-ins for the pool and the
    per-document writer, so that everything that can raise (analysing, making
    column values) is done before the segment is touched; what they were given
    is then handed on. Whoosh's writing of the segment is unchanged; beside
    it, each common term's documents (``doclists``), for matching.
    """

    # Made for the segment (``copy(schema, segment_id)``): given each document added, finished with
    # the segment, cancelled with it. ``None``: no copy.
    copy = None
    _copy = None

    def _segment_copy(self):
        if self.copy is not None and self._copy is None:
            self._copy = self.copy(self.schema, self.newsegment.segment_id())
        return self._copy

    def _doclists(self) -> DocListWriter | None:
        folder = folder_of(self.storage)
        if folder is None:  # an index in memory: its blocks are read
            return None
        if getattr(self, "_doclist_writer", None) is None:
            self._doclist_writer = DocListWriter(folder, self.newsegment.segment_id())
        return self._doclist_writer

    def _tapped(self, postings):
        lists = self._doclists()
        return postings if lists is None else lists.tap(postings)

    def _flush_segment(self):
        # Whoosh's own, the postings tapped on their way to the segment.
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, lengths, self._tapped(self.pool.iter_postings()))
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    def _assemble_segment(self):
        # Whoosh copies each of the segment's files into its compound file through the index's
        # storage, which maps a file whole (``mapped``): every page copied stayed in the writer's
        # memory until the file was closed, 180 MB of a 50,000-document segment's postings, a
        # spike in each worker as it closed a segment. Plain files are read a buffer at a time.
        folder = folder_of(self.storage)
        if not self.compound or folder is None:
            return super()._assemble_segment()
        segment = self.get_segment()
        segment.create_compound_file(FileStorage(folder))
        segment.compound = True

    def _finalize_segment(self):
        segment = super()._finalize_segment()
        if (lists := self._doclists()) is not None:
            lists.finish()  # after the compound file is assembled, which takes every file named for the segment
        if self._copy is not None:
            self._copy.finish()
        return segment

    def cancel_copy(self) -> None:
        if self._copy is not None:
            self._copy.cancel()
            self._copy = None

    def add_document(self, **fields):
        self._check_state()
        pool, perdoc, docnum = self.pool, self.perdocwriter, self.docnum
        postings, columns = _Postings(), _Columns()
        self.pool, self.perdocwriter = postings, columns
        try:
            super().add_document(**fields)
        finally:
            self.pool, self.perdocwriter, self.docnum = pool, perdoc, docnum
        for item in postings.items:
            pool.add(item)
        for name, args in columns.calls:
            if name != "cancel_doc":
                getattr(perdoc, name)(*args)
        if (copy := self._segment_copy()) is not None:
            stored = {args[0]: args[2] for name, args in columns.calls if name == "add_field" and args[2] is not None}
            copy.add(docnum, postings.items, stored)
        self._added = True
        self.docnum += 1


class FastSegmentWriter(WholeSegmentWriter):
    """Whoosh's ``SegmentWriter``, writing the same segment with less work per posting."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        pool = ChunkedPostingPool(self.pool.tempstore, self.pool.segment)
        pool.limit = self.pool.limit
        self.pool = pool

    def _flush_segment(self):
        # Whoosh's own, but for the lengths.
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, _LengthsOnce(lengths) if lengths else None,
                                      self._tapped(self.pool.iter_postings()))
        self.fieldwriter.close()
        if lengths:
            lengths.close()
