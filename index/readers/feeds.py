"""RSS 2.0 and Atom feeds: one item (entry) one document, with its link as ``url`` and its
publication date.

A feed is read as a stream (defusedxml's ``iterparse``, which refuses
entity declarations: a "billion laughs" feed is a reason, not a hang), each
element dropped once it has ended (an item once it is made a document), so a
feed of any length is read in the memory of one item: an item longer than the
file limit ends the reading, one of more than ``MAX_ITEM_ELEMENTS`` elements
(31 MB of ``<a/>`` were 730 MB of elements) is skipped, its elements dropped
as they end, and XML nested deeper than ``MAX_NESTING`` (whose open elements
cannot be dropped) ends the reading. The feed's own title is the items' source (the
agency's name: ``Kabar``, ``24.kg``); an item's HTML (``description``,
``content:encoded``, Atom's ``type="html"``) is read as a web page is. A
``.xml`` file that is not a feed is skipped with that reason.
"""

from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from html import unescape
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from kgsearch.index.dates import PartialDate, parse_date
from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.text import title_from_sentence
from kgsearch.index.webpage import read_html

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_ITEMS = {"item", _ATOM + "entry", _RSS1 + "item"}
_ROOTS = {"rss", _ATOM + "feed", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF", "channel"}
_FEED_TITLE = {"title", _ATOM + "title", _RSS1 + "title"}
MAX_FIELD_CHARS = 2_000
# A news item is a few dozen elements; an Atom entry of XHTML a few thousand.
MAX_ITEM_ELEMENTS = 100_000
MAX_NESTING = 1_000


class _Counted:
    """The file, counting the bytes read since the last item: an item longer than the file limit
    (all of it is in memory until it ends) stops the reading, a feed of any length does not."""

    def __init__(self, handle, limit):
        self.handle, self.left = handle, limit

    def read(self, size=-1):
        if self.left <= 0:
            return b""
        data = self.handle.read(min(self.left, size if size and size > 0 else 2**16))
        self.left -= len(data)
        return data


def read(kind: str, handle: BinaryIO, context) -> Iterator[Document]:
    counted = _Counted(handle, context.max_bytes)
    events = iterparse(counted, events=("start", "end"))
    count = number = 0
    feed_title, root = "", None
    open_elements = []
    item_depth = elements = 0  # where the item being read is open (0: none), and its elements so far
    try:
        for event, element in events:
            if event == "start":
                if root is None:
                    root = element
                    if element.tag not in _ROOTS:
                        raise SkipFile(f"XML that is not an RSS or Atom feed (its root is <{_local(element.tag)}>)")
                open_elements.append(element)
                if len(open_elements) > MAX_NESTING:
                    raise _TooDeep
                if item_depth:
                    elements += 1
                elif element.tag in _ITEMS:
                    item_depth, elements = len(open_elements), 0
                continue
            open_elements.pop()
            parent = open_elements[-1] if open_elements else None
            if item_depth and len(open_elements) >= item_depth:  # inside an item: kept for it, unless too many
                if elements > MAX_ITEM_ELEMENTS:
                    del open_elements[item_depth - 1][:]  # the item is skipped: none of it is kept
                    _drop(parent, element)
                continue
            if element.tag in _ITEMS:
                number += 1
                item_depth = 0
                if elements > MAX_ITEM_ELEMENTS:
                    context.warn(f"item {number}: more than {MAX_ITEM_ELEMENTS:,} elements; skipped")
                else:
                    try:
                        doc = _item(element, context, number, feed_title)
                    except SkipFile as reason:
                        context.warn(str(reason))
                    else:
                        count += 1
                        yield doc
                counted.left = context.max_bytes
            elif element.tag in _FEED_TITLE and not feed_title and len(open_elements) <= 2:
                feed_title = " ".join("".join(element.itertext()).split())[:MAX_FIELD_CHARS]
            if parent is not None:
                _drop(parent, element)  # read: memory stays one item's
    except DefusedXmlException:
        raise SkipFile("feed refused: its XML declares entities (an entity-expansion bomb?)") from None
    except _TooDeep:
        if not count:
            raise SkipFile(f"feed refused: its XML is nested deeper than {MAX_NESTING:,} elements") from None
        context.warn(f"XML nested deeper than {MAX_NESTING:,} elements after item {number}; the rest is not read")
    except SyntaxError as error:  # ParseError
        if counted.left <= 0:
            context.warn(f"item {number + 1}: longer than {context.max_bytes:,} bytes; the rest of the feed "
                         "is not read")
        elif root is None:
            raise SkipFile(f"not XML ({error})") from None
        elif count:
            context.warn(f"damaged XML after item {number} ({error}); the rest is not read")
        else:
            raise SkipFile(f"damaged feed ({error})") from None
    if root is None:
        raise SkipFile("empty file")
    if not count:
        raise SkipFile("a feed with no items" if not number else "no item could be read")


class _TooDeep(Exception):
    pass


def _drop(parent, element) -> None:
    """An element that has ended, and all it held, out of the tree. Its earlier siblings are out
    already, so it is its parent's first child (not its last: the parser is a block of the file
    ahead of the events read, and has built the elements of that block)."""
    element.clear()
    if len(parent) and parent[0] is element:
        del parent[0]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _item(element, context, number: int, feed_title: str) -> Document:
    fields: dict[str, str] = {}
    html_fields: set[str] = set()
    tags, link = [], ""
    for child in element:
        name = _local(child.tag)
        text = "".join(child.itertext()).strip()
        if child.tag == _CONTENT:
            name = "content"
        if name == "link":
            href = child.get("href")
            if href is not None:  # Atom: the alternate link is the article
                if child.get("rel", "alternate") == "alternate" and not link:
                    link = href
                continue
            link = link or text
        elif name == "category":
            if term := (child.get("term") or text):
                tags.append(term[:MAX_FIELD_CHARS])
        elif name == "author":
            fields.setdefault("author", " ".join(text.split()))
        elif name == "creator" and child.tag.startswith(_DC):
            fields.setdefault("author", text)
        elif name == "date" and child.tag.startswith(_DC):
            fields.setdefault("pubDate", text)
        elif text:
            fields.setdefault(name, text)
            if name in ("description", "content", "summary") and \
                    (child.get("type", "html" if name != "summary" else "text") in ("html", "xhtml")):
                html_fields.add(name)
    body_field = next((n for n in ("content", "description", "summary") if fields.get(n)), "")
    body = fields.get(body_field, "")
    if "<" in body and (body_field in html_fields or ">" in body):
        body = read_html(context.name, body).body
    elif body_field in html_fields and "&" in body:
        body = unescape(body)  # HTML without a tag: its entities are all there is to read
    if len(body) > context.max_chars:
        body = body[: context.max_chars]
        context.warn(f"item {number}: long text: only its first {context.max_chars:,} characters are indexed")
    title = " ".join(fields.get("title", "").split())[:MAX_FIELD_CHARS]
    if "<" in title:
        title = read_html(context.name, title).body
    if not (title or body.strip()):
        raise SkipFile(f"item {number}: no title or text")
    date = _date(fields.get("pubDate") or fields.get("published") or fields.get("updated") or "")
    key = (fields.get("guid") or fields.get("id") or link or str(number))[:MAX_FIELD_CHARS]
    extras = {"author": fields["author"][:MAX_FIELD_CHARS]} if fields.get("author") else {}
    return Document(path=context.name, key=key, title=title or title_from_sentence(body), body=body.strip(),
                    date=date, date_source="field" if date else "", source=feed_title, tags=tags[:100],
                    url=link[:MAX_FIELD_CHARS], extras=extras)


def _date(value: str) -> PartialDate | None:
    """An RSS date (RFC 822: ``Tue, 06 Jun 2024 09:30:00 +0600``) or an Atom one (ISO 8601)."""
    value = value.strip()
    if not value:
        return None
    if value[:1].isdigit() and "-" in value[:8]:
        return parse_date(value[:40])
    try:
        moment = parsedate_to_datetime(value)
        return PartialDate(moment.year, moment.month, moment.day, moment.hour, moment.minute)
    except (TypeError, ValueError, IndexError):
        return parse_date(value[:40])
