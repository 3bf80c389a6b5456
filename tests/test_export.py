"""Export (issue 15): `query --format csv|jsonl|markdown [--all]` and `show --highlight`, on real
NG articles and BBC stories."""

import csv
import io
import json
import re

import pytest
from conftest import invoke
from news_sample import folder  # noqa: F401 (fixtures)

import kgsearch
from kgsearch.analysis import analyze
from kgsearch.export import FIELDS

# A common word (hundreds of hits, several pages), a phrase, a cross-lingual one, a name.
QUERIES = ["году", '"Государственной думы"', "railway", "Путин"]


def total_of(folder, *args) -> int:
    return json.loads(invoke("query", *args, "--limit", 1, "--json", "--index", folder).output)["total"]


def exported(folder, form, *args) -> str:
    result = invoke("query", *args, "--format", form, "--index", folder)
    assert result.exit_code == 0, result.output
    return result.output


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("query", QUERIES)
def test_csv_has_a_row_a_hit_and_all_gives_the_total(folder, query):
    page = rows(exported(folder, "csv", query, "--limit", 7))
    total = total_of(folder, query)
    assert len(page) == min(7, total)
    every = rows(exported(folder, "csv", query, "--all"))
    assert len(every) == total and len({r["id"] for r in every}) == total
    assert [r["id"] for r in every[:7]] == [r["id"] for r in page]  # the pages' order
    assert [int(r["rank"]) for r in every] == list(range(1, total + 1))
    assert list(every[0]) == list(FIELDS)


@pytest.mark.parametrize("query", QUERIES)
def test_hits_are_citation_ready_and_plain(folder, query):
    hits = json.loads(invoke("query", query, "--limit", 5, "--json", "--index", folder).output)["hits"]
    table = rows(exported(folder, "csv", query, "--limit", 5))
    with kgsearch.open_index(folder) as ix:
        for hit, row in zip(hits, table):
            assert (row["id"], row["title"], row["date"], row["url"], row["path"]) == (
                hit["id"], hit["title"], hit["date"] or "", hit["url"] or "", hit["path"])
            assert row["speakers"] == "; ".join(hit["speakers"])
            snippet = row["snippet"]
            assert snippet and "<mark>" not in snippet and "**" not in snippet
            # The snippet is the document's own text, cut at its ends.
            assert plain(snippet.strip("…")) in plain(ix.get(row["id"])["text"])
            # It is one of the hit's snippets, without marks.
            assert snippet in [re.sub("</?mark>", "", s).replace("&quot;", '"').replace("&#x27;", "'")
                               .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                               for s in hit["snippets"]]


def test_jsonl_is_one_object_a_line(folder):
    lines = exported(folder, "jsonl", "году", "--all").splitlines()
    assert len(lines) == total_of(folder, "году") > 100
    records = [json.loads(line) for line in lines]
    assert all(set(r) == set(FIELDS) and isinstance(r["speakers"], list) for r in records)
    assert len({r["id"] for r in records}) == len(records)


def test_markdown_is_a_numbered_list(folder):
    text = exported(folder, "markdown", "Путин", "--limit", 5)
    items = [block for block in text.strip().split("\n\n")]
    table = rows(exported(folder, "csv", "Путин", "--limit", 5))
    assert len(items) == len(table) == 5
    for number, (item, row) in enumerate(zip(items, table), 1):
        first, *rest = item.splitlines()
        assert first.startswith(f"{number}. **") and row["date"] in first
        assert any(line.strip() == f"<{row['url']}>" for line in rest)
        assert any(line.strip().startswith("> ") for line in rest)
        assert rest[-1].strip().endswith(f"id {row['id']}")


def test_markdown_escapes_what_a_renderer_would_read(tmp_path):
    from kgsearch.export import write
    from kgsearch.search import Hit

    hit = Hit(id="x", title="*Breaking* [Kabar] <b>", date="2024-05-01", date_source="", lang="en", source="Kabar",
              speakers=[], people=[], score=1.0, snippets=[], path="/a`b.txt", url="http://e/?a=<b>")
    out = io.StringIO()
    write([hit], "markdown", out)
    assert out.getvalue().startswith(r"1. **\*Breaking\* \[Kabar\] \<b\>** — Kabar, 2024-05-01")
    assert "<http://e/?a=<b%3E>" in out.getvalue() and "`/ab.txt`" in out.getvalue()


