"""A document from the text a format yields, by the rules of text files, and the document's
own properties (a PDF's or a Word file's title and creation date) judged before they are used.

A document's properties are often not the author's: Word fills in
``Microsoft Word - draft.doc``, ``Document1`` or the template's title,
converters the file's name. A property title is taken only when it reads as
a title; otherwise the text's first heading or title line is, as for a text
file. A creation date is the date the file was made, so it is kept apart
(``Document.file_date``) and used only when the text itself gives none.
"""

import re

from kgsearch.index.dates import PartialDate, parse_date
from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.text import normalize_newlines, read_text
from kgsearch.index.titles import same_title

# Titles that programs write for their user: not the document's.
_NOT_TITLES = re.compile(
    r"^(?:untitled|без названия|document\d*|документ\d*|microsoft (?:word|powerpoint|excel)\b.*|title|заголовок|"
    r"slide \d+|presentation\d*|.*\.(?:docx?|odt|rtf|pdf|txt|html?|indd|qxd|tmp))$", re.I)
_PDF_DATE = re.compile(r"D:(?P<year>\d{4})(?P<month>\d{2})?(?P<day>\d{2})?(?P<hour>\d{2})?(?P<minute>\d{2})?")


def real_title(value: str | None, name: str = "") -> str:
    """``value`` if it reads as a document's title, else ``""``.

    >>> real_title("Joint statement on the railway"), real_title("Microsoft Word - draft.doc")
    ('Joint statement on the railway', '')
    >>> real_title("Document1"), real_title("2024-06-06-statement", "x/2024-06-06-statement.pdf")
    ('', '')
    """
    title = " ".join((value or "").split())
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if len(title) < 3 or not any(c.isalpha() for c in title) or _NOT_TITLES.match(title):
        return ""
    if stem and title.casefold() == stem.casefold():
        return ""
    return title[:300]


def property_date(value: str | None) -> PartialDate | None:
    """A creation date as a document's properties write it (``D:20240606093000+06'00'`` in a PDF,
    ISO 8601 in Word and OpenDocument); ``None`` when it is not one.

    >>> property_date("D:20240606093000+06'00'").iso, property_date("2024-06-06T09:30:00Z").iso
    ('2024-06-06', '2024-06-06')
    """
    value = (value or "").strip()
    if m := _PDF_DATE.match(value):
        parts = [int(v) if v else None for v in m.group("year", "month", "day", "hour", "minute")]
        try:
            return PartialDate(*parts)
        except ValueError:
            return None
    date = parse_date(value[:40]) if value else None
    return date if date is not None and 1900 < date.year < 2100 else None


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _after_title(text: str, title: str) -> int | None:
    """Where ``text`` goes on after ``title`` when it opens with it as a line of its own (or as lines:
    a long title wraps), spaces and line breaks aside; ``None`` when it does not.

    >>> _after_title("Joint statement on\\nthe railway\\nText.", "Joint statement on the railway")
    30
    >>> _after_title("Joint statement on the railway, signed today.", "Joint statement on the railway") is None
    True
    """
    position = 0
    for char in title:
        if char.isspace():
            continue
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text) or text[position] != char:
            return None
        position += 1
    end = text.find("\n", position)
    return position if not text[position: len(text) if end < 0 else end].strip() else None


def text_document(name: str, text: str, warn, max_chars: int, *, title: str = "", file_date=None,
                  pages: list[int] | None = None) -> Document:
    """A document from a format's text: ``title`` (a real property title or a heading) if given,
    else the text's title line; dates from the text by the rules of text files; ``pages``, where
    each page begins in ``text``, carried over to where each begins in the body.
    """
    text = normalize_newlines(text)
    if not text.strip():
        raise SkipFile("no text")
    if len(text) > max_chars:
        text = text[:max_chars]
        warn(f"long text: only its first {max_chars:,} characters are indexed")
    doc = read_text(name, text)
    if title:
        before = text.rstrip()[: len(text.rstrip()) - len(doc.body)]  # what the body follows
        line_taken = bool(doc.title) and doc.title in before  # the text's first line became the title
        seen = f"{doc.title}\n{doc.body}" if line_taken else doc.body  # the text after a header
        after = _after_title(seen, title)
        if after is not None:  # the text opens with the title, wrapped over lines as a PDF has it
            doc.title, doc.body = title, seen[after:].strip()
        elif not (line_taken and _key(title) in _key(doc.title)):  # (a title line the property shortens stays)
            doc.title, doc.body = title, seen.strip()
    doc.file_date = file_date
    if pages:
        prefix = doc.body[:64]  # the body is the text less what went before it (a title line, a header)
        start = text.rfind(prefix, 0, len(text) - len(doc.body) + len(prefix)) if prefix else 0
        doc.pages = [max(0, page - max(start, 0)) for page in pages]
    return doc
