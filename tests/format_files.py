"""Real files of every format kgsearch reads, made with each format's own writer (fpdf2 with a
DejaVu font, python-docx, odfpy, the standard library's e-mail and zipfile), for the tests of
index/readers and for benchmarks/bench_formats.py. A maker whose writer or font is missing skips."""

import io
import mailbox
import struct
import zipfile
import zlib
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/TTF/DejaVuSans.ttf"), Path("/usr/share/fonts/dejavu/DejaVuSans.ttf")]


def dejavu() -> Path:
    """A DejaVu Sans font file (Debian's fonts-dejavu-core), or a skip."""
    for font in FONTS:
        if font.exists():
            return font
    pytest.skip("no DejaVu Sans font (apt-get install fonts-dejavu-core) to write Cyrillic into a PDF")


def make_pdf(path: Path, pages: list[str], title: str = "", created: datetime | None = None,
             password: str = "") -> Path:
    """A PDF with a text layer, one string a page (lines split at newlines)."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", "", str(dejavu()))
    pdf.set_font("DejaVu", size=11)
    if title:
        pdf.set_title(title)
    if created:
        pdf.set_creation_date(created)
    for text in pages:
        pdf.add_page()
        for line in text.split("\n"):
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner" + password, user_password=password)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF whose one page is a picture of text (no text layer), as a scanner makes."""
    fpdf = pytest.importorskip("fpdf")
    image_module = pytest.importorskip("PIL.Image")
    draw_module = pytest.importorskip("PIL.ImageDraw")
    font_module = pytest.importorskip("PIL.ImageFont")
    font = font_module.truetype(str(dejavu()), 40)
    image = image_module.new("L", (1700, 200 + 70 * len(lines)), 255)
    draw = draw_module.Draw(image)
    for number, line in enumerate(lines):
        draw.text((100, 100 + 70 * number), line, fill=0, font=font)
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def make_docx(path: Path, heading: str, paragraphs: list[str], header: str = "", footnote: str = "",
              table: list[list[str]] | None = None, title: str = "", created: datetime | None = None) -> Path:
    """A Word file with a heading, paragraphs, a page header, a table and a footnote."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    document.core_properties.title = title
    if created:
        document.core_properties.created = created
    document.save(str(path))
    if footnote:
        _add_footnote(path, footnote)
    return path


def _add_footnote(path: Path, text: str) -> None:
    """python-docx writes no footnotes: add a footnotes part as Word writes it."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
            f'<w:footnote w:id="1"><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/footnotes.xml", part)


def make_odt(path: Path, heading: str, paragraphs: list[str], title: str = "", note: str = "",
             created: str = "") -> Path:
    """An OpenDocument text with a heading, paragraphs and a footnote (odfpy)."""
    opendocument = pytest.importorskip("odf.opendocument")
    text = pytest.importorskip("odf.text")
    dc = pytest.importorskip("odf.dc")
    meta = pytest.importorskip("odf.meta")
    document = opendocument.OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    if created:
        document.meta.addElement(meta.CreationDate(text=created))
    if heading:
        document.text.addElement(text.H(outlinelevel=1, text=heading))
    for number, body in enumerate(paragraphs):
        paragraph = text.P(text=body)
        if note and number == 0:
            footnote = text.Note(noteclass="footnote", id="ftn1")
            footnote.addElement(text.NoteCitation(text="1"))
            note_body = text.NoteBody()
            note_body.addElement(text.P(text=note))
            footnote.addElement(note_body)
            paragraph.addElement(footnote)
        document.text.addElement(paragraph)
    document.save(str(path))
    return path


def rtf_escape(text: str) -> str:
    """Text as Word writes it into RTF: Cyrillic as ``\\'xx`` bytes of Windows-1251 under a
    ``\\fcharset204`` font, other letters outside it as ``\\uN?``."""
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\par\n")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            try:
                out.append("\\'%02x" % ch.encode("cp1251")[0])
            except UnicodeEncodeError:
                out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
    return "".join(out)


def make_rtf(path: Path, title: str, text: str, created: datetime | None = None) -> Path:
    info = "{\\info{\\title " + rtf_escape(title) + "}"
    if created:
        info += "{\\creatim\\yr%d\\mo%d\\dy%d\\hr%d\\min%d}" % (created.year, created.month, created.day,
                                                               created.hour, created.minute)
    info += "}"
    body = ("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}"
            "{\\f1\\fnil\\fcharset204 Times New Roman;}}" + info + "\n\\f1\\fs24 " + rtf_escape(text) + "\\par\n}")
    path.write_bytes(body.encode("ascii"))
    return path


