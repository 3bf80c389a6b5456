"""Russian normal forms from pymorphy3, behind a bounded cache.

A pymorphy3 parse costs tens of microseconds; news vocabulary is small and
repetitive, so a cache turns morphology into a dictionary look-up. The
analyzer is loaded on first use and never pickled with a schema.
"""

from functools import lru_cache

from kgsearch.analyzers.letters import fold

# Letters of the Russian alphabet. A Cyrillic word with any other letter
# (Kyrgyz ң ө ү, Kazakh қ ә) is not Russian and is kept as written.
RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя-")
CACHE_SIZE = 200_000
# A word with several normal forms is indexed by the most probable one
# ("first") or by each of them ("all").
AMBIGUITY_POLICIES = ("first", "all")
# Abbreviations news writes with a dot, found by their full word. ``г.`` is
# left alone: it is год after a number and город before a name.
ABBREVIATIONS = {
    "гг": "год",
    "тыс": "тысяча",
    "млн": "миллион",
    "млрд": "миллиард",
    "трлн": "триллион",
    "руб": "рубль",
    "долл": "доллар",
    "чел": "человек",
}

_morph = None


def _analyzer():
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


def parses(word: str) -> list:
    """pymorphy3's readings of a lower-case word, most probable first."""
    return _analyzer().parse(word)


@lru_cache(maxsize=CACHE_SIZE)
def normal_forms(word: str) -> tuple[str, ...]:
    """Every distinct normal form of a lower-case word, most probable first.

    >>> normal_forms("дороги")
    ('дорога', 'дорогой')
    """
    if not RUSSIAN_LETTERS.issuperset(word):
        return (word,)
    if word in ABBREVIATIONS:
        return (ABBREVIATIONS[word],)
    forms: list[str] = []
    for parse in _analyzer().parse(word):
        form = fold(parse.normal_form)
        if form not in forms:
            forms.append(form)
    return tuple(forms) or (word,)


def lemmatize(word: str) -> str:
    """The most probable normal form of a lower-case word.

    >>> lemmatize("кулубаевым")
    'кулубаев'
    """
    return normal_forms(word)[0]


def is_known(word: str) -> bool:
    """True for a lower-case word in pymorphy3's dictionary (not merely guessed).

    >>> is_known("инфляция"), is_known("инфляиця")
    (True, False)
    """
    return RUSSIAN_LETTERS.issuperset(word) and _analyzer().word_is_known(word)


_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
_PLACE_TAGS = frozenset({"Geox", "Orgn"})


@lru_cache(maxsize=50_000)
def is_common_word(word: str) -> bool:
    """True for a lower-case word pymorphy3 knows as something other than a person's name.

    Names of people are what the speaker rules look for; a dictionary word
    (``агентство``), a place (``таджикистан``) or a function word is not one.

    >>> is_common_word("агентство"), is_common_word("таджикистан"), is_common_word("рахмон")
    (True, True, False)
    """
    if not RUSSIAN_LETTERS.issuperset(word):
        return False
    morph = _analyzer()
    if not morph.word_is_known(word):
        return False
    readings = morph.parse(word)[:2]
    # A place or an organisation (Израиль, Росприроднадзор) is no name, even if a first name too.
    if any(_PLACE_TAGS & parse.tag.grammemes for parse in readings):
        return True
    return not any(_PERSON_TAGS & parse.tag.grammemes for parse in readings)
