"""People named in Kyrgyz text, as a reader expects them listed.

The person rules were written for Russian and English: in Kyrgyz text they
find the names with their Kyrgyz endings on (``Акылбек Жапаровго``, ``Бакыт
Төрөбаевдин``) and take a place or an institution before a case ending for a
surname (``Сауд Аравиянын``, ``Эл Республикасынын Тышкы``). A name found in a
Kyrgyz document loses its endings as the Kyrgyz analyzer takes them off, a
woman's surname keeping its own (``Бактыгулованын`` is ``Бактыгулова``), and
is kept only where it reads as a person's name: the registry knows it, its
last word has a surname's ending, or its first word is a first name and its
last no Kyrgyz word the treebank has (``Ата Мекендик`` is a party).
"""

import re

from kgsearch.analyzers import fold, kyrgyz
from kgsearch.analyzers.letters import is_cyrillic
from kgsearch.index.language import is_kyrgyz_function_word

# Two capitalised words; each word starts a pair (Жазуучу Чыңгыз, Чыңгыз Айтматовдун).
_PAIR = re.compile(r"(?<![^\W\d_])(?=([А-ЯЁӨҮҢ][а-яёөүң]+)[ \t\u00a0]+([А-ЯЁӨҮҢ][а-яёөүң]+)(?![^\W\d_-]))")
_MANS_OR_WOMANS = re.compile(r"(?:ов|ев|ёв|ова|ева|ёва)$")
# Words before a surname that are no first name, though the treebank has names like them (Сапар,
# Темир): titles and days (24.kg: Төрага Шакиев, Элчи Бөкөнтаев, Эртең Раззаков).
_TITLES = frozenset("төрага элчи башчы аким депутат министр мэр эртең бүгүн кечээ".split())
_SURNAME_END = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|уулу|кызы)$")
_LATIN = re.compile("[A-Za-z]")


def nominative(word: str) -> str:
    """A name's word without its Kyrgyz endings, in its own letters and case.

    >>> [nominative(w) for w in ("Жапаровго", "Бактыгулованын", "Кулубаев", "Ташиевдин", "Wang")]
    ['Жапаров', 'Бактыгулова', 'Кулубаев', 'Ташиев', 'Wang']
    """
    if not is_cyrillic(word) or _LATIN.search(word):
        return word
    folded, lemma = fold(word), kyrgyz.terms(word)[0]
    if lemma == folded or not folded.startswith(lemma):
        return word
    # Бактыгулова|нын: the lemma is the man's surname, the woman's keeps its а.
    keep = len(lemma) + 1 if folded[len(lemma):len(lemma) + 1] == "а" and lemma.endswith(("ов", "ев", "ин")) else len(lemma)
    return word[:keep]


def kyrgyz_person(name: str, known: bool, first_name) -> str | None:
    """``name`` (found by the person rules in Kyrgyz text) in the nominative, or ``None`` where it
    is no person's: ``known`` says the registry has it, ``first_name`` tells a first name.

    >>> kyrgyz_person("Акылбек Жапаровго", False, lambda w: False)
    'Акылбек Жапаров'
    >>> kyrgyz_person("Сауд Аравиянын", False, lambda w: False) is None
    True
    >>> kyrgyz_person("Астанада TIFAнын", False, lambda w: True) is None
    True
    """
    words = name.split()
    if any(is_cyrillic(w) and _LATIN.search(w) for w in words):
        return None
    if not known and is_kyrgyz_function_word(fold(words[0])):
        return None  # Ал Беловодск: a sentence's "he" before a place
    # Kyrgyz puts a name's case ending on its last word: the first name is as written (Али, Динара).
    words = words[:-1] + [nominative(words[-1])]
    last = fold(words[-1])
    if known or (len(words) > 1 and _SURNAME_END.search(last)):
        return " ".join(words)
    if first_name(words[0]) and not kyrgyz.is_known(last) and not kyrgyz.is_known(kyrgyz.terms(last)[0]):
        return " ".join(words)
    return None


def kyrgyz_name_mentions(text: str, common_word):
    """(start, end) of each first name and surname with its Kyrgyz ending (``Өмүрбек Текебаевди``)
    in Kyrgyz text: Kyrgyz first names are mostly not in the Russian dictionary the person rules ask.
    ``common_word`` tells a word no first name (a title: Министр, Президент); a Kyrgyz stop word is
    none either (Бирок Исаковдун).

    >>> [m for m in kyrgyz_name_mentions("Лидери Өмүрбек Текебаевди, Бирок Исаковдун", lambda w: False)]
    [(7, 25)]
    """
    for m in _PAIR.finditer(text):
        first = m.group(1)
        if is_kyrgyz_function_word(fold(first)) or fold(first) in _TITLES or common_word(first):
            continue
        if _MANS_OR_WOMANS.search(fold(nominative(m.group(2)))):
            yield m.start(), m.end(2)
