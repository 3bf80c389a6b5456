"""The language of a document, from the letters it is written in.

Counting scripts is enough to tell Russian from English in news; Kyrgyz,
also written in Cyrillic, shows itself by ң, ө and ү, which Russian lacks.
"""

KYRGYZ_LETTERS = frozenset("ңөүҢӨҮ")
_SAMPLE = 20_000


def detect_language(text: str) -> str:
    """``"ru"``, ``"en"``, ``"ky"``, or ``""`` when the text has no letters.

    >>> detect_language("Главы МИД КР и КНР"), detect_language("China's Wang Yi")
    ('ru', 'en')
    >>> detect_language("Кыргыз Республикасынын өкмөтү жана Кытай Эл Республикасы")
    'ky'
    """
    sample = text[:_SAMPLE]
    cyrillic = latin = kyrgyz = 0
    for ch in sample:
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
            if ch in KYRGYZ_LETTERS:
                kyrgyz += 1
        elif "a" <= ch <= "z" or "A" <= ch <= "Z":
            latin += 1
    if not cyrillic and not latin:
        return ""
    if cyrillic >= latin:
        return "ky" if kyrgyz >= 0.01 * cyrillic else "ru"
    return "en"
