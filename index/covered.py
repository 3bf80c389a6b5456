"""Which characters of a text a found name already covers.

Each finder asks whether a new match overlaps the spans found before it.
Comparing with every earlier span was quadratic: a 280 KB text of
capitalised words took 5 s. A mask of the text answers in the match's length.
"""

from collections.abc import Iterable


class Covered:
    """The characters of a text that spans cover.

    >>> taken = Covered(10, [(2, 4)])
    >>> taken.overlaps(3, 6), taken.overlaps(4, 6), taken.overlaps(0, 2), taken.covers(2, 4), taken.covers(2, 5)
    (True, False, False, True, False)
    """

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()):
        self._mask = bytearray(length)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\1" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self._mask[start:end]

    def covers(self, start: int, end: int) -> bool:
        """Whether every character of start:end is covered (a name inside an organisation's)."""
        return start < end and 0 not in self._mask[start:end]
