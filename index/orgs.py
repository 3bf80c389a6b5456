"""Organisations the curated list does not name, found by the words news builds them from.

A Russian organisation is a head noun (``министерство``, ``партия``,
``банк``) with what names it: a quoted name (``компании «Газпром»``), a Latin
one (``социальной сети Twitter``), or a genitive chain ending in a country or
an acronym (``правительства США``, ``Совета Безопасности ООН``). A lower-case
chain (``Министерство иностранных дел``) or a head alone
(``Конституционного суда``) counts only where a capital letter in mid-sentence
marks a name. The head and its adjectives are put in the nominative
(``в Министерстве иностранных дел`` is ``Министерство иностранных дел``).

An English organisation is a run of capitalised words ending in an
organisation word (``Labour Party``, ``European Commission``) or headed by one
and a name after ``of``/``for`` (``Bank of England``); leading titles, days
and possessives are no part of it (``President of the European Commission``).
Precision first: a head word alone, or at the start of a sentence with nothing
after it, is no organisation.
"""

import re
from functools import cache

from kgsearch.analyzers.russian import parses
from kgsearch.index.gazetteer import bundled

_WORD = re.compile(r"[^\W_]+(?:[’'.&-][^\W_]+)*")
_OPEN = "«\"„“"
_CLOSE = {"«": "»", "\"": "\"", "„": "“", "“": "”"}

# Heads that take a quoted or Latin name (партия «Яблоко», компания Vestas).
_NAMED = frozenset("""
компания партия движение газета журнал агентство банк фонд концерн холдинг корпорация госкорпорация
театр клуб радиостанция телеканал издание еженедельник организация объединение ассоциация
фракция профсоюз завод фабрика комбинат издательство студия авиакомпания группа
университет институт музей центр союз общество служба комитет совет
""".split())
# Heads governing a country (правительства США, парламент Грузии) even in lower case.
_GOVERNING = frozenset("""
правительство парламент мэрия администрация министерство посольство консульство минфин минобороны
генпрокуратура прокуратура полиция армия спецслужба
""".split())
# Heads that, capitalised in mid-sentence, name an organisation with or without a chain.
_CAPITALISED = _NAMED | _GOVERNING | frozenset("""
суд палата собрание дума комиссия департамент управление академия бюро альянс конгресс сенат церковь
инспекция ведомство биржа синод меджлис совбез трибунал
""".split())
_HEADS = _CAPITALISED
_PREFIXES = frozenset(h[:3] for h in _HEADS)
# Too common to be a name by a capital letter alone (Космического центра, Гражданское общество).
_GENERIC = frozenset({"центр", "общество", "группа", "союз", "сеть", "объединение", "организация"})
# Company forms that head a quoted name (ОАО «Газпром»).
_FORMS = frozenset({"ОАО", "ЗАО", "ООО", "ПАО", "АО", "ГУП", "ФГУП", "НКО", "АНО"})
_NOT_ORGS = frozenset({"Советский Союз"})
_CHAIN_STOP = frozenset({"имени", "им"})
_STRONG = frozenset({"министерство", "комитет", "служба", "департамент", "управление", "комиссия"})

_EN_HEADS = frozenset("""
Party Commission Council Committee Association Federation Bank Company Corporation Corp Inc Ltd plc PLC
Group Union Agency Institute University College Club Foundation Trust Authority Department Ministry
Office Service Court Parliament Assembly Congress Senate Airlines Airways Motors Society Organisation
Organization Board League Network Alliance Academy Bureau Fund Exchange Police Army Navy Executive
Tribunal Institution Laboratories Labs Lab Studios Records Regulator Films Pictures Consulting Partners
""".split())
_EN_CHAIN_HEADS = frozenset("""
Bank Ministry Department University Institute Commission Council Committee Association Federation
Society Union Academy Office Court Board League Organisation Organization Fund Bureau College Party
Agency Institution Authority Trust Foundation Museum School Corporation Service Tribunal
""".split())
# Capitalised words that begin a run without belonging to the name after them.
_EN_LEADING = frozenset("""
The A An This That These Those Its His Her Their Our Your My In On At By For From With To Of And But Or
As If When While After Before Since During Under Over Both Each Every All Some Many Most Several
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Mr Mrs Ms Dr Sir Lord Lady Dame President Prime Minister
Minister Secretary Chancellor Chairman Chairwoman Chief Executive Director Governor Head Former Shadow
Deputy Vice Spokesman Spokeswoman Spokesperson Leader Officials Official Members Member Yesterday Today
Now Then Also However Meanwhile Last Next New York's
""".split()) - {"New"}
_EN_NOT_ORGS = frozenset({"West Bank", "Soviet Union", "Oval Office", "Left Bank", "South Bank", "Russian Federation"})
_EN_CONNECT = frozenset({"of", "for", "the", "and", "on", "de", "&"})


def find_orgs(text: str) -> list[tuple[int, int, str, int]]:
    """Organisations in ``text`` (either language): (start, end, name in base form, own end).

    Up to its own end the name is the organisation's own (Paris Club, «Единая Россия»);
    after it come the places it is of (правительства США, Bank of England), named too."""
    words = list(_WORD.finditer(text))
    return sorted(_russian(text, words) + _english(text, words))


