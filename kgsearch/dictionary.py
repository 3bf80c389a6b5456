"""The bilingual word list: ordinary words in the other language, beyond the glossary.

The glossary knows the terms of diplomacy and trade; a query is mostly other
words (``безопасность китайских граждан``), and a word without a counterpart
kept the other language's documents out. This list, made from openrussian.org
(``tools/make_dictionary.py``; CC BY-SA 4.0, see ``data/DICTIONARY.md``),
gives each Russian lemma its first English sense and each English stem its
most frequent Russian words. Entries are keyed by the term kgsearch's analyzer
makes, so a look-up needs no analysis, and sorted by it, so a look-up is a
bisection of the file's lines: reading its 57,000 entries into a dictionary
took a tenth of a second, more than a whole query.
"""

from bisect import bisect_left
from functools import cache
from pathlib import Path

from kgsearch.glossary import Variant

FILE = "data/dictionary.tsv"


class Dictionary:
    """Translations by language and term (``("ru", "гражданин")`` → ``citizen``), over lines
    ``lang TAB term TAB headword TAB translation=0:term ; …`` in order of (lang, term); each
    translation comes with its terms, as a glossary's do, so that searching it needs no analysis."""

    def __init__(self, data: bytes):
        self._lines = [line for line in data.split(b"\n") if line and not line.startswith(b"#")]

    @classmethod
    def of(cls, entries: dict[tuple[str, str], list[str]]) -> "Dictionary":
        """A list of one's own (tests, other word lists)."""
        lines = sorted(f"{lang}\t{term}\t{term}\t{' ; '.join(f'{w}=0:{w}' for w in words)}"
                       for (lang, term), words in entries.items())
        return cls("\n".join(lines).encode("utf-8"))

    def __len__(self):
        return len(self._lines)

    def translations(self, lang: str, term: str) -> list[Variant]:
        """The other language's words for a term of ``lang`` ("ru" or "en"), surest first."""
        key = [lang.encode(), term.encode("utf-8")]
        i = bisect_left(self._lines, key, key=_key)
        if i == len(self._lines) or _key(self._lines[i]) != key:
            return []
        found = []
        for translation in self._lines[i].rsplit(b"\t", 1)[1].decode("utf-8").split(" ; "):
            text, _, terms = translation.rpartition("=")
            found.append(Variant(text, tuple((int(p), t) for p, _, t in (pair.partition(":") for pair in terms.split()))))
        return found


def _key(line: bytes) -> list[bytes]:
    return line.split(b"\t", 2)[:2]


@cache
def bundled() -> Dictionary:
    """The list shipped with kgsearch, read once a process."""
    return Dictionary((Path(__file__).parent / FILE).read_bytes())
