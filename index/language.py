"""The language of a document, and of a query, from its letters and its words.

Counting scripts tells Russian from English. Kyrgyz is Cyrillic too, and its
letters ң, ө and ү catch only three Kyrgyz sentences in four, so words
decide: Russian text is full of short function words (и, в, на, что) that
Kyrgyz never uses, and most Kyrgyz words, those with ң, ө, ү among them,
are ones the Russian dictionary does not know. Capitalised words are not
judged: a Russian release names Kyrgyz people and places (Төрөбаев,
Ысык-Көл) in their own spelling. Russian is the side a doubt falls to: a
Russian document read as Kyrgyz would lose its lemmas.
benchmarks/language_routing.py measures both directions on treebank
sentences and the news corpora.
"""

import re

from kgsearch.analyzers import CYRILLIC_LETTER
from kgsearch.analyzers.russian import is_known
from kgsearch.analyzers.stopwords import stop_words

_LATIN = re.compile("[A-Za-z]")
_KYRGYZ = re.compile("[ңөүҢӨҮ]")
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")
_SAMPLE = 5_000
# Enough lower-case words to judge a document by; each costs a dictionary lookup.
_JUDGED_WORDS = 300
# Russian function words Kyrgyz lacks: they make a fifth to a third of Russian
# text and none of the Kyrgyz treebank sentences (not от and он: fire and ten in Kyrgyz).
_RUSSIAN_WORDS = frozenset(
    "и в во на с со не что по к о об у из за для это как но бы при до она они его её ее "
    "был была были который которые также только уже или если чтобы".split())
_RUSSIAN_WORD = re.compile(r"(?<![\w.-])(?:" + "|".join(sorted(_RUSSIAN_WORDS, key=len, reverse=True)) + r")(?![\w.])")
# Kyrgyz function words without a Kyrgyz letter, none of them a word of the
# Russian news corpora (not ага, ким, ар, башка: Russian text has those).
_KYRGYZ_WORDS = frozenset(
    "жана менен боюнча деп деген дагы бирок эмес керек жок тууралуу карата каршы чейин кийин бул "
    "алар анын алардын ошол ушул эч эле гана биз сиз кандай качан кантип эмне эмнеге жатат болгон "
    "болуп учурда аркылуу ортосунда алкагында тарабынан бардык бир эки".split())


def is_kyrgyz_function_word(folded: str) -> bool:
    """A Kyrgyz word above, or a Kyrgyz stop word: no name (Бирок Исаковдун, Ал Беловодск).

    >>> is_kyrgyz_function_word("бирок"), is_kyrgyz_function_word("ал"), is_kyrgyz_function_word("сапар")
    (True, True, False)
    """
    return folded in _KYRGYZ_WORDS or folded in stop_words("ky")


# Shapes of Kyrgyz words the Russian dictionary does not know: genitive and
# adjective endings, a long vowel (рыногунан, облусунун, курулушу, тууралуу).
_KYRGYZ_SHAPE = re.compile("[ндт][ыу]н$|[дтл][ыи]к$|[дт]агы$|уу|ыы|ээ|аа")
# What detect_language can tell, and so what a language filter can ask for.
LANGUAGES = ("ru", "en", "ky")
# How archives write them besides: ISO 639-2 codes, names in English and in the language itself.
_SPELLINGS = {
    "ru": ("rus", "russian", "русский", "рус"),
    "en": ("eng", "english", "английский", "англ"),
    "ky": ("kir", "kyrgyz", "kirghiz", "кыргызча", "кыргызский", "киргизский"),
}
_CODES = {name: code for code, names in _SPELLINGS.items() for name in (code, *names)}


def known_language(value: str) -> str | None:
    """The code of ``LANGUAGES`` a record's language field names, or ``None`` for any other.

    >>> [known_language(v) for v in ("RU", "rus", "Russian", "English", "en-US", "ru_RU", "ky")]
    ['ru', 'ru', 'ru', 'en', 'en', 'ru', 'ky']
    >>> known_language("xx<script>"), known_language("de"), known_language("")
    (None, None, None)
    """
    name = value.strip().lower()
    return _CODES.get(name) or _CODES.get(re.split(r"[-_]", name, maxsplit=1)[0]) if name else None


