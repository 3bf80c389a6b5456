"""Counting documents by a sortable field: what status and search facets share."""

from collections import Counter

from kgsearch.index.schema import is_year

NONE = "none"


def column_counts(reader, docnums, field: str) -> Counter:
    """How many of ``docnums`` have each value of ``field`` (``"none"`` where they have none)."""
    column = reader.column_reader(field)
    counts = Counter()
    for docnum in docnums:
        value = column[docnum]
        if field == "year":
            value = str(value) if is_year(value) else NONE
        counts[value or NONE] += 1
    return counts


def live_documents(reader) -> list[int]:
    """The document numbers that are not deleted."""
    return [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
