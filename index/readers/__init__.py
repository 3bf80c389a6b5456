"""Readers of the formats an archive holds besides text and records: PDF, Word, OpenDocument,
RTF, e-mail, feeds and ZIP archives, one small module a format.

Each reader takes one file, opened and seekable, and yields its documents;
a file it cannot read at all is a ``SkipFile`` with the reason, a part of
it (a page, a member, a message) a warning. ``path`` is the file on disk for
every document a file yields, so that an update or a removal reaches them
all; containers (a ZIP, a mailbox, a message's attachments) say where a
document was found in ``member``, and read what they hold through
``Context.open_member``, with the rules and limits of files in a folder.
The metadata rules (language, date, source, speakers) run after, as for text.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import BinaryIO

from kgsearch.index.documents import Document, SkipFile

# File name endings, and the reader (a module here) for each.
KINDS = {
    ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".rtf": "rtf",
    ".eml": "eml", ".mbox": "mbox", ".rss": "feed", ".atom": "feed", ".xml": "feed", ".zip": "zip",
}
_MODULES = {"pdf": "pdf", "docx": "office", "odt": "office", "rtf": "rtf", "eml": "mail", "mbox": "mail",
            "feed": "feeds", "zip": "archives"}


@dataclass
class Budget:
    """What the archives of one file on disk have unpacked, at every depth together: the limits
    (``archives.MAX_MEMBERS``, ``MAX_ARCHIVE_BYTES``) hold for the file, so that a ZIP of ZIPs
    cannot multiply them by nesting (twelve members nested three deep were 1,728 documents)."""

    members: int = 0
    bytes: int = 0


@dataclass
class Context:
    """What a reader needs besides the file: its name as stored, where its warnings go, the limits
    files are read to, how to read a file found inside it, and OCR if asked for."""

    name: str
    warn: Callable[[str], None]
    # (location, handle) -> the documents of a file found inside this one, read as a file of that
    # name would be; SkipFile if it has none. Its ``warnings`` attribute, once read, says what was wrong.
    open_member: Callable
    # name -> whether a file of that name is of a kind kgsearch reads
    readable: Callable[[str], bool]
    # the first warning given so far, for a reason when nothing could be read
    first_warning: Callable[[], str | None]
    max_bytes: int
    max_chars: int
    ocr: object = None  # an ``ocr.Ocr``, or None: pages without text are reported, not recognised
    depth: int = 0  # how many containers this file is inside
    budget: Budget = field(default_factory=Budget)  # shared by a file on disk and every file inside it


def read(kind: str, handle: BinaryIO, context: Context) -> Iterator[Document]:
    """The documents of a file of ``kind`` (a value of ``KINDS``)."""
    module = import_module(f"{__name__}.{_MODULES[kind]}")
    return module.read(kind, handle, context)


def inside(doc: Document, name: str, member: str) -> Document:
    """``doc``, read from ``member`` of the file ``name``, as a document of that file.

    Its member is where it was found (a document found inside a member keeps
    that place too: ``a.zip!b.zip!note.txt``); its key is that place and its
    own key, so that documents of one file have keys of their own.
    """
    doc.path = name
    doc.member = f"{member}!{doc.member}" if doc.member else member
    doc.key = f"{member}!{doc.key}" if doc.key else doc.member
    return doc


def read_member(context: Context, member: str, handle: BinaryIO) -> Iterator[Document]:
    """The documents of ``member``, a file found inside this one (a ZIP's, an attachment), as
    documents of this file; what is wrong with it a warning of this file, never a stop."""
    try:
        reading = context.open_member(f"{context.name}!{member}", handle)
    except SkipFile as reason:
        context.warn(f"{member}: {reason}")
        return
    except (OSError, EOFError, ValueError) as error:
        context.warn(f"{member}: cannot be read ({error})")
        return
    for doc in reading:
        yield inside(doc, context.name, member)
    for warning in reading.warnings:
        context.warn(f"{member}: {warning}")
