"""People a story names anywhere, not only where they speak.

The speaker rules (``index.speakers``) accept a name beside an office or a
reporting verb: precise, but a quarter of the people a story names. Two more
signs are nearly as sure. A first name the Russian dictionary knows before a
capitalised word is a person (``Терезой Мэй``, ``Хайко Мааса``). And once a
story has named someone in full, the surname alone (``Мэй заявила``) is that
person, unless the story names two people of that surname. Each person is
then written once per story, in the form the story itself supports: the
surname as the text writes it bare (``Байдена`` where ``Байден`` stands
too), the words the text writes rather than a dictionary's guess.
"""

import re
from collections import Counter, defaultdict

from kgsearch.analyzers import fold, is_cyrillic
from kgsearch.analyzers.russian import parses
from kgsearch.index.covered import Covered
from kgsearch.index.gazetteer import bundled
from kgsearch.index.given_names import is_given_name
from kgsearch.index.people import name_stem, word_key
from kgsearch.index.speakers import (
    _OFFICE, _RUN, _SPLIT, _is_female_first_name, _is_first_name, _is_patronymic, not_names,
)

_CAPITALISED = re.compile(r"(?<![^\W\d_])[A-ZА-ЯЁ][a-zа-яё]+(?:[’'-][A-Za-zА-Яа-яЁё]+)*(?![^\W\d_])")
# Case endings a foreign surname takes after a first name that does not decline (Джо Байдена).
_INSTRUMENTAL = re.compile(r"[а-я]{3}[бвгджзклмнпрстфхцчшщ]ом$")
_GENITIVE = re.compile(r"[а-я]{3}[бвгджзклмнпрстфхцчшщ]а$")
_FOREIGN_ENDINGS = ("ом", "ем", "а", "я", "у", "ю", "е")


def _surname_word(word: str) -> bool:
    return (len(word) >= 2 and not word.isupper() and is_cyrillic(word)
            and word_key(word) not in not_names() and not _is_first_name(fold(word))
            and not _is_patronymic(fold(word)))


def first_name_mentions(text: str) -> list[tuple[int, int, list[str]]]:
    """Each Russian first name the dictionary knows, before a capitalised word: (start, end, words)."""
    found = []
    for run in _RUN.finditer(text):
        group = run.group()
        if " " not in group and "\u00a0" not in group and "\t" not in group:
            continue
        spans = [(m.start() + run.start(), m.end() + run.start()) for m in _SPLIT.finditer(group)]
        words = [text[a:b] for a, b in spans]
        i = 0
        while i < len(words) - 1:
            first = words[i]
            if not is_cyrillic(first) or first.isupper() or word_key(first) in not_names():
                i += 1
                continue
            # After an office (министр иностранных дел ФРГ Хайко Маас) a foreign first name
            # the dictionary only guesses is a first name too.
            if not _is_first_name(fold(first)) and not (
                    _guessed_first_name(fold(first)) and _after_office(text, spans[i][0])):
                i += 1
                continue
            j = i + 1
            if j + 1 < len(words) and _is_patronymic(fold(words[j])):
                j += 1
            if _surname_word(words[j]):
                found.append((spans[i][0], spans[j][1], words[i:j + 1]))
                i = j + 1
            else:
                i += 1
    return found


# Titles: a knight's or dame's is no part of the name the other script writes (Sir Ian Blair
# is Иэн Блэр); a peer's title before a surname is the name (Lord Rennard).
_PEERS = frozenset({"Lord", "Baroness", "Lady"})
# Words that are never a name's, except as a surname after a given name (Theresa May).
_SURNAMES_TOO = frozenset({"may"})


def _english_surname(word: str) -> bool:
    return (len(word) >= 2 and word.isascii() and word[:1].isupper() and not word.isupper()
            and (word_key(word) not in not_names() or word_key(word) in _SURNAMES_TOO))


