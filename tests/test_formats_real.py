"""Real texts in every format: the seeds saved as PDF, Word, OpenDocument and RTF get the title,
date and source their text file gets; NG articles sent as e-mail and published as a feed get
their own title, date and link. Skips where ../shared is absent."""

import itertools
import json
from datetime import datetime, timezone

import pytest

from kgsearch.index import files
from kgsearch.index.metadata import complete
from kgsearch.index.people import PeopleRegistry
from conftest import shared_path
from format_files import make_docx, make_eml, make_message, make_mbox, make_odt, make_pdf, make_rss, make_rtf

REGISTRY = PeopleRegistry.load()
EXPORTED = datetime(2030, 1, 1, tzinfo=timezone.utc)  # when the PDFs were "made": after every seed


def completed(path):
    return [complete(doc, REGISTRY) for doc in files.read_file(path)[0]]


def seed_files():
    return sorted(shared_path("seeds").glob("*.txt"))


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt", "rtf"])
def test_seeds_in_every_format_get_what_their_text_file_gets(kind, tmp_path):
    for seed in seed_files():
        (expected,) = completed(seed)
        text = seed.read_text("utf-8")
        lines = [line for line in text.split("\n") if line.strip()]
        path = tmp_path / f"{seed.stem}.{kind}"
        if kind == "pdf":  # a PDF keeps its title in its properties; its lines wrap as the page is narrow
            make_pdf(path, [text], title=expected.title, created=EXPORTED)
        elif kind == "docx":
            make_docx(path, "", lines)
        elif kind == "odt":
            make_odt(path, "", lines)
        else:
            make_rtf(path, "", text)
        (doc,) = completed(path)
        assert (doc.title, doc.source, doc.lang) == (expected.title, expected.source, expected.lang), seed.name
        if expected.date is None and kind == "pdf":  # no date in the text: the PDF's own, trusted least
            assert (doc.date.iso, doc.date_source) == ("2030-01-01", "file properties"), seed.name
        else:
            assert doc.date == expected.date, seed.name


@pytest.fixture(scope="module")
def ng_articles():
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines)
        return list(itertools.islice((r for r in records if r.get("title") and r.get("content")), 20))


def test_ng_articles_by_mail_and_feed_keep_their_title_date_and_link(ng_articles, tmp_path):
    def when(record):
        return datetime.fromisoformat(record["date"]).replace(hour=12, tzinfo=timezone.utc)

    messages = [make_message(r["title"], r["content"], when(r), sender="Редакция НГ <info@ng.ru>",
                             organization="Независимая газета") for r in ng_articles]
    make_mbox(tmp_path / "ng.mbox", messages)
    make_eml(tmp_path / "one.eml", messages[0])
    make_rss(tmp_path / "ng.rss", "Независимая газета",
             [{"title": r["title"], "link": r["url"], "description": r["content"], "date": when(r)}
              for r in ng_articles])
    expected = [(" ".join(r["title"].split()), r["date"]) for r in ng_articles]
    mailed = completed(tmp_path / "ng.mbox")
    assert [(d.title, d.date.iso) for d in mailed] == expected
    assert {d.source for d in mailed} == {"Независимая газета"} and {d.lang for d in mailed} == {"ru"}
    assert mailed[0].body.split() == ng_articles[0]["content"].split()
    assert [(d.title, d.date.iso) for d in completed(tmp_path / "one.eml")] == expected[:1]
    fed = completed(tmp_path / "ng.rss")
    assert [(d.title, d.date.iso, d.url) for d in fed] == [e + (r["url"],) for e, r in zip(expected, ng_articles)]
    assert fed[3].body.split() == ng_articles[3]["content"].split()
