"""The people, organisations and places a text names, each in its base form.

One entry point for the build: the speaker rules find people and who among
them speaks (``index.speakers``), first names and a story's bare surnames
find the other people (``index.persons``); organisations and places are
found beside them. Names are written as a reader expects to see them listed
(``Джо Байден``, not ``Джо Байдена``); the index keeps one script-neutral
key for each so that either script finds them.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from kgsearch.analyzers import fold, is_cyrillic
from kgsearch.analyzers.russian import is_known as russian_is_known
from kgsearch.analyzers.transliterate import to_cyrillic
from kgsearch.index.covered import Covered
from kgsearch.index.gazetteer import gazetteer_of
from kgsearch.index.kyrgyz_names import kyrgyz_name_mentions, kyrgyz_person, nominative
from kgsearch.index.orgs import find_orgs
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.persons import english_name_mentions, first_name_mentions, same_story
from kgsearch.index.speakers import _is_first_name, _one_name_each, _speaks, find_people, russian_name


@dataclass
class Entities:
    """Everyone and everything a text names, in order of first mention."""

    speakers: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class Mention:
    """One place a text names an entity: its characters, kind (PER, ORG, LOC) and base form."""

    start: int
    end: int
    kind: str
    name: str


def entity_mentions(text: str, registry: PeopleRegistry, lang: str = "") -> list[Mention]:
    """Every mention of a person, organisation or place in ``text``, in order; ``lang`` is the
    document's language (a Kyrgyz text's names lose their Kyrgyz endings)."""
    people = _people(text, registry)
    named_places = gazetteer_of(registry.of("place")).find(text, lang)
    if lang == "ky":
        people = _kyrgyz_people(text, people, registry, named_places)
    orgs, governed = _orgs(text, people, registry, lang)
    # A name inside an organisation's is the organisation's (Human Rights Watch, Terrence Higgins Trust).
    inside = Covered(len(text), ((o.start, o.end) for o in orgs))
    people = [p for p in people if not inside.covers(p.start, p.end)]
    taken = Covered(len(text), [(m.start, m.end) for m in people] + [(m.start, own) for m, own in zip(orgs, governed)])
    places = [Mention(a, b, "LOC", name) for a, b, name in named_places if not taken.overlaps(a, b)]
    return sorted(people + orgs + places)


def _kyrgyz_people(text: str, people: list[Mention], registry: PeopleRegistry, places) -> list[Mention]:
    """The people of a Kyrgyz text, named as written less their Kyrgyz endings: the Russian rules'
    base form misreads Kyrgyz names (Динара as Динар, Масловага as Масловаг), and their first
    names are mostly Kyrgyz ones the dictionary lacks (Өмүрбек Текебаевди: ``kyrgyz_name_mentions``).
    A name whose first or last word is one of the text's ``places`` (Кыргызстандын Украинадагы) is none."""
    taken = Covered(len(text), ((m.start, m.end) for m in people))
    found = []
    for a, b in kyrgyz_name_mentions(text, _common_word):
        if not taken.overlaps(a, b) and not any(pa <= a < pb for pa, pb, _ in places):
            found.append(Mention(a, b, "PER", registry.canonical(_nominative_name(text[a:b])) or text[a:b]))
            taken.add(a, b)
    kept, named, alone = [], {}, []
    for m in people + found:
        written = " ".join(text[m.start:m.end].split())
        known = registry.canonical(m.name) is not None
        last = m.end - len(written.split()[-1])
        if not known and (any(a <= last < b for a, b, _ in places) or _quoted(text, m.start, m.end)):
            continue
        if not known and len(written.split()) < len(m.name.split()):
            alone.append(m)
        elif name := kyrgyz_person(m.name if known else written, known, _first_name):
            named[m.name] = name = registry.canonical(name) or name
            kept.append(Mention(m.start, m.end, "PER", name))
    # A surname alone after the full name is that person (Рахмондун: Эмомали Рахмон), if it is one.
    kept += [Mention(m.start, m.end, "PER", named[m.name]) for m in alone if m.name in named]
    return sorted(kept)


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends a quoted name (``«Ата Мекен»``, ``«Республика — Ата Журт»``)."""
    return text[end:end + 1] in ("»", "”") and text.rfind("«", 0, start) > text.rfind("»", 0, start)


def _nominative_name(written: str) -> str:
    words = written.split()
    return " ".join([*words[:-1], nominative(words[-1])])


def _common_word(word: str) -> bool:
    """A word the Russian dictionary has that is no first name (Министр, Президент, Депутат)."""
    return russian_is_known(fold(word)) and not _first_name(word)


_DANGLING = re.compile(r"(?:\s+(?:and|for|of|the|и))*\s*$")


def _orgs(text: str, people: list[Mention], registry: PeopleRegistry, lang: str = "") -> tuple[list[Mention], list[int]]:
    """The curated organisations, and those the rules find, with where each one's own name
    ends (a place after it is named too: правительства США). A rule's longer name holds
    the curated ones inside it (Совет Безопасности ООН), a quoted one takes its curated name."""
    curated = sorted(Mention(a, b, "ORG", name) for a, b, name in gazetteer_of(registry.of("org")).find(text, lang))
    starts = [c.start for c in curated]
    longest = max((c.end - c.start for c in curated), default=0)
    taken: set[int] = set()  # the curated ones a found name holds
    first_names = sorted(m.start for m in people if _first_name(text[m.start:m.end].split()[0]))
    found, own_ends = [], []
    for a, b, name, own in (find_orgs(text) if lang != "ky" else ()):  # the rules read Russian and English
        # Only the curated names near this one are compared: all of them, for each, was quadratic.
        near = [i for i in range(bisect_left(starts, a - longest), bisect_left(starts, b)) if i not in taken]
        # A person (by a first name) or another organisation after the name is no part of it: the
        # name ends before them (Ministry of Energy Alexander Novak, Ministry of Internal Affairs and
        # Roskomnadzor); words the speaker rules misread are the name's (Office of Drug Safety).
        after = first_names[bisect_right(first_names, a):bisect_left(first_names, b)]
        after += [curated[i].start for i in near
                  if a < curated[i].start < b and text[a:curated[i].start].endswith((" and ", " и "))]
        if after:
            # The name's last words are the text's: drop those from the first intruder on.
            dropped = len(text[min(after):b].split())
            kept = name.split()[:-dropped]
            name = _DANGLING.sub("", " ".join(kept))
            b = a + len(_DANGLING.sub("", text[a:min(after)]))
            if len(name.split()) < 2 or b <= a:
                continue
            own = min(own, b)
        inside = [i for i in near if a <= curated[i].start and curated[i].end <= b]
        if any(curated[i].start < b and a < curated[i].end for i in near if i not in inside):
            continue
        if len(inside) == 1 and (curated[inside[0]].start, curated[inside[0]].end) == (a, b):
            name = curated[inside[0]].name
        elif len(inside) == 1 and "«" in name and text[curated[inside[0]].end:b + 1] in ("»", "\"", "“", "”"):
            name = curated[inside[0]].name
        taken.update(inside)
        found.append(Mention(a, b, "ORG", name))
        own_ends.append(own)
    curated = [c for i, c in enumerate(curated) if i not in taken]
    return curated + found, [c.end for c in curated] + own_ends


def _first_name(word: str) -> bool:
    """A first name the Russian dictionary knows, in either script (David as Давид)."""
    if is_cyrillic(word):
        return _is_first_name(fold(word))
    return any(_is_first_name(w) for w in to_cyrillic(fold(word)))


def _people(text: str, registry: PeopleRegistry) -> list[Mention]:
    found = find_people(text, registry)
    mentions = list(found.mentions)
    taken = Covered(len(text), ((a, b) for a, b, _ in mentions))
    for start, end, words in first_name_mentions(text):
        if not taken.overlaps(start, end):
            known = registry.match(words)
            mentions.append((start, end, known[1] if known else russian_name(words)))
            taken.add(start, end)
    for start, end, name in english_name_mentions(text):
        # Барри Лоуенкрон (Barry Lowenkron): the original spelling of the name before it.
        glossed = text[start - 1:start] == "(" and text[end:end + 1] == ")" and is_cyrillic(text[max(0, start - 3):start])
        if not taken.overlaps(start, end) and not glossed:
            known = registry.match(name.split())
            mentions.append((start, end, known[1] if known and known[0] == len(name.split()) else name))
    return [Mention(a, b, "PER", name) for a, b, name in same_story(text, mentions)]


def find_entities(text: str, registry: PeopleRegistry, lang: str = "") -> Entities:
    """The entities ``text`` names; ``lang`` is the document's language when known."""
    mentions = entity_mentions(text, registry, lang)
    people = [m for m in mentions if m.kind == "PER"]
    named = _one_name_each(list(dict.fromkeys(m.name for m in people)))
    speaking = {m.name for m in people if _speaks(text, m.start, m.end)}
    return Entities(
        speakers=[name for name in named if name in speaking],
        people=named,
        orgs=list(dict.fromkeys(m.name for m in mentions if m.kind == "ORG")),
        places=list(dict.fromkeys(m.name for m in mentions if m.kind == "LOC")),
    )
