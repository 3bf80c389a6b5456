"""A user's corrections of documents' metadata, kept beside the index so that rebuilds keep them.

A reader takes a date from a file name, a source from a dateline, speakers
from the text; any of them can be wrong, and a rebuild would bring the wrong
value back. So corrections live in ``overrides.json`` in the index folder
(outside every generation: a rebuild replaces generations, not this file),
by kgsearch id, and every build applies them after the metadata is found::

    {"format": 1, "documents": {"51de7cefe552": {"date": "2024-05-01", "title": "…",
                                                 "source": "Kabar", "speakers": ["Sadyr Japarov"]}}}

Corrected speakers replace the speakers found among the document's people too
(the people facet, ``--person``), unless the people registry knows them; the
other people the text names stay. A
corrected date says so (``date_source`` ``"override"``), and each document
keeps the values it replaced in ``extras`` under ``CORRECTED``, so that
``kgsearch show`` tells what was found and what was written by hand.
"""

from pathlib import Path

from kgsearch.index import keptfiles
from kgsearch.index.dates import parse_date
from kgsearch.index.documents import Document
from kgsearch.index.errors import UserFileError
from kgsearch.index.schema import document_id

FILE = "overrides.json"
FORMAT = 1
FIELDS = ("date", "title", "source", "speakers")
# Where a document keeps the values a correction replaced (field → value as found).
CORRECTED = "kgsearch.corrected"
DATE_SOURCE = "override"


def path(root: Path) -> Path:
    return Path(root) / FILE


def load(root: Path) -> dict[str, dict]:
    """The corrections at the index folder ``root``, by document id (none when there is no file).

    A file a user broke by hand is a ``UserFileError`` that names it, never silently ignored.
    """
    file = path(root)
    data = keptfiles.read(file, "corrections")
    if data is None:
        return {}
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, dict) or not all(isinstance(v, dict) for v in documents.values()):
        raise UserFileError(f"{file} is not a corrections file (an object with \"documents\": "
                            "{id: {field: value}}); fix or remove it")
    for doc_id, fields in documents.items():
        check(fields, f"{file}, document {doc_id}")
    return documents


def check(fields: dict, where: str) -> None:
    """Refuse a correction kgsearch could not apply: an unknown field, a date it cannot read."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise UserFileError(f"{where}: cannot correct {', '.join(sorted(unknown))}; "
                            f"the fields are {', '.join(FIELDS)}")
    if "date" in fields and (not isinstance(fields["date"], str) or parse_date(fields["date"]) is None):
        raise UserFileError(f"{where}: bad date {fields['date']!r}; write YYYY, YYYY-MM or YYYY-MM-DD")
    for name in ("title", "source"):
        if name in fields and not (isinstance(fields[name], str) and fields[name].strip()):
            raise UserFileError(f"{where}: the {name} must be some text, not {fields[name]!r}")
    if "speakers" in fields and not (isinstance(fields["speakers"], list)
                                     and all(isinstance(s, str) and s.strip() for s in fields["speakers"])):
        raise UserFileError(f"{where}: speakers must be a list of names, not {fields['speakers']!r}")


def save(root: Path, documents: dict[str, dict]) -> None:
    """Write the corrections whole or not at all (``keptfiles.write``: a ``StoreError`` that names the
    file when the disk refuses). Call it holding the writers' lock, as ``build.correct`` does: every
    change of the corrections also indexes a document again, and builds read them under that lock."""
    keptfiles.write(path(root), {"format": FORMAT, "documents": documents}, "corrections")


def apply(doc: Document, corrections: dict[str, dict], registry=None) -> Document:
    """``doc`` with its corrections written over what was found (in place), the found values kept;
    corrected speakers by the registry's names for them, where it has them."""
    fields = corrections.get(document_id(doc.path, doc.key))
    if not fields:
        return doc
    replaced = doc.extras.setdefault(CORRECTED, {})
    if "date" in fields:
        replaced.setdefault("date", doc.date.iso if doc.date else None)
        replaced.setdefault("date_source", doc.date_source or None)
        doc.date, doc.date_source = parse_date(fields["date"]), DATE_SOURCE
    for name in ("title", "source"):
        if name in fields:
            replaced.setdefault(name, getattr(doc, name))
            setattr(doc, name, " ".join(fields[name].split()))
    if "speakers" in fields:
        replaced.setdefault("speakers", list(doc.speakers))
        replaced.setdefault("people", list(doc.people))
        names = [" ".join(s.split()) for s in fields["speakers"]]
        found = set(doc.speakers)
        doc.speakers = list(dict.fromkeys((registry and registry.canonical(s)) or s for s in names))
        # The speakers found are among the people found: the corrected ones take their place there
        # (a misread name must not stay searchable by --person); the other people named stay, and
        # so does a found speaker the people registry knows: a real person the text names, only
        # not its speaker.
        known = {p for p in found if registry and registry.canonical(p) == p}
        doc.people = list(dict.fromkeys([*doc.speakers, *(p for p in doc.people if p not in found - known)]))
    return doc


def undo(doc: Document) -> Document:
    """``doc`` as its metadata was found, before any correction (for re-applying a changed one)."""
    replaced = doc.extras.pop(CORRECTED, None) or {}
    if "date" in replaced:
        doc.date = parse_date(replaced["date"]) if replaced["date"] else None
        doc.date_source = replaced.get("date_source") or ""
    for name in ("title", "source"):
        if name in replaced:
            setattr(doc, name, replaced[name])
    if "speakers" in replaced:
        doc.speakers = list(replaced["speakers"])
        doc.people = list(replaced.get("people", doc.people))
    return doc


def completing(complete, corrections: dict[str, dict]):
    """``complete`` (``metadata.complete``) followed by the corrections: what builds call per document."""
    if not corrections:
        return complete

    def corrected(doc: Document, registry) -> Document:
        return apply(complete(doc, registry), corrections, registry)

    return corrected
