"""Which of a million keys a build has seen, in 16 to 32 bytes a key.

A rebuild remembers every record key of a file (``build._distinct_keys``) and
every text each writer has signed (``similar.Signer``), until the end of the
analysis, where a build's memory peaks. As Python sets a million keys took
106 MB (strings of a record's file and id) and a million text hashes 83 MB
(bytes), in ``benchmarks/bench_fingerprints.py``. Here a key is its 64-bit
fingerprint in one open-addressing table of 8-byte slots (an ``array``), never
more than half full: 16 MB for a million keys, about 7 µs an ``add`` with its hash.

Two different keys share a fingerprint with a probability of about n² / 2⁶⁵:
3 in 100 million for a million keys. Where that would do harm the caller says
what a false "seen" costs (a signature made later; a record named ``key#2``).
An array has no per-key objects, so a set made before a fork stays shared
with the workers instead of being copied into each as its counts are touched.
"""

import hashlib
from array import array

_EMPTY = 0  # a slot with no fingerprint; the fingerprint 0 is kept as 1
_SMALLEST = 1 << 10  # slots


def of_text(key: str) -> int:
    """A string key's fingerprint."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def of_digest(digest: bytes) -> int:
    """The fingerprint of a key that is already a hash (a text's ``content_hash``): its first 8 bytes."""
    return int.from_bytes(digest[:8], "little")


class Fingerprints:
    """A set of 64-bit fingerprints that only grows."""

    def __init__(self, values=()):
        self._slots = array("Q", [_EMPTY]) * _SMALLEST
        self._count = 0
        for value in values:
            self.add(value)

    def _slot(self, value: int) -> int:
        """Where ``value`` is, or the empty slot where it goes (the fingerprint's bits spread it)."""
        slots, mask = self._slots, len(self._slots) - 1
        at = value & mask
        while (found := slots[at]) != _EMPTY and found != value:
            at = (at + 1) & mask
        return at

    def __contains__(self, value: int) -> bool:
        value = value or 1
        return self._slots[self._slot(value)] == value

    def __len__(self) -> int:
        return self._count

    def add(self, value: int) -> bool:
        """Add ``value``; whether it was new."""
        value = value or 1
        at = self._slot(value)
        if self._slots[at] == value:
            return False
        self._slots[at] = value
        self._count += 1
        if 2 * self._count > len(self._slots):
            self._grow()
        return True

    def _grow(self) -> None:
        old, self._slots = self._slots, array("Q", [_EMPTY]) * (2 * len(self._slots))
        for value in old:
            if value != _EMPTY:
                self._slots[self._slot(value)] = value
