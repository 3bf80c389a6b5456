"""A sortable field's values for every document, read at once (``engine.columns``).

Values are the engine's sortable forms; ``translate`` turns one into the
field's value, and ``range_bounds`` a date or number range into those forms.
"""

from whoosh.fields import DATETIME, NUMERIC

from kgsearch.index.engine.columns import column_default, column_values, sortable_range, whole_number_column


def values(reader, field: str) -> list:
    """The raw column value of every document of ``reader`` (deleted ones too), by number."""
    found: list = []
    for leaf, _offset in reader.leaf_readers():
        found.extend(column_values(leaf, field))
    return found


def translate(reader, field: str, value):
    """The field's value for a raw column value."""
    return reader.schema[field].from_column_value(value)


def range_bounds(schema, q) -> tuple[int, int, int] | None:
    """The raw column values ``q`` (a ``NumericRange`` or ``DateRange``) selects, as (lowest,
    highest, the value of documents without one), or ``None`` where the field's column does
    not hold whole numbers in the order of its terms. A range then needs no term reading:
    ``date:>2018`` is some hundred trie terms."""
    field = schema[q.fieldname] if q.fieldname in schema else None
    column = whole_number_column(field)
    if not isinstance(field, NUMERIC) or field.numtype is not int or column is None:
        return None
    start = field.prepare_number(q.start) if q.start is not None else None
    end = field.prepare_number(q.end) if q.end is not None else None
    lowest, highest = sortable_range(field, start, end, q.startexcl, q.endexcl)
    if isinstance(field, DATETIME) and field.signed:  # its column holds the number, not its sortable form
        lowest -= 1 << (field.bits - 1)
        highest -= 1 << (field.bits - 1)
    return lowest, highest, column_default(column)
