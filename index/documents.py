"""The document record every reader produces and the index stores."""

from dataclasses import dataclass, field, fields

from kgsearch.index.dates import PartialDate
from kgsearch.index.errors import KgsearchError


class SkipFile(KgsearchError):
    """A file that cannot be indexed; the message is the reason shown to users."""


@dataclass
class Document:
    """One searchable unit: a file, or one record of a JSON Lines, JSON or CSV file, or one
    document inside a file that holds several (a ZIP's member, a mailbox's message, a feed's item).

    ``path`` is always the file on disk, so that an update replaces and a
    removal drops everything read from it; ``member`` says where inside that
    file the document was found (``inside/note.txt`` in a ZIP, an e-mail's
    attachment), shown as ``location`` (``bundle.zip!inside/note.txt``).
    ``key`` tells documents of one file apart (``""`` for a whole file); the
    stable ``id`` is derived from the path and the key by the builder.
    """

    path: str
    title: str
    body: str
    key: str = ""
    date: PartialDate | None = None
    # Where the date was found, so that a user can judge it: "field", "front
    # matter", "header", "meta", "filename", "dateline" or "folder".
    date_source: str = ""
    lang: str = ""
    source: str = ""
    speakers: list[str] = field(default_factory=list)
    # Everyone the text names; the speakers (who speak, meet or are quoted) are among them.
    people: list[str] = field(default_factory=list)
    # The organisations and places the text names, as it writes them (``index.entities``).
    orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    url: str = ""
    summary: str = ""
    extras: dict = field(default_factory=dict)
    member: str = ""
    # Where each page begins in ``body`` (a PDF's), so that a snippet can say which page it is on.
    pages: list[int] = field(default_factory=list)
    # A date the file's own properties give (a PDF's creation date): trusted least, used only
    # when the text gives none (see ``metadata.complete``); not stored.
    file_date: PartialDate | None = None

    @property
    def location(self) -> str:
        """The path as shown: the file, and the member inside it if any (``bundle.zip!inside/note.txt``)."""
        return f"{self.path}!{self.member}" if self.member else self.path


def whole_text(text: str) -> str:
    """``text`` with every UTF-16 surrogate pair joined into the character it stands for and every
    lone surrogate replaced by U+FFFD.

    Word writes a character outside the Basic Multilingual Plane (an emoji) in RTF as two ``\\uN``
    halves; JSON written by JavaScript may hold one half of a pair cut off (``"Railway \\ud83d"``),
    which ``json.loads`` keeps; a mailbox's undecodable header bytes come as lone surrogates. None
    of them can be written as UTF-8, so such a text stopped the build wherever it was encoded.

    >>> whole_text("rail \\ud83d\\ude84 way \\ud83d")
    'rail \U0001f684 way \\ufffd'
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _whole(value):
    if isinstance(value, str):
        return whole_text(value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {_whole(key): _whole(item) for key, item in value.items()}
    return value


def made_whole(doc: Document) -> Document:
    """``doc`` with every text it holds (title, body, names, extras…) whole (``whole_text``): one
    place, which every reader's documents pass, whatever the reader (it is changed in place)."""
    for name in (f.name for f in fields(doc)):
        value = getattr(doc, name)
        if isinstance(value, (str, list, dict)):
            setattr(doc, name, _whole(value))
    return doc


# A skipped document's reason gives its error's message up to this many characters.
MAX_REASON = 200


def not_indexed(doc: Document, error: Exception) -> dict:
    """What a build records (``BuildReport.skipped``) for a document that raised while its metadata
    was found or it was written: its file, where in the file (a member, a record) and why."""
    message = f"{type(error).__name__}: {error}"
    if len(message) > MAX_REASON:
        message = message[:MAX_REASON] + "…"
    where = doc.member or (f"record {doc.key}" if doc.key else "")
    return {"path": doc.path, "reason": f"{where + ': ' if where else ''}not indexed ({message})"}


def isolated(doc: Document, write) -> dict | None:
    """``write(doc)``; ``None``, or what ``not_indexed`` says when it raised. One document's error
    costs that document only; an ``OSError`` (a full disk, a folder that went) is the build's."""
    try:
        write(doc)
    except OSError:
        raise
    except Exception as error:
        return not_indexed(doc, error)
    return None
