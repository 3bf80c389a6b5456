"""The people, organisations and places a text names, each in its base form.

One entry point for the build: the speaker rules find people and who among
them speaks; organisations and places are found beside them. Names are
written as a reader expects to see them listed (``Джо Байден``, not
``Джо Байдена``); the index keeps one script-neutral key for each
(``index.entitykey``) so that either script finds them.
"""

from dataclasses import dataclass, field

from kgsearch.index.people import PeopleRegistry
from kgsearch.index.speakers import find_people


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
    found = find_people(text, registry)
    return sorted(Mention(a, b, "PER", name) for a, b, name in found.mentions)


def find_entities(text: str, registry: PeopleRegistry, lang: str = "") -> Entities:
    """The entities ``text`` names; ``lang`` is the document's language when known."""
    found = find_people(text, registry)
    return Entities(speakers=found.speakers, people=found.people)
