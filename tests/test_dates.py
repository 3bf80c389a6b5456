"""Dates as releases write them, at the precision they give."""

import pytest

from kgsearch.index.dates import PartialDate, filename_date, find_date, header_date, parse_date


@pytest.mark.parametrize("value, iso", [
    ("2020-10-18", "2020-10-18"),
    ("2020-10", "2020-10"),
    ("2025", "2025"),
    ("2025-11-20 10:29", "2025-11-20"),
    ("2020-10-18T09:00:00+06:00", "2020-10-18"),
    ("18.10.2020", "2020-10-18"),
    ("Oct 18, 2020", "2020-10-18"),
    ("October 18, 2020", "2020-10-18"),
    ("18 October 2020", "2020-10-18"),
    ("Sept. 3, 2024", "2024-09-03"),
    ("20 ноября 2025 года", "2025-11-20"),
    ("3 марта 2021 г.", "2021-03-03"),
    ("February 2025", "2025-02"),
    ("ноябре 2025 года", "2025-11"),
])
def test_parse_date(value, iso):
    assert parse_date(value).iso == iso


@pytest.mark.parametrize("value", ["", "yesterday", "2020-13-01", "31.02.2021", "Oct 18", "President"])
def test_not_dates(value):
    assert parse_date(value) is None


@pytest.mark.parametrize("text, hint, iso", [
    ("In October 29, 2020 the Ambassador Extraordinary and Plenipotentiary", None, "2020-10-29"),
    ("В период с 19 по 20 ноября 2025 года по приглашению министра", None, "2025-11-19"),
    ("Bishkek (Kyrgyzstan), Oct 18: Kyrgyzstan will continue", 2020, "2020-10-18"),
    ("summit, which is taking place today, June 17, in the capital", 2025, "2025-06-17"),
    ("the state visit to China in February 2025 was an important stage", None, "2025-02"),
    ("In 2023, trade grew", None, None),
    ("Встреча прошла 5 мая 2019 г. в Бишкеке", None, "2019-05-05"),
    ("The meeting on June 17 in Astana", None, None),
    ("Nothing dated here, only 2,225 documents", None, None),
    ("5 маяков и 3 марта", None, None),
])
def test_find_date(text, hint, iso):
    found = find_date(text, year_hint=hint)
    assert (found.iso if found else None) == iso


def test_header_runs_into_the_first_sentence():
    date, rest = header_date(" date 2025-06-17 President of Kyrgyzstan Sadyr Japarov met")
    assert date == PartialDate(2025, 6, 17) and rest.startswith("President of")
    date, rest = header_date(" date 2025-11-20 10:29\nГлавы МИД")
    assert (date.iso, date.hour, date.minute, rest) == ("2025-11-20", 10, 29, "Главы МИД")
    assert header_date("The date 2025-11-20 is inside")[0] is None


@pytest.mark.parametrize("name, iso", [
    ("2016-11-07-Липы за 200 тысяч.txt", "2016-11-07"),
    ("digest-2024-06.csv", "2024-06"),
    ("release-20240606.txt", None),
    ("12345-2024-06-06-x.txt", "2024-06-06"),
])
def test_filename_date(name, iso):
    found = filename_date(name)
    assert (found.iso if found else None) == iso


def test_precision_and_bounds():
    month = PartialDate(2020, 10)
    assert month.precision == "month"
    assert month.start().isoformat() == "2020-10-01T00:00:00"
    assert month.end().isoformat() == "2020-10-31T23:59:59.999999"
    assert PartialDate(2020, 12).end().year == 2020
    assert PartialDate(2024).end().isoformat().startswith("2024-12-31")
