"""Every document's length in a field, as the engine keeps it for scoring, read at once.

Whoosh keeps a scorable field's length in one byte a document (a lossy
encoding: ``LENGTH_OF_BYTE`` gives the length it scores with), in a column of
the segment's per-document file. ``field_lengths`` reads the column's bytes
in one go instead of one call a document. Uses the reader's private
``_perdoc`` and the column reader's ``_dbfile``, ``_basepos`` and ``_count``,
and BM25F's per-field ``_field_B``.
"""

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

# A field length as Whoosh stores it (one byte) to the length it scores with (1 where none).
LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]


def field_lengths(reader, fieldname: str) -> bytes:
    """Every document's length byte in ``fieldname`` in one segment (0: none), by number."""
    column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    known = b"" if column is None else column._dbfile.get(column._basepos, column._count)
    return known + bytes(reader.doc_count_all() - len(known))


def bm25_b(weighting, fieldname: str) -> float:
    """BM25F's length normalisation ``B`` for ``fieldname`` (its own, or the weighting's)."""
    return weighting._field_B.get(fieldname, weighting.B)
