"""The bilingual word list: ordinary words in the other language, beyond the glossary.

The glossary knows the terms of diplomacy and trade; a query is mostly other
words (``безопасность китайских граждан``), and a word without a counterpart
kept the other language's documents out. This list, made from openrussian.org
(``tools/make_dictionary.py``; CC BY-SA 4.0, see ``data/DICTIONARY.md``),
gives each Russian lemma its first English sense and each English stem its
most frequent Russian words. Entries are keyed by the term kgsearch's analyzer
makes, so a look-up needs no analysis, and sorted by it, so a look-up is a
bisection of the file's bytes: reading its 57,000 entries into a dictionary
took a tenth of a second, more than a whole query, and splitting it into lines
30 ms.
"""

import mmap
from functools import cache
from pathlib import Path

from kgsearch.glossary import Variant

FILE = "data/dictionary.tsv"


class Dictionary:
    """Translations by language and term (``("ru", "гражданин")`` → ``citizen``), over lines
    ``lang TAB term TAB headword TAB translation=0:term ; …`` in order of (lang, term); each
    translation comes with its terms, as a glossary's do, so that searching it needs no analysis."""

    def __init__(self, data: bytes):
        self._data = data

    @classmethod
    def of(cls, entries: dict[tuple[str, str], list[str]]) -> "Dictionary":
        """A list of one's own (tests, other word lists)."""
        lines = sorted(f"{lang}\t{term}\t{term}\t{' ; '.join(f'{w}=0:{w}' for w in words)}"
                       for (lang, term), words in entries.items())
        return cls("\n".join(lines).encode("utf-8"))

    def translations(self, lang: str, term: str) -> list[Variant]:
        """The other language's words for a term of ``lang`` ("ru" or "en"), surest first."""
        line = self._line(f"{lang}\t{term}\t".encode("utf-8"))
        found = []
        for translation in line.rsplit(b"\t", 1)[1].decode("utf-8").split(" ; ") if line else ():
            text, _, terms = translation.rpartition("=")
            found.append(Variant(text, tuple((int(p), t) for p, _, t in (pair.partition(":") for pair in terms.split()))))
        return found

    def _line(self, key: bytes) -> bytes | None:
        """The line that starts with ``key``, by bisection over the bytes (comments sort first)."""
        data = self._data
        low, high = 0, len(data)
        while low < high:  # both at the start of a line
            middle = (low + high) // 2
            start = data.rfind(b"\n", 0, middle) + 1
            if start < low:
                start = low
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            if data[start : start + len(key)] < key or data[start : start + 1] == b"#":
                low = end + 1
            else:
                high = start
        return data[low : data.find(b"\n", low) % (len(data) + 1)] if data[low : low + len(key)] == key else None


@cache
def bundled() -> Dictionary:
    """The list shipped with kgsearch, mapped once a process: a look-up reads the few pages
    its bisection touches, not the file's 3.7 MB (3 ms of a cold query)."""
    path = Path(__file__).parent / FILE
    try:
        with open(path, "rb") as handle:
            return Dictionary(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # a file that cannot be mapped (empty, or not on a disk)
        return Dictionary(path.read_bytes())
