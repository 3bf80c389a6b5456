"""RTF: the text of a Rich Text file, decoded as Word writes Cyrillic into it.

Word writes every letter outside ASCII either as ``\\'xx`` (a byte in the
code page of the font in use: ``\\fcharset204`` is Windows-1251, else the
document's ``\\ansicpg``) or as ``\\uN`` followed by ``\\ucN`` replacement
characters to skip. striprtf (BSD-3) reads a whole file as one code page and
leaves ``\\fcharset`` aside, so mixed documents came out as mojibake; this
small decoder keeps a code page per font. Groups that hold no text (fonts,
colours, styles, pictures, ``\\*`` destinations) are skipped; the
``\\info`` group gives the title and the creation time.
"""

import re
from collections.abc import Iterator
from typing import BinaryIO

from kgsearch.index.dates import PartialDate
from kgsearch.index.documents import Document, SkipFile, whole_text
from kgsearch.index.readers.texts import real_title, text_document

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
                    re.S)
_SKIPPED = {b"fonttbl", b"colortbl", b"stylesheet", b"listtable", b"listoverridetable", b"pict", b"object",
            b"themedata", b"colorschememapping", b"datastore", b"latentstyles", b"rsidtbl", b"generator",
            b"xmlnstbl", b"mmathPr", b"filetbl", b"revtbl", b"pgdsctbl", b"bkmkstart", b"bkmkend",
            b"fldinst", b"headerl", b"headerr", b"footerl", b"footerr", b"nonshppict", b"shppict", b"blipuid"}
_INFO = {b"title", b"author", b"creatim", b"subject"}
# Windows character sets (\fcharsetN) and their code pages; 0 (ANSI) and 1 (default) are the
# document's \ansicpg, as some writers mark every font 0 and mean their own code page.
_CHARSETS = {161: "cp1253", 162: "cp1254", 177: "cp1255", 178: "cp1256", 186: "cp1257",
             204: "cp1251", 238: "cp1250", 222: "cp874", 163: "cp1258"}
_BREAKS = {b"par": "\n", b"line": "\n", b"sect": "\n\n", b"page": "\n\n", b"row": "\n", b"tab": "\t",
           b"cell": "  ", b"emdash": "—", b"endash": "–", b"lquote": "‘", b"rquote": "’", b"ldblquote": "“",
           b"rdblquote": "”", b"bullet": "•", b"emspace": " ", b"enspace": " ", b"qmspace": " ", b"~": "\xa0"}


def read(kind: str, handle: BinaryIO, context) -> Iterator[Document]:
    data = handle.read(context.max_bytes + 1)
    if len(data) > context.max_bytes:
        data = data[: context.max_bytes]
        context.warn(f"long file: only its first {context.max_bytes:,} bytes are read")
    if not data.lstrip().startswith(b"{\\rtf"):
        raise SkipFile("not an RTF file (it does not begin with {\\rtf)")
    text, info = rtf_text(data)
    yield text_document(context.name, text, context.warn, context.max_chars,
                        title=real_title(info.get("title"), context.name), file_date=info.get("creatim"))


class _Group:
    """What a group inherits and may change: the code page of its font, whether its text is
    skipped, which ``\\info`` field or font-table entry it is, how many characters a ``\\uN`` stands for."""

    __slots__ = ("codepage", "skip", "field", "uc", "font")

    def __init__(self, codepage, skip=False, field=None, uc=1, font=None):
        self.codepage, self.skip, self.field, self.uc, self.font = codepage, skip, field, uc, font

    def copy(self):
        return _Group(self.codepage, self.skip, self.field, self.uc, self.font)


