"""Names of people in Russian text: one term for every case form of a name.

pymorphy3 reads a lower-case word as the commonest word it can be, so
``Песков`` is sand (``песок``), ``Токаева`` a woman's first name and
``Жапаровым`` an adjective. A capitalised word is where a name can be: it
is read as a name first (a surname or patronymic, then a Russian surname by
its suffix, then a first name), and as a common word too when that differs,
both at one position, so that neither reading is lost. A surname's term is
its masculine nominative, as pymorphy3 writes surnames: ``Захарова`` (Мария
Захарова, and the genitive of Захаров alike) is ``захаров``.
"""

import re
from functools import lru_cache

from kgsearch.analyzers import russian
from kgsearch.analyzers.letters import fold

# A Russian surname by its shape: a stem, the suffix -ов/-ев/-ин/-ын, and a
# case ending of the masculine or feminine declension.
_SURNAME = re.compile(r"(?P<nominative>[а-я-]{2,}(?:ов|ев|ин|ын))(?:а|у|ым|ом|е|ой|ою|ых|ыми|ы)?")
_LOWER = re.compile("[a-zа-яё]")
# Case endings of a masculine noun after a hard consonant, and after a soft one (-ь).
_CONSONANT = "бвгджзклмнпрстфхцчшщ"
_HARD_STEM = re.compile(rf"(?P<stem>[а-я-]{{2,}}[{_CONSONANT}])(?:а|у|ом|е)")
_SOFT_STEM = re.compile(rf"(?P<stem>[а-я-]{{2,}}[{_CONSONANT}])(?:я|ю|ем)")
_ADJECTIVE_STEM = re.compile(r"(?P<stem>[а-я-]{2,}(?:ск|цк))(?:ий|ого|ому|им|ом|ая|ой|ую|ою)")
_J_STEM = re.compile(r"(?P<stem>[а-я-]{2,}[аеиоуэ])(?:я|ю|ем|е)")


def is_capitalised(word: str) -> bool:
    """A word written with a capital and then small letters, as names are (not ``МИД``).

    >>> is_capitalised("Песков"), is_capitalised("песков"), is_capitalised("МИД"), is_capitalised("Ким")
    (True, False, False, True)
    """
    return word[:1].isupper() and _LOWER.search(word, 1) is not None


@lru_cache(maxsize=russian.CACHE_SIZE)
def name_terms(word: str) -> tuple[str, ...]:
    """The terms of a capitalised Russian word (given folded): as a name, then as a common word.

    >>> [name_terms(w) for w in ("жапарова", "токаев", "песков", "захаровой", "ангелы", "министерство")]
    [('жапаров',), ('токаев', 'токай'), ('песков', 'песок'), ('захаров',), ('ангела', 'ангел'), ('министерство',)]
    """
    common = russian.lemmatize(word)
    if not russian.RUSSIAN_LETTERS.issuperset(word):
        return (common,)
    name = _as_name(word)
    return (common,) if name in (None, common) else (name, common)


def _as_name(word: str) -> str | None:
    parses = russian.parses(word)
    # A plural (Айдарбеков as "of the Aidarbeks", Ремчуков as "of the Remchuks") is no
    # reading of one person's name.
    family = [p for p in parses if p.tag.grammemes & {"Surn", "Patr"} and "plur" not in p.tag.grammemes]
    if family:
        return fold(max(family, key=lambda p: p.score).normal_form)
    first_names = [p for p in parses if {"Name", "sing"} <= p.tag.grammemes]
    known = russian.is_known(word)
    surname = _SURNAME.fullmatch(word)
    # Жапаров is no first name "жапар"; Марина is one, not a surname "марин".
    if surname and not (first_names and known):
        return surname["nominative"]
    if first_names and known:
        return fold(max(first_names, key=lambda p: p.score).normal_form)
    # pymorphy3's guesses at unknown words (Гренелла as a woman's first name) are no better.
    return None if known else _foreign_name(word)


def _foreign_name(word: str) -> str:
    """A name no dictionary has, declined as a masculine noun (Хорнером is Хорнер,
    Хуншаня is Хуншань) or as an adjective (Жарским is Жарский); one that does
    not decline (Абэ, Муттер) stays as it is."""
    if m := _ADJECTIVE_STEM.fullmatch(word):
        return m["stem"] + "ий"
    if m := _HARD_STEM.fullmatch(word):
        return m["stem"]
    if m := _SOFT_STEM.fullmatch(word):
        return m["stem"] + "ь"
    if m := _J_STEM.fullmatch(word):
        return m["stem"] + "й"
    return word
