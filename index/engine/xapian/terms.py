"""How kgsearch's fields, values and document numbers are written in a Xapian database.

Every field's terms carry a prefix, the field's name in capitals and a colon,
so that no two fields' terms can be the same Xapian term (a field's prefix
ends at its first colon). Xapian refuses a term longer than 245 bytes, and a
path, a url or a key can be longer; such a term is cut and given the hash of
its whole text, the same way when it is written and when it is asked for.

Values (a date, a year) are written as 8 bytes, big-endian, with the sign
bit flipped: compared as strings, which Xapian's value ranges do, they
order as the numbers do, exactly (a double, ``sortable_serialise``, would
round the 64-bit numbers Whoosh keeps a date as).
"""

import hashlib
import struct

MAX_TERM_BYTES = 245
# The value slots of Whoosh's numeric fields, and of the document's kgsearch id (to name a document
# across shards, where Xapian's document numbers are the database's own).
NUMBER_SLOTS = {"date": 0, "year": 1}
ID_SLOT = 2
# A document's story and its text (``stamps``): the lowest number of its group, on documents with versions.
STORY_SLOT = 3
COPY_SLOT = 4
_SORTABLE = struct.Struct(">Q")
_FLIP = 1 << 63


def prefix(field: str) -> str:
    return field.upper() + ":"


def term(field: str, text: str | bytes) -> str:
    """The Xapian term for Whoosh's term ``text`` of ``field``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    whole = prefix(field) + text
    data = whole.encode("utf-8")
    if len(data) <= MAX_TERM_BYTES:
        return whole
    digest = "#" + hashlib.sha1(data).hexdigest()
    cut = data[:MAX_TERM_BYTES - len(digest)].decode("utf-8", errors="ignore")
    return cut + digest


def sortable(number: int) -> bytes:
    """A whole number (a signed 64-bit one) as a value that sorts as the numbers do."""
    return _SORTABLE.pack((int(number) + _FLIP) & (2**64 - 1))


def docid(docnum: int, shard: int = 0, shards: int = 1) -> int:
    """The Xapian document number, in its shard, of Whoosh's global document ``docnum``.

    Documents are dealt out in turn (``docnum % shards``), which is how Xapian
    numbers the documents of databases searched together: a search over all
    the shards, in order, gives each document ``docnum + 1``.
    """
    assert docnum % shards == shard
    return docnum // shards + 1


def docnum(docid: int) -> int:
    """Whoosh's document number for a document number of the shards searched together."""
    return docid - 1
