"""The query language: words, phrases, operators, fields, ranges, modifiers.

Whoosh's own parser forgives everything and explains nothing; users of a
search tool need the opposite when they mistype (an unclosed quote, a bad
date, an unknown field), so the language is parsed here and every error is
a ``QueryError`` with a sentence that says how to write it. The result is a
small tree of nodes; ``kgsearch.compile`` turns it into Whoosh queries.

    railway                    a word (stemmed, lemmatized), in title or body
    железная дорога            all words must match
    "Belt and Road"            a phrase; "a b"~5 allows up to 5 words between
    railway OR железная        AND, OR, NOT and ( ); И, ИЛИ, НЕ as well; -word
    title:SCO speaker:"Wang Yi" lang:ru source:Xinhua year:2025
    date:2020-10  date:[2025-01-01 TO 2025-06-30]  date:>2024  year:2020-2022
    rail*  railwya~  railwya~1  summit^2
"""

import re
from dataclasses import dataclass, field
from datetime import date

from kgsearch.errors import QueryError
from kgsearch.index.dates import PartialDate, parse_date

FIELDS = {
    "title": "title", "body": "body", "text": "body",
    "speaker": "speakers", "speakers": "speakers", "person": "people", "people": "people",
    "org": "orgs", "orgs": "orgs", "place": "places", "places": "places",
    "lang": "lang", "language": "lang",
    "source": "source",
    "year": "year",
    "date": "date",
    "tag": "tags", "tags": "tags",
}
OPERATORS = {"AND": "AND", "И": "AND", "&&": "AND", "OR": "OR", "ИЛИ": "OR", "||": "OR", "NOT": "NOT", "НЕ": "NOT"}
FIELD_LIST = "title, body, speaker, person, org, place, lang, source, year, date, tag"
MAX_LENGTH = 2000
# Groups inside groups (and NOT inside NOT): the parser, the compiler and Whoosh all recurse once or
# more a level, and 300 levels (607 characters) ran out of Python's stack. No one writes 32.
MAX_DEPTH = 32
# A boost multiplies a score; past this the sum overflows to infinity, which JSON cannot write.
MAX_BOOST = 1000


@dataclass
class Word:
    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int | None = None
    boost: float = 1.0


@dataclass
class Phrase:
    text: str
    field: str | None = None
    slop: int = 0
    boost: float = 1.0
    # (position, term) pairs when the text was analysed already (glossary translations).
    terms: tuple | None = None


@dataclass
class Range:
    """A range on ``date`` or ``year``: start and end are inclusive, either may be open."""

    field: str
    start: PartialDate | None
    end: PartialDate | None


@dataclass
class Not:
    node: object


