"""The document record every reader produces and the index stores."""

from dataclasses import dataclass, field

from kgsearch.index.dates import PartialDate


class SkipFile(Exception):
    """A file that cannot be indexed; the message is the reason shown to users."""


@dataclass
class Document:
    """One searchable unit: a file, or one record of a JSON Lines, JSON or CSV file.

    ``key`` tells records of one file apart (``""`` for a whole file); the
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
