"""Trends: how many documents match a query in each year, month or week.

A trend counts what ``query`` counts as its total (each text once, copies
folded), by the date column, so that a trend by year and the year facet of
the same query agree. A document without a date is in no period; one dated
more coarsely than the periods (only "2019" in a trend by month, only
"2019-05" by week) is in no period either: it is counted apart, as
``coarse``, not piled onto the first month or week its date could mean.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

PERIODS = ("year", "month", "week")
# How precisely a date must be known to fall in a period of each kind.
_PRECISE_ENOUGH = {"year": {"year", "month", "day"}, "month": {"month", "day"}, "week": {"day"}}


@dataclass
class Series:
    """One query's counts, one a period (in ``Trend.periods``' order), and what is in none."""

    query: str
    counts: list[int]
    undated: int
    coarse: int
    total: int
    expansions: list[str] = field(default_factory=list)
    relaxed: bool = False
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"query": self.query, "counts": self.counts, "undated": self.undated, "coarse": self.coarse,
                "total": self.total, "expansions": self.expansions, "relaxed": self.relaxed, "notes": self.notes}


@dataclass
class Trend:
    """Counts of several queries over the same periods, from the first period any of them has a
    document in to the last (periods between with none are there, as zeros)."""

    by: str
    periods: list[str]
    series: list[Series]
    took_ms: float = 0.0

    def to_json(self) -> dict:
        return {"by": self.by, "periods": self.periods, "series": [s.to_json() for s in self.series],
                "took_ms": round(self.took_ms, 1)}

    def rows(self) -> list[list]:
        """A table: a header (period, then each query), a row a period, then the documents in no
        period: ``undated``, and ``coarse`` (dated, but not to the month or week)."""
        rows = [["period", *(s.query for s in self.series)]]
        rows += [[period, *(s.counts[i] for s in self.series)] for i, period in enumerate(self.periods)]
        rows.append(["undated", *(s.undated for s in self.series)])
        if self.by != "year":
            rows.append(["coarse", *(s.coarse for s in self.series)])
        return rows


def check_period(by: str) -> None:
    from kgsearch.errors import ParameterError

    if by not in PERIODS:
        raise ParameterError("by", f"{{name}} is one of {', '.join(PERIODS)}, not {by!r}")


def period_of(moment: date, by: str) -> str:
    """The label of the period holding ``moment``; labels of one kind sort in time order.

    >>> [period_of(datetime(2021, 1, 3), by) for by in PERIODS]
    ['2021', '2021-01', '2020-W53']
    """
    if by == "year":
        return f"{moment.year:04d}"
    if by == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"


def periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period label from ``first`` to ``last``, both included.

    >>> periods_between("2019-11", "2020-02", "month")
    ['2019-11', '2019-12', '2020-01', '2020-02']
    >>> periods_between("2020-W52", "2021-W02", "week")
    ['2020-W52', '2020-W53', '2021-W01', '2021-W02']
    """
    if by == "year":
        return [f"{year:04d}" for year in range(int(first), int(last) + 1)]
    if by == "month":
        (y1, m1), (y2, m2) = (map(int, label.split("-")) for label in (first, last))
        return [f"{n // 12:04d}-{n % 12 + 1:02d}" for n in range(y1 * 12 + m1 - 1, y2 * 12 + m2)]
    monday = date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    end = date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
    labels = []
    while monday <= end:
        labels.append(period_of(monday, "week"))
        monday += timedelta(days=7)
    return labels