def make_message(subject: str, body: str, date: datetime, sender: str = "Press Service <press@mfa.gov.kg>",
                 organization: str = "", html: bool = False, attachments=()) -> EmailMessage:
    """A message; ``attachments`` are (file name, bytes) pairs."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = "desk@example.org"
    message["Date"] = format_datetime(date)
    message["Message-ID"] = f"<{abs(hash((subject, date))) % 10**12}@example.org>"
    if organization:
        message["Organization"] = organization
    if html:
        message.set_content(f"<html><body><h1>{escape(subject)}</h1><p>{escape(body)}</p></body></html>",
                            subtype="html")
    else:
        message.set_content(body)
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message


def make_eml(path: Path, message: EmailMessage) -> Path:
    path.write_bytes(bytes(message))
    return path


def make_mbox(path: Path, messages) -> Path:
    box = mailbox.mbox(str(path))
    try:
        for message in messages:
            box.add(message)
        box.flush()
    finally:
        box.close()
    return path


def make_rss(path: Path, channel: str, items: list[dict]) -> Path:
    """An RSS 2.0 feed; each item a dict of title, link, description (HTML), date (datetime)."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{escape(channel)}</title>'
             "<link>https://example.org/</link><description>feed</description>"]
    for item in items:
        parts.append(f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
                     f"<guid>{escape(item['link'])}</guid><pubDate>{format_datetime(item['date'])}</pubDate>"
                     f"<description>{escape(item['description'])}</description></item>")
    parts.append("</channel></rss>")
    path.write_text("".join(parts), "utf-8")
    return path


def make_atom(path: Path, feed: str, entries: list[dict]) -> Path:
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
             f"<title>{escape(feed)}</title><id>urn:feed</id><updated>2024-01-01T00:00:00Z</updated>"]
    for entry in entries:
        parts.append(f"<entry><title>{escape(entry['title'])}</title><link href=\"{escape(entry['link'])}\"/>"
                     f"<id>{escape(entry['link'])}</id><published>{entry['date'].isoformat()}</published>"
                     f"<updated>{entry['date'].isoformat()}</updated>"
                     f"<content type=\"html\">{escape(entry['description'])}</content></entry>")
    parts.append("</feed>")
    path.write_text("".join(parts), "utf-8")
    return path


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def dates(start: datetime, count: int, step_days: int = 1) -> list[datetime]:
    return [start + timedelta(days=step_days * i) for i in range(count)]


UTC = timezone.utc


def make_overlapping_zip(path: Path, name: str, data: bytes, copies: int) -> Path:
    """A ZIP of ``copies`` entries named ``name`` that all point at one local header: the red
    team's bomb (Python 3.11's zipfile unpacks the one member ``copies`` times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    raw = buffer.getvalue()
    end = raw.rindex(b"PK\x05\x06")
    size, offset = struct.unpack("<LL", raw[end + 12: end + 20])
    tail = bytearray(raw[end:])
    struct.pack_into("<HHL", tail, 8, copies, copies, size * copies)
    path.write_bytes(raw[:offset] + raw[offset: offset + size] * copies + bytes(tail))
    return path


def make_raw_pdf(path: Path, pages: list[str], info: bytes = b"", size: tuple[float, float] = (595, 842),
                 padding: int = 0) -> Path:
    """A PDF written by hand, for what a PDF library will not write: ``info`` is the body of its
    /Info dictionary as it stands in the file (``b"/Title <FEFFD800>"``: a lone surrogate), each
    page ``size`` points (a page of 14,400 pt), one line of Helvetica a page; ``padding`` spaces
    after each page's text, in a stream compressed with Flate (a bomb: 300 MB of spaces are 300 KB)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
        squeeze = zlib.compressobj(9)
        stream = squeeze.compress(b"BT /F1 12 Tf 36 %d Td (%s) Tj ET\n" % (int(size[1]) - 72, escaped))
        block = b" " * 2**20
        for start in range(0, padding, len(block)):
            stream += squeeze.compress(block[: padding - start])
        stream += squeeze.flush()
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (size[0], size[1], len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    objects.append(b"<< %s >>" % info)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, len(objects), xref)
    path.write_bytes(bytes(out))
    return path
