"""HTML pages saved from news sites: the article text without the site around it.

Text is wrapped in the page source at any point, so a line break inside a
paragraph is a space, as is one ``<br>``; paragraphs end where blocks end
(and at ``<br><br>``, as old pages make them).
"""

import re
from collections import Counter
from html import unescape

from kgsearch.index.dates import parse_date
from kgsearch.index.documents import Document
from kgsearch.index.text import title_from_sentence
from kgsearch.index.titles import filename_title, page_title

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "template", "svg", "button"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
          "blockquote", "pre", "ul", "ol", "table", "figcaption", "dd", "dt"}
# In order of preference: a page with several date tags is dated by the first (a set
# made the choice change with PYTHONHASHSEED).
_DATE_META = ("article:published_time", "og:published_time", "date", "pubdate", "publishdate", "dc.date")
_CELL = {"td", "th"}  # cells of a row are words apart, not paragraphs
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "area", "base", "col", "embed", "param", "track"}


# One piece of markup at a '<'. Every alternative matches whatever follows (an
# unclosed comment or tag runs to the end of the page), so the scan never
# fails after reading far ahead and then starts again one character later:
# that is what made html.parser quadratic on broken pages ("<a <a <a …").
# The possessive *+ keeps no backtracking state: a tag of a million attributes
# costs no memory.
_MARKUP = re.compile(r"""
    <!--(?:-?>|.*?(?:--!?>|\Z))                                   # comment
  | </(?P<end>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>?                   # end tag
  | <[!?/][^>]*>?                                                # doctype, instruction, bogus
  | <(?P<start>[a-zA-Z][^\t\n\r\f />\x00]*)
     (?P<attrs>(?:[^>"'=]+|=\s*(?:"[^"]*"?|'[^']*'?)|[="'])*+)>? # start tag
""", re.S | re.X)
_ATTR = re.compile(r"""([^\s/>=]+)(?:\s*=\s*("[^"]*"?|'[^']*'?|[^\s>]*))?""")
# Where the text of a <script> or <style> ends.
_RAW_END = {tag: re.compile(rf"</{tag}(?=[\s/>])[^>]*>?|\Z", re.I) for tag in ("script", "style")}


def _attributes(text: str) -> dict[str, str]:
    attrs = {}
    for name, value in _ATTR.findall(text):
        if value[:1] in ("'", '"'):
            value = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
        attrs.setdefault(name.lower(), unescape(value))
    return attrs


class _Page:
    """Collects a page's text; every tag and every piece of text costs the same at any depth.

    ``open`` counts the tags on ``stack``, so that "is a <title> open?" is
    not a search of the stack: a page of 200,000 nested tags (hostile or
    just broken) would make that quadratic.
    """

    def __init__(self):
        self.skip_depth = 0
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.h1_done = False
        self.meta: dict[str, str] = {}
        self.lang = ""

    def feed(self, text: str) -> None:
        """Read a whole page, in one pass over its characters."""
        position = start = 0
        while (found := text.find("<", position)) >= 0:
            markup = _MARKUP.match(text, found)
            if markup is None:  # "a < b": a '<' that starts no markup is text
                position = found + 1
                continue
            if found > start:
                self.handle_data(unescape(text[start:found]))
            position = start = markup.end()
            if markup["end"]:
                self.handle_endtag(markup["end"].lower())
            elif markup["start"]:
                tag = markup["start"].lower()
                attrs = markup["attrs"]
                self.handle_starttag(tag, _attributes(attrs) if tag in ("html", "meta") else {})
                if attrs.rstrip().endswith("/") and markup.group().endswith(">"):
                    self.handle_endtag(tag)  # <span/>
                elif tag in _RAW_END:  # its text is no markup, and kgsearch skips it
                    position = start = _RAW_END[tag].search(text, position).end()
                    self.handle_endtag(tag)
        if start < len(text):
            self.handle_data(unescape(text[start:]))

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = attrs.get("lang", "")[:2].lower()
        if tag == "meta":
            name = (attrs.get("name") or attrs.get("property") or "").lower()
            if name:
                self.meta[name] = attrs.get("content", "")
        if tag in _VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        self.stack.append(tag)
        self.open[tag] += 1
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _VOID or not self.open[tag]:
            return
        while self.stack:  # each tag is popped once: linear over the page
            open_tag = self.stack.pop()
            self.open[open_tag] -= 1
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag == "h1" and self.h1_parts:
                self.h1_done = True  # the first <h1> with text is the one that counts
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.open["title"] and not self.skip_depth:
            self.title_parts.append(data)
            return
        if self.skip_depth or self.open["head"]:
            return
        data = data.replace("\n", " ").replace("\r", " ")  # wrapped source: "Hello\nworld" is two words
        if self.open["h1"] and not self.h1_done:
            self.h1_parts.append(data)
        self.parts.append(data)


def read_html(path: str, text: str) -> Document:
    """A document from an HTML page: its headline among ``<title>``, ``og:title`` and the first ``<h1>``.

    >>> doc = read_html("a.html", "<title>Railway</title><nav>Home</nav><p>Text</p><script>x()</script>")
    >>> doc.title, doc.body
    ('Railway', 'Text')
    """
    page = _Page()
    page.feed(text)
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split("".join(page.parts)))
    body = "\n\n".join(p for p in paragraphs if p)
    meta = page.meta
    title = page_title("".join(page.title_parts), h1="".join(page.h1_parts),
                       og_title=meta.get("og:title") or meta.get("twitter:title", ""),
                       site=meta.get("og:site_name", ""))
    title = title or filename_title(path) or title_from_sentence(body)
    date_value = next((page.meta[k] for k in _DATE_META if page.meta.get(k)), "")
    return Document(
        path=path,
        title=title,
        body=body,
        date=parse_date(date_value) if date_value else None,
        date_source="meta" if date_value and parse_date(date_value) else "",
        lang=page.lang if page.lang in ("ru", "en", "ky") else "",
        url=page.meta.get("og:url", ""),
    )
