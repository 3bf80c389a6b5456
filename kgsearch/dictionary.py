"""The bilingual word list: ordinary words in the other language, beyond the glossary.

The glossary knows the terms of diplomacy and trade; a query is mostly other
words (``безопасность китайских граждан``), and a word without a counterpart
kept the other language's documents out. This list, made from openrussian.org
(``tools/make_dictionary.py``; CC BY-SA 4.0, see ``data/DICTIONARY.md``),
gives each Russian lemma its first English sense and each English stem its
most frequent Russian words. Entries are keyed by the term kgsearch's analyzer
makes, so a look-up needs no analysis; the file is read on the first look-up
that the glossary could not answer.
"""

from functools import cache
from pathlib import Path

FILE = "data/dictionary.tsv"


class Dictionary:
    """Translations by language and term (``("ru", "гражданин")`` → ``["citizen"]``)."""

    def __init__(self, entries: dict[tuple[str, str], list[str]]):
        self._entries = entries

    def __len__(self):
        return len(self._entries)

    def translations(self, lang: str, term: str) -> list[str]:
        """The other language's words for a term of ``lang`` ("ru" or "en"), surest first."""
        return self._entries.get((lang, term), [])

    @classmethod
    def parse(cls, text: str) -> "Dictionary":
        entries = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                lang, term, _headword, translations = line.split("\t")
                entries[(lang, term)] = translations.split(" ; ")
        return cls(entries)


@cache
def bundled() -> Dictionary:
    """The list shipped with kgsearch, read once a process."""
    return Dictionary.parse((Path(__file__).parent / FILE).read_text("utf-8"))
