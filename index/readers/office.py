"""Word (.docx) and OpenDocument (.odt) files: ZIP archives of XML, read with the standard
library's ``zipfile`` and defusedxml's ``iterparse`` (PSF licence: the standard parser, with
entity declarations refused, so a "billion laughs" file is a reason, not a hang).

python-docx and odfpy build the whole document as objects and leave out
footnotes (python-docx); reading the XML as a stream is smaller and reads
every part a reader would see: the body with its tables (a table's cells are
words apart, its rows lines), then footnotes and endnotes, then the page
headers and footers (the ministry's name and address, which tell the
source). The title is the document's own property when it is a real title,
else the first heading (Word's ``Title`` and ``Heading 1`` styles, an
OpenDocument ``text:h`` of level 1), else the text's title line. Their
creation dates are not used: a document made from a template or a copy keeps
the template's (python-docx's own template says 2013), so only the text dates them.

Each part is read up to the file limit in decompressed bytes, so a small
file that unpacks to gigabytes is cut, not followed, and each element is
dropped from the tree once it has been read (an OpenDocument paragraph once
it has ended whole), so that memory holds only the elements open at a time:
a 47 KB .docx of nothing but elements took 490 MB. XML nested deeper than
``MAX_NESTING`` is refused.

Word writes a text box twice, as ``mc:AlternateContent``: the ``mc:Choice``
(a drawing) and an ``mc:Fallback`` (VML) for older readers. The choice is
read, the fallback passed over; the box's paragraphs are lines of their own,
after the paragraph it stands in, which stays one line.
"""

import re
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.readers.texts import real_title, text_document

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Word nests a table in a table, a text box in a cell: a few levels of a few elements each.
MAX_NESTING = 1_000
# A style's id and its name, its first child, as Word writes them.
_STYLE_NAME = re.compile(rb'<(?:\w+:)?style\b[^>]*?\bstyleId="([^"]*)"[^>]*>\s*<(?:\w+:)?name\s+(?:\w+:)?val="([^"]*)"')
_HEADING_STYLES = re.compile(r"^(?:title|heading ?1|заголовок ?1|название)$", re.I)


class _Limited:
    """A ZIP member read up to ``limit`` decompressed bytes; ``cut`` says whether it went on."""

    def __init__(self, handle, limit: int):
        self.handle, self.left, self.cut = handle, limit, False

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            self.cut = self.cut or bool(self.handle.read(1))
            return b""
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.handle.read(size)
        self.left -= len(data)
        return data


def read(kind: str, handle: BinaryIO, context) -> Iterator[Document]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise SkipFile(f"damaged {kind} file (not a ZIP archive: {error})") from None
    with archive:
        names = set(archive.namelist())
        try:
            if kind == "docx":
                yield _docx(archive, names, context)
            else:
                yield _odt(archive, names, context)
        except RecursionError:
            raise SkipFile(f"{kind} file refused: its XML is nested too deep") from None
        except DefusedXmlException:
            raise SkipFile(f"{kind} file refused: its XML declares entities (an entity-expansion bomb?)") from None
        except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError, RuntimeError) as error:
            raise SkipFile(f"damaged {kind} file ({error})") from None


def _events(archive, name: str, context, budget: dict, whole: frozenset = frozenset()):
    """``iterparse`` events of one part, its bytes limited by what is left of ``budget``; each
    element dropped once the consumer has had its end, but those inside an element of a tag in
    ``whole``, whose end reads it whole."""
    with archive.open(name) as member:
        limited = _Limited(member, budget["left"])
        open_elements, holding = [], 0
        try:
            for event, element in iterparse(limited, events=("start", "end")):
                if event == "start":
                    open_elements.append(element)
                    if len(open_elements) > MAX_NESTING:
                        raise SkipFile(f"{name}: its XML is nested deeper than {MAX_NESTING:,} elements")
                    holding += element.tag in whole
                    yield event, element
                    continue
                open_elements.pop()
                yield event, element
                holding -= element.tag in whole
                if not holding and open_elements:
                    element.clear()
                    parent = open_elements[-1]
                    if len(parent) and parent[0] is element:  # its earlier siblings are out already (and
                        del parent[0]  # it is not the last: the parser is a block of the file ahead)
        except SyntaxError as error:  # ParseError; also a part cut by the limit
            if not limited.cut:
                raise SkipFile(f"damaged XML in {name} ({error})") from None
        budget["left"] = limited.left
        if limited.cut:
            context.warn(f"{name}: only its first bytes are read (the file's limit)")


