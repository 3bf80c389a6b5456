"""E-mail: ``.eml`` messages and ``.mbox`` mailboxes, one message one document.

The subject is the title, the ``Date`` header the date, the sender's
organisation (``Organization``), else the sender's address, the source.
The plain-text body is preferred; a message with only HTML is read as a web
page is. Attachments of the kinds kgsearch reads (PDF, Word, a ZIP, …) are
documents of their own, found at ``message!report.pdf`` and linked to their
message by ``message`` and ``message_id`` among their extras.

A mailbox is split by its ``From`` lines as it is read (the standard
library's ``mailbox`` reads a line whatever its length: a mailbox of a
gigabyte of zeros would be one line in memory); a message over the file
limit is skipped with a warning and the next one read.

The standard library's header parser raises errors of many kinds on headers
it cannot take (``IndexError`` on ``Message-ID: <>`` and on
``To: undisclosed-recipients@``, ``AttributeError`` on ``To: a@[127.0.0.1``):
such a header is read as its raw text, a body whose ``Content-Type`` cannot be
parsed as the text after the headers, and a message that still fails is a
warning, the next one read.
"""

import email
import io
import re
from collections.abc import Iterator
from email import policy
from email.utils import getaddresses, parsedate_to_datetime
from typing import BinaryIO

from kgsearch.index.dates import PartialDate, parse_date
from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.encoding import decode
from kgsearch.index.readers import read_member
from kgsearch.index.text import normalize_newlines, title_from_sentence
from kgsearch.index.webpage import read_html

# A MIME type: two tokens (US-ASCII but spaces, controls and the specials of RFC 2045).
_TYPE = re.compile(r'[^\x00-\x20\x7f-\U0010ffff()<>@,;:\\"/\[\]?=]+/[^\x00-\x20\x7f-\U0010ffff()<>@,;:\\"/\[\]?=]+')
_LINE = 2**20  # a mailbox is read in lines of at most this many bytes (a longer one in pieces)


def read(kind: str, handle: BinaryIO, context) -> Iterator[Document]:
    if kind == "eml":
        data = handle.read(context.max_bytes + 1)
        if len(data) > context.max_bytes:
            raise SkipFile(f"message longer than {context.max_bytes:,} bytes")
        if not data.strip():
            raise SkipFile("empty file")
        yield from _message(data, context, key="", place="")
        return
    count = 0
    for number, data in _mbox(handle, context):
        try:
            for doc in _message(data, context, key=str(number), place=f"message {number}"):
                count += 1
                yield doc
        except SkipFile as reason:
            context.warn(f"message {number}: {reason}")
        except Exception as error:  # the email package on a message it cannot take: the next one is read
            context.warn(f"message {number}: cannot be read ({type(error).__name__}: {error})")
    if not count:
        raise SkipFile(context.first_warning() or "no message could be read")


def _mbox(handle: BinaryIO, context) -> Iterator[tuple[int, bytes]]:
    """Each message of a mailbox, numbered from 1; one too long is a warning."""
    first = handle.readline(_LINE)
    while first and not first.strip():
        first = handle.readline(_LINE)
    if not first.startswith(b"From "):
        raise SkipFile("not a mailbox (an mbox file begins with a 'From ' line)")
    number, message, too_long, blank = 1, bytearray(), False, False
    line = handle.readline(_LINE)
    while line:
        if line.startswith(b"From ") and (blank or not message):
            if too_long:
                context.warn(f"message {number}: longer than {context.max_bytes:,} bytes; skipped")
            else:
                yield number, bytes(message)
            number, message, too_long = number + 1, bytearray(), False
        elif not too_long:
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]  # mboxrd: a 'From ' line in a message is quoted
            message += line
            if len(message) > context.max_bytes:
                too_long, message = True, bytearray()
        blank = line in (b"\n", b"\r\n")
        line = handle.readline(_LINE)
    if too_long:
        context.warn(f"message {number}: longer than {context.max_bytes:,} bytes; skipped")
    elif message.strip():
        yield number, bytes(message)


def _message(data: bytes, context, key: str, place: str) -> Iterator[Document]:
    """A message's document, then its attachments' documents."""
    try:
        msg = email.message_from_bytes(data, policy=policy.default)
    except Exception as error:  # the parser's own errors are of any kind (see the module's docstring)
        raise SkipFile(f"damaged message ({type(error).__name__}: {error})") from None
    subject = " ".join(_header(msg, "subject").split())
    body = _body(msg, data, context)
    message_id = _header(msg, "message-id").strip()
    if not message_id.strip("<> "):
        message_id = ""  # 'Message-ID: <>' names no message: its number does
    if not body.strip() and not subject:
        body = ""
    if len(body) > context.max_chars:
        body = body[: context.max_chars]
        context.warn(f"{place or 'message'}: long text: only its first {context.max_chars:,} characters are indexed")
    date = _date(_header(msg, "date"))
    sender = _header(msg, "from")
    extras = {name: value for name in ("from", "to", "cc") if (value := _header(msg, name))}
    doc = Document(path=context.name, key=message_id or key, title=subject or title_from_sentence(body),
                   body=body.strip(), date=date, date_source="header" if date else "",
                   source=_header(msg, "organization").strip() or _address(sender), extras=extras)
    attachments = _attachment_parts(msg, context, place)
    if doc.body or doc.title:
        yield doc
    elif not attachments:
        raise SkipFile("a message with no subject, text or attachment")
    yield from _attachments(attachments, context, place, {"message": doc.title, "message_id": doc.key})


