"""The glossary: English, Russian and Kyrgyz names for the same thing.

The glossary is a tab-separated text file, one entry a line, English side
first, alternatives separated by `` ; ``, and a Kyrgyz side after a third
tab where one is known::

    # Transport
    railway ; railroad	железная дорога ; ж/д	темир жол
    checkpoint ; border crossing	контрольно-пропускной пункт ; КПП ; пункт пропуска

The bundled glossary keeps its Kyrgyz names in a file of their own
(``BUNDLED_KYRGYZ``: an entry's first English alternative, a tab, the Kyrgyz
ones), joined to its entries when it is read.

Entries are matched through the same analyzer as documents and queries, so
``railways`` finds the entry ``railway`` and ``железной дороги`` the entry
``железная дорога``. The analysed glossary is cached on disk, so that a query
does not pay for analysing 1,000 entries; the cache is keyed by the files'
contents and by the analyzer that made the terms (``analyzer_version``).
"""

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import kgsearch
import kgsearch.analyzers
from kgsearch.analyzers import bilingual_analyzer, positioned_terms
from kgsearch.analyzers.tagged import KYRGYZ, RUSSIAN
from kgsearch.errors import UserFileError

BUNDLED = "data/glossary.tsv"
BUNDLED_KYRGYZ = "data/glossary_ky.tsv"
ENV = "KGSEARCH_GLOSSARY"
# 2: entries kept as plain tuples, with their index by key. 3: a Kyrgyz side.
CACHE_VERSION = 3
SIDES = ("en", "ru", "ky")
# The libraries whose output the analysed entries hold: the Russian lemmas
# (pymorphy3 and its dictionary) and the English stems (nltk's Snowball).
TERM_LIBRARIES = ("pymorphy3", "pymorphy3-dicts-ru", "nltk")
# Glossaries this process has loaded, by cache key: another Index (or the same
# one opened again) shares the one in memory. A Glossary never changes once made.
_LOADED: dict[str, "Glossary"] = {}
_LOADED_MAX = 8


@dataclass(frozen=True)
class Variant:
    """One way to say a term: as written, and as the analyzer indexes it."""

    text: str
    terms: tuple[tuple[int, str], ...]  # (position, term), positions from 0
    lang: str = ""  # the glossary side it came from ("en", "ru", "ky"), where one did

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(term for _, term in self.terms)


@dataclass(frozen=True)
class Entry:
    english: tuple[Variant, ...]
    russian: tuple[Variant, ...]
    kyrgyz: tuple[Variant, ...] = ()


def parse_glossary(text: str, source: str = BUNDLED) -> list[tuple[list[str], ...]]:
    """(English, Russian, Kyrgyz alternatives) of each line, or ``UserFileError`` (a
    ``ValueError``) naming the file and the line.

    >>> parse_glossary("# Transport\\nrailway ; railroad\\tжелезная дорога\\tтемир жол\\nWHO\\tВОЗ\\n")
    [(['railway', 'railroad'], ['железная дорога'], ['темир жол']), (['WHO'], ['ВОЗ'], [])]
    """
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) not in (2, 3):
            raise UserFileError(f"{source}, line {number}: expected English, a tab, then Russian "
                                f"(and a tab, then Kyrgyz)")
        sides = [[a.strip() for a in column.split(";") if a.strip()] for column in columns]
        if not sides[0] or not sides[1]:
            raise UserFileError(f"{source}, line {number}: English and Russian need at least one term each")
        entries.append((sides[0], sides[1], sides[2] if len(sides) == 3 else []))
    return entries


def with_kyrgyz(entries: list[tuple[list[str], ...]], text: str) -> list[tuple[list[str], ...]]:
    """``entries`` with the Kyrgyz names of ``text`` (lines of an entry's first English
    alternative, a tab, its Kyrgyz ones) added to the entries they name.

    >>> with_kyrgyz([(["China"], ["Китай"], [])], "# names\\nChina\\tКытай ; Кытай Эл Республикасы\\n")
    [(['China'], ['Китай'], ['Кытай', 'Кытай Эл Республикасы'])]
    """
    kyrgyz: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "\t" in line:
            english, names = line.split("\t", 1)
            kyrgyz.setdefault(english.strip(), []).extend(a.strip() for a in names.split(";") if a.strip())
    return [(en, ru, ky + [k for k in kyrgyz.get(en[0], ()) if k not in ky]) for en, ru, ky in entries]


