"""Queries nobody should type: the only failure a caller ever sees is a QueryError.

The generated cases run as many examples as the hypothesis profile says
(conftest.py: a modest number by default, HYPOTHESIS_PROFILE=thorough for many).
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgsearch import QueryError
from conftest import invoke

QUERY_SYNTAX = st.sampled_from(['"', "(", ")", "*", "~", "^", ":", "-", "+", "[", "]", " TO ", " AND ", " OR ",
                                " NOT ", " И ", " ИЛИ ", " НЕ ", "title:", "date:", "year:", "speaker:",
                                "lang:", "source:", "foo:", ">", "<=", "2025", "railway", "дорога", "Ван И",
                                "\x1b[31m", "\x00", "\ud800", "🚂", "ң", " "])
HOSTILE = st.one_of(st.text(max_size=80), st.lists(QUERY_SYNTAX, max_size=12).map("".join))


@given(query=HOSTILE)
def test_any_string_gives_results_or_a_query_error(demo, query):
    try:
        results = demo.search(query, limit=3)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert len(results.hits) == min(results.total, 3)


@given(query=HOSTILE)
def test_any_string_in_the_cli_exits_0_1_or_2_without_a_traceback(demo_index, query):
    result = invoke("query", "--index", demo_index, "--limit", "2", "--", query)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.startswith("Error: ")


@pytest.mark.parametrize("query", [
    "*", "**", "a" * 10_000, " ".join(["railway"] * 1500), '""', "()", "((((((((((", "))))",
    "AND OR NOT", "title:", "speaker:", "date:", "date:[*TO*]", "year:[2020 TO 2019]", "\x00\x01\x02",
    "\ud83d", "🚂🚂", "-", "+", "~", "^2", "rail~~", "a*~", "date:>", "foo:bar baz:qux",
])
def test_named_hostile_queries(demo, query):
    try:
        results = demo.search(query, limit=10)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert len(results.hits) == min(results.total, 10)


def test_huge_prefix_expansion_is_bounded(demo):
    import time

    started = time.perf_counter()
    results = demo.search("а*", limit=5)
    assert time.perf_counter() - started < 5
    assert results.total > 0


@pytest.mark.parametrize("depth, status", [(32, (0, 1)), (33, (2,)), (300, (2,))])
def test_deep_parentheses_in_the_cli_are_one_line_or_answered(demo_index, depth, status):
    result = invoke("query", "--index", demo_index, "(" * depth + "railway OR China" + ")" * depth)
    assert result.exit_code in status
    if result.exit_code == 2:
        assert result.output.count("\n") == 1 and "nests more than 32 levels deep" in result.output


def test_the_deepest_query_allowed_runs_through_every_stage(demo):
    """Translation, compiling and Whoosh recurse on the tree too: the limit must leave them room."""
    from kgsearch.query import MAX_DEPTH

    query = "railway"
    for level in range(MAX_DEPTH - 1):
        query = f"{['China', 'дорога', 'rail*', 'summit~'][level % 4]} {'OR' if level % 2 else 'AND'} ({query})"
    for translate in (True, False):
        assert demo.search(f"({query})", limit=3, translate=translate).total >= 0
    assert demo.search("(" * MAX_DEPTH + "railway" + ")" * MAX_DEPTH, limit=3).total == \
        demo.search("railway", limit=3).total
