"""Readers: every seed shape, front matter, records, HTML, encodings, failures."""

import json
from pathlib import Path

import pytest

from kgsearch.index.documents import SkipFile
from kgsearch.index.encoding import decode
from kgsearch.index.files import read_file, walk
from kgsearch.index.metadata import complete
from kgsearch.index.people import PeopleRegistry
from conftest import shared_path

REGISTRY = PeopleRegistry.load()


def read(path: Path):
    documents, warnings = read_file(path, path.read_bytes())
    return [complete(d, REGISTRY) for d in documents], warnings


SEEDS = {
    "000": ("The Ambassador Kanaiym Baktygulova met with the Vice Minister", "2020-10-29", "en", "",
            {"Kanaiym Baktygulova", "Qian Hongshan"}),
    "001": ("China asks to ensure safety of its citizens in Kyrgyzstan", None, "en",
            "MFA of the Kyrgyz Republic", {"Ruslan Kazakbaev", "Du Dewen"}),
    "002": ("Kyrgyzstan to continue to develop friendly, good-neighborly relations with China: FM",
            "2020-10-18", "en", "Xinhua", {"Ruslan Kazakbaev", "Du Dewen"}),
    "003": ("Главы МИД КР и КНР подчеркнули активизацию сотрудничества между двумя странами",
            "2025-11-20", "ru", "", {"Zheenbek Kulubaev", "Wang Yi"}),
    "004": ("President of Kyrgyzstan Sadyr Japarov met with Chairman of the People’s Republic of China "
            "Xi Jinping on the sidelines of Central Asia — China summit", "2025-06-17", "en",
            "Presidential Press Service", {"Sadyr Japarov", "Xi Jinping"}),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_metadata(prefix):
    path = next(shared_path("seeds").glob(f"{prefix}_*.txt"))
    [doc], warnings = read(path)
    title, date, lang, source, speakers = SEEDS[prefix]
    assert doc.title.startswith(title)
    assert (doc.date.iso if doc.date else None) == date
    assert (doc.lang, doc.source) == (lang, source)
    assert speakers <= set(doc.speakers)
    # Wang Yi is named with his office in 001 (his congratulations are conveyed), nobody else extra.
    assert len(set(doc.speakers) - speakers) <= (1 if prefix == "001" else 0)
    assert not warnings
    if prefix in ("000", "001", "003"):
        assert not doc.body.startswith(doc.title)


def test_seed_without_date_gets_no_date_from_the_file(tmp_path):
    path = next(shared_path("seeds").glob("001_*.txt"))
    copy = tmp_path / "release.txt"
    copy.write_bytes(path.read_bytes())
    [doc], _ = read(copy)
    assert doc.date is None


def test_header_that_runs_into_the_text_is_not_the_body():
    [doc], _ = read(next(shared_path("seeds").glob("004_*.txt")))
    assert doc.body.startswith("President of Kyrgyzstan Sadyr Japarov met")
    assert "date 2025" not in doc.body


def test_front_matter(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: Railway talks\ndate: 2024-06-06\nsource: Kabar\nlang: en\n"
                    "speakers: Жээнбек Кулубаев, Wang Yi\nurl: https://example.org/a\nauthor: Desk\n---\n"
                    "# Railway talks\n\nThe ministers discussed the railway.\n", "utf-8")
    [doc], _ = read(path)
    assert (doc.title, doc.date.iso, doc.source, doc.lang, doc.url) == (
        "Railway talks", "2024-06-06", "Kabar", "en", "https://example.org/a")
    assert doc.speakers == ["Zheenbek Kulubaev", "Wang Yi"]
    assert doc.body == "The ministers discussed the railway."
    assert doc.extras == {"author": "Desk"}


@pytest.mark.parametrize("lang, expected", [("English", "en"), ("RU", "ru"), ("xx<script>", "en")])
def test_front_matter_language_is_one_kgsearch_knows(tmp_path, lang, expected):
    """A language no reader knows is found from the text, as a record's is, never a facet of its own."""
    path = tmp_path / "note.md"
    path.write_text(f"---\nlang: {lang}\n---\nThe ministers discussed the railway in Bishkek.\n", "utf-8")
    [doc], _ = read(path)
    assert doc.lang == expected


def test_front_matter_names_with_commas_between_semicolons(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\nspeakers: Smith, John; Doe, Jane\ntags: Bishkek, Kyrgyzstan; railway\n---\n"
                    "The ministers discussed the railway.\n", "utf-8")
    [doc], _ = read(path)
    assert doc.speakers[:2] == ["Smith, John", "Doe, Jane"] and doc.tags == ["Bishkek, Kyrgyzstan", "railway"]


def test_json_lines_with_extras_and_a_bad_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Railway deal", "content": "China and Kyrgyzstan signed.",
                    "published": "2024-06-06", "tags": ["railway", "China"], "section": "economy"}),
        "{not json",
        json.dumps({"title": "Без даты", "text": "Министр иностранных дел КР Жээнбек Кулубаев заявил."}),
        json.dumps({"url": "https://example.org/x"}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs, warnings = read(path)
    assert [d.title for d in docs] == ["Railway deal", "Без даты"]
    assert (docs[0].key, docs[0].date.iso, docs[0].tags, docs[0].extras) == (
        "a1", "2024-06-06", ["railway", "China"], {"section": "economy"})
    assert (docs[1].lang, docs[1].date, docs[1].speakers) == ("ru", None, ["Zheenbek Kulubaev"])
    assert warnings == ["line 2: invalid JSON (Expecting property name enclosed in double quotes)",
                        "record 4: no title, body or summary"]


def test_json_array_and_csv(tmp_path):
    array = tmp_path / "items.json"
    array.write_text(json.dumps([{"title": "One", "body": "First text."}, {"title": "Two", "body": "Second."}]))
    assert [d.title for d in read(array)[0]] == ["One", "Two"]
    table = tmp_path / "digest.csv"
    table.write_text('id,title,date,lang,source,text\n7,"Trade, up",2023-05-18,en,24.kg,"Trade grew, they said."\n',
                     "utf-8")
    [doc], _ = read(table)
    assert (doc.key, doc.title, doc.date.iso, doc.source, doc.body) == (
        "7", "Trade, up", "2023-05-18", "24.kg", "Trade grew, they said.")


def test_ng_corpus_loads_every_record():
    path = shared_path("corpora", "ng", "ng.jsonl")
    documents, warnings = read_file(path, path.read_bytes())
    assert len(documents) == 1987 and not warnings
    assert all(d.date is not None for d in documents)
    assert len({d.key for d in documents}) == 1987


def test_html_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html lang='ru'><head><title>Железная дорога</title>"
        "<meta property='article:published_time' content='2024-12-27T10:00:00+06:00'>"
        "<style>p {color: red}</style><script>var railway = 1;</script></head>"
        "<body><nav><a href='/'>Главная</a> <a>Новости</a></nav><h1>Заголовок</h1>"
        "<p>Началось строительство &laquo;железной дороги&raquo;.</p><footer>© Кабар</footer></body></html>",
        "utf-8")
    [doc], _ = read(path)
    assert (doc.title, doc.lang, doc.date.iso) == ("Железная дорога", "ru", "2024-12-27")
    assert doc.body == "Заголовок\n\nНачалось строительство «железной дороги»."


