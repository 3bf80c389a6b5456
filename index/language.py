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