def count_periods(docnums, dates: list, by: str, to_datetime, precision_of, missing) -> tuple[Counter, int, int]:
    """(count by period label, undated, coarse) over ``docnums``.

    ``dates`` is the raw date column, ``missing`` its value for no date;
    ``to_datetime`` turns a raw value into the date's first moment, and
    ``precision_of(docnum)`` tells how precisely a document's date is known
    ("year", "month" or "day"). That is asked only of the documents whose
    first moment could be a coarse date's (a first of January or of a month
    at midnight): the rest are dated to the day.
    """
    by_value = Counter(dates[d] for d in docnums)
    undated = by_value.pop(missing, 0)
    counts: Counter = Counter()
    coarse = 0
    ambiguous: dict = {}
    for value, count in by_value.items():
        moment = to_datetime(value)
        if by != "year" and _may_be_coarse(moment, by):
            ambiguous[value] = moment
            continue
        counts[period_of(moment, by)] += count
    if ambiguous:
        for docnum in docnums:
            moment = ambiguous.get(dates[docnum])
            if moment is None:
                continue
            if precision_of(docnum) in _PRECISE_ENOUGH[by]:
                counts[period_of(moment, by)] += 1
            else:
                coarse += 1
    return counts, undated, coarse


def _may_be_coarse(moment: datetime, by: str) -> bool:
    """True when ``moment`` is the first moment of a year (by month), or of a month (by week)."""
    midnight_first = moment.day == 1 and not (moment.hour or moment.minute or moment.second or moment.microsecond)
    return midnight_first and (moment.month == 1 or by == "week")


def precision(date_text: str) -> str:
    """How precisely a stored date (``date_text``: YYYY, YYYY-MM or YYYY-MM-DD) is known.

    >>> precision("2019"), precision("2019-05"), precision("2019-05-01")
    ('year', 'month', 'day')
    """
    return {4: "year", 7: "month"}.get(len(date_text), "day")


def align(by: str, found: list[tuple[str, Counter, int, int, dict]]) -> Trend:
    """A ``Trend`` of each query's (query, counts, undated, coarse, more), over the periods from the
    first any of them counts to the last; ``more`` is the ``Series``' other fields (expansions, …)."""
    labels = sorted({label for _, counts, _, _, _ in found for label, n in counts.items() if n})
    periods = periods_between(labels[0], labels[-1], by) if labels else []
    series = []
    for query, counts, undated, coarse, more in found:
        row = [counts.get(period, 0) for period in periods]
        series.append(Series(query, row, undated, coarse, sum(row) + undated + coarse, **more))
    return Trend(by, periods, series)


def count_queries(index, queries, filters, by: str, translate: bool) -> Trend:
    """``Index.trend``'s work (see there): each query run through the index's stages as a search
    runs it, its matches counted by period."""
    from kgsearch.budget import Budget
    from kgsearch.errors import ParameterError
    from kgsearch.index.schema import MISSING_DATE
    from kgsearch.plan import SUGGESTION_SECONDS
    from kgsearch.suggest import did_you_mean

    started = time.perf_counter()
    check_period(by)
    if isinstance(queries, str):
        queries = [queries]
    if not queries:
        raise ParameterError("queries", "{name}: give at least one query")
    where = index._where(filters)
    dates, to_datetime = index._ranker.dates(), index.searcher.schema["date"].from_column_value

    def precision_of(docnum: int) -> str:
        return precision(index.searcher.stored_fields(docnum).get("date_text") or "")

    found = []
    for query in queries:
        budget = Budget()
        run = index._run(query, where, translate, None, False, budget)
        budget.check()
        counts, undated, coarse = count_periods(run.folded.articles, dates, by, to_datetime, precision_of, MISSING_DATE)
        notes = (list(run.plan.compiler.notes) if run.plan else []) + run.notes  # no plan: filters alone
        if run.matches.relaxed:
            notes.append("no document has all the words; counting documents with any of them")
        if not run.folded.articles and run.plan and (fix := did_you_mean(
                query, run.plan.typed, index.searcher, run.plan.compiler, budget.part(SUGGESTION_SECONDS))):
            notes.append(f"nothing matches; did you mean {fix}?")
        found.append((query, counts, undated, coarse, {"expansions": list(run.plan.expansions) if run.plan else [],
                                                       "relaxed": run.matches.relaxed, "notes": notes}))
    trend = align(by, found)
    trend.took_ms = (time.perf_counter() - started) * 1000
    return trend

