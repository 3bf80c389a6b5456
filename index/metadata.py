"""Filling in what a reader could not take from fields: language, date, source, speakers.

Dates are looked for where they stand, in order of trust: the fields and
headers the readers already took, then the opening passage of the text, then
the file name. Nothing here reads more than the opening of a text except the
speaker scan, which only visits capitalised words.
"""

import re
from pathlib import Path

from kgsearch.index.dates import filename_date, find_date, find_year
from kgsearch.index.documents import Document
from kgsearch.index.language import detect_language
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.sources import canonical_source, find_source
from kgsearch.index.speakers import find_speakers

OPENING = 800
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SENTENCE = re.compile(r"(?<![A-ZА-ЯЁ])[.!?](?=\s)")


def complete(doc: Document, registry: PeopleRegistry) -> Document:
    """``doc`` with its missing metadata found (it is changed in place)."""
    doc.title = " ".join(doc.title.split())
    if not doc.lang:
        doc.lang = detect_language(doc.title + "\n" + doc.body)
    if doc.date is None:
        doc.date = _date(doc)
    doc.source = canonical_source(doc.source) if doc.source else find_source(doc.body)
    if doc.speakers:
        doc.speakers = list(dict.fromkeys(registry.canonical(s) or s for s in doc.speakers))
    else:
        doc.speakers = find_speakers(doc.title + "\n" + doc.body, registry)
    return doc


def _date(doc: Document):
    """A date from the text or the file name, most trusted first.

    A phrase dates the document when it stands in the opening sentence with
    its year (``In October 29, 2020 the Ambassador…``, ``В период с 19 по 20
    ноября 2025 года…``): deeper in, or without a year, news text dates
    other events than its own, and the file name is more reliable.
    """
    opening = doc.body[:OPENING]
    end = _SENTENCE.search(opening)
    first_sentence = opening[: end.start() if end else 300]
    from_name = filename_date(Path(doc.path).name)
    if (found := find_date(first_sentence)) is not None:
        return found
    if from_name is not None:
        return from_name
    year = _YEAR.search(doc.title + " " + opening)
    return find_date(opening, year_hint=int(year.group()) if year else None) or find_year(opening)
