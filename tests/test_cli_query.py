"""`kgsearch query`, `show` and `facets` through the CLI, as a user runs them."""

import json

import pytest

from kgsearch import index
from conftest import DEMO_BY_LANG, DEMO_DOCUMENTS, invoke as run

JSON_HIT_KEYS = {"id", "title", "date", "date_source", "lang", "source", "speakers", "people", "orgs", "places", "score", "snippets",
                 "path", "record_id", "url", "copies", "similar", "translations", "why", "pages"}


def test_query_lists_hits_with_metadata_and_total(demo_index):
    result = run("query", "railway", "--index", demo_index, "--limit", "3")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if not line.startswith("Also searched:")]
    assert lines[0].startswith(" 1. ")
    assert "score" in lines[1] and "id " in lines[1]
    assert lines[-1].startswith("1–3 of ") and lines[-1].endswith(" ms")
    assert "\x1b" not in result.output  # piped: plain text


def test_json_is_the_documented_object(demo_index):
    result = run("query", "железная дорога", "--index", demo_index, "--json", "--facets", "--limit", "2")
    data = json.loads(result.output)
    assert set(data) >= {"query", "total", "page", "took_ms", "hits", "facets"}
    assert data["query"] == "железная дорога" and data["page"] == 1 and len(data["hits"]) == 2
    assert all(set(hit) == JSON_HIT_KEYS for hit in data["hits"])
    snippet = " ".join(data["hits"][0]["snippets"])
    assert "<mark>железной дороги</mark>" in snippet or "<mark>железная дорога</mark>" in snippet
    assert sum(data["facets"]["lang"].values()) == data["total"]


@pytest.mark.parametrize("args, code", [
    (["query", "railway"], 0),
    (["query", "qwertyzxcv"], 1),
    (["query", '"qwertyzxcv'], 1),  # a quote left open is text
    (["query", "date:2020-13"], 2),
    (["query", "author:qwertyzxcv", "--no-translate"], 1),  # no such field: the colon is punctuation
    (["query", "railway", "--year", "20x0"], 2),
    (["query", "railway", "--from", "soon"], 2),
    (["show", "nope"], 2),
    (["facets", "year", "(("], 2),
])
def test_exit_status_as_grep(demo_index, args, code):
    result = run(*args, "--index", demo_index)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    if code == 2:
        assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1


def test_api_errors_speak_of_the_options_typed(demo_index):
    result = run("query", "railway", "--from", "soon", "--index", demo_index)
    assert result.exit_code == 2 and "bad date 'soon' for --from" in result.output


def test_nothing_found_suggests_a_word(demo_index):
    result = run("query", "railwya", "--index", demo_index, "--exact")
    assert result.exit_code == 1
    assert "Did you mean: railway" in result.output
    assert "Did you mean: дорога" in run("query", "дорга", "--index", demo_index, "--exact").output


def test_every_option(demo_index):
    args = ["query", "railway OR железная", "--index", demo_index, "--json", "--limit", "50"]

    def data(*more):
        result = run(*args, *more)
        assert result.exit_code == 0, (more, result.output)  # 0: something was found
        return json.loads(result.output)

    assert {h["date"][:4] for h in data("--year", "2024")["hits"]} == {"2024"}
    assert {h["date"][:4] for h in data("--year", "2020-2021", "--year", "2025")["hits"]} == {"2020", "2021", "2025"}
    assert all("2025" <= h["date"] <= "2025-06-30" for h in data("--from", "2025", "--to", "2025-06")["hits"])
    assert all("Sadyr Japarov" in h["speakers"] for h in data("--speaker", "Садыр Жапаров")["hits"])
    assert {h["lang"] for h in data("--lang", "en")["hits"]} == {"en"}
    assert {h["source"] for h in data("--source", "kabar")["hits"]} == {"Kabar"}
    newest = [h["date"] for h in data("--sort", "newest")["hits"] if h["date"]]
    assert newest == sorted(newest, reverse=True)
    page2 = data("--limit", "5", "--page", "2")
    assert page2["page"] == 2 and len(page2["hits"]) == 5


