"""Filling in what a reader could not take from fields: language, date, source, speakers.

Dates are looked for where they stand, in order of trust: the fields and
headers the readers already took, then the opening passage of the text, then
the file name. Nothing here reads more than the opening of a text except the
speaker scan, which only visits capitalised words.
"""

import re
from pathlib import Path

from index.dates import filename_date, find_date
from index.documents import Document
from index.language import detect_language
from index.people import PeopleRegistry
from index.sources import canonical_source, find_source
from index.speakers import find_speakers

OPENING = 800
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def complete(doc: Document, registry: PeopleRegistry) -> Document:
    """``doc`` with its missing metadata found (it is changed in place)."""
    if not doc.lang:
        doc.lang = detect_language(doc.title + "\n" + doc.body)
    if doc.date is None:
        from_name = filename_date(Path(doc.path).name)
        opening = doc.body[:OPENING]
        hint = from_name.year if from_name else None
        if hint is None and (year := _YEAR.search(doc.title + " " + opening)):
            hint = int(year.group())
        doc.date = find_date(opening, year_hint=hint) or from_name
    doc.source = canonical_source(doc.source) if doc.source else find_source(doc.body)
    if doc.speakers:
        doc.speakers = list(dict.fromkeys(registry.canonical(s) or s for s in doc.speakers))
    else:
        doc.speakers = find_speakers(doc.title + "\n" + doc.body, registry)
    return doc
