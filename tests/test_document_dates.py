"""A document is dated where publishers put a date, never by the events its text recalls.

Cases from real archives: BBC articles (undated files that mention 1917,
2006 or a kick-off at "2000 GMT"), Meduza (the date in the file name),
the seeds (a header, a dateline line, a lead that opens with the day).
"""

import pytest
from conftest import shared_path

from kgsearch.index.dates import lead_date
from kgsearch.index.files import read_file
from kgsearch.index.metadata import complete
from kgsearch.index.people import PeopleRegistry

REGISTRY = PeopleRegistry([])


def dated(path):
    (doc, *_), _ = read_file(path, path.read_bytes())
    doc = complete(doc, REGISTRY)
    return (doc.date.iso if doc.date else None), doc.date_source


@pytest.mark.parametrize("name", ["sport/179.txt", "sport/180.txt", "politics/004.txt", "politics/406.txt"])
def test_bbc_articles_that_name_years_stay_undated(name):
    assert dated(shared_path("corpora", "bbc", name)) == (None, "")


@pytest.mark.parametrize("prefix", ["2017-07-28-Это Россия", "2017-10-03-Любимый актер", "2016-11-07-Липы"])
def test_the_file_name_outranks_dates_in_the_text(prefix):
    (path,) = shared_path("corpora", "meduza").glob(prefix + "*")
    assert dated(path) == (path.name[:10], "filename")


@pytest.mark.parametrize("seed, date, source", [
    ("000", "2020-10-29", "dateline"),  # "In October 29, 2020 the Ambassador …"
    ("001", None, ""),
    ("002", "2020-10-18", "dateline"),  # "Oct 18, 2020" on a line of its own
    ("003", "2025-11-20", "header"),
    ("004", "2025-06-17", "header"),
])
def test_seed_dates_and_where_they_came_from(seed, date, source):
    (path,) = shared_path("seeds").glob(seed + "_*.txt")
    assert dated(path) == (date, source)


@pytest.mark.parametrize("text, date", [
    ("BISHKEK, Oct. 18, 2020 (Xinhua) -- Kyrgyzstan will continue", "2020-10-18"),
    ("Бишкек, 20 ноября 2025 года. Главы МИД встретились", "2025-11-20"),
    ("The Labour Party will hold its 2006 autumn conference in Manchester", None),
    ("В ноябре 2015 года под руководством Тины Канделаки запустился «Матч ТВ»", None),
    ("Tuesday, 1 March\n\n2000 GMT\n\nHoward Webb", None),
])
def test_lead_dates(text, date):
    found = lead_date(text)
    assert (found.iso if found else None) == date


def test_a_folder_named_for_a_year_dates_its_files(tmp_path):
    (tmp_path / "2023").mkdir()
    path = tmp_path / "2023" / "trade.txt"
    path.write_text("Trade review\n\nIn 2023, trade between Kyrgyzstan and China grew.", "utf-8")
    assert dated(path) == ("2023", "folder")


def test_where_a_date_came_from_reaches_the_json(demo):
    hits = demo.search("railway", limit=50, snippets=False).hits
    sources = {h.date_source for h in hits if h.date}
    assert sources and "" not in sources and sources <= {"field", "front matter", "header", "meta", "filename",
                                                         "dateline", "folder"}
    assert all(h.to_json()["date_source"] is None for h in hits if not h.date)
    dated_hit = next(h for h in hits if h.date)
    assert demo.get(dated_hit.id)["date_source"] == dated_hit.date_source
