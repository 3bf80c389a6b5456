"""Where a release comes from, by the phrases releases use to say so.

Only phrases that name the publisher count (``Source: Xinhua``, ``the press
service ... reported``); an agency merely mentioned in the text is not a
source.
"""

import re
from functools import cache

# (pattern, canonical label, words); the first match in the text wins. A label that
# names a Kyrgyz office (KYRGYZ_LABELS) is given only where the text ties the
# press service to Kyrgyzstan: every country has a foreign ministry. A rule can
# match only a text holding one of its words (case folded), so a text with none
# of them is not scanned by it: scanning every text 13 times was a tenth of its
# metadata's time, and few texts name a publisher.
_AGENCIES = ("xinhua", "kabar", "24.kg", "akipress", "синьхуа", "кабар", "акиpress")
_RULES = [
    (r"(?:^|[·|•])[ \t]*(?:Source|Источник|Булак)[ \t]*:[ \t]*(?P<name>[^\n·|•,;]{2,60}?)[ \t]*(?:[·|•,;]|$)", None,
     ("source", "источник", "булак")),
    (r"/(?P<name>Кабар|Kabar|Синьхуа|Xinhua|24\.kg|АКИpress|AKIpress)/", None, _AGENCIES),
    (r"\b(?P<name>Xinhua|Kabar|24\.kg|AKIpress|Синьхуа|Кабар|АКИpress) (?:reports?|reported|сообщает|передает)\b", None,
     _AGENCIES),
    (r"press service of the (?:Foreign Affairs Ministry|Ministry of Foreign Affairs|MFA)",
     "MFA of the Kyrgyz Republic", ("press",)),
    (r"пресс-служб\w* (?:МИД|Министерства иностранных дел)", "MFA of the Kyrgyz Republic", ("пресс-служб",)),
    (r"press service of the (?:head of state|President)", "Presidential Press Service", ("press",)),
    (r"пресс-служб\w* (?:главы государства|Президента)", "Presidential Press Service", ("пресс-служб",)),
    # Kyrgyz: "the press service of the Ministry of Foreign Affairs", of the President, of the Cabinet.
    (r"Тышкы иштер министрлигинин басма сөз кызматы", "MFA of the Kyrgyz Republic", ("басма сөз",)),
    (r"(?:Президенттин|мамлекет башчысынын) басма сөз кызматы", "Presidential Press Service", ("басма сөз",)),
    (r"Министрлер Кабинетинин басма сөз кызматы", "Cabinet Press Service", ("басма сөз",)),
    (r"\b(?P<name>Кабар|Kabar|24\.kg|АКИpress|AKIpress|Синьхуа) (?:маалымдайт|маалымдады|кабарлайт|кабарлады|жазат)", None,
     _AGENCIES),
    (r"press service of the Cabinet", "Cabinet Press Service", ("press",)),
    (r"пресс-служб\w* (?:Кабинета министров|Кабмина)", "Cabinet Press Service", ("пресс-служб",)),
    (r"\b(?:reports?|reported|according to|writes|said)\s+(?P<name>Xinhua|Kabar|24\.kg|AKIpress|Kaktus\.media)\b", None,
     (*_AGENCIES, "kaktus.media")),
    (r"\b(?:сообщает|передает|пишет|по данным|по информации)\s+(?P<name>Синьхуа|Кабар|24\.kg|АКИpress|AKIpress)\b", None,
     _AGENCIES),
    (r"^\s*(?P<name>Xinhua|Kabar|24\.kg|Синьхуа|Кабар)\s*$", None, _AGENCIES),
    (r"\((?P<name>Xinhua|Kabar|24\.kg)\)\s*[-–—]", None, _AGENCIES),
]


@cache
def _compiled() -> list[tuple[re.Pattern, str | None, tuple[str, ...]]]:
    """The rules, compiled on first use (a query rarely needs them: 3 ms saved at its start).
    Releases are full of no-break spaces: a space in a rule is any white space."""
    return [(re.compile(p.replace(" ", r"\s+"), re.I | re.M), label, words) for p, label, words in _RULES]