def _header(msg, name: str) -> str:
    """A header's value, decoded; its raw text when the parser cannot take it."""
    try:
        return str(msg.get(name) or "")
    except Exception:  # of any kind: see the module's docstring
        raw = next((value for key, value in msg.raw_items() if key.lower() == name), "")
        return " ".join(_unescape(str(raw)).split())


def _unescape(text: str) -> str:
    """Text parsed from bytes, its bytes that were not ASCII (kept as surrogates) read as UTF-8."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _date(value: str) -> PartialDate | None:
    """The ``Date`` header's day and time, as the sender's clock wrote them."""
    if not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return parse_date(value)
    try:
        return PartialDate(moment.year, moment.month, moment.day, moment.hour, moment.minute)
    except ValueError:
        return None


def _address(sender: str) -> str:
    """The sender's address, or their name when the header has no address."""
    try:
        found = getaddresses([sender])
    except (ValueError, IndexError, TypeError):
        return ""
    if not found:
        return ""
    name, address = found[0]
    return address or name


def _body(msg, data: bytes, context) -> str:
    """The plain text, else the HTML's; a message whose parts cannot be told apart (a broken
    ``Content-Type``, a multipart without its boundary) is read as the text after its headers."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is None and not msg.is_multipart():
            kind = _declared(msg)
            if kind.startswith("multipart/"):
                return _after_headers(data)  # a multipart whose parts were never found
            if kind.startswith("text/"):
                part = msg  # text/enriched, or a type that is not one (read as text/plain)
        if part is None:
            return ""
        text = _content(part)
        if part.get_content_subtype() == "html":
            return read_html(context.name, text).body
        return normalize_newlines(text)
    except Exception:  # of any kind: see the module's docstring
        return _after_headers(data)


def _declared(msg) -> str:
    """The message's content type; text/plain when what it declares is not a type (RFC 2045, 5.2:
    the parser keeps ``/`` or ``te(x)t/plain`` as it is)."""
    kind = msg.get_content_type()
    return kind if _TYPE.fullmatch(kind) else "text/plain"


def _after_headers(data: bytes) -> str:
    ends = [found for found in (data.find(b"\n\n"), data.find(b"\r\n\r\n")) if found >= 0]
    if not ends:
        return ""
    try:
        return normalize_newlines(decode(data[min(ends):].strip())[0])
    except SkipFile:
        return ""


def _content(part) -> str:
    """A text part as text: in its declared charset, else as kgsearch decodes files."""
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except (LookupError, ValueError, UnicodeError, AssertionError):
        pass
    payload = part.get_payload(decode=True) or b""
    try:
        return decode(payload)[0]
    except SkipFile:
        return ""


def _attachment_parts(msg, context, place: str) -> list:
    try:
        return list(msg.iter_attachments())
    except Exception as error:  # of any kind: see the module's docstring
        context.warn(f"{place or 'message'}: its attachments cannot be found ({type(error).__name__}: {error})")
        return []


def _attachments(parts: list, context, place: str, link: dict) -> Iterator[Document]:
    for number, part in enumerate(parts, 1):
        try:
            name = part.get_filename() or ""
        except Exception:  # of any kind: see the module's docstring
            name = ""
        name = name.replace("/", "_").replace("!", "_").strip() or f"attachment {number}"
        try:
            kind = part.get_content_type()
        except Exception:  # of any kind: see the module's docstring
            kind = "application/octet-stream"
        if kind == "message/rfc822":
            name = name if name.lower().endswith(".eml") else f"{name}.eml"
        if not context.readable(name):
            continue  # pictures, signatures: nothing to read, nothing to report
        payload = _payload(part, kind)
        if payload is None:
            context.warn(f"{name}: attachment cannot be decoded")
            continue
        member = f"{place}/{name}" if place else name
        for doc in read_member(context, member, io.BytesIO(payload)):
            doc.extras = {**doc.extras, **link}
            yield doc


def _payload(part, kind: str) -> bytes | None:
    try:
        if kind == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            return inner.as_bytes() if hasattr(inner, "as_bytes") else None
        return part.get_payload(decode=True)
    except Exception:  # of any kind: see the module's docstring
        return None
