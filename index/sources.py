"""Where a release comes from, by the phrases releases use to say so.

Only phrases that name the publisher count (``Source: Xinhua``, ``the press
service ... reported``); an agency merely mentioned in the text is not a
source.
"""

import re

# (pattern, canonical label); the first match in the text wins.
_RULES = [
    (r"(?:^|[·|•])[ \t]*(?:Source|Источник)[ \t]*:[ \t]*(?P<name>[^\n·|•,;]{2,60}?)[ \t]*(?:[·|•,;]|$)", None),
    (r"/(?P<name>Кабар|Kabar|Синьхуа|Xinhua|24\.kg|АКИpress|AKIpress)/", None),
    (r"\b(?P<name>Xinhua|Kabar|24\.kg|AKIpress|Синьхуа|Кабар|АКИpress) (?:reports?|reported|сообщает|передает)\b", None),
    (r"press service of the (?:Foreign Affairs Ministry|Ministry of Foreign Affairs|MFA)",
     "MFA of the Kyrgyz Republic"),
    (r"пресс-служб\w* (?:МИД|Министерства иностранных дел)", "MFA of the Kyrgyz Republic"),
    (r"press service of the (?:head of state|President)", "Presidential Press Service"),
    (r"пресс-служб\w* (?:главы государства|Президента)", "Presidential Press Service"),
    (r"press service of the Cabinet", "Cabinet Press Service"),
    (r"пресс-служб\w* (?:Кабинета министров|Кабмина)", "Cabinet Press Service"),
    (r"\b(?:reports?|reported|according to|writes|said)\s+(?P<name>Xinhua|Kabar|24\.kg|AKIpress|Kaktus\.media)\b", None),
    (r"\b(?:сообщает|передает|пишет|по данным|по информации)\s+(?P<name>Синьхуа|Кабар|24\.kg|АКИpress|AKIpress)\b", None),
    (r"^\s*(?P<name>Xinhua|Kabar|24\.kg|Синьхуа|Кабар)\s*$", None),
    (r"\((?P<name>Xinhua|Kabar|24\.kg)\)\s*[-–—]", None),
]
# Releases are full of no-break spaces: a space in a rule is any white space.
_COMPILED = [(re.compile(p.replace(" ", r"\s+"), re.I | re.M), label) for p, label in _RULES]

CANONICAL = {
    "xinhua": "Xinhua", "синьхуа": "Xinhua", "xinhua news agency": "Xinhua",
    "kabar": "Kabar", "кабар": "Kabar",
    "24.kg": "24.kg", "akipress": "AKIpress", "акиpress": "AKIpress",
    "пресс-служба мид кр": "MFA of the Kyrgyz Republic",
    "пресс-служба президента кр": "Presidential Press Service",
}


def canonical_source(name: str) -> str:
    """One label for a publisher however it is spelled.

    >>> canonical_source("Синьхуа"), canonical_source("Reuters")
    ('Xinhua', 'Reuters')
    >>> canonical_source("Press service of the Foreign Affairs Ministry")
    'MFA of the Kyrgyz Republic'
    """
    name = " ".join(name.split()).strip(".")
    if name.lower() in CANONICAL:
        return CANONICAL[name.lower()]
    for pattern, label in _COMPILED:
        if label and pattern.search(name):
            return label
    return name


def find_source(text: str) -> str:
    """The publisher a text names for itself, or ``""``.

    >>> find_source("Du Dewen said.\\nSource: Xinhua\\n")
    'Xinhua'
    >>> find_source("Press service of the Foreign Affairs Ministry reported.")
    'MFA of the Kyrgyz Republic'
    """
    # Releases name their publisher near the top or at the very end.
    where = text if len(text) < 4000 else text[:2500] + "\n" + text[-1500:]
    for pattern, label in _COMPILED:
        m = pattern.search(where)
        if m:
            return label or canonical_source(m["name"])
    return ""