def detect_language(text: str) -> str:
    """``"ru"``, ``"en"``, ``"ky"``, or ``""`` when the text has no letters.

    >>> detect_language("Главы МИД КР и КНР"), detect_language("China's Wang Yi")
    ('ru', 'en')
    >>> detect_language("Кыргыз Республикасынын өкмөтү жана Кытай Эл Республикасы")
    'ky'
    >>> detect_language("Ош шаарынын борбордук аянтында сейил бак жана фонтан ачылды.")
    'ky'
    >>> detect_language("Өмүрбек Бабанов и Садыр Жапаров провели встречу на Ысык-Көле")
    'ru'

    An initial or a number's ending is no Russian word (24.kg: И.А. аттуу жаран; 129у жаш балдар):

    >>> detect_language("Ал 28 жаштагы С.У. аттуу жаран болуп чыкты. Алардын ичинен 129у жаш балдар.")
    'ky'
    """
    sample = text[:_SAMPLE]
    cyrillic = len(CYRILLIC_LETTER.findall(sample))
    latin = len(_LATIN.findall(sample))
    if not cyrillic and not latin:
        return ""
    if cyrillic >= latin:
        return "ky" if _reads_kyrgyz(sample) else "ru"
    return "en"


def _reads_kyrgyz(sample: str) -> bool:
    """True for Cyrillic text with Russian's function words rare and lower-case words
    the Russian dictionary does not know (or Kyrgyz function words) common."""
    words = _CYRILLIC_WORD.findall(sample)
    # Lower case and standing alone: an initial (И.А., С.У.) or a Kyrgyz ending after a number
    # (129у, 8и) is no Russian conjunction.
    russian = sum(1 for _ in _RUSSIAN_WORD.finditer(sample))
    lower = [word for word in words if len(word) > 1 and word.islower()]
    # A Kyrgyz release quoting a Russian sentence has Russian's function words and Kyrgyz letters
    # both: a Russian one quoting a Kyrgyz sentence has twice these function words, and fewer letters.
    quoting = russian < 0.1 * len(words) and sum(bool(_KYRGYZ.search(w)) for w in lower) >= 0.05 * len(lower)
    if russian >= 0.05 * len(words) and not quoting:
        return False
    judged = lower[:_JUDGED_WORDS]
    unknown = sum(word in _KYRGYZ_WORDS or not is_known(word) for word in judged)
    return unknown >= 2 and unknown >= 0.35 * len(judged)


def query_language(text: str, known_word=is_known) -> str:
    """The language a query is clearly written in, or ``""`` when a Cyrillic query could be either.
    ``known_word`` tells a lower-case word the Russian dictionary knows (an index's word table
    answers without loading the dictionary).

    Kyrgyz shows itself by a letter or a function word of its own, or by a
    word of Kyrgyz shape (рыногунан, тууралуу) the Russian dictionary does not
    know among words it mostly does not know; Russian by one of its function
    words or by three or more words its dictionary all knows. Other queries
    stay open (names, mostly: a few words all unknown may be foreign names in
    Russian), and the query layer then searches both their Russian and their
    Kyrgyz terms.

    >>> [query_language(q) for q in ("Жапаровдун сапары", "темир жол менен", "визит в Китай", "Wang Yi")]
    ['ky', 'ky', 'ru', 'en']
    >>> [query_language(q) for q in ("Кытай", "Жапаров", "темир жол", "Китай", "2024")]
    ['', '', '', '', '']
    >>> query_language("экспорт сельскохозяйственной продукции"), query_language("Тышкы иштер министрлиги")
    ('ru', '')
    """
    cyrillic = len(CYRILLIC_LETTER.findall(text))
    latin = len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return ""
    if latin > cyrillic:
        return "en"
    words = [word.lower() for word in _CYRILLIC_WORD.findall(text)]
    if _KYRGYZ.search(text) or any(word in _KYRGYZ_WORDS for word in words):
        return "ky"
    if any(word in _RUSSIAN_WORDS for word in words):
        return "ru"
    known = [known_word(word) for word in words]
    if sum(known) * 2 <= len(words) and any(
            _KYRGYZ_SHAPE.search(word) for word, seen in zip(words, known) if not seen):
        return "ky"
    return "ru" if len(words) >= 3 and all(known) else ""