def _docx(archive, names, context) -> Document:
    if "word/document.xml" not in names:
        raise SkipFile("not a Word document (no word/document.xml)")
    budget = {"left": context.max_bytes}
    headings = _docx_headings(archive, names, context, budget)
    body, heading = _docx_part(archive, "word/document.xml", context, budget, headings)
    notes = [_docx_part(archive, name, context, budget, headings)[0]
             for name in ("word/footnotes.xml", "word/endnotes.xml") if name in names]
    margins = [_docx_part(archive, name, context, budget, headings)[0]
               for name in sorted(names) if re.fullmatch(r"word/(?:header|footer)\d*\.xml", name)]
    core = _properties(archive, "docProps/core.xml", names, context, budget)
    text = "\n\n".join(part for part in [body, *notes, *dict.fromkeys(margins)] if part.strip())
    title = real_title(core.get(_DC + "title"), context.name) or heading
    return text_document(context.name, text, context.warn, context.max_chars, title=title)


def _docx_headings(archive, names, context, budget) -> set[str]:
    """The ids of the styles named as a title or first-level heading (ids differ by language:
    ``Heading1``, ``1``, ``a3``). Found by a pattern over styles.xml: it is mostly the latent
    styles of Word's template (90,000 elements in python-docx's), which parsing took 0.15 s a file."""
    found = {"Title", "Heading1"}
    if "word/styles.xml" in names:
        with archive.open("word/styles.xml") as member:
            limited = _Limited(member, budget["left"])
            data = limited.read()
        budget["left"] = limited.left
        for style_id, name in _STYLE_NAME.findall(data):
            if _HEADING_STYLES.match(name.decode("utf-8", "replace")):
                found.add(style_id.decode("utf-8", "replace"))
    return found


def _docx_part(archive, name, context, budget, headings) -> tuple[str, str]:
    """A part's text (paragraphs as lines, cells of a row words apart) and its first heading."""
    lines, heading = [], ""
    paragraphs: list[dict] = []  # the paragraphs open: a text box's are inside the one it stands in
    depth = 0  # paragraphs inside table cells
    fallback = 0  # inside mc:Fallback, the copy of what mc:Choice holds
    for event, element in _events(archive, name, context, budget):
        tag = element.tag
        if tag == _FALLBACK:
            fallback += 1 if event == "start" else -1
            continue
        if fallback:
            continue
        if event == "start":
            if tag == _W + "tc":
                depth += 1
            elif tag == _W + "p":
                paragraphs.append({"words": [], "heading": False, "inside": []})
            continue
        paragraph = paragraphs[-1] if paragraphs else None
        if tag == _W + "p" and paragraph is not None:
            paragraphs.pop()
            line = "".join(paragraph["words"]).strip()
            if paragraph["heading"] and line and not heading:
                heading = line
            read = [("cell" if depth else "line", line), *paragraph["inside"]]
            (paragraphs[-1]["inside"] if paragraphs else lines).extend(read)
        elif tag == _W + "tc":
            depth -= 1
        elif tag == _W + "tr":
            (paragraphs[-1]["inside"] if paragraphs else lines).append(("row", ""))
        elif paragraph is None:
            continue
        elif tag == _W + "t":
            paragraph["words"].append(element.text or "")
        elif tag == _W + "tab":
            paragraph["words"].append("\t")
        elif tag in (_W + "br", _W + "cr"):
            paragraph["words"].append("\n")
        elif tag == _W + "pStyle" and element.get(_W + "val") in headings:
            paragraph["heading"] = True
        elif tag == _W + "outlineLvl" and element.get(_W + "val") == "0":
            paragraph["heading"] = True
    return _join(lines), heading


