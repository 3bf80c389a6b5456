"""The people who speak, meet or are quoted in a release.

Known people are found by their aliases in any script and case form. Others
are found by the two places news puts a name: after an office (``Minister of
Foreign Affairs Ruslan Kazakbaev``, ``посол КНР Ду Дэвэнь``) and next to a
reporting verb (``Du Dewen said``, ``отметил Кулубаев``). Only runs of
capitalised words are examined, so the scan is cheap next to analysis.
"""

import re
from itertools import combinations
from dataclasses import dataclass, field
from functools import cache

from kgsearch.analyzers import fold, is_cyrillic
from kgsearch.analyzers.names import name_terms
from kgsearch.analyzers.russian import is_common_word, is_known, lemmatize, parses
from kgsearch.index.given_names import is_given_name
from kgsearch.index.people import PeopleRegistry, name_stem, word_key

_UPPER = "A-ZА-ЯЁӨҮҢ"
# A run of capitalised words on one line: the only places names can be.
_RUN = re.compile(rf"[{_UPPER}][^\W_]*(?:[’'-][^\W_]+)*(?:[ \t\u00a0]+[{_UPPER}][^\W_]*(?:[’'-][^\W_]+)*)*")
_SPLIT = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_SENTENCE_START = re.compile(r"(?:\A|[.!?…]\s*|\n\s*)$")
# Endings a first name takes in the oblique cases (Ирины, Ашрафом, Марии).
_OBLIQUE_ENDINGS = ("ой", "ей", "ом", "ем", "ым", "им", "ою", "ею", "у", "ю", "ы", "ии")
# A Russian surname in a case other than the nominative of either gender (Токаеву, Пескове).
_MAX_NAME_WORDS = 6  # names longer than this (none known) are compared one by one
_GENITIVE_SURNAME = re.compile(r"(?:(?:ов|ев|ин|ын)а|[ое]го)$")
_OBLIQUE_SURNAME = re.compile(r"(?:ов|ев|ин|ын)(?:у|ым|е|ой|ою|ых|ыми)$")

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
# What makes a mention a speaker's: the person acts in the sentence, as its subject (a
# reporting or meeting verb, any past-tense verb, a headline's present), or is met, received
# or present. Between the name and its verb may stand an aside (", вручая награды,"), the
# rest of an enumeration (" and Uzbek President Shavkat Mirziyoyev"), an adverbial ("on
# Tuesday", "в письме", "has repeatedly").
_ENGLISH_ACTS = (r"said|says|told|tells|met|meets|meet|held|holds|hold|took|takes|gave|gives|made|makes|sent|"
                 r"sends|read|reads|spoke|speaks|wrote|writes|visits|receives|discusses|urges|calls|signs|"
                 r"congratulates|hails|pledges|thanks|attends|addresses|joins|exchange|exchanges|"
                 r"[a-z]+ed")
