"""The bilingual glossary: English and Russian names for the same thing.

The glossary is a tab-separated text file, one entry a line, English side
first, alternatives separated by `` ; ``::

    # Transport
    railway ; railroad	железная дорога ; ж/д
    checkpoint ; border crossing	контрольно-пропускной пункт ; КПП ; пункт пропуска

Entries are matched through the same analyzer as documents and queries, so
``railways`` finds the entry ``railway`` and ``железной дороги`` the entry
``железная дорога``. The analysed glossary is cached on disk, keyed by the
files' contents, so that a query does not pay for analysing 600 entries.
"""

import hashlib
import os
import pickle
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kgsearch.analyzers import bilingual_analyzer

BUNDLED = "data/glossary.tsv"
ENV = "KGSEARCH_GLOSSARY"
CACHE_VERSION = 1


@dataclass(frozen=True)
class Variant:
    """One way to say a term: as written, and as the analyzer indexes it."""

    text: str
    terms: tuple[tuple[int, str], ...]  # (position, term), positions from 0

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(term for _, term in self.terms)


@dataclass(frozen=True)
class Entry:
    english: tuple[Variant, ...]
    russian: tuple[Variant, ...]


def parse_glossary(text: str, source: str = BUNDLED) -> list[tuple[list[str], list[str]]]:
    """(English alternatives, Russian alternatives) of each line, or ``ValueError`` naming the line.

    >>> parse_glossary("# Transport\\nrailway ; railroad\\tжелезная дорога\\n")
    [(['railway', 'railroad'], ['железная дорога'])]
    """
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 2:
            raise ValueError(f"{source}, line {number}: expected English, a tab, then Russian")
        sides = [[a.strip() for a in column.split(";") if a.strip()] for column in columns]
        if not sides[0] or not sides[1]:
            raise ValueError(f"{source}, line {number}: both sides need at least one term")
        entries.append((sides[0], sides[1]))
    return entries


class Glossary:
    """Look up what a run of query terms is called in the other language."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._by_key: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        for i, entry in enumerate(entries):
            for side, variants in (("en", entry.english), ("ru", entry.russian)):
                for variant in variants:
                    if variant.key:
                        self._by_key.setdefault(variant.key, []).append((i, side))
        self.longest = max((len(k) for k in self._by_key), default=0)

    def __len__(self):
        return len(self.entries)

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return key in self._by_key

    @classmethod
    def load(cls, *extra: str | Path) -> "Glossary":
        """The bundled glossary and users' own files (also ``$KGSEARCH_GLOSSARY``, ``:``-separated)."""
        files = [*extra, *(p for p in os.environ.get(ENV, "").split(os.pathsep) if p)]
        texts = [("bundled", resources.files("kgsearch").joinpath(BUNDLED).read_text("utf-8"))]
        for path in files:
            try:
                texts.append((str(path), Path(path).read_text("utf-8")))
            except OSError as error:
                raise ValueError(f"cannot read glossary {path}: {error.strerror or error}") from error
        digest = hashlib.sha1(repr((CACHE_VERSION, texts)).encode()).hexdigest()
        cached = _cache_path(digest)
        try:
            with open(cached, "rb") as handle:
                return cls(pickle.load(handle))
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        entries = _analyse([pair for source, text in texts for pair in parse_glossary(text, source)])
        _save(cached, entries)
        return cls(entries)

    def translations(self, key: tuple[str, ...]) -> list[Variant]:
        """Every other way to say ``key``: the other language first, then synonyms."""
        found: dict[tuple[str, ...], Variant] = {}
        for i, side in self._by_key.get(key, ()):
            entry = self.entries[i]
            other, same = (entry.russian, entry.english) if side == "en" else (entry.english, entry.russian)
            for variant in (*other, *same):
                if variant.key and variant.key != key:
                    found.setdefault(variant.key, variant)
        return list(found.values())

    def match(self, keys: list[str]) -> int:
        """How many of ``keys`` (from the start) form the longest glossary term, or 0."""
        for n in range(min(len(keys), self.longest), 0, -1):
            if tuple(keys[:n]) in self._by_key:
                return n
        return 0


def _analyse(pairs) -> list[Entry]:
    analyzer = bilingual_analyzer()

    def variant(text):
        seen: dict[int, str] = {}
        for t in analyzer(text, positions=True, mode="query"):
            seen.setdefault(t.pos, t.text)
        first = min(seen, default=0)
        return Variant(text, tuple((p - first, term) for p, term in sorted(seen.items())))

    return [Entry(tuple(variant(t) for t in en), tuple(variant(t) for t in ru)) for en, ru in pairs]


def _cache_path(digest: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kgsearch" / f"glossary-{digest[:16]}.pickle"


def _save(path: Path, entries) -> None:
    """Cache the analysed glossary; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
