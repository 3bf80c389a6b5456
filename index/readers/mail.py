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
"""

import email
import io
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
        subject = " ".join(_header(msg, "subject").split())
        body = _body(msg, context)
    except (LookupError, ValueError, TypeError, AttributeError, IndexError) as error:
        raise SkipFile(f"damaged message ({error})") from None
    message_id = _header(msg, "message-id").strip()
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
    if doc.body or doc.title:
        yield doc
    elif not any(True for _ in msg.iter_attachments()):
        raise SkipFile("a message with no subject, text or attachment")
    yield from _attachments(msg, context, place, {"message": doc.title, "message_id": doc.key})


def _header(msg, name: str) -> str:
    try:
        value = msg.get(name)
    except (LookupError, ValueError, TypeError, IndexError):  # a header the parser cannot decode
        value = msg.get_all(name, failobj=[""])[0] if hasattr(msg, "get_all") else ""
    return str(value or "")


def _date(value: str) -> PartialDate | None:
    """The ``Date`` header's day and time, as the sender's clock wrote them."""
    if not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return parse_date(value)
    try:
        return PartialDate(moment.year, moment.month, moment.day, moment.hour, moment.minute)
    except ValueError:
        return None


def _address(sender: str) -> str:
    """The sender's address, or their name when the header has no address."""
    found = getaddresses([sender])
    if not found:
        return ""
    name, address = found[0]
    return address or name


def _body(msg, context) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _content(part)
    if part.get_content_subtype() == "html":
        return read_html(context.name, text).body
    return normalize_newlines(text)


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


def _attachments(msg, context, place: str, link: dict) -> Iterator[Document]:
    for number, part in enumerate(msg.iter_attachments(), 1):
        try:
            name = part.get_filename() or ""
        except (LookupError, ValueError, TypeError):
            name = ""
        name = name.replace("/", "_").replace("!", "_").strip() or f"attachment {number}"
        if part.get_content_type() == "message/rfc822":
            name = name if name.lower().endswith(".eml") else f"{name}.eml"
        if not context.readable(name):
            continue  # pictures, signatures: nothing to read, nothing to report
        payload = _payload(part)
        if payload is None:
            context.warn(f"{name}: attachment cannot be decoded")
            continue
        member = f"{place}/{name}" if place else name
        for doc in read_member(context, member, io.BytesIO(payload)):
            doc.extras = {**doc.extras, **link}
            yield doc


def _payload(part) -> bytes | None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if hasattr(inner, "as_bytes") else None
    try:
        return part.get_payload(decode=True)
    except (ValueError, TypeError):
        return None
