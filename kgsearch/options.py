"""A search's options as values: ``Filters`` (which documents) and ``Page`` (which of them, how shown).

Each is checked once, when it is made, so a search, a trend, an export and a
watch take the same filters the same way, and a command line, a web request
and a saved watch make them from text through the same functions here. A
value that cannot be taken is a ``ParameterError`` naming the API's
parameter (``date_from``); each caller says it in its own words (``--from``).
"""

from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime

from kgsearch.choices import LANGUAGES, SORTS
from kgsearch.errors import ParameterError
from kgsearch.index.dates import PartialDate, parse_date

__all__ = ["FILTERS", "OPTION_OF", "PAGING", "Filters", "Page", "parse_years", "split"]
# The API's parameters by the command line's options that set them (a URL's parameters are named
# as the options, without the dashes), for messages about a value given there or a setting to try.
OPTION_OF = {"date_from": "--from", "date_to": "--to", "years": "--year", "speakers": "--speaker", "people": "--person",
             "orgs": "--org", "places": "--place",
             "lang": "--lang", "source": "--source", "sort": "--sort", "limit": "--limit", "page": "--page",
             "fields": "FIELD", "by": "--by", "queries": "QUERY", "date": "--date",
             # the settings the index layer's errors suggest
             "index": "--index", "allow_empty=True": "--allow-empty", "procs=1": "--procs 1",
             "semantic": "--semantic", "similar": "kgsearch similar", "engine": "--engine",
             "engine='xapian'": "--engine xapian"}


@dataclass(frozen=True)
class Filters:
    """Which documents a search, a trend or a watch looks at; empty, every document.

    ``years`` are years or (first, last) pairs, kept as pairs; ``date_from`` and
    ``date_to`` are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (inclusive, at their
    precision; a ``PartialDate`` or ``datetime`` too); ``speakers`` (who speak,
    meet or are quoted) and ``people`` (everyone named), ``orgs`` and ``places`` are
    names in any alias, script or case form (``index.entitykey``); ``lang`` a language
    code; ``source`` a source's name.
    """

    years: tuple = ()
    date_from: object = None
    date_to: object = None
    speakers: tuple = ()
    people: tuple = ()
    lang: str | None = None
    source: str | None = None
    orgs: tuple = ()
    places: tuple = ()

    def __post_init__(self):
        set_ = object.__setattr__  # frozen: normalised once, here
        set_(self, "years", tuple(_year_ranges(self.years or ())))
        set_(self, "speakers", _names(self.speakers))
        for name in ("people", "orgs", "places"):
            set_(self, name, _names(getattr(self, name)))
        for name in ("date_from", "date_to", "lang", "source"):
            if getattr(self, name) == "":
                set_(self, name, None)
        if self.lang is not None and str(self.lang).lower() not in LANGUAGES:
            raise ParameterError("lang", f"{{name}} must be one of {', '.join(LANGUAGES)}, not {self.lang!r}")
        start, end = self.start, self.end
        if start and end and start.start() > end.end():
            raise ParameterError("date_to", f"{{name}} {end.iso} is before the start of the range, {start.iso}: "
                                            "the range runs backwards; write the earlier date first")

    @property
    def start(self) -> PartialDate | None:
        return _date_option(self.date_from, "date_from")

    @property
    def end(self) -> PartialDate | None:
        return _date_option(self.date_to, "date_to")

    def named(self) -> list[str]:
        """The filters set, by the names a note uses for them (empty: no filter)."""
        return [name for name, value in (("years", self.years), ("dates", self.date_from or self.date_to),
                                         ("speakers", self.speakers), ("people", self.people),
                                         ("organisations", self.orgs), ("places", self.places),
                                         ("language", self.lang), ("source", self.source)) if value]

    def to_dict(self) -> dict:
        """The filters set, as JSON keeps them (a watch's file): the API's names, lists for tuples."""
        found = {}
        for name, value in asdict(self).items():
            if value in (None, (), ""):
                continue
            if isinstance(value, (PartialDate, datetime)):
                value = value.iso if isinstance(value, PartialDate) else value.date().isoformat()
            found[name] = [list(v) if isinstance(v, tuple) else v for v in value] if isinstance(value, tuple) \
                else value
        return found

    @classmethod
    def from_dict(cls, values: dict) -> "Filters":
        """Filters from ``to_dict``'s form; names it does not know (a later version's) are left out."""
        return cls(**{name: value for name, value in values.items() if name in FILTERS})

    @classmethod
    def parse(cls, *, years=(), date_from=None, date_to=None, speakers=(), people=(), lang=None,
              source=None, orgs=(), places=()) -> "Filters":
        """Filters from text as typed (a command line's options, a URL's parameters): years as
        ``2025`` or ``2020-2022``, empty values as none."""
        return cls(parse_years(years), date_from or None, date_to or None, tuple(s for s in speakers if s),
                   tuple(p for p in people if p), lang or None, source or None,
                   tuple(o for o in orgs if o), tuple(p for p in places if p))


