"""The registry of people: one canonical name for every spelling and script.

``Жээнбек Кулубаев``, ``Жээнбека Кулубаева`` and ``Zheenbek Kulubaev`` are
one speaker. Aliases are matched by their terms (lemmas of Cyrillic words,
stems of Latin ones), so an alias written in the nominative also matches its
inflected forms. The registry ships as ``index/data/people.json``; users add
their own file in the same format.
"""

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kgsearch.analyzers import fold, is_cyrillic, terms_first
from kgsearch.index.errors import UserFileError

BUNDLED = "data/people.json"
# The other kinds' curated names, in the same format, each file an entry a kind: found when present.
BUNDLED_KINDS = {"org": "data/orgs.json", "place": "data/places.json"}
ENV = "KGSEARCH_PEOPLE"
KINDS = ("person", "org", "place")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Person:
    """Someone a user may search for as a speaker."""

    name: str
    office: str = ""
    country: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    # "person", "org" or "place": a user's file may hold any kind; each kind has its own registry.
    kind: str = "person"


# Case endings of Russian nouns, adjectives and surnames, longest first.
_ENDINGS = ("ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ым", "им", "ую", "юю",
            "ая", "яя", "ые", "ие", "ых", "их", "а", "я", "у", "ю", "е", "ы", "и", "о")


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """The term of one word as the analyzer makes it, with no stop list.

    >>> word_key("Кулубаева"), word_key("Kazakbaev's"), word_key("И")
    ('кулубаев', 'kazakbaev', 'и')
    """
    return terms_first(word)[0]


@lru_cache(maxsize=100_000)
def name_stem(word: str) -> str:
    """A name word without its case ending: foreign names defeat dictionaries.

    pymorphy3 guesses ``Ганом`` as a word of its own; cutting the ending
    finds ``Ган`` in ``Цинь Ганом`` and ``Кулубаев`` in ``Кулубаевым``.

    >>> [name_stem(w) for w in ("Ганом", "Кулубаевым", "Бактыгуловой", "Вана", "И", "Kazakbaev's")]
    ['ган', 'кулубаев', 'бактыгулов', 'ван', 'и', 'kazakbaev']
    """
    word = fold(word).replace("’", "'")
    if word.endswith("'s"):
        return word[:-2]
    if is_cyrillic(word):
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
    return word


def name_key(name: str) -> tuple[str, ...]:
    """A name's words without their case endings: one key for every case form.

    >>> name_key("Жээнбека Кулубаева") == name_key("Жээнбек Кулубаев")
    True
    """
    return tuple(name_stem(w) for w in _WORD.findall(name))


class PeopleRegistry:
    """Canonical names by alias, for finding people in text and in queries."""

    def __init__(self, people: list[Person], others: dict[str, "PeopleRegistry"] | None = None):
        self.people = {p.name: p for p in people}
        self._others = others or {}
        self._by_key: dict[tuple[str, ...], str] = {}
        for person in people:
            for alias in (person.name, *person.aliases):
                key = name_key(alias)
                if key:
                    self._by_key.setdefault(key, person.name)
        self.longest = max((len(k) for k in self._by_key), default=0)
        self.first_words = frozenset(k[0] for k in self._by_key)

    @classmethod
    def load(cls, *extra: str | Path) -> "PeopleRegistry":
        """The bundled registry, extended (and overridden) by users' files and ``$KGSEARCH_PEOPLE``;
        the organisations and places of those files (``"kind"``) and bundled beside it, by ``of``."""
        here = Path(__file__).parent  # the bundled files are beside this module
        people = {p.name: p for p in parse_people((here / BUNDLED).read_text("utf-8"))}
        for kind, bundled in BUNDLED_KINDS.items():
            if (here / bundled).exists():
                people.update((p.name, p) for p in parse_people((here / bundled).read_text("utf-8"), bundled, kind))
        for path in [*extra, *(p for p in os.environ.get(ENV, "").split(os.pathsep) if p)]:
            try:
                text = Path(path).read_text("utf-8")
            except (OSError, UnicodeDecodeError) as error:
                reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
                raise UserFileError(f"cannot read people file {path}: {reason or error}") from error
            for person in parse_people(text, source=str(path)):
                people[person.name] = person
        by_kind: dict[str, list[Person]] = {}
        for person in people.values():
            by_kind.setdefault(person.kind, []).append(person)
        return cls(by_kind.pop("person", []), {kind: cls(entries) for kind, entries in by_kind.items()})

    def of(self, kind: str) -> "PeopleRegistry":
        """The registry of ``kind`` (``"person"``: this one; ``"org"``, ``"place"``: theirs)."""
        if kind == "person":
            return self
        return self._others.setdefault(kind, PeopleRegistry([]))

    def candidates(self, name: str) -> list[str]:
        """Everyone ``name`` can mean: the one person an alias names, else everyone whose
        name ends with it (``Japarov``: Sadyr Japarov and Akylbek Japarov).

        >>> registry = PeopleRegistry([Person("Sadyr Japarov", aliases=("Садыр Жапаров",)),
        ...                            Person("Akylbek Japarov", aliases=("Акылбек Жапаров",))])
        >>> registry.candidates("Жапарова"), registry.candidates("Akylbek Japarov")
        (['Sadyr Japarov', 'Akylbek Japarov'], ['Akylbek Japarov'])
        """
        key = name_key(name)
        if not key:
            return []
        if key in self._by_key:
            return [self._by_key[key]]
        return list(dict.fromkeys(person for alias_key, person in self._by_key.items()
                                  if alias_key[-len(key):] == key))

    def canonical(self, name: str) -> str | None:
        """The canonical name of ``name`` in any known spelling, script or case form."""
        return self._by_key.get(name_key(name))

    def match(self, words: list[str], keys: list[str] | None = None) -> tuple[int, str] | None:
        """The longest alias at the start of ``words``: (words used, canonical).

        ``keys`` are the words' ``name_stem``s when the caller has them already.
        """
        keys = keys[: self.longest] if keys is not None else [name_stem(w) for w in words[: self.longest]]
        if not keys or keys[0] not in self.first_words:
            return None
        for n in range(len(keys), 0, -1):
            canonical = self._by_key.get(tuple(keys[:n]))
            if canonical:
                return n, canonical
        return None


def parse_people(text: str, source: str = BUNDLED, kind: str = "person") -> list[Person]:
    """People from the JSON registry format: a list of objects with a ``name`` (and a ``kind``,
    ``kind`` when none is given: "person", "org" or "place")."""
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserFileError(f"{source}: not valid JSON ({error.msg}, line {error.lineno})") from error
    if not isinstance(records, list):
        raise UserFileError(f"{source}: expected a JSON list of people")
    people = []
    for i, record in enumerate(records):
        if not isinstance(record, dict) or not isinstance(record.get("name"), str):
            raise UserFileError(f"{source}: entry {i + 1} needs a \"name\"")
        aliases = record.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise UserFileError(f"{source}: \"aliases\" of {record['name']} must be a list of names")
        entry_kind = record.get("kind", kind)
        if entry_kind not in KINDS:
            raise UserFileError(f"{source}: the \"kind\" of {record['name']} must be one of {', '.join(KINDS)}")
        people.append(Person(record["name"], str(record.get("office", "")),
                             str(record.get("country", "")), tuple(aliases), entry_kind))
    return people
