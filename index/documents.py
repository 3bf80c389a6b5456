"""The document record every reader produces and the index stores."""

from dataclasses import dataclass, field

from kgsearch.index.dates import PartialDate


class SkipFile(Exception):
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