def english_name_mentions(text: str) -> list[tuple[int, int, str]]:
    """Each English given name before one or two capitalised words (a surname), and each
    peer's title before a surname: (start, end, name). A word before the given name
    (Australian Lynton Crosby, Unison Dave Prentis) is no part of it."""
    found = []
    for run in _RUN.finditer(text):
        group = run.group()
        if " " not in group:
            continue
        spans = [(m.start() + run.start(), m.end() + run.start()) for m in _SPLIT.finditer(group)]
        words = [text[a:b] for a, b in spans]
        i = 0
        while i < len(words) - 1:
            given = is_given_name(words[i])
            if not given and not (words[i] in _PEERS and not is_given_name(words[i + 1])):
                i += 1
                continue
            j = i + 1
            while j < len(words) and j - i <= 2 and _english_surname(words[j]) and not (
                    j > i + 1 and (is_given_name(words[j]) or words[j - 1].endswith(("'s", "’s")))):
                j += 1
            name = re.sub(r"['’]s$", "", " ".join(words[i:j]))
            # Maria Full of Grace, Bank of England: a title or organisation, not a name.
            of_after = re.match(r" of [A-Z]", text[spans[j - 1][1]:spans[j - 1][1] + 5])
            if j - i >= 2 and not of_after and not bundled("places").find(name):
                end = spans[j - 1][1] - (len(" ".join(words[i:j])) - len(name))
                found.append((spans[i][0], end, name))
                i = j
            else:
                i += 1
    return found


def _after_office(text: str, start: int) -> bool:
    return _OFFICE.search(text, max(0, start - 160), start) is not None


def _guessed_first_name(word: str) -> bool:
    """A man's first name that does not decline, as the dictionary guesses it (Хайко; not Эмманюэля, whose case it cannot tell)."""
    return any({"Name", "Fixd"} <= p.tag.grammemes for p in parses(word)[:1])


def same_story(text: str, mentions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``mentions`` of people (start, end, name) with one name per person and the story's
    bare surnames added: the surname alone, after a full mention, is that person."""
    written = Counter(fold(m.group()) for m in _CAPITALISED.finditer(text))
    renamed = {name: _as_story_writes(name, written) for _, _, name in mentions}
    mentions = [(a, b, renamed[name]) for a, b, name in mentions]
    # One name per person: the variants of a name that only a case ending tells apart.
    by_key: dict[tuple, Counter] = defaultdict(Counter)
    for _, _, name in mentions:
        by_key[_key(name)][name] += 1
    best = {}
    for variants in by_key.values():
        choice = max(variants, key=lambda n: (all(fold(w) in written for w in n.split()), variants[n]))
        best.update((n, choice) for n in variants)
    mentions = [(a, b, best[name]) for a, b, name in mentions]
    by_surname: dict[str, set[str]] = defaultdict(set)
    for _, _, name in mentions:
        words = name.split()
        if len(words) >= 2:
            by_surname[name_stem(words[-1])].add(name)
    taken = Covered(len(text), ((a, b) for a, b, _ in mentions))
    for m in _CAPITALISED.finditer(text):
        names = by_surname.get(name_stem(m.group()))
        if (names and len(names) == 1 and not taken.overlaps(m.start(), m.start() + 1)
                and word_key(m.group()) not in not_names()):  # Theresa May, not the month
            mentions.append((m.start(), m.end(), next(iter(names))))
    return sorted(mentions)


def _undeclined_man(first_name: str) -> bool:
    """A man's first name the dictionary knows that does not decline (Джо, Франсуа, Хайко)."""
    return any({"Name", "Fixd", "masc"} <= p.tag.grammemes for p in parses(first_name))


def _key(name: str) -> tuple[str, ...]:
    return tuple(name_stem(w) for w in name.split())


def _as_story_writes(name: str, written: Counter) -> str:
    """A Russian name whose first name does not decline (Джо Байдена) with its surname as
    the story writes it bare (Байден), when it does."""
    words = name.split()
    if len(words) < 2 or not is_cyrillic(words[-1]) or _is_female_first_name(fold(words[0])):
        return name
    surname = fold(words[-1])
    if _INSTRUMENTAL.search(surname):  # Мао Цзедуном, Франческо Лардерелом: no nominative ends so
        return " ".join([*words[:-1], words[-1][:-2]])
    if _GENITIVE.search(surname) and _undeclined_man(fold(words[0])):  # Джо Байдена, Хайко Мааса
        return " ".join([*words[:-1], words[-1][:-1]])
    for ending in _FOREIGN_ENDINGS:
        bare = surname[: -len(ending)]
        if surname.endswith(ending) and len(bare) >= 3 and bare in written:
            return " ".join([*words[:-1], words[-1][: len(bare)]])
    return name

