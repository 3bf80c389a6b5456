"""A sortable field's values for every document, read at once.

Whoosh's column readers unpack one document's value per call (a file read
and a struct unpack, about two microseconds); facets and date order over a
common word's 30,000 matches made that a tenth of a second. The column's
bytes are read here in one go and split in C (numbers) or by slicing.
Values are Whoosh's sortable forms (``translate=False``); ``translate``
turns one into the field's value.
"""

import sys
from array import array

from whoosh import columns


def values(reader, field: str) -> list:
    """The raw column value of every document of ``reader`` (deleted ones too), by number."""
    found: list = []
    for leaf, _offset in reader.leaf_readers():
        found.extend(_leaf_values(leaf, field))
    return found


def translate(reader, field: str, value):
    """The field's value for a raw column value."""
    return reader.schema[field].from_column_value(value)


def _leaf_values(leaf, field: str) -> list:
    count = leaf.doc_count_all()
    if not leaf.has_column(field):
        return [leaf.schema[field].column_type.default_value(False)] * count
    column = leaf.column_reader(field, translate=False)
    if isinstance(column, columns.NumericColumn.Reader):
        numbers = array(column._typecode, column._dbfile.get(column._basepos, column._count * column._fixedlen))
        if sys.byteorder == "little":
            numbers.byteswap()  # Whoosh writes them big-endian
        found = numbers.tolist()
        return found + [column._default] * (count - len(found))
    if isinstance(column, columns.VarBytesColumn.Reader):
        data = column._dbfile.get(column._basepos, column._length)
        return [data[o : o + n] for o, n in zip(column._offsets, column._lengths)] + [b""] * (count - column._doccount)
    return list(column)  # another kind of column: one at a time
