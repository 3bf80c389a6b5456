"""HTML pages saved from news sites: the article text without the site around it."""

from html.parser import HTMLParser

from kgsearch.index.dates import parse_date
from kgsearch.index.documents import Document
from kgsearch.index.text import title_from_sentence

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "template", "svg", "button"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
          "blockquote", "pre", "ul", "ol", "table", "figcaption", "dd", "dt"}
_DATE_META = {"date", "article:published_time", "pubdate", "publishdate", "dc.date", "og:published_time"}
_VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "area", "base", "col", "embed", "param", "track"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.parts: list[str] = []
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
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
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if "title" in self.stack and not self.skip_depth:
            self.title += data
            return
        if self.skip_depth or "head" in self.stack:
            return
        if "h1" in self.stack and not self.h1:
            self.h1 = data.strip()
        self.parts.append(data)


def read_html(path: str, text: str) -> Document:
    """A document from an HTML page: title from ``<title>`` or the first ``<h1>``.

    >>> doc = read_html("a.html", "<title>Railway</title><nav>Home</nav><p>Text</p><script>x()</script>")
    >>> doc.title, doc.body
    ('Railway', 'Text')
    """
    page = _Page()
    page.feed(text)
    page.close()
    paragraphs = ["".join(p.split("\n")).strip() for p in "".join(page.parts).split("\n\n")]
    body = "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
    title = " ".join(page.title.split())
    # "Headline | Site name": the page's <h1> is the headline without the site.
    if page.h1 and (not title or title.startswith(page.h1)):
        title = page.h1
    title = title or title_from_sentence(body)
    date_value = next((page.meta[k] for k in _DATE_META if page.meta.get(k)), "")
    return Document(
        path=path,
        title=title,
        body=body,
        date=parse_date(date_value) if date_value else None,
        lang=page.lang if page.lang in ("ru", "en", "ky") else "",
        url=page.meta.get("og:url", ""),
    )
