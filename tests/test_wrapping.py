"""Terminal output wrapped to its width with indented continuation lines, never mid-word (issue 15),
and the year facet as a histogram; on real NG articles and BBC stories."""

import html
import json
import re

import pytest
from conftest import invoke
from news_sample import folder  # noqa: F401 (fixtures)

QUERIES = ["Путин", "government", '"Государственной думы"', "railway"]
ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(folder, *args, width: int) -> str:
    """The output of `kgsearch ARGS` on a terminal ``width`` columns wide, its styles taken out."""
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": str(width)}
    result = invoke(*args, "--index", folder, env=env)
    assert result.exit_code == 0
    assert ESCAPES.search(result.output)  # styled: a terminal
    return ESCAPES.sub("", result.output)


def hits_as_printed(output: str) -> list[list[str]]:
    """The lines of each numbered hit (its title line to the blank line after it)."""
    hits, current = [], None
    for line in output.splitlines():
        if re.match(r"\s*\d+\. ", line):
            current = [line]
            hits.append(current)
        elif current is not None and line.strip():
            current.append(line)
        else:
            current = None
    return hits


@pytest.mark.parametrize("width", [60, 41])
@pytest.mark.parametrize("query", QUERIES)
def test_lines_fit_the_width_and_continue_indented(folder, query, width):
    output = on_terminal(folder, "query", query, "--limit", 5, width=width)
    assert max(len(line) for line in output.splitlines()) <= width
    printed = hits_as_printed(output)
    assert len(printed) == 5
    for hit in printed:
        assert all(line.startswith("    ") and not line.startswith("     ") for line in hit[1:]), hit


@pytest.mark.parametrize("query", QUERIES)
def test_no_word_is_broken(folder, query):
    """Each snippet, its lines joined again with spaces, is the snippet as --json gives it: the
    lines end only where the text has a space."""
    data = json.loads(invoke("query", query, "--limit", 5, "--json", "--index", folder).output)
    output = on_terminal(folder, "query", query, "--limit", 5, width=60)
    text = " ".join(line.strip() for line in output.splitlines())
    for hit in data["hits"]:
        for snippet in hit["snippets"]:
            plain = html.unescape(re.sub("</?mark>", "", snippet))
            words = " ".join(plain.split())
            if max(len(w) for w in words.split()) < 56:  # a longer word is folded: it fits no line
                assert words in text
        assert " ".join(hit["title"].split()) in text


def test_a_pipe_is_not_wrapped(folder):
    """Scripts reading the plain output get a snippet a line, as before, even where $COLUMNS is set
    (GNU readline sets it in any process that loads it)."""
    data = json.loads(invoke("query", "Путин", "--limit", 3, "--json", "--index", folder).output)
    output = invoke("query", "Путин", "--limit", 3, "--index", folder, env={"COLUMNS": "60"}).output
    lines = [line.strip() for line in output.splitlines()]
    for hit in data["hits"]:
        for snippet in hit["snippets"]:
            assert html.unescape(re.sub("</?mark>", "", snippet)) in lines


def test_the_year_facet_is_a_histogram(folder):
    facet = json.loads(invoke("query", "Путин", "--facets", "--json", "--index", folder).output)["facets"]["year"]
    output = invoke("query", "Путин", "--facets", "--limit", 1, "--index", folder).output
    rows = {}
    for line in output.splitlines():
        found = re.match(r"(?:year)?\s+(\d{4}|none)\s+(\d+) ([█▏▎▍▌▋▊▉]+)$", line)
        if found:
            rows[found[1]] = (int(found[2]), found[3])
    assert {year: count for year, (count, _) in rows.items()} == facet
    years = [y for y in rows if y != "none"]
    assert years == sorted(years)  # oldest first
    longest = max(rows, key=lambda y: len(rows[y][1]))
    assert rows[longest][0] == max(facet.values())
    assert all(len(bar) <= len(rows[longest][1]) for _, bar in rows.values())


def test_trend_chart_fits_a_narrow_terminal(folder):
    output = on_terminal(folder, "trend", "Путин", "выборы", "government", "--by", "month", width=60)
    assert max(len(line) for line in output.splitlines()) <= 60
