"""Places and organisations a text names, found by the curated names of ``index/data``.

``places.json`` and ``orgs.json`` have the format of ``people.json``: one
English name and aliases in both scripts. An alias is matched by its words'
terms (lemmas of Russian words), so ``в Китае`` is China and ``Министерства
иностранных дел России`` the Russian ministry; an acronym (``ШОС``, ``UN``)
only as written, in capitals, so that ``us`` or ``who`` are no countries.
In a Kyrgyz text a word's term is its Kyrgyz lemma (``Кытайдын`` is кытай), and
a Cyrillic alias is keyed as Kyrgyz too, so the lists' Kyrgyz names
(``Тышкы иштер министрлиги``) are found there.
Precision first: what the lists do not name is not found here.
"""

import re
from functools import cache, lru_cache
from pathlib import Path

from kgsearch.analyzers.bilingual import kyrgyz_terms
from kgsearch.index.people import PeopleRegistry, Person, parse_people, word_key

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


class Gazetteer:
    """Canonical names by the terms of their aliases."""

    def __init__(self, entries: list[Person]):
        self._entries = entries
        self._maps: dict[str, tuple[dict, frozenset, int]] = {}

    def _map(self, lang: str) -> tuple[dict[tuple[str, ...], str], frozenset, int]:
        """The aliases by their keys in a text of ``lang`` (made on first use: the Kyrgyz ones only
        for an archive with Kyrgyz documents), the keys' first words, and the longest key."""
        lang = "ky" if lang == "ky" else ""
        if lang not in self._maps:
            by_key: dict[tuple[str, ...], str] = {}
            for entry in self._entries:
                for alias in (entry.name, *entry.aliases):
                    if words := _WORD.findall(alias):
                        by_key.setdefault(tuple(_key(w, lang) for w in words), entry.name)
            self._maps[lang] = by_key, frozenset(k[0] for k in by_key), max((len(k) for k in by_key), default=0)
        return self._maps[lang]

    def find(self, text: str, lang: str = "") -> list[tuple[int, int, str]]:
        """Each alias in ``text`` (in ``lang``), longest first where they overlap: (start, end, canonical)."""
        by_key, first, longest = self._map(lang)
        words = list(_WORD.finditer(text))
        keys: dict[int, str] = {}

        def key(i: int) -> str:
            if i not in keys:
                keys[i] = _key(words[i].group(), lang)
            return keys[i]

        found, i = [], 0
        while i < len(words):
            word = words[i].group()
            if not word[:1].isupper() or key(i) not in first:
                i += 1
                continue
            for n in range(min(longest, len(words) - i), 0, -1):
                name = by_key.get(tuple(key(j) for j in range(i, i + n)))
                if name and _one_phrase(text, words[i].end(), words[i + n - 1].start()):
                    found.append((words[i].start(), words[i + n - 1].end(), name))
                    i += n
                    break
            else:
                i += 1
        return found


def _key(word: str, lang: str = "") -> str:
    """An acronym as written; any other word by its term (its Kyrgyz one in Kyrgyz text)."""
    if word.isupper() and len(word) > 1:
        return word
    return kyrgyz_terms(word)[0] if lang == "ky" else word_key(word)


def _one_phrase(text: str, start: int, end: int) -> bool:
    """No sentence or clause break inside a multi-word alias."""
    return not any(mark in text[start:end] for mark in ".;:!?()\n«»\"")


@lru_cache(maxsize=8)
def gazetteer_of(registry: PeopleRegistry) -> Gazetteer:
    """The aliases of a registry of places or organisations (``PeopleRegistry.of``: the bundled
    lists and a user's entries of that kind), to find them in text; made once a registry."""
    return Gazetteer(list(registry.people.values()))


@cache
def bundled(kind: str) -> Gazetteer:
    """The bundled places (``kind="places"``) or organisations (``"orgs"``) alone: for the rules
    that ask whether a word is a place, where no registry is at hand."""
    path = Path(__file__).parent / "data" / f"{kind}.json"
    return Gazetteer(parse_people(path.read_text("utf-8"), source=f"data/{kind}.json"))