def test_html_title_from_h1(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text("<body><h1>Railway talks</h1><p>Text.</p></body>", "utf-8")
    assert read(path)[0][0].title == "Railway talks"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_encodings(tmp_path, encoding):
    text = "Строительство железной дороги\n\nКитай – Кыргызстан – Узбекистан, «Один пояс – один путь»."
    path = tmp_path / "release.txt"
    path.write_bytes(text.encode(encoding))
    [doc], warnings = read(path)
    assert doc.title == "Строительство железной дороги" and doc.body.endswith("один путь».")
    assert not warnings


def test_damaged_utf8_is_read_as_utf8_with_a_warning():
    data = "Министр иностранных дел Кыргызстана".encode() + b"\xff\xfe" + " и Китая встретились.".encode()
    text, warning = decode(data)
    assert text.startswith("Министр иностранных") and text.endswith("и Китая встретились.")
    assert warning == "2 invalid UTF-8 byte sequences replaced"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"%PDF-1.4\n\x00\x01\x02binary", "binary file (NUL bytes)"),
    (bytes(range(128, 256)) * 20, "not text in UTF-8, UTF-16, Windows-1251 or KOI8-R"),
])
def test_unreadable_files_are_skipped_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SkipFile, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_file(path, data)


def test_walk_is_recursive_sorted_and_reports_other_files(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    for name in ["b/c/2019-01-01-x.txt", "a.md", "b/page.html", "b/photo.png", ".hidden.txt", "b/c/d.jsonl"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)
    found = [(str(p.relative_to(tmp_path)), reason) for p, reason in walk([tmp_path])]
    assert found == [("a.md", None), ("b/page.html", None), ("b/photo.png", "unsupported file type .png"),
                     ("b/c/2019-01-01-x.txt", None), ("b/c/d.jsonl", None)]
    assert list(walk([tmp_path / "missing"])) == [(tmp_path / "missing", "no such file or folder")]


def test_date_from_file_name_when_the_text_has_none(tmp_path):
    path = tmp_path / "2016-11-07-Липы за 200 тысяч.txt"
    path.write_text("Липы за 200 тысяч\n\nМэрия закупила липы.", "utf-8")
    [doc], _ = read(path)
    assert doc.date.iso == "2016-11-07"


def test_meduza_dates_come_from_file_names():
    folder = shared_path("corpora", "meduza")
    paths = sorted(folder.glob("2017-0*.txt"))[:5]
    for path in paths:
        [doc], _ = read(path)
        assert doc.lang == "ru" and doc.date is not None
        assert doc.date.iso[:4] == path.name[:4]
