"""JSON Lines, JSON arrays and CSV: one record, one document.

Exports from news databases and scrapers name their fields differently;
the common names map onto the document, and every other key is kept as a
stored, unsearched extra.

Records come one at a time from pieces of text (``streams``), so a file of
any size is read in the memory of its largest record. A record that cannot
be read (invalid or too deeply nested JSON, a CSV field over the limit)
becomes a warning and the next one is read; in a JSON array, whose records
cannot be told apart without parsing, the rest of the file is given up with
a warning instead. Extras are cut in depth and size, so that no record can
make a stored field that cannot be written, shown or printed as JSON.

A CSV file's fields are between commas, semicolons or tabs, whichever its
header line holds most (or Excel's ``sep=`` line names).
"""

import csv
import html
import json
import math
import re
from collections.abc import Iterator
from itertools import chain

from kgsearch.index.dates import parse_date
from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.language import LANGUAGES, known_language
from kgsearch.index.text import split_names, title_from_sentence

BODY_KEYS = ("body", "content", "text")
DATE_KEYS = ("date", "published")
TAG_KEYS = ("tags", "keywords")
KNOWN = {"id", "title", "summary", "url", "lang", "source", "speakers", *BODY_KEYS, *DATE_KEYS, *TAG_KEYS}
# Fields that are names or labels (an id, a title, a source): longer is not a name.
MAX_FIELD_CHARS = 2_000
MAX_NAMES = 100
# Extras: containers below this depth are shown as "{…}" or "[…]"; beyond
# this many characters of keys and values, the rest is left out.
MAX_EXTRAS_DEPTH = 8
MAX_EXTRAS_CHARS = 65_536

Row = tuple[int, "dict | list | str"]  # a record's number and the record, or a warning about it