@dataclass
class Group:
    op: str  # "AND" or "OR"
    nodes: list = field(default_factory=list)


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<phrase>"(?P<phrase_text>[^"]*)"(?:~(?P<slop>\d+))?(?:\^(?P<pboost>\d+(?:\.\d+)?))?)
  | (?P<open_quote>")
  | (?P<field>FIELD_NAMES):\s*(?=[^\s)])
  | (?P<range>\[(?P<lo>[^\]]*?)\s+(?:TO|ДО)\s+(?P<hi>[^\]]*?)\])
  | (?P<open_range>\[)
  | (?P<compare>[<>]=?)(?P<cmp_value>[^\s()"]+)
  | (?P<minus>-(?=[\w"(]))
  | (?P<plus>\+(?=[\w"(]))
  | (?P<word>[^\s()"]+)
    """.replace("FIELD_NAMES", "|".join(sorted(FIELDS, key=len, reverse=True))),
    re.X | re.I,
)
# "word:" is a field only for the names above: a headline's colon (Коронавирус: …, FT: …) is punctuation.
_WORD_SUFFIX = re.compile(r"^(?P<base>.*?)(?P<star>\*)?(?:~(?P<fuzzy>\d*))?(?:\^(?P<boost>\d+(?:\.\d+)?))?$", re.S)


RUSSIAN_OPERATORS = {"И", "ИЛИ", "НЕ"}
# Control characters and lone surrogates mean nothing to search for and break encoders.
_UNSEARCHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def parse(text: str, keep_as_word=None):
    """The query tree of ``text``, or a ``QueryError``.

    A Russian operator word with nothing after it is a word (``Ван И`` is
    Wang Yi), and so is one that ``keep_as_word(previous, word)`` claims.

    >>> parse('железная дорога')
    Group(op='AND', nodes=[Word(text='железная', field=None, prefix=False, fuzzy=None, boost=1.0), Word(text='дорога', field=None, prefix=False, fuzzy=None, boost=1.0)])
    >>> parse('"Belt and Road"~2')
    Phrase(text='Belt and Road', field=None, slop=2, boost=1.0, terms=None)
    """
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query is {len(text):,} characters long; keep it under {MAX_LENGTH:,}")
    text = _UNSEARCHABLE.sub(" ", text)
    tokens = _names_over_operators(list(_lex(text)), keep_as_word)
    if not tokens:
        raise QueryError("the query is empty; type some words, e.g. kgsearch query \"railway\"")
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.i < len(tokens):
        kind, _ = tokens[parser.i]
        if kind == "rparen":
            raise QueryError("a ')' has no '(' before it; remove it or add the opening one")
        raise QueryError(f"cannot read the query from {tokens[parser.i][1]!r} on")
    return node


_KINDS = ("space", "lparen", "rparen", "phrase", "open_quote", "field", "range", "open_range", "compare",
          "minus", "plus", "word")


def _lex(text: str):
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        kind = next(k for k in _KINDS if m.group(k) is not None)
        pos = m.end()
        if kind == "space" or kind == "open_quote":
            # A quote left open is a pasted headline's ('Sunday with Oliver Spencer: "I won't …'),
            # not a phrase the user meant: the words around it are searched as words.
            continue
        if kind == "open_range":
            raise QueryError("a range is not closed; write it as date:[2025-01-01 TO 2025-06-30]")
        if kind == "field" and text.startswith('"', pos) and '"' not in text[pos + 1:]:
            # A name left open after a field (person:"Wang Yi) is the rest of the query, not its
            # first word: the quote is closed at the end.
            yield kind, m
            yield "phrase", _TOKEN.match(text + '"', pos)
            pos = len(text)
            continue
        yield ("op" if kind == "word" and m.group() in OPERATORS else kind), m


def _names_over_operators(tokens, keep_as_word):
    """Turn Russian operator words back into words where they end a query or a name."""
    for k, (kind, m) in enumerate(tokens):
        if kind != "op" or m.group() not in RUSSIAN_OPERATORS:
            continue
        last = k == len(tokens) - 1 or tokens[k + 1][0] == "rparen"
        previous = tokens[k - 1][1].group() if k and tokens[k - 1][0] == "word" else None
        if last or (previous and keep_as_word and keep_as_word(previous, m.group())):
            tokens[k] = ("word", m)
    return tokens


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0
        self.depth = 0  # groups and NOTs open around the token being read

    def deeper(self):
        """One more level of nesting; a ``QueryError`` past ``MAX_DEPTH``. ``shallower`` closes it."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests more than {MAX_DEPTH} levels deep (parentheses inside "
                             "parentheses, NOT inside NOT); write it with fewer levels")

    def shallower(self):
        self.depth -= 1

    def peek(self):
        """(kind, match), or for an operator (\"op\", "AND" | "OR" | "NOT")."""
        if self.i >= len(self.tokens):
            return None, None
        kind, m = self.tokens[self.i]
        return (kind, OPERATORS[m.group()]) if kind == "op" else (kind, m)

    def expression(self):
        nodes = [self.conjunction()]
        while self.peek() == ("op", "OR"):
            self.i += 1
            if self.peek()[0] in (None, "rparen"):
                raise QueryError("OR needs a word after it, e.g. railway OR железная")
            nodes.append(self.conjunction())
        return nodes[0] if len(nodes) == 1 else Group("OR", nodes)

    def conjunction(self):
        nodes = [self.unary()]
        while True:
            kind, value = self.peek()
            if kind is None or kind == "rparen" or (kind, value) == ("op", "OR"):
                break
            if (kind, value) == ("op", "AND"):
                self.i += 1
                if self.peek()[0] in (None, "rparen"):
                    raise QueryError("AND needs a word after it, e.g. railway AND China")
            nodes.append(self.unary())
        return nodes[0] if len(nodes) == 1 else Group("AND", nodes)

    def unary(self):
        kind, value = self.peek()
        if (kind, value) == ("op", "NOT") or kind == "minus":
            self.i += 1
            if self.peek()[0] in (None, "rparen", "op"):
                raise QueryError("NOT needs a word after it, e.g. railway NOT Uzbekistan")
            self.deeper()
            node = Not(self.unary())
            self.shallower()
            return node
        if kind == "plus":
            self.i += 1
        if kind == "op":
            raise QueryError(f"{value} needs words on both sides, e.g. railway {value} China")
        return self.atom()

    def atom(self, field_name=None):
        if self.i >= len(self.tokens):
            raise QueryError("the query ends too early")
        kind, m = self.tokens[self.i]
        if kind == "op":
            if not field_name:
                raise QueryError(f"{m.group()} needs words on both sides, e.g. railway {m.group()} China")
            kind = "word"  # title:AND searches the word
        self.i += 1
        if kind == "lparen":
            if field_name:
                raise QueryError("a field takes one value, not a group: write title:railway OR title:дорога")
            self.deeper()
            node = self.expression()
            if self.peek()[0] != "rparen":
                raise QueryError("a '(' is not closed; add ')' after the group")
            self.i += 1
            self.shallower()
            return node
        if kind == "rparen":
            raise QueryError("empty parentheses; put words inside them")
        if kind == "field":
            name = m.group("field").lower()
            if field_name:
                raise QueryError(f"{field_name}: cannot hold another field ({name}:)")
            if name not in FIELDS:
                raise QueryError(f"unknown field {name}:; the fields are {FIELD_LIST}")
            return self.atom(FIELDS[name])
        if kind == "phrase":
            return Phrase(m.group("phrase_text"), field_name, int(m.group("slop") or 0),
                          _boost(m.group("pboost"), m.group()))
        if kind == "range":
            return _range(field_name, m.group("lo"), m.group("hi"))
        if kind == "compare":
            return _compare(field_name, m.group("compare"), m.group("cmp_value"))
        if kind in ("minus", "plus"):
            raise QueryError("- and + go right before a word, e.g. railway -Uzbekistan")
        return _word(m.group(), field_name)


def _word(text: str, field_name: str | None):
    if field_name in ("date", "year"):
        return _exact_range(field_name, text)
    m = _WORD_SUFFIX.match(text)
    base = m.group("base")
    if not base.strip("*~^"):
        raise QueryError(f"{text!r} is not a word; a prefix needs letters before *, e.g. rail*")
    fuzzy = None
    if m.group("fuzzy") is not None:
        fuzzy = int(m.group("fuzzy")) if m.group("fuzzy") else (2 if len(base) >= 5 else 1)
        if fuzzy > 2:
            raise QueryError(f"{text}: a fuzzy term allows at most 2 edits (word~1 or word~2)")
    return Word(base, field_name, prefix=bool(m.group("star")), fuzzy=fuzzy, boost=_boost(m.group("boost"), text))


def _boost(value: str | None, text: str) -> float:
    if value is None:
        return 1.0
    boost = float(value)
    if boost > MAX_BOOST:
        shown = text if len(text) <= 40 else text[:37] + "…"
        raise QueryError(f"{shown}: a boost goes up to {MAX_BOOST}, e.g. summit^2 counts summit twice")
    return boost


def _date_value(field_name: str, text: str) -> PartialDate:
    text = text.strip()
    value = parse_date(text) if field_name == "date" else None
    if field_name == "year" and re.fullmatch(r"\d{4}", text):
        value = parse_date(text)
    if value is None:
        if field_name == "year":
            raise QueryError(f"bad year {text!r}; write year:2025, year:2020-2022 or year:>2020")
        raise QueryError(f"bad date {text!r}; write YYYY, YYYY-MM or YYYY-MM-DD, e.g. date:2020-10")
    return value


def _exact_range(field_name: str, text: str) -> Range:
    m = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", text) if field_name == "year" else None
    if m:
        start, end = _date_value("year", m.group(1)), _date_value("year", m.group(2))
        if start > end:
            raise QueryError(f"year:{text} runs backwards; write the earlier year first")
        return Range("year", start, end)
    value = _date_value(field_name, text)
    return Range(field_name, value, value)


def _range(field_name, lo: str, hi: str) -> Range:
    if field_name not in ("date", "year"):
        raise QueryError("ranges work on date: and year:, e.g. date:[2025-01-01 TO 2025-06-30]")
    start = None if lo.strip() in ("*", "") else _date_value(field_name, lo)
    end = None if hi.strip() in ("*", "") else _date_value(field_name, hi)
    if start and end and start.start() > end.end():
        raise QueryError(f"the range [{lo} TO {hi}] runs backwards; write the earlier date first")
    return Range(field_name, start, end)


def _compare(field_name, op: str, value: str) -> Range:
    if field_name not in ("date", "year"):
        raise QueryError(f"{op} works on date: and year:, e.g. date:>2024")
    bound = _date_value(field_name, value)
    if op == ">":
        return Range(field_name, _after(bound), None)
    if op == ">=":
        return Range(field_name, bound, None)
    if op == "<":
        return Range(field_name, None, _before(bound))
    return Range(field_name, None, bound)


def _after(value: PartialDate) -> PartialDate:
    """The first period after ``value`` at its own precision (after 2024 is 2025)."""
    last = value.end().date()
    if last == date.max:
        raise QueryError(f"no date comes after {value.iso}; the last date kgsearch knows is {date.max}")
    day = date.fromordinal(last.toordinal() + 1)
    return PartialDate(day.year, day.month, day.day)


def _before(value: PartialDate) -> PartialDate:
    first = value.start().date()
    if first == date.min:
        raise QueryError(f"no date comes before {value.iso}; the first date kgsearch knows is {date.min}")
    day = date.fromordinal(first.toordinal() - 1)
    return PartialDate(day.year, day.month, day.day)


def words_of(node) -> list[Word]:
    """The plain words of a query (not negated, no field), for suggestions and relaxing."""
    if isinstance(node, Word):
        return [node] if node.field is None and not node.prefix else []
    if isinstance(node, Group):
        return [w for n in node.nodes for w in words_of(n)]
    return []
