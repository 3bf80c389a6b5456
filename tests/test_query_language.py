"""The query language: what parses to what, and what every mistake says."""

import pytest

from kgsearch.query import Group, Not, Phrase, QueryError, Range, Word, parse, words_of


def test_words_are_anded():
    node = parse("железная дорога")
    assert isinstance(node, Group) and node.op == "AND"
    assert [w.text for w in node.nodes] == ["железная", "дорога"]


@pytest.mark.parametrize("text, op", [("a OR b", "OR"), ("a ИЛИ b", "OR"), ("a || b", "OR"),
                                      ("a AND b", "AND"), ("a И b", "AND"), ("a && b", "AND")])
def test_operators_in_both_languages(text, op):
    node = parse(text)
    assert node.op == op and [w.text for w in node.nodes] == ["a", "b"]


@pytest.mark.parametrize("text", ["a NOT b", "a НЕ b", "a -b"])
def test_negation(text):
    node = parse(text)
    assert isinstance(node.nodes[1], Not) and node.nodes[1].node.text == "b"


def test_precedence_and_parentheses():
    node = parse("a b OR c")
    assert node.op == "OR" and node.nodes[0].op == "AND"
    node = parse("a (b OR c)")
    assert node.op == "AND" and node.nodes[1].op == "OR"


def test_lowercase_operators_are_words():
    assert [w.text for w in parse("Belt and Road or и").nodes] == ["Belt", "and", "Road", "or", "и"]


@pytest.mark.parametrize("text, expected", [
    ('"Belt and Road"', Phrase("Belt and Road")),
    ('"a b"~5', Phrase("a b", slop=5)),
    ('title:"Один пояс"^2', Phrase("Один пояс", "title", boost=2.0)),
    ("rail*", Word("rail", prefix=True)),
    ("railwya~", Word("railwya", fuzzy=2)),
    ("rail~", Word("rail", fuzzy=1)),
    ("railwya~1", Word("railwya", fuzzy=1)),
    ("summit^2", Word("summit", boost=2.0)),
    ("COVID-19", Word("COVID-19")),
    ("title:SCO", Word("SCO", "title")),
    ("title: SCO", Word("SCO", "title")),
    ("speaker:Kazakbaev", Word("Kazakbaev", "speakers")),
    ('speaker:"Ван И"', Phrase("Ван И", "speakers")),
    ("lang:ru", Word("ru", "lang")),
    ("source:Xinhua", Word("Xinhua", "source")),
    ("tag:railway", Word("railway", "tags")),
])
def test_atoms(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text, start, end", [
    ("year:2025", "2025", "2025"),
    ("year:2020-2022", "2020", "2022"),
    ("date:2020-10", "2020-10", "2020-10"),
    ("date:2020-10-18", "2020-10-18", "2020-10-18"),
    ("date:[2025-01-01 TO 2025-06-30]", "2025-01-01", "2025-06-30"),
    ("date:[2024 TO *]", "2024", None),
    ("date:>2024", "2025-01-01", None),
    ("date:>=2024", "2024", None),
    ("date:<2020-10", None, "2020-09-30"),
    ("date:<=2020", None, "2020"),
    ("year:>2020", "2021-01-01", None),
])
def test_ranges(text, start, end):
    node = parse(text)
    assert isinstance(node, Range)
    assert (node.start.iso if node.start else None, node.end.iso if node.end else None) == (start, end)