def rtf_text(data: bytes) -> tuple[str, dict]:
    """The text of an RTF document and its ``\\info`` fields (``title``; ``creatim`` as a date).

    >>> rtf_text(rb"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0\\fcharset204 Arial;}{\\f1 Times;}}"
    ...          rb"\\f0 \\'cc\\'c8\\'c4\\par \\u1050?\\u1056? \\f1 r\\'e9sum\\u233?}")[0]
    'МИД\\nКР résumé'
    >>> rtf_text(rb"{\\rtf1 Train \\u-10179?\\u-8694?, half \\u-10179?.}")[0]
    'Train \U0001f60a, half \ufffd.'
    """
    default = "cp1252"
    fonts: dict[int, str] = {}
    group = _Group(default)
    stack: list[_Group] = []
    out: list[str] = []
    info: dict[str, list[str]] = {}
    pending = bytearray()  # \'xx bytes waiting to be decoded together (a multi-byte code page)
    skip_chars = 0  # replacement characters still to skip after a \uN
    first_in_group = False
    date: dict[str, int] = {}

    def emit(text: str):
        if not group.skip:
            (info.setdefault(group.field, []) if group.field else out).append(text)

    position = 0
    while (m := _TOKEN.match(data, position)) is not None:
        position = m.end()
        word, number, hexbyte, symbol, brace, text = m.groups()
        if hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            else:
                pending.append(int(hexbyte, 16))
            first_in_group = False
            continue
        if pending:
            emit(bytes(pending).decode(group.codepage, errors="replace"))
            pending.clear()
        if brace is not None:
            if brace == b"{":
                stack.append(group)
                group = group.copy()
                first_in_group = True
            else:
                group = stack.pop() if stack else group
                first_in_group, skip_chars = False, 0
            continue
        if text is not None:
            if skip_chars:
                n = min(skip_chars, len(text))
                skip_chars, text = skip_chars - n, text[n:]
            if text:
                emit(text.decode(group.codepage, errors="replace"))
            first_in_group = False
            continue
        was_first, first_in_group = first_in_group, False
        if symbol is not None:
            if symbol == b"*" and was_first:
                group.skip = True
            elif symbol in (b"\\", b"{", b"}"):
                emit(symbol.decode())
            elif symbol == b"~":
                emit("\xa0")
            elif symbol == b"_":
                emit("-")
            elif symbol in (b"\n", b"\r"):
                emit("\n")
            continue
        if word is None:
            continue  # line ends in the source are not text
        value = int(number) if number is not None else None
        if word == b"ansicpg" and value:
            default = _codepage(value)
            group.codepage = default
        elif word == b"fonttbl":
            group.skip, group.field = True, "fonttbl"
        elif word == b"f" and value is not None:
            if group.field == "fonttbl":
                group.font = value
            else:
                group.codepage = fonts.get(value, default)
        elif word == b"fcharset" and value is not None and group.font is not None:
            fonts[group.font] = _CHARSETS.get(value, default)
        elif word == b"u" and value is not None:
            emit(chr(value + 65536 if -32768 <= value < 0 else min(max(value, 0), 0x10FFFF)))
            skip_chars = group.uc
        elif word == b"uc" and value is not None:
            group.uc = max(0, min(value, 16))
        elif word == b"bin" and value:
            position += max(0, value)  # binary data (a picture's): not text
        elif word in _SKIPPED:
            group.skip = True
        elif word in _INFO:
            group.field, group.skip = word.decode(), False
        elif word in (b"yr", b"mo", b"dy") and group.field == "creatim" and value is not None:
            date[word.decode()] = value
        elif word in _BREAKS:
            emit(_BREAKS[word])
    if pending:
        emit(bytes(pending).decode(group.codepage, errors="replace"))
    # A character outside the BMP (an emoji) comes as two \\uN halves: joined here, a lone one replaced.
    fields = {name: whole_text("".join(parts).strip()) for name, parts in info.items()
              if name not in ("creatim", "fonttbl")}
    if "yr" in date:
        try:
            fields["creatim"] = PartialDate(date["yr"], date.get("mo"), date.get("dy"))
        except ValueError:
            pass
    return whole_text("".join(out)), fields


def _codepage(number: int) -> str:
    try:
        "".encode(f"cp{number}")
        return f"cp{number}"
    except LookupError:
        return "cp1252"