def _quoted(text: str, end: int) -> tuple[int, str] | None:
    """A name in quotes right after ``end``: (where its closing quote stands, the name)."""
    after = text[end:end + 2].lstrip(" ")[:1]
    if not after or after not in _OPEN:
        return None
    quote = text.index(after, end)
    close = text.find(_CLOSE[after], quote + 1, quote + 80)
    inner = text[quote + 1:close] if close > 0 else ""
    if (inner[:1].isupper() or inner[:1].isdigit()) and not any(q in inner for q in "\n«»\""):
        return close, inner
    return None


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0«\"„“—–-":
        i -= 1
    return i < 0 or text[i] in ".!?…\n:"


def _adjacent(text: str, a, b) -> bool:
    """Two words with only spaces between them."""
    gap = text[a.end():b.start()]
    return bool(gap) and not gap.strip(" \u00a0")


@cache
def _readings(word: str) -> tuple:
    return tuple((p.normal_form, p.tag) for p in parses(word))


def _head(word: str):
    if word in _FORMS:
        return word, None
    if word[:3].lower() not in _PREFIXES:
        return None
    for lemma, tag in _readings(word.lower()):
        if lemma in _HEADS and "NOUN" in tag:
            return lemma, tag
    return None


def _agrees(word: str, head_tag) -> object:
    for _, tag in _readings(word.lower()):
        if ("ADJF" in tag and tag.case == head_tag.case and tag.number == head_tag.number
                and (tag.number == "plur" or tag.gender == head_tag.gender)):
            return tag
    return None


def _genitive(word: str, nouns_only: bool = False) -> bool:
    for _, tag in _readings(word.lower()):
        if tag.case == "gent" and ("NOUN" in tag or (not nouns_only and "ADJF" in tag)):
            if not {"Name", "Surn", "Patr"} & tag.grammemes:
                return True
    return False


def _country(word: str) -> bool:
    """An acronym (США, ООН, РФ) or a place or organisation the dictionary knows."""
    if word.isupper() and word.isalpha() and 2 <= len(word) <= 6:
        return True
    readings = _readings(word.lower())
    return (any({"Geox", "Orgn"} & tag.grammemes and "NOUN" in tag for _, tag in readings)
            and not any({"Name", "Surn", "Patr"} & tag.grammemes for _, tag in readings))


def _russian(text: str, words: list) -> list[tuple[int, int, str]]:
    found, i = [], 0
    while i < len(words):
        word = words[i].group()
        head = _head(word) if word[:1].isalpha() and (not word.isupper() or word in _FORMS) else None
        if head is None:
            i += 1
            continue
        lemma, tag = head
        if tag is None:  # a company form: only a quoted name follows it
            quoted = _quoted(text, words[i].end())
            if quoted:
                found.append((words[i].start(), quoted[0], f"{word} «{quoted[1]}»", quoted[0]))
            i += 1
            continue
        # Adjectives before the head, kept only when the first of them is capitalised.
        left, j = i, i - 1
        while j >= 0 and i - j <= 3 and _adjacent(text, words[j], words[j + 1]) and _agrees(words[j].group(), tag):
            if words[j].group()[:1].isupper():
                left = j
            j -= 1
        start = words[left].start()
        named = words[left].group()[:1].isupper() and not _sentence_start(text, start)
        end, tail, k = words[i].end(), "", i + 1
        quoted = _quoted(text, end) if lemma in _NAMED else None  # not мэрии «Медузе» (told Meduza)
        if quoted:
            close, inner = quoted
            found.append((start, close, _nominative(words[left:i + 1], tag, named) + f" «{inner}»", close))
            while i < len(words) and words[i].start() < close:
                i += 1
            continue
        # The genitive chain: lower-case words, then capitalised ones ending in a country.
        lower = []
        while (k < len(words) and len(lower) < 4 and _adjacent(text, words[k - 1], words[k])
               and words[k].group().islower() and len(words[k].group()) > 2
               and words[k].group() not in _CHAIN_STOP and _genitive(words[k].group())):
            lower.append(k)
            k += 1
        while lower and not _genitive(words[lower[-1]].group(), nouns_only=True):
            lower.pop()
        k = (lower[-1] + 1) if lower else i + 1
        proper = []
        while (k < len(words) and len(proper) < 3 and _adjacent(text, words[k - 1], words[k])
               and words[k].group()[:1].isupper() and (_genitive(words[k].group()) or _country(words[k].group()))):
            proper.append(k)
            k += 1
        while proper and not _country(words[proper[-1]].group()):
            proper.pop()
        after = proper[-1] + 1 if proper else 0
        if (len(proper) > 1 and after < len(words) and _adjacent(text, words[after - 1], words[after])
                and words[after].group()[:1].isupper()):
            proper.pop()  # Китая Ван Вэньбинь: a capitalised word after the chain is a name's
        latin = []
        if not lower and not proper and lemma in _NAMED:
            k = i + 1
            while (k < len(words) and len(latin) < 4 and _adjacent(text, words[k - 1], words[k])
                   and "A" <= words[k].group()[:1] <= "Z"):
                latin.append(k)
                k += 1
        if not proper and lemma not in _STRONG:
            lower = []  # Конституционного суда, not Конституционного суда комплекса зданий
        chain = lower + proper
        ok = (named and (chain or (left < i and lemma not in _GENERIC)
                         or lemma in {"дума", "конгресс", "сенат", "синод"})
              or (proper and (lemma in _GOVERNING or named or word[:1].isupper()))
              or (lower and lemma in _STRONG and (named or proper))
              or bool(latin))
        if not ok:
            i += 1
            continue
        last = (chain or latin or [i])[-1]
        rest = text[words[i].end():words[last].end()]
        name = _nominative(words[left:i + 1], tag, named) + rest
        if name not in _NOT_ORGS:
            own = words[proper[0]].start() if proper else words[last].end()
            found.append((start, words[last].end(), name, own))
        i = last + 1
    return found


