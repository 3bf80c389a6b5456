"""A term's postings, decoded once for the whole of one search, and only where needed.

Decoding a term's postings blocks is most of what a search on a large archive
costs. A search reads the same terms three times (to find the matches, to
check phrases, to rank the page), so it keeps each block it decodes for its
duration; they are dropped with it. Where a search wants a term only in some
documents (the other words of an AND, a phrase's words, a page's snippets)
only the blocks that can hold them are decoded: a common word beside a rare
one costs a few blocks, not all. The blocks themselves come from the engine
(``kgsearch.index.engine.blocks``).
"""

from bisect import bisect_left

from kgsearch.index import columns
from kgsearch.index.engine import blocks as engine_blocks
from kgsearch.index.engine import doclists
from kgsearch.index.engine.blocks import Block, TermBlocks


# A common term's whole list is read when ``within`` holds at least one document for this many of
# its: a block decodes ~100 documents for ~40 µs, the list ~30 ns a document.
WITHIN_PER_LISTED = 64


def _read_whole(listed, within) -> bool:
    """Whether a common term's whole list is read rather than the blocks that hold ``within``."""
    return within is None or len(within) * WITHIN_PER_LISTED >= len(listed)


class Postings:
    """The postings of the terms one search reads, by segment, each block decoded once; and
    the columns it reads, which an open index may keep for all its searches (``kept``)."""

    def __init__(self, kept: dict | None = None):
        self._terms: dict[tuple, TermBlocks] = {}
        self._columns = {} if kept is None else kept

    def column(self, reader, field: str) -> list:
        """The raw column value of every document of one segment (``index.columns.values``)."""
        key = (id(reader), field)
        if key not in self._columns:
            self._columns[key] = columns.values(reader, field)
        return self._columns[key]

    def column_order(self, reader, field: str, missing) -> tuple[list, list[int]]:
        """The documents of one segment that have a value in a column, in the order of their
        values, and those values: a range of values is then a slice."""
        key = (id(reader), field, "order")
        if key not in self._columns:
            ordered = sorted((value, d) for d, value in enumerate(self.column(reader, field)) if value != missing)
            self._columns[key] = ([value for value, _ in ordered], [d for _, d in ordered])
        return self._columns[key]

    def _term(self, reader, fieldname: str, btext: bytes) -> TermBlocks:
        key = (id(reader), fieldname, btext)
        term = self._terms.get(key)
        if term is None:
            term = self._terms[key] = _decode(reader, fieldname, btext)
        return term

    def blocks(self, reader, fieldname: str, btext: bytes, within: list[int] | None = None) -> list[Block]:
        """The blocks of a term in one segment (none where the segment lacks it), or only those
        that can hold one of ``within`` (sorted document numbers of the segment); deleted
        documents are among them (Whoosh skips them only as it steps)."""
        term = self._term(reader, fieldname, btext)
        if within is None:
            return [term.block(b) for b in range(len(term.ends))]
        return [term.block(b) for b in term.holding(within)]

    def ids(self, reader, fieldname: str, btext: bytes, within: list[int] | None = None):
        """The term's documents in the segment; with ``within``, a superset of those among it.
        A common term's are read from its list (``doclists``) unless ``within`` is so few that
        the blocks holding them cost less."""
        listed = doclists.documents(reader, fieldname, btext)
        if listed is not None and _read_whole(listed, within):
            return listed
        found = []
        for block in self.blocks(reader, fieldname, btext, within):
            found.extend(block.ids)
        return found

    def weighted(self, reader, fieldname: str, btext: bytes, within=None):
        """A common term's documents in the segment and their weights, as two arrays in document
        order (``doclists``); ``None`` where it is not listed so, or ``within`` (sorted document
        numbers) is so few that the blocks holding them cost less (then its blocks are read)."""
        listed = doclists.weighted(reader, fieldname, btext)
        return listed if listed is not None and _read_whole(listed[0], within) else None

    def values(self, reader, fieldname: str, btext: bytes, docnums: list[int]) -> list[bytes | None]:
        """The raw values (positions) of a term in each of ``docnums`` (sorted), ``None`` where it
        is absent: ``value`` for many documents, each block looked up once."""
        term = self._term(reader, fieldname, btext)
        ends, found = term.ends, []
        b, end, where, values = -1, -1, {}, ()
        for docnum in docnums:
            if docnum > end:
                b = bisect_left(ends, docnum, b + 1)
                if b == len(ends):
                    found.extend([None] * (len(docnums) - len(found)))
                    return found
                end = ends[b]
                block = term.block(b)
                where, values = term.where(b), block.values
            i = where.get(docnum)
            found.append(None if i is None else values[i])
        return found

    def value(self, reader, fieldname: str, btext: bytes, docnum: int) -> bytes | None:
        """The raw value (positions) of a term in one document of the segment, or ``None``."""
        term = self._term(reader, fieldname, btext)
        b = bisect_left(term.ends, docnum)
        if b == len(term.ends):
            return None
        block = term.block(b)
        ids = block.ids
        i = bisect_left(ids, docnum)
        return block.values[i] if i < len(ids) and ids[i] == docnum else None


def _decode(reader, fieldname: str, btext: bytes) -> TermBlocks:
    """A term's blocks in one segment, from the engine: each term a search reads, once."""
    return engine_blocks.term_blocks(reader, fieldname, btext)
