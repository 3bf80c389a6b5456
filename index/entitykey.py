"""One term for an entity, whatever the script, spelling or case it is written in.

``Theresa May``, ``Тереза Мэй`` and ``Терезы Мэй`` are one person; the index
keeps the names as documents write them (to show) and this key (to find
them), so that a filter in either script finds every form. A curated alias
(the registry's, or a user's file) gives its canonical entry's key: every
alias of Sadyr Japarov is one key. Any other name is keyed by sound: the
``phonetic_key`` of its words without their case endings, which
transcription between the scripts keeps.

Linking is conservative. A person is keyed by the first and the last word of
the name, initials and patronymics left out: two people who share a surname
but not a first name are two keys (``brs gnsn`` and ``ls gnsn``). A name of
one word (a surname alone) is a key of one part; as a filter it means every
entity whose last word has that key (``matches``), as
``PeopleRegistry.candidates`` does for the registry. Organisations and
places are keyed by all their words, and a one-word filter finds only that
one-word name (``Москва`` is not ``Московская область``). Keys of different
words can collide (Omicron and Macron are both ``mkrn``): how often forms
under one key disagree is measured by ``benchmarks/entity_links.py``.
"""

import re
import unicodedata
from functools import lru_cache

from kgsearch.analyzers import is_cyrillic
from kgsearch.analyzers.transliterate import phonetic_key, transcription
from kgsearch.index.people import KINDS, PeopleRegistry, name_stem

__all__ = ["KINDS", "entity_key", "matches"]
# A name written with its other script's form after it, as a facet shows it: "Theresa May (Тереза Мэй)".
_SHOWN_PAIR = re.compile(r"\s*\([^()]*\)\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*\.?")
# Russian patronymics (stems, after name_stem): Владимирович, Владимировна, Ильинична, Кузьмич.
# A Latin w, and the consonant before it when there is one (Ashworth's h stands for one: sh).
_LATIN_W = re.compile(r"([b-df-hj-np-tv-xz]?)w")
SHORT_KEY = 2  # consonants in a key short enough to collide
_PATRONYMIC = re.compile(r"(?:ович|евич|овн|евн|ичн|инишн)$")


def entity_key(name: str, registry: PeopleRegistry | None = None, kind: str = "person") -> str:
    """The term ``name`` is indexed and looked up by in its kind's field ("" for no name).

    >>> entity_key("Theresa May") == entity_key("Тереза Мэй") == entity_key("Терезы Мэй")
    True
    >>> entity_key("Boris Johnson"), entity_key("Бориса Джонсона"), entity_key("Heiko Maas (Хайко Маас)")
    ('brs gnsn', 'brs gnsn', 'k1 ms1')
    >>> entity_key("В. В. Путин"), entity_key("Владимир Владимирович Путин"), entity_key("Шольц")
    ('ptn', 'vldmr ptn', 'Sls')
    """
    name = _SHOWN_PAIR.sub("", name)
    if registry is not None:
        known = registry.of(kind).canonical(name)
        if known is not None:
            return _sound_key(known, kind)
    return _sound_key(name, kind)


@lru_cache(maxsize=200_000)
def _sound_key(name: str, kind: str) -> str:
    words = [name_stem(w) for w in _WORD.findall(name) if not _initial(w)]
    words = [w for w in words if w]
    if kind == "person":  # a patronymic stands between names; a last word is a surname (Сенкевич)
        named = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _PATRONYMIC.search(w))]
        words = named[:1] + named[-1:] if len(named) > 1 else named
    return " ".join(_word_key(w) for w in words)


def _word_key(word: str) -> str:
    """``phonetic_key`` with what English spelling and Russian transcription disagree on made one:
    ``w`` at the start or after a vowel is a vowel in Russian (West: Уэст, Meadows: Медоуз, Bowen:
    Боуэн), and ``в`` after a consonant or at the end (Ashworth: Эшворт, Schladow: Шладов); ``dg`` is ``дж`` (Ridge: Ридж); a soft ``g`` and ``дж``/``ж`` are
    one letter (Sturgeon: Стерджен, Geoff: Джефф); marks go (Lourenço: Лоренсу, Nausėda: Науседа).

    >>> [_word_key(w) for w in ("West", "Уэст", "Ridge", "Ридж", "Sturgeon", "Стерджен", "Lourenço", "Лоренсу")]
    ['st1', 'st1', 'rg1', 'rg1', 'strgn', 'strgn', 'lrns', 'lrns']
    >>> [_word_key(w) for w in ("Ashworth", "Эшворт", "Meadows", "Медоуз", "Schladow", "Шладов")]
    ['Svrt', 'Svrt', 'mds', 'mds', 'Sldv', 'Sldv']
    """
    if not any("а" <= ch <= "я" or ch in "ёңөү" for ch in word):
        word = unicodedata.normalize("NFKD", word.replace("ç", "s"))
        word = "".join(ch for ch in word if not unicodedata.combining(ch))
        word = word.lower().replace("dg", "j")
        word = _LATIN_W.sub(lambda m: m.group(1) + ("v" if m.group(1) or m.end() == len(word) else ""), word)
    key = phonetic_key(word).replace("j", "g")
    # Two consonants or fewer collide across people (Marr, Murray; Reid, Руд): their syllables tell
    # most apart, and transcription keeps them (May, Мэй; Maas, Мас).
    return key + str(_syllables(word)) if len(key) <= SHORT_KEY else key


def _syllables(word: str) -> int:
    """The vowel groups of a word (given as ``name_stem`` leaves it) as both scripts write it, an
    English silent final e and a Latin word's final vowel left out.

    >>> [_syllables(w) for w in ("May", "Мэй", "Marr", "Murray", "Hague", "Хейг", "Mike", "Майк", "Heiko", "хайк")]
    [1, 1, 1, 2, 1, 1, 1, 1, 1, 1]
    """
    sounds = transcription(word).lower()
    if not is_cyrillic(word):  # as name_stem cuts a Russian word's ending vowel (Хайко is хайк)
        sounds = re.sub(r"(?<=[^aeiouy])e$|(?<=g)ue$", "", sounds)
        if len(sounds) > 3:
            sounds = re.sub(r"(?<=[^aeiouy])[aeiou]$", "", sounds)
    return len(re.findall(r"[aeiouy]+", sounds)) or 1


def _initial(word: str) -> bool:
    """``В.``, ``J``, ``J.``: a letter standing for a name, not a name."""
    return len(word.rstrip(".")) <= 1


def matches(wanted: str, indexed: str, kind: str = "person") -> bool:
    """True when the filter key ``wanted`` finds the entity keyed ``indexed``: the same key, or, for
    a person named by one word, any person whose last word has that key.

    >>> matches("gnsn", "brs gnsn"), matches("gnsn", "gnsn"), matches("brs gnsn", "ls gnsn"), matches("m1", "trs m1")
    (True, True, False, False)
    >>> matches("mskv", "mskvsk blst", "place")
    False
    """
    if wanted == indexed:
        return True
    # A surname of two consonants or fewer (Ши, Ли, May) is too short a key to stand alone: a
    # filter of any short word (Zzz, Китай) found someone.
    long_enough = len(wanted.rstrip("0123456789")) > SHORT_KEY
    return kind == "person" and " " not in wanted and long_enough and indexed.rsplit(" ", 1)[-1] == wanted