def _join(lines: list[tuple[str, str]]) -> str:
    """Lines as paragraphs; a table row's cells on one line, words apart."""
    out, row = [], []
    for kind, text in lines:
        if kind == "cell":
            if text:
                row.append(text)
        elif kind == "row":
            if row:
                out.append("  ".join(row))
            row = []
        elif text:
            out.append(text)
    if row:
        out.append("  ".join(row))
    return "\n".join(out)


def _properties(archive, name, names, context, budget) -> dict[str, str]:
    found = {}
    if name in names:
        for event, element in _events(archive, name, context, budget):
            if event == "end" and element.text and element.text.strip():
                found.setdefault(element.tag, element.text.strip())
    return found


def _odt(archive, names, context) -> Document:
    if "content.xml" not in names:
        raise SkipFile("not an OpenDocument text (no content.xml)")
    budget = {"left": context.max_bytes}
    body, notes, heading = _odt_part(archive, "content.xml", context, budget)
    margins = _odt_part(archive, "styles.xml", context, budget, margins_only=True)[0] \
        if "styles.xml" in names else ""
    meta = _properties(archive, "meta.xml", names, context, budget)
    text = "\n\n".join(part for part in (body, notes, margins) if part.strip())
    title = real_title(meta.get(_DC + "title"), context.name) or heading
    return text_document(context.name, text, context.warn, context.max_chars, title=title)


_ODT_BLOCKS = {_TEXT + "p", _TEXT + "h"}
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_MARGINS = {_STYLE + name for name in ("header", "footer", "header-left", "footer-left")}


def _odt_part(archive, name, context, budget, margins_only=False) -> tuple[str, str, str]:
    """The body's text, its notes' text and its first heading (``margins_only``: the page
    headers' and footers' text of styles.xml). A paragraph is read whole when it ends, its
    notes (paragraphs of their own inside it) set apart."""
    lines, notes, heading = [], [], ""
    open_blocks = in_margin = 0
    cells: list[str] | None = None
    for event, element in _events(archive, name, context, budget, whole=_ODT_BLOCKS):
        tag = element.tag
        if event == "start":
            if tag in _ODT_BLOCKS:
                open_blocks += 1
            elif tag in _MARGINS:
                in_margin += 1
            elif tag == _TABLE + "table-row" and not open_blocks:
                cells = []
            continue
        if tag in _ODT_BLOCKS:
            open_blocks -= 1
            if open_blocks:
                continue  # a note's paragraph: read with the paragraph it is in
            parts: list[str] = []
            _odt_text(element, parts, notes)
            line = "".join(parts).strip()
            element.clear()
            if margins_only and not in_margin:
                continue
            if cells is not None:
                cells.append(line)
            elif line:
                lines.append(line)
                if not heading and tag == _TEXT + "h" and element.get(_TEXT + "outline-level", "1") == "1":
                    heading = line
        elif tag == _TABLE + "table-row" and cells is not None:
            if any(cells):
                lines.append("  ".join(c for c in cells if c))
            cells = None
            element.clear()
        elif tag in _MARGINS:
            in_margin -= 1
    return "\n".join(lines), "\n".join(n for n in notes if n), heading


def _odt_text(element, parts: list[str], notes: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if tag == _TEXT + "s":
            parts.append(" " * _count(child.get(_TEXT + "c")))
        elif tag == _TEXT + "tab":
            parts.append("\t")
        elif tag == _TEXT + "line-break":
            parts.append("\n")
        elif tag == _TEXT + "note":
            body = child.find(_TEXT + "note-body")
            if body is not None:
                note: list[str] = []
                _odt_text(body, note, notes)
                notes.append(" ".join("".join(note).split()))
        elif tag in _ODT_BLOCKS:
            _odt_text(child, parts, notes)
            parts.append("\n")
        else:
            _odt_text(child, parts, notes)
        if child.tail:
            parts.append(child.tail)


def _count(value) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
