"""The people, organisations and places a text names, each in its base form.

One entry point for the build: the speaker rules find people and who among
them speaks (``index.speakers``), first names and a story's bare surnames
find the other people (``index.persons``); organisations and places are
found beside them. Names are written as a reader expects to see them listed
(``Джо Байден``, not ``Джо Байдена``); the index keeps one script-neutral
key for each so that either script finds them.
"""

from dataclasses import dataclass, field

from kgsearch.index.covered import Covered
from kgsearch.index.gazetteer import bundled
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.persons import first_name_mentions, same_story
from kgsearch.index.speakers import _one_name_each, _speaks, find_people, russian_name


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
    """Every mention of a person, organisation or place in ``text``, in order."""
    people = _people(text, registry)
    orgs = [Mention(a, b, "ORG", name) for a, b, name in bundled("orgs").find(text)]
    taken = Covered(len(text), ((m.start, m.end) for m in people + orgs))
    places = [Mention(a, b, "LOC", name) for a, b, name in bundled("places").find(text) if not taken.overlaps(a, b)]
    return sorted(people + orgs + places)


def _people(text: str, registry: PeopleRegistry) -> list[Mention]:
    found = find_people(text, registry)
    mentions = list(found.mentions)
    taken = Covered(len(text), ((a, b) for a, b, _ in mentions))
    for start, end, words in first_name_mentions(text):
        if not taken.overlaps(start, end):
            mentions.append((start, end, registry.match(words) and registry.match(words)[1]
                             or russian_name(words)))
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
