"""A list of names at once: for each, the entity it names, how many documents name it, and the first of them.

The batch search journalists ask comparable tools for (``kgsearch names FILE``). Each name is
searched as the filter a user would type for it (``--person``; ``--org`` and ``--place`` where
``Filters`` has them), through ``Index.search``, so that a name finds here what it finds there.
A name is tried as each kind of entity in turn (``tried_as``) and counted as the first that names
any document; a name nobody is named by is a row with 0, not an error.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from kgsearch.analyzers.letters import is_cyrillic
from kgsearch.errors import ParameterError
from kgsearch.facets import other_script_form
from kgsearch.index.people import name_key
from kgsearch.options import FILTERS, Filters, Page

MAX_NAMES = 1000  # in one list: a batch a person prepares, not the archive's every name
# The kinds of entity a name may be, in the order they are tried, each by its facet and the
# ``Filters`` field that selects it; a kind ``Filters`` lacks (yet) is skipped.
KINDS = {"person": "people", "org": "orgs", "place": "places"}


@dataclass
class NameCount:
    """One name of a list: the entity it was found as, and the documents that name it."""

    name: str  # as asked
    kind: str | None  # "person", "org" or "place": the filter that found it; None when none did
    entity: str | None  # as the registry or the index writes it
    other: str | None  # its form in the other script, when known
    total: int  # documents naming it, each story once
    hits: list[dict] = field(default_factory=list)  # the first few: id, date, title
    years: dict[str, int] | None = None  # with by_year: documents by year, newest first
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "entity": self.entity, "other": self.other,
                "total": self.total, "years": self.years, "hits": self.hits, "notes": self.notes}


def read_names(lines: Iterable[str]) -> list[str]:
    r"""The names of a list as written one a line: blank lines and ``#`` comments left out, and
    what no name holds (a byte-order mark Windows editors write first, control characters).

    >>> read_names(["\ufeff# ministers", "Wang Yi\x00", "", "  Ван И  "])
    ['Wang Yi', 'Ван И']
    """
    names = []
    for line in lines:
        name = " ".join("".join(ch for ch in line.replace("\ufeff", "") if ch.isprintable() or ch.isspace()).split())
        if name and not name.startswith("#"):
            names.append(name)
    return names


def checked(names) -> list[str]:
    """``names`` as a list, or a ``ParameterError`` for none or too many."""
    names = [names] if isinstance(names, str) else [" ".join(str(n).split()) for n in names]
    names = [n for n in names if n]
    if not names:
        raise ParameterError("names", "{name}: the list has no names; write one a line")
    if len(names) > MAX_NAMES:
        raise ParameterError("names", f"{{name}}: {len(names):,} names; at most {MAX_NAMES:,} at once, "
                                      "split the list")
    return names


def tried_as(name: str, filters: Filters, registry=None) -> Iterator[tuple[str, Filters]]:
    """The filters ``name`` is searched with, in turn: as the kind a curated registry gives it
    (China is a place, NATO an organisation), then as a person, an organisation, a place (each
    kind ``Filters`` has a field for). The one place a new kind is added."""
    curated = [kind for kind in KINDS if registry is not None and registry.of(kind).canonical(name)]
    for kind in dict.fromkeys([*curated, *KINDS]):
        if KINDS[kind] in FILTERS:
            yield kind, replace(filters, **{KINDS[kind]: (name,)})


def count_names(index, names, filters: Filters, top: int = 3, by_year: bool = False) -> list[NameCount]:
    """A ``NameCount`` for each of ``names`` in ``index`` (an ``Index``; ``Index.names`` calls this):
    people, organisations or places in either script, at most ``MAX_NAMES``, each searched as its
    filter within ``filters`` (which must not name a kind itself); ``top`` newest documents, counts by
    year with ``by_year``. A name nothing names is counted 0; none, or too many, a ``ParameterError``."""
    names = checked(names)
    taken = [f for kind, f in KINDS.items() if f in FILTERS and getattr(filters, f)]
    if taken:
        raise ParameterError(taken[0], "{name}: each name of the list is its own filter; leave {name} out")
    if not isinstance(top, int) or isinstance(top, bool) or top < 0:
        raise ParameterError("top", f"{{name}} counts from 0, not {top!r}")
    return [_count(index, name, filters, top, by_year) for name in names]


def _count(index, name: str, filters: Filters, top: int, by_year: bool) -> NameCount:
    page = Page(limit=max(top, 1), snippets=False, facets=True)
    first = None
    for kind, chosen in tried_as(name, filters, index.registry):
        results = index.search("", chosen, page, correct=False)
        if first is None:
            first = results
        if results.total:
            entity, other = _split(_entity(index, name, kind, results))
            years = results.facets.get("year", {}) if by_year else None
            hits = [{"id": h.id, "date": h.date or None, "title": h.title} for h in results.hits[:top]]
            return NameCount(name, kind, entity, other or _other_script(index, entity, kind), results.total, hits,
                             {str(y): c for y, c in years.items()} if years is not None else None, results.notes)
    known = " or ".join(index.registry.candidates(name)) or None  # the registry's, though nothing names it here
    return NameCount(name, None, known, known and _other_script(index, known), 0, [], {} if by_year else None,
                     first.notes if first else [])


def _entity(index, name: str, kind: str, results) -> str:
    """The name as the registry writes it (a name several people share: each), else as the facet of
    its kind shows it among the documents found: the entry every one of them names, the asked
    name's own first."""
    if kind == "person" and (people := index.registry.candidates(name)):
        return " or ".join(people)
    everywhere = [value for value, count in results.facets.get(kind, {}).items() if count == results.total]
    asked = name_key(name)
    same = [value for value in everywhere if asked and name_key(value.split(" (")[0]) == asked]
    return (same or everywhere or [name])[0]


def _split(shown: str) -> tuple[str, str | None]:
    """A facet's entry as the entity and its other script's form: "Тереза Мэй (Theresa May)"."""
    if shown.endswith(")") and " (" in shown:
        entity, other = shown[:-1].split(" (", 1)
        return entity, other
    return shown, None


def _other_script(index, entity: str, kind: str = "person") -> str | None:
    """The entity's name in the other script, from the registry's aliases (None when it has none)."""
    registry = index.registry.of(kind)
    canonical = registry.canonical(entity)
    if canonical is None:
        return None
    return other_script_form(registry.people[canonical], kind, is_cyrillic(entity))
