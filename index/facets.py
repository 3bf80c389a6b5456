"""Counting documents by a sortable field: what status and search facets share."""

from collections import Counter

from kgsearch.index.schema import is_year

NONE = "none"


def column_counts(reader, docnums, field: str) -> Counter:
    """How many of ``docnums`` have each value of ``field`` (``"none"`` where they have none).

    An index with no documents has no segment, hence no column: nothing to count.
    """
    counts = Counter()
    if not reader.has_column(field):
        # No document has a value (an index of undated documents has no year column),
        # or there are no documents at all (no segment, no columns).
        if docnums:
            counts[NONE] = len(docnums)
        return counts
    column = reader.column_reader(field)
    for docnum in docnums:
        value = column[docnum]
        if field == "year":
            value = str(value) if is_year(value) else NONE
        counts[value or NONE] += 1
    return counts


def live_documents(reader) -> list[int]:
    """The document numbers that are not deleted."""
    return [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
