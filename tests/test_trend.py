"""Trends (issue 15): documents matching each query by year, month or week, counted as `query`
counts its total, on real NG articles (some dated only to the year or month) and BBC stories
(undated)."""

import csv
import io
import json
from collections import Counter

import pytest
from conftest import invoke
from news_sample import folder, news  # noqa: F401 (fixtures)

import kgsearch
from kgsearch.trend import period_of, periods_between, precision

QUERIES = ["Путин", "выборы", "government", "railway", '"Государственной думы"', "Labour NOT Blair",
           "эконом*", "Москва date:>2017"]


def matching_dates(ix, query, **filters) -> list[str]:
    """The date (as stored: YYYY, YYYY-MM, YYYY-MM-DD or "") of every text the query's total counts."""
    results = ix.search(query, limit=1, snippets=False, **filters)
    every = ix.search(query, limit=max(1, results.total), snippets=False, **filters)
    assert len(every.hits) == results.total
    return [h.date for h in every.hits]


@pytest.mark.parametrize("query", QUERIES)
def test_a_trend_by_year_is_the_year_facet(news, query):
    facet = news.search(query, limit=1, snippets=False, facets=True).facets["year"]
    trend = news.trend(query, by="year")
    (series,) = trend.series
    by_year = {year: n for year, n in zip(trend.periods, series.counts) if n}
    if series.undated:
        by_year["none"] = series.undated
    assert by_year == facet
    assert series.coarse == 0  # a year is known for every dated document


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("by", ["month", "week"])
def test_months_and_weeks_count_each_matching_text_once(news, query, by):
    dates = matching_dates(news, query)
    trend = news.trend(query, by=by)
    (series,) = trend.series
    needed = {"month": {"month", "day"}, "week": {"day"}}[by]
    precise = [d for d in dates if d and precision(d) in needed]
    expected = Counter(period_of(kgsearch.index.dates.parse_date(d).start(), by) for d in precise)
    assert {p: n for p, n in zip(trend.periods, series.counts) if n} == dict(expected)
    assert series.undated == dates.count("")
    assert series.coarse == len([d for d in dates if d]) - len(precise)
    assert series.total == len(dates) == sum(series.counts) + series.undated + series.coarse


def test_coarse_dates_are_in_the_sample(news):
    """The test above must see documents dated only to the year and to the month."""
    dates = matching_dates(news, "Путин OR выборы OR правительство OR Москва")
    assert {precision(d) for d in dates if d} == {"year", "month", "day"}


def test_empty_periods_between_are_zeros(news):
    trend = news.trend(["Путин", "выборы"], by="month")
    assert trend.periods == periods_between(trend.periods[0], trend.periods[-1], "month")
    assert 0 in trend.series[0].counts  # the sample has months without Putin
    assert all(len(s.counts) == len(trend.periods) for s in trend.series)
    assert any(s.counts[0] for s in trend.series) and any(s.counts[-1] for s in trend.series)


def test_filters_and_translation_apply_as_in_query(news):
    for query, filters in [("railway", {}), ("railway", {"translate": False}), ("выборы", {"lang": "ru"}),
                           ("government", {"years": [(2017, 2018)]}), ("Путин", {"date_from": "2018-03"})]:
        options = dict(filters)
        translate = options.pop("translate", True)
        total = news.search(query, limit=1, snippets=False, translate=translate, **options).total
        (series,) = news.trend(query, by="year", translate=translate, **options).series
        assert series.total == total, (query, filters)
    assert news.trend("railway").series[0].expansions  # железная дорога, as query adds it


@pytest.mark.parametrize("period, moment, label", [
    ("year", (2021, 1, 3), "2021"), ("month", (2021, 1, 3), "2021-01"),
    ("week", (2021, 1, 3), "2020-W53"), ("week", (2021, 1, 4), "2021-W01"), ("week", (2024, 12, 30), "2025-W01"),
])
def test_period_labels(period, moment, label):
    from datetime import datetime

    assert period_of(datetime(*moment), period) == label


def test_the_cli_charts_each_query_side_by_side(folder):
    result = invoke("trend", "Путин", "выборы", "--by", "year", "--index", folder)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    header = next(line for line in lines if "Путин" in line and "выборы" in line)
    assert header.index("Путин") < header.index("выборы")
    with kgsearch.open_index(folder) as ix:
        trend = ix.trend(["Путин", "выборы"])
    for period, *counts in trend.rows()[1:-1]:
        row = next(line for line in lines if line.startswith(period))
        assert [int(n) for n in row.split() if n.isdigit()][1:] == counts  # the period, then each count
    undated = next(line for line in lines if line.startswith("undated"))
    assert f"Путин {trend.series[0].undated}" in undated and f"выборы {trend.series[1].undated}" in undated


def test_the_cli_json_and_csv_agree(folder):
    as_json = json.loads(invoke("trend", "Путин", "railway", "--by", "month", "--json", "--index", folder).output)
    table = list(csv.reader(io.StringIO(invoke("trend", "Путин", "railway", "--by", "month", "--format", "csv",
                                               "--index", folder).output)))
    assert table[0] == ["period", "Путин", "railway"]
    assert [row[0] for row in table[1:-2]] == as_json["periods"]
    for column, series in enumerate(as_json["series"], 1):
        assert [int(row[column]) for row in table[1:-2]] == series["counts"]
        assert table[-2] == ["undated", *(str(s["undated"]) for s in as_json["series"])]
        assert table[-1] == ["coarse", *(str(s["coarse"]) for s in as_json["series"])]


def test_nothing_matched_exits_1(folder):
    result = invoke("trend", "зиккуратщина", "--index", folder)
    assert result.exit_code == 1 and "No dated document matches" in result.output


@pytest.mark.parametrize("args, message", [
    (["Путин", "--by", "day"], "--by"),
    (["Путин", "--format", "xlsx"], "--format"),
    (["Путин", "--json", "--format", "csv"], "--json"),
    (["Путин", "--from", "2020-13"], "--from"),
    ([], "QUERY"),
    (["и"], "stop words"),
])
def test_bad_input_is_one_line(folder, args, message):
    result = invoke("trend", *args, "--index", folder)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and message in result.output


def test_help_examples_run_on_the_demo_corpus(demo_index):
    import shlex

    text = invoke("trend", "--help").output
    examples = [line.strip() for line in text.split("Examples", 1)[-1].splitlines()
                if line.strip().startswith("kgsearch ")]
    assert len(examples) >= 3
    for example in examples:
        result = invoke(*shlex.split(example)[1:], "--index", demo_index)
        assert result.exit_code == 0, (example, result.output)
