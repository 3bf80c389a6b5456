"""Telling a damaged index from a bug.

Whoosh keeps no checksums: a file cut short, emptied or overwritten fails
wherever it is first read, with whatever error the code reading it meets
(``struct.error``, ``EOFError``, ``zlib.error``, ``UnicodeDecodeError``…).
So when reading an index fails, ``problem`` reads the whole generation
through. If part of it cannot be read, the index is damaged and the user is
told so, and to rebuild; if all of it reads, the failure was not the
files', and it surfaces as the bug it is.
"""

from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from kgsearch.index.errors import DamagedIndexError, StoreError


def describe(error: BaseException) -> str:
    """A short account of what reading the index met, for the damaged-index message."""
    if isinstance(error, EmptyIndexError):
        return "its table of contents is missing"
    if isinstance(error, FileNotFoundError) and error.filename:
        return f"{Path(error.filename).name} is missing"
    text = " ".join(str(error).split()) or type(error).__name__
    if len(text) > 100:
        text = text[:99] + "…"
    return f"a file of it cannot be read: {text}"


def problem(generation: Path) -> str | None:
    """What cannot be read in the generation's Whoosh files, or ``None`` when every part of them reads."""
    try:
        ix = whoosh_index.open_dir(generation)
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                _read_through(leaf)
    except Exception as error:  # whatever a damaged file makes the reading code raise
        return describe(error)
    return None


def _read_through(reader) -> None:
    """Read every stored document, posting, position, length and column of one segment."""
    indexed = list(reader.indexed_field_names())
    for docnum in range(reader.doc_count_all()):
        reader.is_deleted(docnum)
        reader.stored_fields(docnum)
        for name in indexed:
            reader.doc_field_length(docnum, name)
    for name in indexed:
        scorable = reader.schema[name].scorable
        for text in reader.lexicon(name):
            matcher = reader.postings(name, text)
            kinds = [kind for kind in ("positions", "characters") if matcher.supports(kind)]
            while matcher.is_active():
                matcher.weight()
                for kind in kinds:
                    matcher.value_as(kind)
                # A document that holds a term has a length in that field; scoring divides by it.
                if scorable and not reader.doc_field_length(matcher.id(), name):
                    raise ValueError(f"the {name} length of document {matcher.id()} is lost")
                matcher.next()
    for name in reader.schema.names():
        if reader.has_column(name):
            for _ in reader.column_reader(name, translate=False):
                pass


@contextmanager
def reading(root: Path, generation: Path, expected: tuple = ()):
    """Run code that reads the index at ``root``: a failure that a damaged generation explains
    becomes a ``DamagedIndexError``; ``StoreError``, the ``expected`` errors (the caller's own,
    such as a bad query) and failures of an index that reads whole pass through as they are."""
    try:
        yield
    except (StoreError, *expected):
        raise
    except Exception as error:
        found = problem(generation)
        if found is None:
            raise
        raise DamagedIndexError(root, found) from error