_RUSSIAN_ACTS = r"[а-яё]+(?:ал|ял|ил|ел|ул|ыл)(?:а|о|и|ся|ась|ось|ись)?"
_MEETS_AFTER = re.compile(
    r"(?:,\s+[^,.;:!?\n]{1,60},)?(?:,?\s+(?:and|и)\s+[^.;:!?\n]{1,100}?)?"
    r"(?:\s+(?:has|have|had|also|then|further|[a-z]+ly|on\s+\w+|in\s+(?:a|an|the|his|her)?\s*\w+|"
    r"в\s+\w+|во\s+\w+|на\s+\w+|также|вновь|неоднократно|уже)){0,2}"
    rf",?\s+(?:{_ENGLISH_ACTS}|{_RUSSIAN_ACTS})\b",
    re.I,
)
_MEETS_BEFORE = re.compile(
    r"\b(?:met|meets|meeting|talks|call|conversation|received|receives|joined|joins|welcomed|presence\s+of|"
    r"встреч\w*|переговор\w*|бесед\w*|разговор\w*|принял\w*|присутствии|участи\w*)"
    r"\s+(?:(?:with|с|со)\s+)?[^.!?;\n]{0,160}$",
    re.I,
)
# "заявил пресс-секретарь президента Дмитрий Песков": the verb, then the speaker's office,
# in one clause (no comma, no "что" that would open another).
_SAID_BY = re.compile(
    r"\b(?:said|noted|stressed|added|заявил\w*|отметил\w*|подчеркнул\w*|сообщил\w*|сказал\w*|добавил\w*|"
    r"указал\w*|пояснил\w*|рассказал\w*)\s+(?:(?!что\b|that\b)[^,.;:!?«»\"\n]){0,100}$",
    re.I,
)
_QUOTED = re.compile(r"\s*:\s*[«\"“„]")
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
Sir Lord Lady Dame Mrs Miss Prof Professor Rev Judge Justice General Colonel Captain Sergeant Officer Detective
Post Insider Welle Stream Auctions Rail Railway School High College Times News Journal Herald Daily Mail Telegraph
Guardian Express Street Group Company Corporation Corp Inc Ltd Airlines Airways Motors Oil Gas Holdings Capital
Partners Foundation Club City Football Rugby Cricket Stadium Park Hall Court House Network Channel Radio TV
Television Magazine Review Books Records Studios Pictures Entertainment Music Festival Awards Prize Cup League
Association Federation Society Union Movement Front Army Police Board Trust Hospital Church Museum Gallery
Theatre Theater Square Bridge Tower Station Line Port Borders Kingdom Island Islands Lake River Valley Coast
Market Markets Exchange Index Fashion Week Games Olympics Championship Open Records Labs Technologies Systems
Software Microsoft Google Apple Sony Nintendo Intel Yahoo Reuters Bloomberg BBC CNN Sky Channel Premiership
Attorney Chief Producer Senator Bookmaker Chancellor Coach Manager Boss Executive Analyst Economist Editor Chef
Wharf Yard St Standard Insight Coalition Chambers Citizens Tobacco Madrid Real Mia Bank Stanley Sachs Securities
Research Consulting Unit Division Bureau Commons Lords Downing Whitehall Westminster Wall Broadway Hollywood
Matrix Reform Law Citizens British English Scottish Welsh Irish French German Italian Spanish Japanese Indian
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
    """A name the registry does not know, as people write it: Russian words in the
    nominative of the person's gender (Марии Захаровой is Мария Захарова), no
    patronymic (Владимир Владимирович Путин is Владимир Путин), Latin words as
    written (without a possessive 's)."""
    if any(map(is_cyrillic, words)):
        return russian_name(words)
    return " ".join(re.sub(r"['’]s$", "", word) for word in words)


def russian_name(words: list[str]) -> str:
    """A Russian name in the nominative, in the gender of its first name, without a patronymic.

    A name whose first name stands in the nominative is written as it stands
    (Ашраф Гани, Патрисия Булрич: no dictionary declines them); else each
    word is put in the nominative (Марии Захаровой is Мария Захарова).

    >>> russian_name(["Марии", "Захаровой"]), russian_name(["Дмитрия", "Пескова"])
    ('Мария Захарова', 'Дмитрий Песков')
    >>> russian_name(["Владимир", "Владимирович", "Путин"]), russian_name(["Сергея", "Лаврова"])
    ('Владимир Путин', 'Сергей Лавров')
    >>> russian_name(["Ашраф", "Гани"]), russian_name(["Ирины", "Вознесенской"])
    ('Ашраф Гани', 'Ирина Вознесенская')
    """
    kept = [w for w in words if not _is_patronymic(fold(w))] or words
    surname_oblique = len(kept) >= 2 and _OBLIQUE_SURNAME.search(fold(kept[-1])) is not None
    # Асия Биби: a woman's name in -ия the dictionary knows only as the genitive of Асий,
    # before a surname that is not a Russian one in the genitive.
    feminine_ia = (len(kept) >= 2 and fold(kept[0]).endswith("ия") and not _knows_woman(fold(kept[0]))
                   and not _GENITIVE_SURNAME.search(fold(kept[-1])))
    if (_in_nominative(fold(kept[0])) or feminine_ia) and not surname_oblique:
        return " ".join(kept)
    nominative = [_nominative(w) if is_cyrillic(w) else w for w in kept]
    if len(nominative) >= 2 and _is_female_first_name(fold(nominative[0])):
        nominative[-1] = _feminine_surname(nominative[-1])
    return " ".join(nominative)


def _in_nominative(first_name: str) -> bool:
    """Whether a first name stands in the nominative: as the dictionary reads it, or, for a
    name it does not know, by its ending."""
    readings = [p for p in parses(first_name) if "Name" in p.tag.grammemes]
    if readings and is_known(first_name):
        return "nomn" in readings[0].tag.grammemes
    return not first_name.endswith(_OBLIQUE_ENDINGS)


