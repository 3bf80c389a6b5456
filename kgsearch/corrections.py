"""Correcting a document's metadata by any of its ids: the API of ``kgsearch edit``.

The index layer corrects a document by kgsearch's own id (``index.build.correct``,
kept in ``overrides.json``); here a record's id in its archive or its url
finds it too, and a date is checked before anything is written.
"""

from kgsearch.errors import ParameterError
from kgsearch.index.build import correct as correct_by_id
from kgsearch.index.dates import parse_date
from kgsearch.index.errors import UnknownDocumentError

__all__ = ["correct"]


def correct(index, doc_id: str, fields: dict | None, *, lock_timeout: float = 30.0) -> tuple[str, dict]:
    """Correct the document ``doc_id`` of the open ``index`` (kgsearch's id, the record's own id,
    or its url): ``fields`` maps some of ``date``, ``title``, ``source`` and ``speakers`` to the
    values to show; ``None`` drops its corrections. Returns kgsearch's id of the document and its
    corrections now. A bad date is a ``ParameterError`` (``date``), an id no document has an
    ``UnknownDocumentError``; either changes nothing."""
    date = (fields or {}).get("date")
    if date is not None and parse_date(date) is None:
        raise ParameterError("date", f"bad {{name}} {date!r}; write YYYY, YYYY-MM or YYYY-MM-DD")
    doc = index.get(doc_id)
    if doc is None:
        raise UnknownDocumentError(doc_id)
    return doc["id"], correct_by_id(index.root, doc["id"], fields, lock_timeout=lock_timeout)
