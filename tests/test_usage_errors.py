"""A mistake on the command line is one line that names what is wrong, and exit status 2;
``kgsearch`` alone is a question, answered with the help and status 0 (issue 11, item 16)."""

import pytest

from conftest import invoke


def one_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.mark.parametrize("args, named", [
    (["query", "x", "--lang", "de"], "--lang"),
    (["query", "x", "--limit", "0"], "--limit"),
    (["query", "x", "--page", "0"], "--page"),
    (["query", "x", "--sort", "oldest-first"], "--sort"),
    (["facets", "tags"], "FIELD"),
    (["query"], "QUERY"),
    (["query", "x", "--frmo", "2020"], "--frmo"),
    (["qeury", "x"], "qeury"),
    (["index", "rebuld"], "rebuld"),
    (["query", "x", "--year", "2020-2018"], "--year 2020-2018 runs backwards"),
    (["query", "x", "--year", "20"], "--year"),
    (["query", "x", "--from", "2019", "--to", "2018"], "--to 2018 is before the start of the range, 2019"),
    (["trend", "x", "--from", "2019-03", "--to", "2019-02-28"], "the range runs backwards"),
    (["facets", "year", "--from", "2019-03-01", "--to", "2019-02"], "the range runs backwards"),
    (["query", "x", "--index", ""], "--index"),
    (["--index", "", "query", "x"], "--index"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_a_usage_error_is_one_line(demo_index, args, named):
    env = {"KGSEARCH_INDEX": str(demo_index)}
    line = one_line(invoke(*args, env=env))
    assert named in line and "Usage:" not in line


def test_an_empty_index_option_is_not_the_default(demo_index):
    """--index '' used to mean the default index (here $KGSEARCH_INDEX), which answered."""
    env = {"KGSEARCH_INDEX": str(demo_index)}
    assert invoke("query", "railway", env=env).exit_code == 0
    assert "is empty" in one_line(invoke("query", "railway", "--index", "", env=env))


@pytest.mark.parametrize("args", [[], ["index"]])
def test_nothing_to_do_prints_the_help(args):
    result = invoke(*args)
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ") and "Commands:" in result.output


def test_a_binary_glossary_names_the_file(demo_index, tmp_path):
    glossary = tmp_path / "terms.tsv"
    glossary.write_bytes(b"\x7fELF\x02\x01\x01\x00\xd0\xcf\x11\xe0\xff\xfe")
    line = one_line(invoke("query", "railway", "--glossary", glossary, "--index", demo_index))
    assert str(glossary) in line and "UTF-8" in line


def test_a_glossary_line_without_a_tab_names_the_file_and_line(demo_index, tmp_path):
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("railway\tжелезная дорога\nsummit only\n", "utf-8")
    line = one_line(invoke("query", "railway", "--glossary", glossary, "--index", demo_index))
    assert f"{glossary}, line 2" in line


def test_a_missing_glossary_from_the_environment_names_it(demo_index, tmp_path):
    missing = tmp_path / "nowhere.tsv"
    line = one_line(invoke("query", "railway", "--index", demo_index, env={"KGSEARCH_GLOSSARY": str(missing)}))
    assert str(missing) in line


def test_a_backwards_year_range_in_the_api_and_the_query_language_agree(demo):
    from kgsearch.errors import QueryError

    with pytest.raises(QueryError, match="runs backwards"):
        demo.search("railway year:2020-2018")


def test_a_backwards_date_range_is_an_error_a_range_within_one_period_is_not(demo):
    """--from 2019 --to 2018 found nothing and said so as if the words were at fault."""
    from kgsearch.errors import ParameterError

    with pytest.raises(ParameterError, match="runs backwards") as raised:
        demo.search("railway", date_from="2019", date_to="2018")
    assert raised.value.parameter == "date_to"
    with pytest.raises(ParameterError, match="runs backwards"):
        demo.trend("railway", date_from="2019-03", date_to="2019-02-28")
    same_year = demo.search("", date_from="2019-06", date_to="2019", limit=1000)  # June to December
    assert same_year.total and all("2019-06" <= h.date[:7] <= "2019-12" for h in same_year.hits)


@pytest.mark.parametrize("args", [["query", "-Путин"], ["query", "--lang", "ru", "-Путин"],
                                  ["facets", "year", "-Путин"], ["trend", "-Путин"]])
def test_a_query_that_starts_with_a_minus_says_how_to_write_it(demo_index, args):
    """click took "-Путин" for the options -П, -у …: "No such option '-П'", and nothing more."""
    import shlex

    line = one_line(invoke(*args, "--index", demo_index))
    assert "write NOT Путин" in line
    suggested = shlex.split(line.split("at the end (")[1].split(")")[0])
    assert suggested[0] == "kgsearch" and suggested[-2:] == ["--", "-Путин"]
    written = invoke(*suggested[1:])
    assert written.exit_code in (0, 1), written.output  # the command as suggested runs
    assert invoke(*[a if a != "-Путин" else "NOT Путин" for a in args], "--index", demo_index).exit_code in (0, 1)


def test_an_unknown_short_option_elsewhere_gets_no_query_hint(tmp_path):
    line = one_line(invoke("index", "rebuild", "-x", "--index", tmp_path / "ix"))
    assert "-x" in line and "NOT" not in line
