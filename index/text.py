"""Plain-text and Markdown files: front matter, headers, titles, datelines.

Press releases saved as text come in a few shapes (see ../shared/seeds): a
title line; a `` date YYYY-MM-DD HH:MM`` header before it, or running
straight into the first sentence; a dateline such as ``Oct 18, 2020`` under
the title; a ``---`` block of ``key: value`` lines on top.
"""

import re

from kgsearch.index.dates import header_date, parse_date
from kgsearch.index.documents import Document
from kgsearch.index.language import known_language
from kgsearch.index.titles import filename_title, same_title

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<block>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_SENTENCE_END = re.compile(r"(?<![A-ZА-ЯЁ])[.!?…](?=\s|$)")
TITLE_MAX = 200
_LIST_KEYS = {"speakers", "tags", "keywords"}


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_names(value: str) -> list[str]:
    """A string's names: between semicolons when it has any ("Smith, John; Doe, Jane", as a CSV
    cell or a front matter line holds a list), else between commas.

    >>> split_names("Smith, John; Doe, Jane"), split_names("Wang Yi, Ван И")
    (['Smith, John', 'Doe, Jane'], ['Wang Yi', 'Ван И'])
    """
    return [name for v in value.split(";" if ";" in value else ",") if (name := v.strip())]


def front_matter(text: str) -> tuple[dict, str]:
    """The ``key: value`` block on top of a file, and the text after it.

    >>> front_matter("---\\ntitle: Railway\\nspeakers: Wang Yi, Ван И\\n---\\nBody")
    ({'title': 'Railway', 'speakers': ['Wang Yi', 'Ван И']}, 'Body')
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict = {}
    for line in m["block"].splitlines():
        kv = _KEY_VALUE.match(line)
        if not kv:
            continue
        key, value = kv["key"].lower(), kv["value"].strip().strip("\"'")
        if key in _LIST_KEYS:
            fields[key] = split_names(value.strip("[]"))
        else:
            fields[key] = value
    return fields, text[m.end():]


def title_from_sentence(text: str, limit: int = 160) -> str:
    """A title for a text that has none: its first sentence, cut at a clause.

    >>> title_from_sentence("President of Kyrgyzstan Sadyr Japarov met with Chairman of the People’s "
    ...     "Republic of China Xi Jinping on the sidelines of Central Asia — China summit, which is "
    ...     "taking place today, June 17, in the capital of Kazakhstan.")
    'President of Kyrgyzstan Sadyr Japarov met with Chairman of the People’s Republic of China Xi Jinping on the sidelines of Central Asia — China summit'
    >>> title_from_sentence("Короткое предложение. Второе.")
    'Короткое предложение'
    """
    text = " ".join(text.split())
    m = _SENTENCE_END.search(text)
    sentence = text[: m.start()] if m else text
    if len(sentence) <= limit:
        return sentence
    cuts = [i for i in (sentence.find(sep, 40, limit) for sep in (",", ";")) if i > 0]
    if cuts:
        cut = min(cuts)
        return sentence[:cut].rstrip()
    space = sentence.rfind(" ", 0, limit)
    return sentence[: space if space > 0 else limit].rstrip() + "…"


def _is_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= TITLE_MAX and not (line.endswith(".") and len(line) > 100)


def _title_line(lines: list[str], first: int, named: str) -> bool:
    """Whether the first line is the file's title line.

    The title line is the publisher's own and outranks a title in the file
    name, which file systems cut and strip of ``:``, ``?``, ``/``. But a name
    that carries a title makes a line ending in a full stop a sentence (a
    headline has none): a one-paragraph lead must not push the name aside.
    """
    line = lines[first].strip().lstrip("#").strip()
    if not _is_title(lines[first]) or first + 1 >= len(lines):
        return bool(named) and same_title(line, named)
    return not named or same_title(line, named) or not line.endswith(".")


def read_text(path: str, text: str) -> Document:
    """A document from a text or Markdown file's contents.

    >>> doc = read_text("a.txt", " date 2025-11-20 10:29\\nГлавы МИД встретились\\n\\nТекст.")
    >>> doc.title, doc.date.iso, doc.body
    ('Главы МИД встретились', '2025-11-20', 'Текст.')
    """
    text = normalize_newlines(text).lstrip("\ufeff")
    fields, text = front_matter(text)
    date, text = header_date(text)
    date_source = "header" if date else ""
    if "date" in fields and (from_fields := parse_date(str(fields["date"]))):
        date, date_source = from_fields, "front matter"
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title = fields.get("title", "")
    named = filename_title(path)
    body = text.strip()
    if first is not None and not title and _title_line(lines, first, named):
        title = lines[first].strip().lstrip("#").strip()
        body = "\n".join(lines[first + 1 :]).strip()
    elif first is not None and title and lines[first].lstrip("#").strip() == title:
        body = "\n".join(lines[first + 1 :]).strip()
    if date is None and (date := _dateline(body)):
        date_source = "dateline"
    if not title:
        title = named or title_from_sentence(body)
    return Document(
        path=path,
        title=title,
        body=body,
        date=date,
        date_source=date_source,
        lang=known_language(str(fields.get("lang", ""))) or "",
        source=str(fields.get("source", "")),
        speakers=list(fields.get("speakers", [])),
        tags=list(fields.get("tags", fields.get("keywords", []))),
        url=str(fields.get("url", "")),
        extras={k: v for k, v in fields.items()
                if k not in {"title", "date", "lang", "source", "speakers", "tags", "keywords", "url"}},
    )


def _dateline(body: str):
    """A line of its own near the top that is just a date (``Oct 18, 2020``)."""
    for line in [line for line in body.split("\n", 8)[:8] if line.strip()][:4]:
        if len(line) <= 40 and (date := parse_date(line)):
            return date
    return None
