"""Counting documents by a sortable field: what status and search facets share."""

from collections import Counter

from kgsearch.index import columns
from kgsearch.index.schema import is_year

NONE = "none"


def column_counts(reader, docnums, field: str, raw: list | None = None) -> Counter:
    """How many of ``docnums`` have each value of ``field`` (``"none"`` where they have none).

    ``raw`` is the field's column as ``columns.values`` reads it, where the
    caller keeps it. An index with no documents has no segment, hence no
    column: nothing to count.
    """
    counts = Counter()
    if not reader.has_column(field):
        # No document has a value (an index of undated documents has no year column),
        # or there are no documents at all (no segment, no columns).
        if docnums:
            counts[NONE] = len(docnums)
        return counts
    raw = raw if raw is not None else columns.values(reader, field)
    for value, count in Counter(raw[d] for d in docnums).items():
        value = columns.translate(reader, field, value)
        if field == "year":
            value = str(value) if is_year(value) else NONE
        counts[value or NONE] += count
    return counts


def live_documents(reader) -> list[int]:
    """The document numbers that are not deleted."""
    return [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
