"""Texts that are nearly the same: word shingles, one-permutation MinHash, and banding.

A wire story reprinted with a new first line, another dateline or a paragraph
cut keeps most of its runs of five words ("shingles"), and another story on
the same subject shares almost none of them: the Jaccard similarity of two
texts' shingle sets tells reprints from stories. It is estimated from a
signature of ``BINS`` numbers per text, computed once per text:

- each shingle is hashed once (64-bit BLAKE2b); the hash's top bits choose one
  of ``BINS`` bins and the bin keeps its least hash (one-permutation hashing,
  Li, Owen and Zhang 2012: one hash per shingle, where classic MinHash takes
  one per shingle and bin; pure Python here at about 0.6 ms a text, as fast as
  numpy's k-hash MinHash and faster than datasketch's, with no dependency);
- two signatures resemble as the share of bins, among those either text
  filled, where both kept the same hash: an estimate of the Jaccard similarity;
- banding finds the pairs worth comparing without comparing all: texts whose
  signatures agree on all four bins of any of ``BANDS`` bands are compared
  (a pair at Jaccard 0.5 is found with probability 0.87, at 0.6 with 0.99).

>>> story = ("The delegation arrived in Bishkek on Monday for talks on the railway that is to link "
...          "China, Kyrgyzstan and Uzbekistan; the ministers signed an agreement on its route, its "
...          "gauge and the share each country pays, and said that building would start next year.")
>>> round(resemblance(signature(story), signature("BISHKEK, May 3 (Kabar). " + story)), 2)
0.89
>>> resemblance(signature(story), signature("Talks on the railway went on in Bishkek."))  # too short to tell
0.0
"""

import hashlib
import re
import struct
from collections.abc import Iterable, Iterator
from operator import eq

SHINGLE_WORDS = 5
BINS = 128
ROWS = 4  # bins per band
BANDS = BINS // ROWS
# Texts with fewer shingles than this (about 25 words) are never called near copies:
# a short notice or a caption matches too many others by chance.
MIN_SHINGLES = 20
EMPTY = 0xFFFFFFFF  # a bin no shingle fell into
SIZE = 4 * BINS  # bytes of a signature
_SHIFT = 64 - (BINS.bit_length() - 1)
_PACK = struct.Struct(f"<{BINS}I")
_EMPTY_BAND = _PACK.pack(*[EMPTY] * BINS)[: 4 * ROWS]
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """The text's runs of ``SHINGLE_WORDS`` words, lower-cased, punctuation ignored."""
    return _runs(_WORD.findall(text.lower()), " ")


def _shingle_bytes(text: str) -> set[bytes]:
    """``shingles`` in UTF-8, each word encoded once rather than in each of its five shingles."""
    return _runs(" ".join(_WORD.findall(text.lower())).encode("utf-8").split(), b" ")


def _runs(words: list, space):
    """Each run of ``SHINGLE_WORDS`` of ``words``, joined by ``space``."""
    return {space.join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> bytes:
    """The text's MinHash signature (``SIZE`` bytes); every bin empty for a text too short to compare."""
    found = _shingle_bytes(text)
    bins = [1 << 64] * BINS
    if len(found) >= MIN_SHINGLES:
        blake2b, from_bytes = hashlib.blake2b, int.from_bytes  # a rebuild signs millions of shingles
        for h in [from_bytes(blake2b(shingle, digest_size=8).digest(), "little") for shingle in found]:
            j = h >> _SHIFT
            if h < bins[j]:
                bins[j] = h
    # The low 32 bits of each bin's least hash are kept: they are independent of the bin's own bits.
    return _PACK.pack(*[EMPTY if h >> 64 else h & 0xFFFFFFFF for h in bins])


def resemblance(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of the two signatures' texts (0 when either is too short)."""
    return _resemblance(_PACK.unpack(a), _PACK.unpack(b))


def _resemblance(x: tuple, y: tuple) -> float:
    """``resemblance`` of two unpacked signatures: bins compared in C, not one by one in Python."""
    same, both_empty = sum(map(eq, x, y)), 0
    if EMPTY in x and EMPTY in y:
        both_empty = sum(1 for i, j in zip(x, y) if i == j == EMPTY)
    filled = BINS - both_empty
    return (same - both_empty) / filled if filled else 0.0  # a short text's bins are all empty: it resembles nothing


def near_pairs(signatures, threshold: float) -> Iterator[tuple[int, int]]:
    """Pairs of positions in ``signatures`` whose texts resemble at ``threshold`` or more
    (estimated Jaccard), among those that agree on a whole band, each pair once, the lower first.

    ``signatures``: a sequence of them; its ``band(start, length)``, where it has one, gives
    those bytes of each in order, so that a file is read a band at a time. A pair is compared at
    the first band it agrees on and passed over at the others: a set of the pairs seen held
    1.2 GB for the 12 million pairs of a 1,000,000-document archive.
    """
    width = 4 * ROWS
    for band in range(BANDS):
        start = band * width
        parts = (signatures.band(start, width) if hasattr(signatures, "band")
                 else (sig[start : start + width] for sig in signatures))
        buckets: dict[bytes, int | list[int]] = {}  # a lone position as itself: most buckets hold one
        for position, part in enumerate(parts):
            if part != _EMPTY_BAND:
                held = buckets.setdefault(part, position)
                if held != position:
                    if isinstance(held, int):
                        buckets[part] = held = [held]
                    held.append(position)
        for held in buckets.values():
            if isinstance(held, list):
                yield from _bucket_pairs(signatures, held, band, threshold)


def _bucket_pairs(signatures, held: list[int], band: int, threshold: float) -> Iterator[tuple[int, int]]:
    """The pairs of one bucket of ``band`` that first agree on it and resemble at ``threshold``."""
    width = 4 * ROWS
    sigs = [signatures[position] for position in held]
    # Each member's earlier bands; an empty one as an object of its own, so that no two agree on it.
    earlier = [[part if part != _EMPTY_BAND else object() for part in (sig[s : s + width] for s in
                range(0, band * width, width))] for sig in sigs]
    unpacked = [_PACK.unpack(sig) for sig in sigs]
    for i, a in enumerate(held):
        for j in range(i + 1, len(held)):
            if not any(map(eq, earlier[i], earlier[j])) and _resemblance(unpacked[i], unpacked[j]) >= threshold:
                yield a, held[j]


def clusters(pairs: Iterable[tuple]) -> list[list]:
    """The keys joined by ``pairs``, each cluster sorted (connected components); a key in no pair
    is in none."""
    parent: dict = {}

    def root(key):
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict = {}
    for key in parent:
        groups.setdefault(root(key), []).append(key)
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)
