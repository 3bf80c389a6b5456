"""What a record's fields become: lists of names stay lists, a CSV is read whatever its
delimiter, a language is one kgsearch knows, and HTML entities in a title are characters."""

import json

import pytest

from conftest import invoke, stored
from kgsearch.index import records

RECORDS = [
    {"id": "r1", "title": "Talks in Bishkek", "body": "The delegation discussed the railway.",
     "speakers": ["Smith, John"], "tags": ["Bishkek, Kyrgyzstan"], "lang": "en"},
    {"id": "r2", "title": "Другие переговоры", "body": "Делегация обсудила железную дорогу.",
     "speakers": ["Doe, Jane", "Smith, John"], "tags": ["railway"], "lang": "ru"},
]


def jsonl(path, rows) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")


@pytest.fixture
def listed(tmp_path):
    """An index of RECORDS, whose speakers and tags hold commas."""
    jsonl(tmp_path / "wire.jsonl", RECORDS)
    location = tmp_path / "ix"
    assert invoke("index", "rebuild", tmp_path / "wire.jsonl", "--index", location).exit_code == 0
    return location


def ids(location, *args) -> set[str]:
    result = invoke("query", *args, "--index", location, "--json")
    return {hit["record_id"] for hit in json.loads(result.output)["hits"]}


def test_a_comma_inside_a_listed_name_or_tag_keeps_it_one_value(listed):
    hits = json.loads(invoke("query", "--speaker", "Smith, John", "--index", listed, "--json").output)["hits"]
    by_record = {hit["record_id"]: hit for hit in hits}
    assert by_record["r1"]["speakers"] == ["Smith, John"]
    assert by_record["r2"]["speakers"] == ["Doe, Jane", "Smith, John"]
    assert ids(listed, "--speaker", "Smith, John") == {"r1", "r2"}
    assert ids(listed, "--speaker", "Doe, Jane") == {"r2"}
    assert ids(listed, "--speaker", "Smith") == set()
    assert ids(listed, 'tag:"Bishkek, Kyrgyzstan"') == {"r1"}
    assert ids(listed, "tag:Bishkek") == set()
    speakers = json.loads(invoke("facets", "speaker", "--index", listed, "--json").output)
    assert speakers == {"Smith, John": 2, "Doe, Jane": 1}
    tags = json.loads(invoke("facets", "tag", "--index", listed, "--json").output)
    assert tags == {"Bishkek, Kyrgyzstan": 1, "railway": 1}
    # The facet over a few documents reads their stored names, not the postings.
    few = json.loads(invoke("facets", "speaker", "--lang", "en", "--index", listed, "--json").output)
    assert few == {"Smith, John": 1}


def test_the_stored_document_shows_the_lists_as_given(listed):
    docs = stored(listed)
    hit = json.loads(invoke("query", 'tag:"Bishkek, Kyrgyzstan"', "--index", listed, "--json").output)["hits"][0]
    shown = json.loads(invoke("show", hit["id"], "--index", listed, "--json").output)
    assert shown["tags"] == ["Bishkek, Kyrgyzstan"] and shown["speakers"] == ["Smith, John"]
    assert docs["Talks in Bishkek"]["tags"] == ["Bishkek, Kyrgyzstan"]
    text = invoke("show", hit["id"], "--index", listed).output
    assert "Bishkek, Kyrgyzstan" in text


def test_exports_keep_each_name_whole(listed):
    rows = invoke("query", "--speaker", "Doe, Jane", "--index", listed, "--format", "jsonl").output
    assert json.loads(rows.splitlines()[0])["speakers"] == ["Doe, Jane", "Smith, John"]
    markdown = invoke("query", "--speaker", "Doe, Jane", "--index", listed, "--format", "markdown").output
    assert "Doe, Jane; Smith, John" in markdown


def test_a_string_of_names_is_split_on_semicolons_when_it_has_them():
    assert records._names("Smith, John; Doe, Jane") == ["Smith, John", "Doe, Jane"]
    assert records._names("Wang Yi, Ду Дэвэнь") == ["Wang Yi", "Ду Дэвэнь"]
    assert records._names(["Smith, John", " ", 7]) == ["Smith, John", "7"]


SEMICOLONS = "title;body;date\nПереговоры в Бишкеке;Стороны обсудили железную дорогу, сказал министр.;2024-05-01\n" \
             "Второй;Текст второй заметки;2024-05-02\n"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_excel_csv_of_a_russian_locale_is_read_by_its_semicolons(tmp_path, encoding):
    (tmp_path / "export.csv").write_bytes(SEMICOLONS.encode(encoding))
    assert invoke("index", "rebuild", tmp_path / "export.csv", "--index", tmp_path / "ix").exit_code == 0
    docs = stored(tmp_path / "ix")
    assert set(docs) == {"Переговоры в Бишкеке", "Второй"}
    assert docs["Переговоры в Бишкеке"]["body"] == "Стороны обсудили железную дорогу, сказал министр."
    assert docs["Второй"]["date_text"] == "2024-05-02"


