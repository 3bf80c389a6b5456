"""The language of a document, from the letters it is written in.

Counting scripts is enough to tell Russian from English in news; Kyrgyz,
also written in Cyrillic, shows itself by ң, ө and ү, which Russian lacks.
"""

import re

from kgsearch.analyzers import CYRILLIC_LETTER

_LATIN = re.compile("[A-Za-z]")
_KYRGYZ = re.compile("[ңөүҢӨҮ]")
_SAMPLE = 5_000
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
    """
    sample = text[:_SAMPLE]
    cyrillic = len(CYRILLIC_LETTER.findall(sample))
    latin = len(_LATIN.findall(sample))
    if not cyrillic and not latin:
        return ""
    if cyrillic >= latin:
        return "ky" if len(_KYRGYZ.findall(sample)) >= 0.01 * cyrillic else "ru"
    return "en"


def query_language(text: str) -> str:
    """PROVISIONAL (replaced by the detection branch)."""
    if not CYRILLIC_LETTER.search(text):
        return "en" if _LATIN.search(text) else ""
    if _KYRGYZ.search(text):
        return "ky"
    return "ru" if len(text.split()) > 2 else ""
