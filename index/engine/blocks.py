"""A term's postings as blocks of (document numbers, weights, raw values), read from Whoosh's files.

Whoosh keeps a term's postings in blocks of up to a hundred documents, each
block one compressed pickle of its documents, weights and positions behind a
header that says its last document. ``term_blocks`` finds the blocks from
their headers alone and decodes each when first asked, straight from the
memory map (``mapped``) where it can: a search that wants a common word only
beside a rare one decodes a few blocks, not all. ``positions_decoder`` turns
a raw value into positions. Uses the block matcher's private fields
(``_postfile``, ``_baseoffset``, ``_goto``, ``_read_ids``…) and Whoosh's
block layout; ``tests/test_limited_search.py`` compares searches that use
it with Whoosh's own.
"""

import pickle
import struct
import zlib
from bisect import bisect_left
from itertools import accumulate

from whoosh.formats import Characters, Positions
from whoosh.matching.wrappers import FilterMatcher

_LENGTH = struct.Struct("!i")  # a block's length before its header, negative for the last block


class Block:
    """One postings block: its document numbers (in the segment), weights and raw values."""

    __slots__ = ("ids", "weights", "values")

    def __init__(self, ids, weights, values):
        self.ids = ids
        self.weights = weights
        self.values = values


class TermBlocks:
    """A term's blocks in one segment: where each starts and ends (``ends``: each block's last
    document), each decoded when first asked (``block``)."""

    __slots__ = ("matcher", "starts", "ends", "decoded", "_where")

    def __init__(self, matcher, starts: list, ends: list[int], decoded: dict[int, Block]):
        self.matcher = matcher  # Whoosh's, moved to a block to decode it; None when all are decoded
        self.starts = starts
        self.ends = ends
        self.decoded = decoded
        self._where: dict[int, dict[int, int]] = {}

    def where(self, b: int) -> dict[int, int]:
        """Block ``b``'s documents, each to its place in it."""
        found = self._where.get(b)
        if found is None:
            ids = self.block(b).ids
            found = self._where[b] = dict(zip(ids, range(len(ids))))
        return found

    def holding(self, within: list[int]) -> list[int]:
        """The blocks whose range of documents holds one of ``within`` (sorted), in order."""
        ends = self.ends
        if len(within) <= len(ends):  # look each document's block up
            found, last = [], len(ends)
            for docnum in within:
                b = bisect_left(ends, docnum)
                if b == last:
                    break
                if not found or found[-1] != b:
                    found.append(b)
            return found
        found, start, count = [], 0, len(within)  # look each block's first document up
        for b, end in enumerate(ends):
            i = bisect_left(within, start)
            if i == count:
                break
            if within[i] <= end:
                found.append(b)
            start = end + 1
        return found

    def block(self, b: int) -> Block:
        block = self.decoded.get(b)
        if block is None:
            start = self.starts[b]
            block = self.decoded[b] = _mapped_block(self.matcher, start) or _read_block(self.matcher, start)
        return block


def term_blocks(reader, fieldname: str, btext: bytes) -> TermBlocks:
    """A term's blocks in one segment (none where the segment lacks it), found from their
    headers; none decoded yet (for Whoosh's own block format; other matchers are read whole at
    once). Deleted documents are among them (Whoosh skips them only as it steps)."""
    if (fieldname, btext) not in reader:
        return TermBlocks(None, [], [], {})
    postings = reader.postings(fieldname, btext)
    if isinstance(postings, FilterMatcher):
        postings = postings.child
    if not hasattr(postings, "_read_weights"):  # another codec, or a list in memory
        ids, weights, values = [], [], []
        while postings.is_active():
            ids.append(postings.id())
            weights.append(postings.weight())
            values.append(postings.value())
            postings.next()
        return TermBlocks(None, [None], [ids[-1]], {0: Block(ids, weights, values)}) if ids else TermBlocks(None, [], [], {})
    starts, ends = _headers(postings)
    return TermBlocks(postings, starts, ends, {})


def _read_block(m, start: int) -> Block:
    """A block decoded by Whoosh's matcher."""
    m._goto(start)
    m._read_ids()
    m._read_weights()
    m._read_values()
    return Block(m._ids, m._weights, m._values)


def _mapped_block(m, start: int) -> Block | None:
    """A block decoded straight from the memory map, as Whoosh's matcher does it but without
    its seeks, file reads and step-by-step sums (a third of the cost); ``None`` where the
    postings are not of that kind (then Whoosh's matcher decodes it).

    The data follows the header pickle, whose length is found by pickling it again; the
    bytes are compared, so a header pickled otherwise is left to Whoosh.
    """
    buf = getattr(m._postfile, "_buf", None)
    if buf is None or m._byteids or m._fixedsize is not None:
        return None
    (length,) = _LENGTH.unpack_from(buf, start)
    end = start + 4 + (-length if length < 0 else length)
    info = pickle.loads(buf[start + 4 : end])
    header = pickle.dumps(info, 2)
    begin = start + 4 + len(header)
    if buf[start + 4 : begin] != header:
        return None
    data = buf[begin:end]
    count, compressed = info[0], info[3]
    ids, weights, values = pickle.loads(zlib.decompress(data) if compressed else data)
    if weights is None:
        weights = [1.0] * count
    elif isinstance(weights, float):
        weights = [weights] * count
    return Block(list(accumulate(ids)), weights, values)


def _headers(m) -> tuple[list[int], list[int]]:
    """Each block's position and last document, read from the headers alone: a header is the
    block's length and a small pickle (count, last document, ...) before its data."""
    buf = getattr(m._postfile, "_buf", None)  # a memory-mapped file (engine/mapped.py)
    starts, ends = [], []
    if buf is None:  # any other file: Whoosh's matcher reads the headers, slower
        position = m._baseoffset
        while True:
            m._goto(position)
            starts.append(position)
            ends.append(m._maxid)
            if m._lastblock:
                break
            position = m._nextoffset
        return starts, ends
    position, unpack, loads = m._baseoffset, _LENGTH.unpack_from, pickle.loads
    while True:
        (length,) = unpack(buf, position)
        size = -length if length < 0 else length
        starts.append(position)
        ends.append(loads(buf[position + 4 : position + 4 + size])[1])  # pickle ignores what follows
        if length < 0:
            return starts, ends
        position += 4 + size


def positions_decoder(fmt):
    """A decoder of a term's positions from its raw value: Whoosh's own, or for its
    ``Positions`` and ``Characters`` formats the same done by C (the pickled deltas summed by
    ``accumulate``, not a Python loop): a phrase is checked in thousands of documents."""
    kind = type(fmt)
    if kind is Positions:
        return _positions
    if kind is Characters:
        return _character_positions
    return fmt.decoder("positions")


def _deltas(value: bytes):
    # Whoosh keeps a value without its pickle's final STOP byte; the count before it is skipped.
    return pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")


def _positions(value: bytes) -> list[int]:
    return list(accumulate(_deltas(value)))


def _character_positions(value: bytes) -> list[int]:
    return list(accumulate(code[0] for code in _deltas(value)))