def _knows_woman(first_name: str) -> bool:
    return any({"Name", "femn"} <= p.tag.grammemes for p in parses(first_name))


def _nominative(word: str) -> str:
    """One word of a Russian name in the nominative; each part of a compound on its own
    (Буше-младшем is Буш-младший)."""
    parts = []
    for part in word.split("-"):
        term = name_terms(fold(part))[0] if part[:1].isupper() else lemmatize(fold(part))
        parts.append(term[:1].upper() + term[1:] if part[:1].isupper() else term)
    return "-".join(parts)


def _is_patronymic(word: str) -> bool:
    return any("Patr" in p.tag.grammemes for p in parses(word)[:2])


def _is_female_first_name(word: str) -> bool:
    best = next((p for p in parses(word) if "Name" in p.tag.grammemes), None)
    return best is not None and "femn" in best.tag.grammemes and best.normal_form == word


def _feminine_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ий", "ый", "ой")):  # Вознесенская, Яровая
        return surname[:-2] + "ая"
    return surname


def _from_first_name(candidate: list[str]) -> list[str]:
    """A name of three words that does not open with its first name starts at it
    (Минниханов Ирек Минниханов, Росприроднадзор Олег Митволь, Unison Dave Prentis,
    Australian Lynton Crosby)."""
    if len(candidate) == 3:
        known = (lambda w: _is_first_name(fold(w))) if is_cyrillic(candidate[0]) else is_given_name
        if known(candidate[1]) and not known(candidate[0]):
            return candidate[1:]
    return candidate


def _one_script(candidate: list[str]) -> list[str]:
    """The words of a name in the script of its last word: a Latin word glued before a
    Russian name (Brexit Дэвид Дэвис, Cockpit Мартин Лохер) is no part of it."""
    if not candidate:
        return candidate
    script = is_cyrillic(candidate[-1])
    n = 0
    while n < len(candidate) and is_cyrillic(candidate[-1 - n]) == script:
        n += 1
    return candidate[len(candidate) - n:] if n >= 2 else []


def _is_first_name(word: str) -> bool:
    return is_known(word) and any("Name" in p.tag.grammemes for p in parses(word)[:2])


def _one_name_each(names: list[str]) -> list[str]:
    """Drops a name whose words all stand in a longer one found too (Ian in Sir Ian Blair).

    Every part of every name is listed once, rather than every name compared
    with every other: a text naming 16,000 people took 20 s that way.

    >>> _one_name_each(["Ian", "Sir Ian Blair", "Blair Ian", "Ду Дэвэнь"])
    ['Sir Ian Blair', 'Ду Дэвэнь']
    """
    parts: set[frozenset] = set()
    long_names = []
    for name in names:
        words = set(name.split())
        if len(words) > _MAX_NAME_WORDS:
            long_names.append(words)
            continue
        ordered = sorted(words)
        for size in range(1, len(ordered)):
            parts.update(frozenset(c) for c in combinations(ordered, size))
    return [name for name in names
            if (own := frozenset(name.split())) not in parts and not any(own < other for other in long_names)]


def find_speakers(text: str, registry: PeopleRegistry) -> list[str]:
    """Canonical names of the people who speak, meet or are quoted in ``text``, in order.

    >>> from kgsearch.index.people import Person
    >>> registry = PeopleRegistry([Person("Wang Yi", aliases=("Ван И",))])
    >>> find_speakers("Посол Ду Дэвэнь отметил, что министр иностранных дел КНР Ван И шлет поздравления.", registry)
    ['Ду Дэвэнь']
    """
    return find_people(text, registry).speakers


@dataclass
class People:
    """Everyone a text names, and among them those who speak, meet or are quoted."""

    speakers: list[str]
    people: list[str]
    # Where each name stands: (start, end, name), for measuring spans against gold annotations.
    mentions: list[tuple[int, int, str]] = field(default_factory=list)