def test_facets_on_terminal_output(demo_index):
    result = run("query", "railway", "--index", demo_index, "--facets")
    assert result.exit_code == 0
    assert any(line.startswith("year") for line in result.output.splitlines())
    assert any(line.startswith("speaker") for line in result.output.splitlines())


def test_show_and_facets_commands(demo_index):
    hit = json.loads(run("query", '"Belt and Road"', "--index", demo_index, "--json").output)["hits"][0]
    shown = run("show", hit["id"], "--index", demo_index)
    assert shown.exit_code == 0 and shown.output.startswith(hit["title"]) and "Belt and Road" in shown.output
    doc = json.loads(run("show", hit["id"], "--index", demo_index, "--json").output)
    assert doc["id"] == hit["id"] and "text" in doc
    langs = json.loads(run("facets", "lang", "--index", demo_index, "--json").output)
    assert langs == DEMO_BY_LANG
    years = run("facets", "year", "железная дорога", "--index", demo_index)
    assert years.exit_code == 0 and all(line.split()[0].isdigit() or line.startswith("none")
                                        for line in years.output.splitlines())


def test_show_puts_a_space_between_every_label_and_its_value(demo_index):
    """``record_id`` is as wide as the label column: it ran into its value (``record_idwire-001``)."""
    from conftest import DEMO_ROWS

    record = next(row for row in DEMO_ROWS if row["record_id"])
    hit = json.loads(run("query", "--source", record["source"], "--index", demo_index, "--json",
                         "--limit", "100").output)
    doc_id = next(h["id"] for h in hit["hits"] if h["record_id"] == record["record_id"])
    lines = run("show", doc_id, "--index", demo_index).output.splitlines()
    fields = {line.split(" ", 1)[0]: line for line in lines[1:lines.index("")]}
    assert fields["record_id"].split() == ["record_id", record["record_id"]]
    assert fields["date"].split()[1].startswith(record["date"])
    columns = {len(line) - len(line.split(" ", 1)[1].lstrip()) for line in fields.values()}
    assert len(columns) == 1, fields  # every value starts in one column