def test_all_streams_thousands_of_hits(folder, monkeypatch):
    """Every hit, read a chunk at a time: stored fields and snippets for no more than a chunk at once."""
    from kgsearch.present import Presenter

    shown = []
    original = Presenter.hits

    def counting(self, page, *args, **kwargs):
        shown.append(len(page))
        return original(self, page, *args, **kwargs)

    monkeypatch.setattr(Presenter, "hits", counting)
    with kgsearch.open_index(folder) as ix:
        total = ix.search("году OR government OR Москва", limit=1, snippets=False).total
        shown.clear()
        hits = ix.all_hits("году OR government OR Москва")
        first = next(hits)
        assert shown == [1, 100] and first.snippets  # its search's page of one, and one chunk so far
        assert 1 + sum(1 for _ in hits) == total > 300
    assert max(shown) == 100 and sum(shown) == 1 + total


def test_nothing_found_writes_the_header_and_exits_1(folder):
    result = invoke("query", "зиккуратщина", "--format", "csv", "--exact", "--index", folder)
    assert result.exit_code == 1 and rows(result.output) == [] and result.output.startswith("rank,id,title")


@pytest.mark.parametrize("args, message", [
    (["--format", "xlsx"], "--format"),
    (["--all"], "--all"),
    (["--format", "csv", "--json"], "--json"),
    (["--format", "csv", "--facets"], "--facets"),
])
def test_bad_export_options_are_one_line(folder, args, message):
    result = invoke("query", "Путин", *args, "--index", folder)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and message in result.output


def marked_words(text: str) -> list[str]:
    return re.findall(r"\*\*(.+?)\*\*", text)


def test_show_highlight_marks_every_inflected_form(folder):
    """Each form of выборы in an NG article is marked, and nothing else is."""
    with kgsearch.open_index(folder) as ix:
        hit = ix.search("выборы", limit=1, snippets=False).hits[0]
        text = ix.get(hit.id)["text"]
    result = invoke("show", hit.id, "--highlight", "выборы", "--no-translate", "--index", folder)
    assert result.exit_code == 0
    marked = marked_words(result.output)
    terms = {t.term for t in analyze("выборы", "all")}  # выборы, and выбор (its other lemma), as the query asks
    forms = {t.position: t.surface for t in analyze(text, "all") if t.term in terms}
    assert len(set(forms.values())) >= 3, forms  # inflected: выборов, выборах …
    assert sorted(marked) == sorted(forms.values())
    assert all(terms & {t.term for t in analyze(word, "all")} for word in marked)
    # The text is otherwise the document's own.
    assert text.strip() in result.output.replace("**", "")


def test_show_highlight_marks_translations_and_phrases(folder):
    with kgsearch.open_index(folder) as ix:
        hit = ix.search('"железная дорога"', limit=1, snippets=False, lang="ru").hits[0]
    marked = marked_words(invoke("show", hit.id, "--highlight", "railway", "--index", folder).output)
    assert marked and all(re.match(r"(?i)(железн\w+ дорог\w*|rail\w*)$", m) for m in marked), marked
    spans = json.loads(invoke("show", hit.id, "--highlight", "railway", "--json", "--index", folder).output)
    assert [spans["text"][a:b] for a, b in spans["highlights"]] == marked


def test_show_highlight_on_a_terminal_is_styled(folder):
    from rich.console import Console

    from kgsearch.render import show_document

    with kgsearch.open_index(folder) as ix:
        hit = ix.search("выборы", limit=1, snippets=False).hits[0]
        doc = ix.get(hit.id, highlight="выборы")
    console = Console(force_terminal=True, width=100, highlight=False, markup=False)
    with console.capture() as captured:
        show_document(console, doc)
    out = captured.get()
    assert "\x1b[1;33m" in out and "**" not in out  # bold yellow, as snippets are; no plain marks