def _nominative(words: list, head_tag, named: bool) -> str:
    """Adjectives and head in the nominative, each word's capitals kept (lower-case head when unnamed)."""
    out = []
    for n, match in enumerate(words):
        word = match.group()
        parse = None
        for p in parses(word.lower()):
            if p.tag.case == head_tag.case and p.tag.number == head_tag.number and (
                    ("NOUN" in p.tag) == (n == len(words) - 1)):
                parse = p
                break
        form = word.lower()
        if parse is not None:
            wanted = {"nomn", head_tag.number} if n == len(words) - 1 else {"nomn", head_tag.number}
            if head_tag.number == "sing" and n < len(words) - 1:
                wanted.add(head_tag.gender)
            inflected = parse.inflect(wanted)
            if inflected is not None:
                form = inflected.word
        if word[:1].isupper() and (named or n > 0):
            form = form[:1].upper() + form[1:]
        out.append(form)
    return " ".join(out)


def _english(text: str, words: list) -> list[tuple[int, int, str]]:
    found, i = [], 0
    while i < len(words):
        if not _is_en_cap(words[i].group()):
            i += 1
            continue
        run = [i]
        k = i + 1
        while k < len(words) and _adjacent(text, words[k - 1], words[k]):
            w = words[k].group()
            if _is_en_cap(w):
                run.append(k)
            elif w in _EN_CONNECT and _connects(text, words, k):
                run.append(k)
            else:
                break
            k += 1
        found.extend(_english_run(text, [words[n] for n in run]))
        i = run[-1] + 1
    return found


def _connects(text: str, words: list, k: int) -> bool:
    """A connector (of, the, and) with, after it and another connector at most, a capitalised word."""
    for n in (k + 1, k + 2):
        if n >= len(words) or not _adjacent(text, words[n - 1], words[n]):
            return False
        if _is_en_cap(words[n].group()):
            return True
        if words[n].group() not in _EN_CONNECT:
            return False
    return False


def _is_en_cap(word: str) -> bool:
    return "A" <= word[:1] <= "Z" and (not word.isupper() or 2 <= len(word) <= 5)


def _bare(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _english_run(text: str, run: list) -> list[tuple[int, int, str]]:
    names = [m.group() for m in run]
    s = 0
    while s < len(run) and (names[s] in _EN_LEADING or names[s] in _EN_CONNECT or names[s].endswith("-based")
                            or (_bare(names[s]) != names[s] and _bare(names[s]) not in _EN_HEADS)):
        s += 1
    found = []
    while s < len(run):
        # The name ends at its last organisation word, or after the of-chain of one.
        end = of = None
        for n in range(s, len(run)):
            word = names[n]
            if word in _EN_CONNECT:
                if word in {"of", "for"} and _bare(names[n - 1]) in _EN_CHAIN_HEADS:
                    chained = _of_chain(names, n + 1)
                    if chained is not None:
                        end, of = chained, n
                break
            if word in _EN_LEADING and n > s:
                break
            if _bare(word) in _EN_HEADS and n > s:
                end = n
            if _bare(word) != word:
                break
        if end is None:
            return found
        if end + 2 == len(run) and bundled("places").find(names[end + 1]):
            end += 1  # Media Lab Europe: a place closing the run is the organisation's
        own = run[end].end() if of is None else run[of + 1].start()
        name = text[run[s].start():run[end].end()]
        name = _bare(name)
        if name not in _EN_NOT_ORGS and end > s:
            found.append((run[s].start(), run[s].start() + len(name), name, own))
        s = end + 1
        while s < len(run) and (names[s] in _EN_LEADING or names[s] in _EN_CONNECT):
            s += 1
    return found


def _of_chain(names: list[str], m: int) -> int | None:
    """The last word of the name after ``of``/``for`` (Bank of England), or None."""
    last = None
    while m < len(names):
        word = names[m]
        if word not in _EN_CONNECT:
            if word in _EN_LEADING:
                break
            last = m
            if _bare(word) != word:
                break
        m += 1
    return last
