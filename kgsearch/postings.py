"""A term's postings, decoded once for the whole of one search.

Whoosh keeps a term's postings in blocks of up to a hundred documents, each
block one compressed pickle of its documents, weights and positions; decoding
the blocks is most of what a search on a large archive costs. A search reads
the same terms three times (to find the matches, to check phrases, to rank
the page), so it keeps each term's blocks decoded for its duration; they are
dropped with it.
"""

from bisect import bisect_left

from whoosh.matching.wrappers import FilterMatcher


class Block:
    """One postings block: its document numbers (in the segment), weights and raw values."""

    __slots__ = ("ids", "weights", "values")

    def __init__(self, ids, weights, values):
        self.ids = ids
        self.weights = weights
        self.values = values


class Postings:
    """The decoded postings of the terms one search reads, by segment."""

    def __init__(self):
        self._blocks: dict[tuple, list[Block]] = {}
        self._ends: dict[tuple, list[int]] = {}  # each block's last document, to find a document's block

    def blocks(self, reader, fieldname: str, btext: bytes) -> list[Block]:
        """The blocks of a term in one segment (none where the segment lacks it); deleted
        documents are among them (Whoosh skips them only as it steps)."""
        key = (id(reader), fieldname, btext)
        if key not in self._blocks:
            self._blocks[key] = _decode(reader, fieldname, btext)
        return self._blocks[key]

    def ids(self, reader, fieldname: str, btext: bytes) -> list[int]:
        found = []
        for block in self.blocks(reader, fieldname, btext):
            found.extend(block.ids)
        return found

    def value(self, reader, fieldname: str, btext: bytes, docnum: int) -> bytes | None:
        """The raw value (positions) of a term in one document of the segment, or ``None``."""
        blocks = self.blocks(reader, fieldname, btext)
        key = (id(reader), fieldname, btext)
        if key not in self._ends:
            self._ends[key] = [block.ids[-1] for block in blocks]
        b = bisect_left(self._ends[key], docnum)
        if b == len(blocks):
            return None
        ids = blocks[b].ids
        i = bisect_left(ids, docnum)
        return blocks[b].values[i] if i < len(ids) and ids[i] == docnum else None


def _decode(reader, fieldname: str, btext: bytes) -> list[Block]:
    if (fieldname, btext) not in reader:
        return []
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
        return [Block(ids, weights, values)] if ids else []
    blocks = []
    while postings.is_active():
        postings._read_ids()
        postings._read_weights()
        postings._read_values()
        blocks.append(Block(postings._ids, postings._weights, postings._values))
        if postings._lastblock:
            break
        postings._next_block()
    return blocks