KYRGYZ_LABELS = {"MFA of the Kyrgyz Republic", "Presidential Press Service", "Cabinet Press Service"}
# Countries as news names them; whichever stands nearest to a press service is its country.
_KYRGYZ = r"Кыргыз\w*|Киргиз\w*|КР|Kyrgyz\w*|Бишкек\w*|Bishkek|Жогорку Кенеш\w*"
_COUNTRY = (
    rf"\b(?:(?P<kyrgyz>{_KYRGYZ})|(?P<other>Таджики\w*|Туркмени\w*|Узбекист\w*|Казахст\w*|Росси\w*|РФ|"
    r"Кита\w*|КНР|Турци\w*|США|Украин\w*|Белорус\w*|Беларус\w*|Афганист\w*|Ира[нк]\w*|Сири\w*|"
    r"Tajik\w*|Turkmen\w*|Uzbek\w*|Kazakh\w*|Russia\w*|China|Chinese|Turk(?:ey|ish)|Ukrain\w*|Belarus\w*|"
    r"Afghan\w*|Ira[nq]\w*|Syria\w*|U\.S\.|United States))\b")  # compiled by ``re`` on first use
_BEFORE, _AFTER, _ATTACHED = 300, 80, 25


def _tied_to_kyrgyzstan(text: str, start: int, end: int) -> bool:
    """Whether the press service at text[start:end] is a Kyrgyz one.

    A country named right after the phrase is its own (``пресс-служба МИД
    Турции``); else a Kyrgyz mention near it ties it to Kyrgyzstan (bilateral
    news names two countries: either will do), another country alone there
    does not (``Глава МИД Таджикистана … пресс-службы МИДа``); with no
    country near, the text must name Kyrgyzstan somewhere.
    """
    country = re.compile(_COUNTRY)
    after = country.search(text, end, min(len(text), end + _AFTER))
    if after and after.start() - end <= _ATTACHED:
        return after["kyrgyz"] is not None
    near = list(country.finditer(text, max(0, start - _BEFORE), min(len(text), end + _AFTER)))
    if near:
        return any(m["kyrgyz"] for m in near)
    return any(m["kyrgyz"] for m in country.finditer(text))


CANONICAL = {
    "xinhua": "Xinhua", "синьхуа": "Xinhua", "xinhua news agency": "Xinhua",
    "kabar": "Kabar", "кабар": "Kabar",
    "24.kg": "24.kg", "akipress": "AKIpress", "акиpress": "AKIpress",
    "пресс-служба мид кр": "MFA of the Kyrgyz Republic",
    "пресс-служба президента кр": "Presidential Press Service",
    "кыргыз республикасынын тышкы иштер министрлиги": "MFA of the Kyrgyz Republic",
    "кр тышкы иштер министрлиги": "MFA of the Kyrgyz Republic",
    "президенттин басма сөз кызматы": "Presidential Press Service",
    "кыргыз республикасынын президентинин басма сөз кызматы": "Presidential Press Service",
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
    for pattern, label, _ in _compiled():
        if label and pattern.search(name):
            return label
    return name


def find_source(text: str) -> str:
    """The publisher a text names for itself, or ``""``.

    >>> find_source("Du Dewen said.\\nSource: Xinhua\\n")
    'Xinhua'
    >>> find_source("Kyrgyzstan and China. Press service of the Foreign Affairs Ministry reported.")
    'MFA of the Kyrgyz Republic'
    >>> find_source("Глава МИД Таджикистана выразил обеспокоенность. По сообщению пресс-службы МИДа, в Вене")
    ''
    >>> find_source("Кыргыз Республикасынын Тышкы иштер министрлигинин басма сөз кызматы билдирди.")
    'MFA of the Kyrgyz Republic'
    >>> find_source("Бишкек шаарында жаан жаайт, деп Кабар маалымдайт."), find_source("Булак: Кабар")
    ('Kabar', 'Kabar')
    """
    # Releases name their publisher near the top or at the very end.
    where = text if len(text) < 4000 else text[:2500] + "\n" + text[-1500:]
    folded = where.casefold()  # as re.I folds: ſ is s, K (Kelvin) is k
    for pattern, label, words in _compiled():
        if not any(word in folded for word in words):
            continue
        for m in pattern.finditer(where):
            if label in KYRGYZ_LABELS and not _tied_to_kyrgyzstan(where, m.start(), m.end()):
                continue  # another country's press service: look further
            return label or canonical_source(m["name"])
    return ""
