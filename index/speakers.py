"""The people who speak, meet or are quoted in a release.

Known people are found by their aliases in any script and case form. Others
are found by the two places news puts a name: after an office (``Minister of
Foreign Affairs Ruslan Kazakbaev``, ``посол КНР Ду Дэвэнь``) and next to a
reporting verb (``Du Dewen said``, ``отметил Кулубаев``). Only runs of
capitalised words are examined, so the scan is cheap next to analysis.
"""

import re
from functools import cache

from kgsearch.analyzers import fold, is_cyrillic
from kgsearch.analyzers.russian import is_common_word
from kgsearch.index.people import PeopleRegistry, name_stem, word_key

_UPPER = "A-ZА-ЯЁӨҮҢ"
# A run of capitalised words on one line: the only places names can be.
_RUN = re.compile(rf"[{_UPPER}][^\W_]*(?:[’'-][^\W_]+)*(?:[ \t\u00a0]+[{_UPPER}][^\W_]*(?:[’'-][^\W_]+)*)*")
_SPLIT = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")

_OFFICE = re.compile(
    r"(?:\b(?:Minister|Ambassador|President|Chairman|Chairwoman|Premier|Vice[- ]Premier|"
    r"Secretary[- ]General|Secretary|Spokes(?:person|man|woman)|Envoy|Consul|Speaker|Governor|Mayor|"
    r"Director|Head)|(?<![^\W\d_])(?:министр|посол|президент|председател|глав[аеуыой]|премьер|"
    r"спикер|генсек|генеральн\w+ секретар|представител|директор|губернатор|мэр)\w*)"
    r"[^.;:!?()\n«»\"]{0,120}$",
    re.I,
)
_VERB_AFTER = re.compile(
    r",?\s+(?:also\s+|further\s+|then\s+)?(?:said|says|noted|stressed|emphasi[sz]ed|underlined|added|stated|"
    r"told|remarked|pointed out|выразил|отметил|подчеркнул|заявил|сообщил|сказал|добавил|указал)",
    re.I,
)
_VERB_BEFORE = re.compile(
    r"(?:said|noted|stressed|emphasi[sz]ed|added|отметил|подчеркнул|заявил|сообщил|сказал|добавил)\w*\s+$",
    re.I,
)

# Capitalised words that are never part of a person's name in this domain.
_NOT_NAMES_TEXT = """
The A An In On At During Following As After Before Within Under This That These Those It He She They We His Her
Their Our Its Mr Mrs Ms Dr Excellency His Her Also But And Or For With From By Today Yesterday
Kyrgyz Kyrgyzstan Kyrgyzstani Kirghiz Kyrgyzia China Chinese PRC Uzbekistan Uzbek Kazakhstan Kazakh Tajikistan
Tajik Turkmenistan Turkmen Russia Russian Moscow Beijing Bishkek Astana Tashkent Dushanbe Xi'an Osh Naryn
Asia Asian Central Eastern Western Northern Southern Europe European Union United Nations States America
American Republic People People's Peoples Democratic Federation Government Ministry Minister Ministers Ambassador
Embassy Extraordinary Plenipotentiary President Presidential Premier Chairman Vice Deputy First Prime Secretary
General Foreign Affairs Internal Economic Economy Trade Transport Communications Finance Defense Defence
Security Council State Cabinet Committee Department International Communist Party Congress National
Assembly Parliament Jogorku Kenesh Office Service Press Agency News Xinhua Kabar SCO CIS EAEU UN WHO
COVID Belt Road Initiative Silk Strategic Dialogue Summit Forum Organization Cooperation Shanghai
Bank Exim Development Fund January February March April May June July August September October November
December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Water Resources Energy Health Education
Culture Agriculture Railway Railways Minister-Counsellor Counsellor Consul Commission Council's
Province Region Regional Autonomous Oblast District City County University Institute Academy Center Centre
Corporation Company Group Airport International Manas Uygur Uyghur Xinjiang Shaanxi Jalal-Abad Issyk-Kul
Secretary-General Spokesperson Spokesman Chairwoman Mayor Governor Director Head Excellency
МИД КР КНР РФ США ООН ШОС СНГ ЕАЭС ОДКБ Кыргызстан Кыргызской Кыргызская Киргизия Китай Китайской
Китайская Народной Народная Республика Республики Президент Председатель Министр Посол Глава Премьер
Министерство Министерства Кабинет Кабинета Министров Правительство Совет Комитет Центрального Центральный
Коммунистической Партии Государственного Государственный Китая Узбекистан Узбекистана Казахстан Россия России
Бишкек Пекин Москва Азия Азии Центральная Чрезвычайный Полномочный Заместитель Первый Вице Генеральный
Секретарь Стратегического Диалога Пояс Путь Один Синьхуа Кабар Жогорку Кенеш Торугарт Иркештам Ош
В На По С Как Также При Во Со Об От До Для За Из Он Она Они Это
"""