def find_people(text: str, registry: PeopleRegistry) -> People:
    """The people ``text`` names, canonical names in order of first mention, with its speakers.

    A person is a speaker where a mention stands beside a reporting verb
    (``said``, ``отметил``), a meeting (``met with``, ``встретился``, ``провел
    переговоры с``) or a quotation; a person only mentioned (whose
    congratulations someone else conveys) is one of the people, no speaker.

    >>> from kgsearch.index.people import Person
    >>> registry = PeopleRegistry([Person("Wang Yi", aliases=("Ван И",))])
    >>> found = find_people("Посол Ду Дэвэнь отметил, что министр иностранных дел КНР Ван И шлет поздравления.", registry)
    >>> found.speakers, found.people
    (['Ду Дэвэнь'], ['Ду Дэвэнь', 'Wang Yi'])
    """
    people: dict[str, None] = {}
    speaking: set[str] = set()
    mentions: list[tuple[int, int, str]] = []

    def mention(name: str, start: int, end: int) -> None:
        people.setdefault(name, None)
        mentions.append((start, end, name))
        if name not in speaking and _speaks(text, start, end):
            speaking.add(name)

    for run in _RUN.finditer(text):
        group = run.group()
        if " " not in group and "\t" not in group and "\u00a0" not in group:
            # One capitalised word (most runs: a sentence's first word): only a one-word alias can
            # be it, and the context rules below need two words.
            known = registry.match([group], [name_stem(group)])
            if known:
                mention(known[1], run.start(), run.end())
            continue
        spans = [(m.start() + run.start(), m.end() + run.start()) for m in _SPLIT.finditer(group)]
        words = [text[a:b] for a, b in spans]
        stems = [name_stem(w) for w in words]
        i = 0
        while i < len(words):
            # Only as many words as the longest alias: slicing to the run's end
            # made a long run of capitalised words quadratic.
            end = i + registry.longest
            known = registry.match(words[i:end], stems[i:end])
            if known:
                mention(known[1], spans[i][0], spans[i + known[0] - 1][1])
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
        candidate, office = [], False
        if head and _verb_ends(before):
            candidate = head
        elif tail and ((office := _office_in_clause(before + group)) or _VERB_AFTER.match(text, run.end())):
            candidate = tail
        opens_run = candidate == words[: len(candidate)]
        if candidate and opens_run and _THE_BEFORE.search(before):
            continue  # "the Washington Post said": an organisation
        if len(candidate) == 3 and opens_run and _SENTENCE_START.search(before):
            candidate = candidate[1:]  # "Later Ian Blair told": the sentence's first word is no name
        candidate = _from_first_name(_one_script(candidate))
        if (len(candidate) == 2 and not is_cyrillic(candidate[0]) and not is_given_name(candidate[0])
                and not office and not _office_in_clause(before + group)):
            continue  # a company beside a verb (Krispy Kreme said, said Swiss Re): no given name, no office
        if candidate and not registry.match(candidate):
            first = len(words) - len(candidate) if candidate == words[-len(candidate):] else 0
            name = _as_written(candidate)
            if " " in name:  # not a first name and patronymic (Федор Михайлович) alone
                mention(name, spans[first][0], spans[first + len(candidate) - 1][1])
    named = _one_name_each(list(people))
    return People([name for name in named if name in speaking], named, mentions)


# Two rules are asked of most capitalised runs, and each ends at the text's end; ``search``
# tried them at each of its 200 characters (30 us a run, a tenth of a document's metadata).
# Where they can start is found first: the same matches, searched from there.
_CLAUSE_ENDS = ".;:!?()\n«»\""


def _verb_ends(before: str) -> bool:
    """``_VERB_BEFORE.search(before)``: the verb is in the last word (then white space)."""
    stripped = before.rstrip()
    if len(stripped) == len(before):
        return False
    start = len(stripped)
    while start and (stripped[start - 1].isalnum() or stripped[start - 1] == "_"):
        start -= 1
    return _VERB_BEFORE.search(before, start) is not None


def _office_in_clause(words: str) -> bool:
    """``_OFFICE.search(words)``: the office stands after the clause's last punctuation."""
    start = max(words.rfind(mark) for mark in _CLAUSE_ENDS) + 1
    return _OFFICE.search(words, start) is not None


def _speaks(text: str, start: int, end: int) -> bool:
    """Whether the mention at text[start:end] speaks, meets or is quoted."""
    if _VERB_AFTER.match(text, end) or _MEETS_AFTER.match(text, end) or _QUOTED.match(text, end):
        return True
    before = text[max(0, start - 200) : start]
    return bool(_verb_ends(before) or _SAID_BY.search(before) or _MEETS_BEFORE.search(before))
