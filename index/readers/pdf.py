"""PDF: the text layer, page by page, through PDFium (pypdfium2: Apache-2.0/BSD-3, the engine
Chrome renders PDFs with; fast and faithful to the layout, where pure-Python readers are many
times slower and PyMuPDF is AGPL).

Pages are joined with a blank line and where each begins is kept, so that a
snippet can say which page it is on. The title is the document's own when
it is a real title, else the text's title line; the date is the text's, and
only when it has none the PDF's creation date (see ``texts``). A page with
no text is a scan: with OCR it is recognised, without it is reported. An
encrypted or damaged file is skipped with its reason.

PDFium is C++ reading files from anywhere: each PDF is read in a child
process with a memory limit (``isolation``), so that a file it crashes on,
or a stream that inflates to gigabytes, is a reason and the build goes on.
"""

import ctypes
import dataclasses
from collections.abc import Iterator
from typing import BinaryIO

from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.readers import isolation
from kgsearch.index.readers.texts import property_date, real_title, text_document

# Pages past this are not read (a report of 5,000 pages is a book; the text limit stops it first).
MAX_PAGES = 5_000
# A page with fewer letters than this has no text layer to speak of (a page number, a stray mark).
MIN_PAGE_LETTERS = 8
# What reading one PDF may take (see ``isolation``): memory past what the process holds, a
# gigabyte (a 600 dpi colour A4 scan decodes to 100 MB; PDFium keeps a few), and CPU seconds.
MAX_MEMORY = 2**30
MAX_SECONDS = 1_800


def read(kind: str, handle: BinaryIO, context) -> Iterator[Document]:
    import pypdfium2  # noqa: F401 -- loaded here once, so that each child inherits it loaded

    doc, warnings = isolation.run(_isolated, handle, context, memory=MAX_MEMORY, seconds=MAX_SECONDS)
    for warning in warnings:
        context.warn(warning)
    if isinstance(doc, str):
        raise SkipFile(doc)
    yield doc


def _isolated(handle: BinaryIO, context) -> tuple[Document | str, list[str]]:
    """In the child: the document, or why there is none, and the warnings on the way."""
    warnings: list[str] = []
    context = dataclasses.replace(context, warn=warnings.append)
    try:
        return _read(handle, context), warnings
    except SkipFile as reason:
        return str(reason), warnings


def _read(handle: BinaryIO, context) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(handle)
    except pdfium.PdfiumError as error:
        raise SkipFile(_why(str(error))) from None
    try:
        return _document(pdf, context)
    finally:
        pdf.close()


def _why(message: str) -> str:
    """PDFium's error as a reason a user can act on."""
    lowered = message.lower()
    if "password" in lowered or "security" in lowered:
        return "encrypted PDF (a password is needed to read it)"
    if "format" in lowered or "file" in lowered:
        return "damaged PDF (cannot be read: cut short, or not a PDF)"
    return f"PDF cannot be read ({message})"


def _document(pdf, context) -> Document:
    count = len(pdf)
    if count > MAX_PAGES:
        context.warn(f"{count:,} pages: only the first {MAX_PAGES:,} are read")
    texts, scans, failed = [], [], []
    read_chars = 0
    for number in range(min(count, MAX_PAGES)):
        if read_chars > context.max_chars:
            context.warn(f"long text: pages after {number} are not read")
            break
        try:
            page = pdf[number]
            try:
                text = _page_text(page)
            finally:
                page.close()
        except Exception as error:  # PDFium on one broken page: the others are still read
            failed.append(number + 1)
            text = ""
            if len(failed) == 1:
                context.warn(f"page {number + 1} cannot be read ({error})")
        if sum(c.isalpha() for c in text) < MIN_PAGE_LETTERS:
            scans.append(number)
        texts.append(text)
        read_chars += len(text)
    if scans and len(failed) < len(texts):
        _recognise(pdf, texts, [n for n in scans if n + 1 not in failed], context)
    pages, starts, position = [], [], 0
    for text in texts:
        starts.append(position)
        pages.append(text)
        position += len(text) + 2
    body = "\n\n".join(pages)
    if not body.strip():
        if failed:
            raise SkipFile("damaged PDF (no page can be read)")
        raise SkipFile("no text layer (a scanned PDF?): index it with --ocr" if context.ocr is None
                       else "no text found, not even by OCR")
    doc = text_document(context.name, body, context.warn, context.max_chars,
                        title=real_title(_metadata(pdf, "Title"), context.name),
                        file_date=property_date(_metadata(pdf, "CreationDate")), pages=starts)
    return doc


def _metadata(pdf, key: str) -> str | None:
    """A value of the document's information dictionary, decoded leniently: PDFium gives UTF-16,
    and a title with a lone surrogate (a truncated emoji) is a title with U+FFFD, not a stop."""
    import pypdfium2.raw as pdfium_c

    name = (key + "\x00").encode("ascii")
    size = pdfium_c.FPDF_GetMetaText(pdf, name, None, 0)
    if size <= 2:
        return None
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDF_GetMetaText(pdf, name, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", "replace") or None


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    finally:
        textpage.close()


def _recognise(pdf, texts: list[str], scans: list[int], context) -> None:
    """Pages without text recognised by OCR in place, or reported as needing it."""
    if context.ocr is None:
        if len(scans) < len(texts):  # a file of scans alone is skipped with that reason
            context.warn(f"{_pages(scans)} no text layer (scanned?): index with --ocr to read "
                         f"{'it' if len(scans) == 1 else 'them'}")
        return
    language = context.ocr.language("\n".join(texts))
    for number in scans:
        try:
            texts[number] = context.ocr.page_text(pdf[number], language,
                                                  warn=lambda note, n=number + 1: context.warn(f"page {n}: {note}"))
        except Exception as error:  # Tesseract failing on one page: the others are read
            context.warn(f"page {number + 1}: OCR failed ({error})")


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n + 1) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
    return f"page {shown} has" if len(numbers) == 1 else f"pages {shown} have"
