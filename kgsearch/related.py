"""Related entities: the people (organisations, places) most often named in a query's matches.

Read from the entity facets a search counted (``Page(facets=True)``), so that they cost what the
facets cost and nothing when not asked for; each comes with the filter that narrows the search to
it. The entity the query itself names is left out (asking for Путин, Putin is named in every match):
a name whose surname the query or its name filters have, in either script (by the surname's
consonants, ``phonetic_key``), or one the registry knows under a name asked.
"""

import re
from dataclasses import dataclass

from kgsearch.analyzers.transliterate import phonetic_key
from kgsearch.choices import FACET_FIELDS
from kgsearch.index.people import name_stem
from kgsearch.names import KINDS
from kgsearch.options import OPTION_OF, Filters

# The entity facets the index has, in the order they are shown.
ENTITY_FACETS = tuple(kind for kind in KINDS if kind in FACET_FIELDS)
LIMIT = 8  # of each kind
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SHORTEST_KEY = 3  # consonants: shorter keys collide across names (May, Мэй, Мау are all "m")


@dataclass(frozen=True)
class Related:
    """An entity named in a query's matches: how many, and the filter that selects them."""

    kind: str  # a facet: "person", "org", "place"
    name: str
    count: int

    @property
    def option(self) -> str:
        """The command line's filter for this kind (``--person``)."""
        return OPTION_OF.get(KINDS[self.kind], f"--{self.kind}")

    @property
    def parameter(self) -> str:
        """The web page's parameter for it (the option without its dashes)."""
        return self.option.lstrip("-")

    def command_line(self) -> str:
        """The filter ready to type: ``--person "Wang Yi"``."""
        if re.fullmatch(r"[\w.-]+", self.name):
            return f"{self.option} {self.name}"
        quoted = "".join("\\" + ch if ch in '\\"$`' else ch for ch in self.name)  # as a shell reads "…"
        return f'{self.option} "{quoted}"'

    def to_json(self) -> dict:
        return {"kind": self.kind, "name": self.name, "count": self.count, "filter": {self.parameter: self.name}}


def related(results, registry, filters: Filters | None = None, limit: int = LIMIT) -> list[Related]:
    """The entities most often named in ``results`` (a search's, with facets), ``limit`` of each kind,
    but those that its query (as corrected, if it was) or its name ``filters`` name."""
    if not results.facets:
        return []
    asked = [results.corrected or results.query]
    if filters is not None:
        asked += [name for kind in ("speakers", *KINDS.values()) for name in getattr(filters, kind, ())]
    stems, keys, known = set(), set(), set()
    for text in asked:
        for word in _WORD.findall(text):
            stems.add(name_stem(word))
            if len(key := phonetic_key(name_stem(word))) >= _SHORTEST_KEY:
                keys.add(key)
        known.update(registry.candidates(text))
    found = []
    for kind in ENTITY_FACETS:
        shown = [(name, count) for name, count in results.facets.get(kind, {}).items()
                 if not _named_by_query(name, stems, keys, known, registry)]
        found += [Related(kind, name, count) for name, count in shown[:limit]]
    return found


def _named_by_query(name: str, stems: set, keys: set, known: set, registry) -> bool:
    """Whether facet entry ``name`` (maybe ``Name (Другое имя)``) is an entity the query asks for."""
    for form in re.split(r"\s*[()]\s*", name):
        words = _WORD.findall(form)
        if not words:
            continue
        surname = name_stem(words[-1])
        if surname in stems or phonetic_key(surname) in keys or registry.canonical(form) in known:
            return True
    return False