def test_excel_names_its_delimiter_on_a_line_of_its_own(tmp_path):
    (tmp_path / "export.csv").write_text("sep=;\n" + SEMICOLONS, "utf-8")
    assert set(stored(build(tmp_path / "export.csv", tmp_path / "ix"))) == {"Переговоры в Бишкеке", "Второй"}


def test_a_tab_separated_file_is_read_by_its_tabs(tmp_path):
    (tmp_path / "export.csv").write_text('title\tbody\n"Railway, talks"\tThe ministers met; then spoke.\n', "utf-8")
    docs = stored(build(tmp_path / "export.csv", tmp_path / "ix"))
    assert docs["Railway, talks"]["body"] == "The ministers met; then spoke."


def test_a_comma_file_full_of_semicolons_is_still_read_by_its_commas(tmp_path):
    body = "; ".join(["One clause", "another clause", "a third; and a fourth"])
    (tmp_path / "export.csv").write_text(f'title,body\nSemicolons,"{body}"\n"Plain; title",{body}\n', "utf-8")
    docs = stored(build(tmp_path / "export.csv", tmp_path / "ix"))
    assert docs["Semicolons"]["body"] == body and docs["Plain; title"]["body"] == body


def build(path, location):
    result = invoke("index", "rebuild", path, "--index", location)
    assert result.exit_code == 0, result.output
    return location


def test_a_records_lang_is_a_language_kgsearch_knows_or_found_from_the_text(tmp_path):
    from kgsearch import index
    from conftest import warnings_of

    path = tmp_path / "wire.jsonl"
    jsonl(path, [
        {"id": "a", "title": "Railway talks", "body": "The ministers discussed the railway.", "lang": "xx<script>"},
        {"id": "b", "title": "Переговоры", "body": "Министры обсудили железную дорогу.", "lang": "RUS"},
        {"id": "c", "title": "Talks", "body": "The ministers met.", "lang": "en-US"},
        {"id": "d", "title": "Другие", "body": "Министры встретились.", "lang": "Russian"},
        {"id": "e", "title": "More talks", "body": "The ministers spoke.", "lang": "English"},
    ])
    report = index.rebuild(tmp_path / "ix", [path])
    langs = {doc["key"]: doc["lang"] for doc in stored(tmp_path / "ix").values()}
    assert langs == {"a": "en", "b": "ru", "c": "en", "d": "ru", "e": "en"}
    assert [w for w in warnings_of(report) if "lang" in w] == [
        "record 1: lang 'xx<script>' is not a language kgsearch knows (ru, en, ky); found from the text instead"]
    assert [w["path"] for w in report.warnings if "lang" in w["warning"]] == [str(path)]
    facet = json.loads(invoke("facets", "lang", "--index", tmp_path / "ix", "--json").output)
    assert set(facet) == {"en", "ru"}


def test_html_entities_in_a_records_text_are_characters_once(tmp_path):
    path = tmp_path / "wire.jsonl"
    jsonl(path, [{"id": "a", "title": "Сторонники &quot;брексита&quot; &#171;AT&T&#187;",
                  "summary": "Q&amp;A", "body": "AT&T and R&D said &amp;quot; is how a quote is escaped.",
                  "tags": ["M&amp;A"], "source": "Smith &amp; Sons"}])
    location = build(path, tmp_path / "ix")
    doc = stored(location)["Сторонники \"брексита\" «AT&T»"]
    assert doc["body"] == "AT&T and R&D said &quot; is how a quote is escaped."
    assert doc["summary"] == "Q&A" and doc["tags"] == ["M&A"] and doc["source"] == "Smith & Sons"
    hits = json.loads(invoke("query", "брексит", "--index", location, "--json").output)["hits"]
    assert [hit["title"] for hit in hits] == ["Сторонники \"брексита\" «AT&T»"]


def test_real_ampersands_stay_as_they_are():
    """The NG archive writes no entities, but S&P, AK&M and Altomani&Sons: none of its texts changes."""
    from conftest import shared_path

    texts = [" ".join(value) if isinstance(value, list) else value
             for line in shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8")
             for value in json.loads(line).values()]
    with_ampersands = [text for text in texts if "&" in text]
    assert any("S&P" in text for text in with_ampersands)
    assert [text for text in with_ampersands if records.unescaped(text) != text] == []


def test_the_web_page_keeps_a_name_with_a_comma_whole(listed):
    """The search and document pages write names as the terminal does: between semicolons when
    one holds a comma, so "Doe, Jane; Smith, John" is two people, not four."""
    pytest.importorskip("starlette")
    pytest.importorskip("jinja2")
    import kgsearch
    from starlette.testclient import TestClient

    from kgsearch.web import create_app

    with kgsearch.open_index(listed) as index, TestClient(create_app(index), base_url="http://127.0.0.1:8765") as web:
        page = web.get("/", params={"q": "переговоры"}).text
        assert "Doe, Jane; Smith, John" in page
        hit = json.loads(invoke("query", "переговоры", "--index", listed, "--json").output)["hits"][0]
        assert "Doe, Jane; Smith, John" in web.get(f"/document/{hit['id']}").text