def test_a_page_past_the_end_says_so(demo_index):
    """--page 99999 printed the total and no hits, with status 0, as if the page were there."""
    total = json.loads(run("query", "railway", "--index", demo_index, "--json").output)["total"]
    pages = -(-total // 10)
    past = f"page {pages + 1} is past the end: {total} results, {pages} pages"
    shown = run("query", "railway", "--page", pages + 1, "--index", demo_index)
    assert shown.exit_code == 1 and past in shown.output
    data = json.loads(run("query", "railway", "--page", pages + 1, "--index", demo_index, "--json").output)
    assert data["hits"] == [] and data["pages"] == pages and past in data["notes"]
    exported = run("query", "railway", "--page", pages + 1, "--format", "csv", "--index", demo_index)
    assert exported.exit_code == 1 and past in exported.output  # on stderr, which the runner mixes in
    last = run("query", "railway", "--page", pages, "--index", demo_index)
    assert last.exit_code == 0 and "past the end" not in last.output


def test_facets_after_an_update_removed_a_file_count_what_is_left(tmp_path):
    """A file removed by `index update` leaves its document deleted, not gone, until segments merge:
    counting every document number, deleted ones too, gave en 30 / ru 30 where 29 Russian remain."""
    import shutil
    from collections import Counter

    from conftest import DEMO_ROWS

    corpus = tmp_path / "corpus"
    shutil.copytree(index.demo_corpus(), corpus)
    rows_of = Counter(row["file"] for row in DEMO_ROWS)
    gone = next(row for row in DEMO_ROWS if row["lang"] == "ru" and rows_of[row["file"]] == 1)
    assert run("index", "rebuild", corpus, "--index", tmp_path / "ix", "-q").exit_code == 0
    (corpus / gone["file"]).unlink()
    updated = run("index", "update", "--index", tmp_path / "ix", "-q")
    assert updated.exit_code == 0 and "1 removed" in updated.output
    left = dict(Counter(row["lang"] for row in DEMO_ROWS if row is not gone))
    assert left["ru"] == DEMO_BY_LANG["ru"] - 1
    assert json.loads(run("facets", "lang", "--index", tmp_path / "ix", "--json").output) == left
    found = json.loads(run("query", "--lang", "ru", "--facets", "--json", "--index", tmp_path / "ix").output)
    assert found["facets"]["lang"] == {"ru": left["ru"]}


@pytest.fixture
def hostile_index(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "markup.txt").write_text(
        "Railway [bold red]styled[/] title\n\nThe railway text has [link=x]markup[/link], <b>html</b> "
        "and an escape \x1b[31mred\x1b[0m and a bell \x07 in it.", "utf-8")
    index.rebuild(tmp_path / "ix", [folder])
    return tmp_path / "ix"


def test_document_text_is_shown_literally(hostile_index):
    result = run("query", "railway", "--index", hostile_index)
    assert "[bold red]styled[/]" in result.output and "[link=x]markup[/link]" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "␛[31mred" in result.output
    data = json.loads(run("query", "railway", "--index", hostile_index, "--json").output)
    assert "&lt;b&gt;html&lt;/b&gt;" in data["hits"][0]["snippets"][0]
    shown = run("show", data["hits"][0]["id"], "--index", hostile_index)
    assert "[bold red]styled[/]" in shown.output and "\x1b" not in shown.output


def test_terminal_output_highlights_without_leaking_markup(hostile_index):
    from rich.console import Console

    from kgsearch import open_index
    from kgsearch.render import show_results

    console = Console(force_terminal=True, width=200, highlight=False, markup=False)
    with console.capture() as captured, open_index(hostile_index) as ix:
        show_results(console, ix.search("railway"))
    out = captured.get()
    assert "\x1b[" in out  # styled on a terminal
    assert "[bold red]styled[/]" in out and "\x1b[31mred" not in out


def test_missing_index_says_how_to_build_one(tmp_path):
    result = run("query", "railway", "--index", tmp_path / "none")
    assert result.exit_code == 2 and "kgsearch index rebuild" in result.output


def test_first_query_builds_the_demo_index(tmp_path):
    env = {"KGSEARCH_INDEX": "", "XDG_DATA_HOME": str(tmp_path)}
    result = run("query", "railway", env=env)
    assert result.exit_code == 0
    assert f"No index yet: built the demo index ({DEMO_DOCUMENTS} documents)" in result.output
    again = run("query", "railway", env=env)
    assert "No index yet" not in again.output and (tmp_path / "kgsearch" / "index" / "CURRENT").exists()


@pytest.mark.parametrize("command", [[], ["query"], ["show"], ["facets"], ["analyze"], ["index"],
                                     ["index", "rebuild"], ["index", "update"], ["index", "status"]])
def test_help_everywhere(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
    if command in (["query"], ["show"], ["facets"], ["index", "rebuild"]):
        assert "kgsearch " in result.output.split("Example", 1)[-1]


def _examples(*command):
    text = run(*command, "--help").output
    return [line.strip() for line in text.split("Example", 1)[-1].splitlines() if line.strip().startswith("kgsearch ")]


@pytest.mark.parametrize("command", [["query"], ["facets"]])
def test_help_examples_work_on_the_demo_corpus(demo_index, command):
    import shlex

    examples = _examples(*command)
    assert len(examples) >= 2
    for example in examples:
        args = shlex.split(example)[1:]
        result = run(*args, "--index", demo_index)
        assert result.exit_code == 0, (example, result.output)


def test_a_crash_in_a_command_fails_the_test_that_runs_it(demo_index, monkeypatch):
    # conftest.invoke: CliRunner alone would turn this into exit status 1, which some tests accept.
    def crash(*args, **kwargs):
        raise RuntimeError("a bug in Index.search")

    monkeypatch.setattr("kgsearch.search.Index.search", crash)
    with pytest.raises(RuntimeError, match="a bug in Index.search"):
        run("query", "railway", "--index", demo_index)
    assert run("show", "nope", "--index", demo_index).exit_code == 2  # usage errors stay results