@pytest.mark.parametrize("text, message", [
    ("(railway OR дорога", "a '(' is not closed"),
    ("railway)", "a ')' has no '('"),
    ("()", "empty parentheses"),
    ("date:2020-13", "bad date '2020-13'; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("date:yesterday", "bad date"),
    ("year:20x5", "bad year"),
    ("date:[2025-06 TO 2025-01]", "runs backwards"),
    ("year:2022-2020", "runs backwards"),
    ("date:[2025-01-01 TO", "a range is not closed"),
    ("title:[a TO b]", "ranges work on date: and year:"),
    ("title:>5", "works on date: and year:"),
    ("", "the query is empty"),
    ("   ", "the query is empty"),
    ("*", "is not a word"),
    ("AND", "AND needs words on both sides"),
    ("railway AND", "AND needs a word after it"),
    ("railway OR", "OR needs a word after it"),
    ("NOT", "NOT needs a word after it"),
    ("rail~3", "at most 2 edits"),
    ("x" * 2001, "keep it under 2,000"),
])
def test_errors_say_what_to_write(text, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        parse(text)


@pytest.mark.parametrize("headline", [
    # Real headlines with a colon (../shared/corpora/wmt21 titles; Meduza; NG): text, not fields.
    "Коронавирус: Туристов из Испании обязали соблюдать карантин",
    "FT: Credit Suisse хочет продать бизнес",
    "Brexit: What happens now?",
    "author:Kabar",
])
def test_a_colon_after_a_word_that_is_no_field_is_punctuation(headline):
    words = words_of(parse(headline))
    assert words[0].text.startswith(headline.split(":")[0]) and all(w.field is None for w in words)


def test_fields_are_fields_in_any_case():
    assert parse("Title: SCO") == Word("SCO", field="title")


def test_a_quote_left_open_is_text_not_an_error():
    # A real headline (../shared/corpora/wmt21, newstest2021) pasted as a query.
    headline = 'Sunday with Oliver Spencer: "I won\'t get dressed up, Sundays are for loungewear\''
    assert [w.text for w in words_of(parse(headline))][:4] == ["Sunday", "with", "Oliver", "Spencer:"]
    assert parse('"железная дорога') == Group("AND", [Word("железная"), Word("дорога")])


def nested(depth: int, word: str = "railway") -> str:
    """``word`` inside ``depth`` groups, each with a word of its own beside the group inside."""
    text = word
    for level in range(depth - 1):
        text = f"w{level} {'OR' if level % 2 else 'AND'} ({text})"
    return f"({text})"


def depth_of(node) -> int:
    """The levels of groups and NOTs in a parsed query."""
    if isinstance(node, Group):
        return 1 + max(depth_of(n) for n in node.nodes)
    if isinstance(node, Not):
        return 1 + depth_of(node.node)
    return 0


def test_nesting_up_to_the_limit_parses():
    from kgsearch.query import MAX_DEPTH

    assert parse("(" * MAX_DEPTH + "railway" + ")" * MAX_DEPTH) == Word("railway")
    assert nested(MAX_DEPTH).count("(") == MAX_DEPTH
    assert depth_of(parse(nested(MAX_DEPTH))) == MAX_DEPTH - 1  # the innermost group is one word
    negated = parse("a " + "NOT (" * (MAX_DEPTH // 2) + "b" + ")" * (MAX_DEPTH // 2))
    assert depth_of(negated) == 1 + MAX_DEPTH // 2


@pytest.mark.parametrize("query", [
    "(" * 33 + "railway" + ")" * 33,
    "(" * 300 + "railway" + ")" * 300,  # 607 characters: it was a RecursionError
    nested(33),
    "a " + "NOT (" * 17 + "b" + ")" * 17,
    "a " + "-(" * 300 + "b" + ")" * 300,
])
def test_nesting_past_the_limit_is_a_query_error(query):
    with pytest.raises(QueryError, match="nests more than 32 levels deep"):
        parse(query)


def test_a_name_left_open_after_a_field_is_the_rest_of_the_query():
    """person:"Wang Yi (the quote never closed) searched person:Wang and the word Yi, and found
    nothing; a quote left open elsewhere is still a pasted headline's, its words searched as words."""
    assert parse('person:"Wang Yi') == parse('person:"Wang Yi"')
    assert parse('railway org:"Bank of') == parse('railway org:"Bank of"')
    assert isinstance(parse('"Belt and Road'), Group)