def _scalar(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return ""


def _text(value) -> str:
    """A field's text: a string or number as it is, a list of them as paragraphs; nothing else."""
    if isinstance(value, list):
        return "\n\n".join(text for v in value if (text := _scalar(v).strip()))
    return _scalar(value)


def _names(value) -> list[str]:
    """A list's names as they are (a comma inside one is part of it: "Smith, John"); a string's
    between semicolons when it has any ("Smith, John; Doe, Jane", as a CSV cell holds a list),
    else between commas."""
    if isinstance(value, list):
        names = [_scalar(v).strip() for v in value]
    elif isinstance(value, str):
        names = split_names(value)
    else:
        return []
    return [name for name in names if name]


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescaped(text: str) -> str:
    """``text`` with its HTML entities as the characters they stand for, once: scrapers and
    exports leave ``&quot;брексита&quot;`` in titles. Only whole entities, ending in ``;``: an
    ampersand in text stays ("AT&T", "R&D", "&copy2020"), and ``&amp;quot;`` becomes ``&quot;``.

    >>> unescaped("&quot;брексита&quot; AT&T &#171;R&amp;D&#187; &amp;quot; &copy2020 &bogus;")
    '"брексита" AT&T «R&D» &quot; &copy2020 &bogus;'
    """
    return _ENTITY.sub(lambda m: html.unescape(m[0]), text) if "&" in text else text


def _first(record: dict, keys) -> str:
    for key in keys:
        value = record.get(key)
        if value is not None and value != "":
            return value if value.__class__ is str else _text(value)
    return ""


def record_document(path: str, record: dict, number: int, max_chars: int) -> tuple[Document, list[str]]:
    """A document from one record and warnings about it; ``number`` keys records that have no id or url.

    The body and summary are cut at ``max_chars`` characters, as a text file
    is; names and labels at ``MAX_FIELD_CHARS``; extras to their bounds.
    """
    record = {str(k).strip().lower(): v for k, v in record.items()}
    body = unescaped(_first(record, BODY_KEYS)).strip()
    summary, title = unescaped(_first(record, ("summary",))).strip(), unescaped(_first(record, ("title",))).strip()
    if not (body or summary or title):
        raise SkipFile(f"record {number}: no title, body or summary")
    key, date_text = _first(record, ("id", "url")), _first(record, DATE_KEYS)
    lang, source, url = _first(record, ("lang",)), unescaped(_first(record, ("source",))), _first(record, ("url",))
    speakers, tags = _names(record.get("speakers")), _names(record.get("tags") or record.get("keywords"))
    speakers, tags = [unescaped(s) for s in speakers], [unescaped(t) for t in tags]
    extras = {k: v for k, v in record.items() if k not in KNOWN}
    warnings: list[str] = []
    if len(body) > max_chars:
        body = body[:max_chars]
        warnings.append(f"record {number}: long body: only its first {max_chars:,} characters are indexed")
    if len(summary) > max_chars:
        summary = summary[:max_chars]
        warnings.append(f"record {number}: summary cut to size")
    labels = {"title": title, "id": key, "date": date_text, "lang": lang, "source": source, "url": url}
    for name, value in labels.items():
        if len(value) > MAX_FIELD_CHARS:
            labels[name] = value[:MAX_FIELD_CHARS]
            warnings.append(f"record {number}: {name} cut to size")
    for name, names in (("speakers", speakers), ("tags", tags)):
        if len(names) > MAX_NAMES or any(len(n) > MAX_FIELD_CHARS for n in names):
            names[:] = [n[:MAX_FIELD_CHARS] for n in names[:MAX_NAMES]]
            warnings.append(f"record {number}: {name} cut to size")
    if extras:
        extras, cut = bound_extras(extras)
        if cut:
            warnings.append(f"record {number}: extras cut to size")
    lang = known_language(labels["lang"])
    if labels["lang"].strip() and lang is None:
        warnings.append(f"record {number}: lang {labels['lang'][:40]!r} is not a language kgsearch knows "
                        f"({', '.join(LANGUAGES)}); found from the text instead")
    title, key, date_text = labels["title"], labels["id"], labels["date"]
    date = parse_date(date_text) if date_text else None
    doc = Document(
        path=path,
        key=key or str(number),
        title=title or title_from_sentence(body or summary),
        body=body or summary,
        summary=summary if body else "",
        date=date,
        date_source="field" if date else "",
        lang=lang or "",
        source=labels["source"],
        speakers=speakers,
        tags=tags,
        url=labels["url"],
        extras=extras,
    )
    return doc, warnings


def bound_extras(extras: dict) -> tuple[dict, bool]:
    """``extras`` cut to ``MAX_EXTRAS_DEPTH`` and ``MAX_EXTRAS_CHARS``, and whether anything was cut.

    Numbers JSON has no spelling for (NaN, infinities) become their names.

    >>> bound_extras({"a": [1, {"b": float("nan")}]})
    ({'a': [1, {'b': 'NaN'}]}, False)
    """
    budget = MAX_EXTRAS_CHARS
    cut = False

    def bound(value, depth: int):
        nonlocal budget, cut
        if isinstance(value, (dict, list)):
            if depth >= MAX_EXTRAS_DEPTH:
                cut = True
                return "{…}" if isinstance(value, dict) else "[…]"
            out: dict | list = {} if isinstance(value, dict) else []
            for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
                if budget <= 0:
                    cut = True
                    break
                if isinstance(out, dict):
                    key = bound(str(key), depth)
                    out[key] = bound(item, depth + 1)
                else:
                    out.append(bound(item, depth + 1))
            return out
        if isinstance(value, float) and not math.isfinite(value):
            value = json.dumps(value)
        elif value is None or isinstance(value, (bool, int, float)):
            budget -= len(str(value)) if isinstance(value, int) and abs(value) > 10**18 else 8
            return value
        value = value if isinstance(value, str) else str(value)
        if len(value) > budget:
            value = value[: max(budget, 0)]
            cut = True
        budget -= max(len(value), 1)
        return value

    return bound(extras, 0), cut


def rows(kind: str, pieces, limit: int) -> Iterator[Row]:
    """The records of a ``jsonl``, ``json`` or ``csv`` file, from its ``Source``.

    ``limit``: the longest record read, in characters (bytes for a JSON line).
    """
    if kind == "jsonl":
        return _jsonl(pieces.lines(limit))
    if kind == "json":
        return _json(pieces.chunks(), limit)
    return _csv(pieces.lines(limit), limit)


def _jsonl(lines) -> Iterator[Row]:
    for number, line in lines:
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except RecursionError:
            yield number, f"line {number}: JSON nested too deep"
        except ValueError as error:  # also an integer too long for Python (over 4,300 digits)
            yield number, f"line {number}: invalid JSON ({_why(error)})"


def _why(error: ValueError) -> str:
    return error.msg if isinstance(error, json.JSONDecodeError) else str(error).split(":")[0]


# What a CSV file's fields may be between: Excel writes semicolons where a comma is the decimal
# mark (a Russian locale), and tabs as "Unicode text".
DELIMITERS = (",", ";", "\t")
_SEP = re.compile(r"sep=([,;\t|])\r?\n?")


def _csv(lines, limit: int) -> Iterator[Row]:
    """Rows as ``csv.DictReader`` makes them, numbered as it counts (the header is 1), a row that
    cannot be read (a field over ``limit`` characters) a warning. The csv module's field limit is
    process-wide: it is raised for each row read and put back before the row is handed on."""
    held, number, sep = [], 1, None
    for _, text in lines:  # the header: blank lines before it are passed over, as csv does
        if not held and sep is None and (named := _SEP.fullmatch(text)):  # Excel's line naming it
            number, sep = number + 1, named[1]
            continue
        held.append((0, text))
        if text.strip():
            break
    sep = sep or delimiter(held[-1][1] if held else "")
    lines = _Lines(chain(held, lines))
    reader = csv.reader(lines, delimiter=sep)
    header = None
    while True:
        lines.quotes = 0
        previous = csv.field_size_limit(limit)
        try:
            row, problem = next(reader, None), None
        except csv.Error as error:
            row, problem = [], str(error)
        finally:
            csv.field_size_limit(previous)
        if problem:
            if "field larger than field limit" in problem:
                problem = f"a field longer than {limit:,} characters"
            if header is None:
                raise SkipFile(f"CSV header: {problem}")
            lines.skip_quoted()
            number += 1
            yield number, f"record {number}: {problem}; skipped"
            continue
        if row is None:
            return
        if not row:
            continue
        if header is None:
            header = row
            continue
        number += 1
        record = dict(zip(header, row))
        if len(row) > len(header):
            record[None] = row[len(header):]
        for key in header[len(row):]:
            record[key] = None
        yield number, record


def delimiter(header: str) -> str:
    """The one of ``DELIMITERS`` a CSV file's header line holds most often outside quotes; a comma
    when it holds none. Only the header counts: a body full of semicolons is still text.

    >>> delimiter("title;body;date"), delimiter('"title, main",body;text'), delimiter("title")
    (';', ',', ',')
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=counts.get)  # the first of equals: a comma
    return best if counts[best] else ","


class _Lines:
    """The lines handed to the csv module, counting the quotes since the current record began.

    A field over the limit can only be a quoted one of many lines (a line is
    no longer than the limit); the csv module gives up on it in the middle.
    An odd count of quotes then means the field is still open: its lines are
    passed over up to the one that closes it, so that the next record is read
    from where it begins, not from inside the broken one.
    """

    def __init__(self, lines: Iterator[tuple[int, str]]):
        self.lines = lines
        self.quotes = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        _, text = next(self.lines)
        self.quotes += text.count('"')
        return text

    def skip_quoted(self) -> None:
        while self.quotes % 2 and next(self, None) is not None:
            pass


_SPACE = re.compile(r"\s*")


class _Text:
    """The text of a JSON file, from its pieces, as far as it has been read.

    Text before ``pos`` is dropped as more is read, so only the record being
    parsed is held. ``line`` counts the lines dropped, for messages.
    """

    def __init__(self, pieces: Iterator[str]):
        self.pieces = pieces
        self.text = ""
        self.pos = 0
        self.line = 1
        self.ended = False
        self.failure = ""  # why the text ended early: a piece that is not text

    def more(self) -> bool:
        if self.ended:
            return False
        try:
            piece = next(self.pieces)
        except StopIteration:
            self.ended = True
            return False
        except SkipFile as reason:
            self.ended, self.failure = True, str(reason)
            return False
        self.line += self.text.count("\n", 0, self.pos)
        self.text = self.text[self.pos:] + piece
        self.pos = 0
        return True

    def next_char(self) -> str:
        """The next character that is not white space, or "" at the end; ``pos`` points at it."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def line_at(self, pos: int) -> int:
        return self.line + self.text.count("\n", 0, pos)


_DECODER = json.JSONDecoder()


def _value(source: _Text, limit: int):
    """The JSON value at ``source.pos``, read on as far as it goes; ``ValueError`` with the reason."""
    if not source.next_char():
        raise ValueError(f"invalid JSON (Expecting value, line {source.line_at(source.pos)})")
    while True:
        held = len(source.text) - source.pos
        try:
            value, end = _DECODER.raw_decode(source.text, source.pos)
        except RecursionError:
            raise ValueError("JSON nested too deep") from None
        except json.JSONDecodeError as error:
            short = error.pos >= len(source.text) - 8 or error.msg.startswith("Unterminated string")
            if short and not source.ended:
                if held > limit:
                    raise ValueError(f"longer than {limit:,} characters") from None
                # Read as much again before parsing again: the work stays linear in the record's size.
                while len(source.text) - source.pos < 2 * held and source.more():
                    pass
                continue
            raise ValueError(f"invalid JSON ({error.msg}, line {source.line_at(error.pos)})") from None
        except ValueError as error:
            raise ValueError(f"invalid JSON ({_why(error)})") from None
        if end == len(source.text) and source.more():
            continue  # a number at the end of what was read may go on
        source.pos = end
        return value


def _json(pieces: Iterator[str], limit: int) -> Iterator[Row]:
    """The records of a JSON array (or of one JSON record), one at a time."""
    source = _Text(pieces)
    try:
        yield from _array(source, limit)
    except SkipFile:
        if source.failure:  # the JSON broke off where the text did: that is the reason
            raise SkipFile(source.failure) from None
        raise
    if source.failure:
        yield 0, f"{source.failure}; the rest of the file is not read"


def _array(source: _Text, limit: int) -> Iterator[Row]:
    first = source.next_char()
    if not first:
        return  # white space only: an empty file
    if first not in ("[", "{"):
        raise SkipFile("JSON is neither an array of records nor a record")
    if first == "{":
        try:
            yield 1, _value(source, limit)
        except ValueError as error:
            raise SkipFile(str(error)) from None
    else:
        source.pos += 1
        number = 0
        if source.next_char() == "]":
            source.pos += 1
        else:
            while True:
                number += 1
                try:
                    yield number, _value(source, limit)
                except ValueError as error:
                    if number == 1:
                        raise SkipFile(str(error)) from None
                    yield number, f"record {number}: {error}; the rest of the file is not read"
                    return
                after = source.next_char()
                source.pos += 1
                if after == ",":
                    continue
                if after != "]":
                    found = f"found {after!r}" if after else "the file ends"
                    yield number, f"after record {number}: ',' or ']' expected, {found}; the rest is not read"
                    return
                break
    if source.next_char():
        yield 0, f"invalid JSON after the last record (line {source.line_at(source.pos)}); not read"