@cache
def not_names() -> frozenset[str]:
    """The terms of words that are never names (built on first use: it needs the analyzer)."""
    return frozenset(word_key(w) for w in _NOT_NAMES_TEXT.split())


def _is_name_word(word: str, key: str) -> bool:
    if key in not_names() or len(word) < 2 or word.isupper():
        return False
    if "-" in word and any(word_key(part) in not_names() for part in word.split("-")):
        return False
    return not is_common_word(fold(word))


def _trailing_name(words: list[str], keys: list[str]) -> list[str]:
    """The last two or three words of a run, if they can be a name."""
    n = 0
    while n < len(words) and _is_name_word(words[-1 - n], keys[-1 - n]):
        n += 1
    return words[len(words) - min(n, 3):] if n >= 2 else []


def _leading_name(words: list[str], keys: list[str]) -> list[str]:
    """The first two or three words of a run, if they can be a name."""
    n = 0
    while n < len(words) and _is_name_word(words[n], keys[n]):
        n += 1
    return words[: min(n, 3)] if n >= 2 else []


def _as_written(words: list[str]) -> str:
    """A name the registry does not know, Russian words in the nominative."""
    out = []
    for word in words:
        if is_cyrillic(word):
            word = word_key(word).title()
        out.append(word)
    return " ".join(out)


def find_speakers(text: str, registry: PeopleRegistry) -> list[str]:
    """Canonical names of the people in ``text``, in order of first mention.

    >>> from kgsearch.index.people import Person
    >>> registry = PeopleRegistry([Person("Wang Yi", aliases=("Ван И",))])
    >>> find_speakers("министр иностранных дел КНР Вана И. Посол Ду Дэвэнь отметил", registry)
    ['Wang Yi', 'Ду Дэвэнь']
    """
    found: dict[str, None] = {}
    for run in _RUN.finditer(text):
        words = _SPLIT.findall(run.group())
        stems = [name_stem(w) for w in words]
        i = 0
        while i < len(words):
            # Only as many words as the longest alias: slicing to the run's end
            # made a long run of capitalised words quadratic.
            end = i + registry.longest
            known = registry.match(words[i:end], stems[i:end])
            if known:
                found.setdefault(known[1], None)
                i += known[0]
            else:
                i += 1
        if len(words) < 2:
            continue  # one capitalised word is a sentence's start or a name the registry had
        # The context rules cost a regex each: only runs that can hold a name pay it.
        keys = [word_key(w) for w in words]
        tail, head = _trailing_name(words, keys), _leading_name(words, keys)
        if not tail and not head:
            continue
        before = text[max(0, run.start() - 160) : run.start()]
        candidate = []
        if head and _VERB_BEFORE.search(before):
            candidate = head
        elif tail and (_OFFICE.search(before + run.group()) or _VERB_AFTER.match(text, run.end())):
            candidate = tail
        if candidate and not registry.match(candidate):
            found.setdefault(_as_written(candidate), None)
    return list(found)
