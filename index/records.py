"""JSON Lines, JSON arrays and CSV: one record, one document.

Exports from news databases and scrapers name their fields differently;
the common names map onto the document, and every other key is kept as a
stored, unsearched extra.
"""

import csv
import io
import json

from kgsearch.index.dates import parse_date
from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.text import title_from_sentence

BODY_KEYS = ("body", "content", "text")
DATE_KEYS = ("date", "published")
TAG_KEYS = ("tags", "keywords")
KNOWN = {"id", "title", "summary", "url", "lang", "source", "speakers", *BODY_KEYS, *DATE_KEYS, *TAG_KEYS}


def _names(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
    return []


def _first(record: dict, keys) -> str:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return str(value)
    return ""


def record_document(path: str, record: dict, number: int) -> Document:
    """A document from one record; ``number`` keys records that have no id or url."""
    record = {str(k).strip().lower(): v for k, v in record.items()}
    body = _first(record, BODY_KEYS).strip()
    summary = _first(record, ("summary",)).strip()
    title = _first(record, ("title",)).strip()
    if not (body or summary or title):
        raise SkipFile(f"record {number}: no title, body or summary")
    date_text = _first(record, DATE_KEYS)
    return Document(
        path=path,
        key=_first(record, ("id", "url")) or str(number),
        title=title or title_from_sentence(body or summary),
        body=body or summary,
        summary=summary if body else "",
        date=parse_date(date_text) if date_text else None,
        lang=_first(record, ("lang",)).lower(),
        source=_first(record, ("source",)),
        speakers=_names(record.get("speakers")),
        tags=_names(record.get("tags") or record.get("keywords")),
        url=_first(record, ("url",)),
        extras={k: v for k, v in record.items() if k not in KNOWN},
    )


def read_records(path: str, text: str, kind: str) -> tuple[list[Document], list[str]]:
    """The documents of a ``jsonl``, ``json`` or ``csv`` file, and warnings for bad records."""
    if kind == "jsonl":
        rows = _jsonl(text)
    elif kind == "json":
        rows = _json_array(text)
    else:
        rows = enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2)
    documents, warnings = [], []
    for number, row in rows:
        if isinstance(row, str):
            warnings.append(row)
            continue
        if not isinstance(row, dict):
            warnings.append(f"record {number}: not an object")
            continue
        try:
            documents.append(record_document(path, row, number))
        except SkipFile as reason:
            warnings.append(str(reason))
    if not documents:
        raise SkipFile(warnings[0] if warnings else "no records")
    return documents, warnings


def _jsonl(text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, f"line {number}: invalid JSON ({error.msg})"


def _json_array(text: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SkipFile(f"invalid JSON ({error.msg}, line {error.lineno})") from error
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise SkipFile("JSON is neither an array of records nor a record")
    return enumerate(data, start=1)
