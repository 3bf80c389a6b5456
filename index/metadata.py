"""Filling in what a reader could not take from fields: language, date, source, the entities named.

Dates are looked for where publishers put them, in order of trust: the
fields and headers the readers already took, then the file name, then a
dateline the text opens with. Nothing here reads more than the opening of a
text except the speaker scan, which only visits capitalised words.
"""

from pathlib import Path

from kgsearch.index.dates import filename_date, folder_date, lead_date
from kgsearch.index.documents import Document
from kgsearch.index.entities import find_entities
from kgsearch.index.language import detect_language
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.sources import canonical_source, find_source


def complete(doc: Document, registry: PeopleRegistry) -> Document:
    """``doc`` with its missing metadata found (it is changed in place)."""
    doc.title = " ".join(doc.title.split())
    if not doc.lang:
        doc.lang = detect_language(doc.title + "\n" + doc.body)
    if doc.date is None:
        doc.date, doc.date_source = _date(doc)
    doc.source = canonical_source(doc.source) if doc.source else find_source(doc.body)
    found = find_entities(doc.title + "\n" + doc.body, registry, doc.lang)
    if doc.speakers:
        doc.speakers = list(dict.fromkeys(registry.canonical(s) or s for s in doc.speakers))
    else:
        doc.speakers = found.speakers
    doc.people = list(dict.fromkeys([*doc.speakers, *(registry.canonical(p) or p for p in doc.people),
                                     *found.people]))
    doc.orgs = list(dict.fromkeys([*doc.orgs, *found.orgs]))
    doc.places = list(dict.fromkeys([*doc.places, *found.places]))
    return doc


def _date(doc: Document):
    """The date where publishers put it, when no field or header gave one: the
    file name (``2016-12-05-300 миллионов патриарха.txt``), else a dateline the
    text opens with, else a folder named for a date (``2023/``), else the date the file's own
    properties give (a PDF's creation date: a scan or an export is made after the event, so it is
    trusted least). A date deeper in the text dates what the news recalls, so
    a document with neither has no date: none is better than a wrong one. A document inside a ZIP
    is dated by its own name and folder there (``bundle.zip!2023/2023-05-01-note.txt``).
    """
    path = Path(doc.location)
    if (named := filename_date(path.name)) is not None:
        return named, "filename"
    if (lead := lead_date(doc.body)) is not None:
        return lead, "dateline"
    if (folder := folder_date(path.parent.name)) is not None:
        return folder, "folder"
    if doc.file_date is not None:
        return doc.file_date, "file properties"
    return None, ""