class Glossary:
    """Look up what a run of query terms is called in the other language."""

    def __init__(self, entries: list[Entry | tuple], by_key: dict | None = None):
        # Each entry as (English, Russian, Kyrgyz), each side a tuple of (text, terms): plain tuples
        # load from the cache in a third of the time of Variants, made only for the entries a query meets.
        self.entries = [entry if isinstance(entry, tuple) else
                        tuple(tuple((v.text, v.terms) for v in side)
                              for side in (entry.english, entry.russian, entry.kyrgyz)) for entry in entries]
        if by_key is None:
            by_key = {}
            for i, sides in enumerate(self.entries):
                for side, variants in zip(SIDES, sides):
                    for _, terms in variants:
                        if key := tuple(term for _, term in terms):
                            by_key.setdefault(key, []).append((i, side))
        self._by_key: dict[tuple[str, ...], list[tuple[int, str]]] = by_key
        self.longest = max((len(k) for k in self._by_key), default=0)

    def __len__(self):
        return len(self.entries)

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return key in self._by_key

    @classmethod
    def load(cls, *extra: str | Path) -> "Glossary":
        """The bundled glossary and users' own files (also ``$KGSEARCH_GLOSSARY``, ``:``-separated)."""
        files = [*extra, *(p for p in os.environ.get(ENV, "").split(os.pathsep) if p)]
        here = Path(__file__).parent  # beside this module
        texts = [("bundled", (here / BUNDLED).read_text("utf-8")), ("bundled Kyrgyz", (here / BUNDLED_KYRGYZ).read_text("utf-8"))]
        for path in files:
            try:
                texts.append((str(path), Path(path).read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as error:
                reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text (a glossary is a TSV file)"
                raise UserFileError(f"cannot read glossary {path}: {reason or error}") from error
        key = cache_key(texts)
        if key not in _LOADED:
            if len(_LOADED) >= _LOADED_MAX:
                del _LOADED[next(iter(_LOADED))]
            _LOADED[key] = _cached(key, texts)
        return _LOADED[key]

    def translations(self, key: tuple[str, ...], languages: tuple[str, ...] = SIDES) -> list[Variant]:
        """Every other way to say ``key`` in ``languages``: the other languages first (English
        before Russian before Kyrgyz), then synonyms."""
        found: dict[tuple[str, ...], Variant] = {}
        for i, side in self._by_key.get(key, ()):
            sides = {lang: variants for lang, variants in zip(SIDES, self.entries[i]) if lang in languages}
            same = sides.pop(side, ())
            for lang, text, terms in (*((lang, *v) for lang, variants in sides.items() for v in variants),
                                      *((side, *v) for v in same)):
                variant = Variant(text, terms, lang)
                if variant.key and variant.key != key:
                    found.setdefault(variant.key, variant)
        return list(found.values())

    def match(self, keys: list[str]) -> int:
        """How many of ``keys`` (from the start) form the longest glossary term, or 0."""
        for n in range(min(len(keys), self.longest), 0, -1):
            if tuple(keys[:n]) in self._by_key:
                return n
        return 0


def cache_key(texts: list[tuple[str, str]], analyzer: str | None = None) -> str:
    """The on-disk cache's key: the glossary texts (source, text) and the analyzer that made the terms."""
    analyzer = analyzer_version() if analyzer is None else analyzer
    return hashlib.sha1(repr((CACHE_VERSION, analyzer, texts)).encode()).hexdigest()


def analyzer_version() -> str:
    """A digest of everything the analysed entries depend on besides the glossary texts.

    That is kgsearch's version, the source of this module, the source and
    stop-word files of ``kgsearch.analyzers``, and the installed versions of
    the TERM_LIBRARIES. Computed once a process, in milliseconds (a glossary's
    analysis takes hundreds); a change to any of them is a new cache entry.
    """
    return _analyzer_version(kgsearch.__version__)


@cache
def _analyzer_version(version: str) -> str:
    libraries = [(name, _installed(name)) for name in TERM_LIBRARIES]
    parts = (version, _tree_digest(Path(kgsearch.analyzers.__file__).parent),
             hashlib.sha1(Path(__file__).read_bytes()).hexdigest(), libraries)
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def _installed(distribution: str) -> str | None:
    """The metadata folder of an installed distribution (``nltk-3.10.4.dist-info``: its name holds
    the version), or ``None``. Found by listing the import path, as ``importlib.metadata`` does,
    without importing it: that costs 5 ms, a fiftieth of a query process."""
    prefix = distribution.replace("-", "_").lower() + "-"
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.lower().startswith(prefix) and name.endswith((".dist-info", ".egg-info")):
                return name
    return None


def _tree_digest(folder) -> str:
    """A digest of the ``.py`` and ``.txt`` files under ``folder`` (a Path or a resources Traversable)."""
    digest = hashlib.sha1()

    def walk(node, prefix):
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith((".py", ".txt")):
                data = child.read_bytes()
                digest.update(f"{prefix}{child.name}\0{len(data)}\0".encode())
                digest.update(data)

    walk(folder, "")
    return digest.hexdigest()


def _cached(key: str, texts: list[tuple[str, str]]) -> Glossary:
    """The glossary of ``texts``: its analysed entries and their index by key from the on-disk
    cache, else analysed now and cached."""
    path = _cache_path(key)
    try:
        with open(path, "rb") as handle:
            entries, by_key = pickle.load(handle)
            return Glossary(entries, by_key)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        pass
    (_, bundled), (_, kyrgyz), *users = texts
    entries = with_kyrgyz(parse_glossary(bundled), kyrgyz)
    glossary = Glossary(_analyse(entries + [entry for source, text in users for entry in parse_glossary(text, source)]))
    _save(path, (glossary.entries, glossary._by_key))
    return glossary


def _analyse(entries) -> list[tuple]:
    """Each entry as ``Glossary`` keeps it: (English, Russian, Kyrgyz), each side's variants as
    (text, terms); a Kyrgyz name read as Kyrgyz (``Кытай``: кытай, not a Russian guess)."""
    analyzer = bilingual_analyzer()

    def variant(text, lang):
        terms = positioned_terms(analyzer, text, lang)
        first = terms[0][0] if terms else 0
        return text, tuple((p - first, term) for p, term in terms)

    return [tuple(tuple(variant(t, lang) for t in side) for side, lang in zip(entry, (RUSSIAN, RUSSIAN, KYRGYZ)))
            for entry in entries]


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