@dataclass(frozen=True)
class Page:
    """Which hits of a search are shown, in what order and with what: page ``number`` of
    ``limit`` hits by ``sort``; ``snippets`` of the matched words; ``facets``, counts over every
    hit; ``all_versions`` shows each copy and reprint of a story as a hit of its own; ``semantic``
    fuses in the documents nearest in meaning."""

    number: int = 1
    limit: int = 10
    sort: str = "relevance"
    snippets: bool = True
    facets: bool = False
    all_versions: bool = False
    # Fuse the documents nearest in meaning into a plain-word query's ranking (``kgsearch.semantic``):
    # None, where the index has vectors and the encoder is installed; False, never; True, or an error.
    semantic: bool | None = None

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ParameterError("sort", f"{{name}} must be one of {', '.join(SORTS)}, not {self.sort!r}")
        for name, value in (("limit", self.limit), ("page", self.number)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ParameterError(name, f"{{name}} counts from 1, not {value!r}")

    def but(self, **changes) -> "Page":
        return replace(self, **changes)


FILTERS = tuple(f.name for f in fields(Filters))
# Page's fields by the keyword arguments that set them (the page number is ``page``).
PAGING = {"page": "number", **{f.name: f.name for f in fields(Page) if f.name != "number"}}


def split(filters: Filters | None, page: "Page | int | None", keywords: dict) -> tuple[Filters, Page]:
    """``Filters`` and ``Page`` from a call's objects and its keyword arguments, which set their
    fields one by one (``years=[2024], limit=5, page=2``: a search's arguments before there were
    objects, and still the short way to write one)."""
    if isinstance(page, int) and not isinstance(page, bool):
        keywords = {**keywords, "page": page}
        page = None
    for value, kind, where in ((filters, Filters, "filters"), (page, Page, "page")):
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"{where} must be a {kind.__name__}, not {type(value).__name__}")
    unknown = set(keywords) - set(FILTERS) - set(PAGING)
    if unknown:
        raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
    filters = filters or Filters()
    page = page or Page()
    by_filter = {name: value for name, value in keywords.items() if name in FILTERS}
    by_page = {PAGING[name]: value for name, value in keywords.items() if name in PAGING}
    return (replace(filters, **by_filter) if by_filter else filters), (page.but(**by_page) if by_page else page)


def parse_years(values) -> list[tuple[int, int]]:
    """``--year`` values as typed (2025, or a range 2020-2022) as (first, last) pairs."""
    years = []
    for value in values:
        first, _, last = str(value).partition("-")
        if not (first.isdigit() and len(first) == 4 and (not last or last.isdigit() and len(last) == 4)):
            raise ParameterError("years", f"bad {{name}} {value!r}; write 2025 or a range 2020-2022")
        if last and int(last) < int(first):
            raise ParameterError("years", f"{{name}} {value} runs backwards; write the earlier year first")
        years.append((int(first), int(last or first)))
    return years


def _names(values) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values or ())


def _year_ranges(years) -> list[tuple[int, int]]:
    """``years`` as (first, last) pairs: each item a year or a (first, last) pair; one year, or
    one range as typed (``"2020-2022"``), may stand alone (``years=2017`` read "2017" digit by digit)."""
    if isinstance(years, str):
        return parse_years([years])
    if isinstance(years, int):
        years = [years]
    ranges = []
    for year in years:
        first, last = year if isinstance(year, (tuple, list)) and len(year) == 2 else (year, year)
        try:
            first, last = int(first), int(last)
        except (TypeError, ValueError):
            raise ParameterError("years", f"{{name}} takes years or (first, last) pairs, not {year!r}") from None
        if last < first:
            raise ParameterError("years", f"{{name}} {first}-{last} runs backwards; write the earlier year first")
        ranges.append((first, last))
    return ranges


def _date_option(value, name: str) -> PartialDate | None:
    if value in (None, ""):
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        return PartialDate(value.year, value.month, value.day)
    parsed = parse_date(str(value))
    if parsed is None:
        raise ParameterError(name, f"bad date {str(value)!r} for {{name}}; write YYYY, YYYY-MM or YYYY-MM-DD")
    return parsed
