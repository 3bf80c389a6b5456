"""The errors the index layer raises for things a user can put right, and their root.

Each message is a sentence that says what is wrong and what to do, in the
library's words: a setting it suggests is named as Python names it
(``allow_empty=True``), and the command line, which catches every
``KgsearchError`` in one place, says it as its option (``--allow-empty``).
Anything else that escapes is a bug.
"""

from pathlib import Path


class KgsearchError(Exception):
    """What every error kgsearch raises for its caller derives from: catch this one to catch them all.

    A message may name a setting as ``{name}`` in its ``template``, with the ``parameter`` that
    sets it (``date_from``, ``allow_empty=True``): ``str(error)`` says the parameter, and
    ``message(name)`` lets a caller say it in its own words (``--from``).
    """

    def __init__(self, template: str = "", parameter: str | None = None):
        self.template = template
        self.parameter = parameter
        super().__init__(self.message(parameter) if parameter is not None else template)

    def message(self, name: str | None = None) -> str:
        """The message with the parameter called ``name`` (by default, as the library calls it)."""
        if self.parameter is None:
            return str(self)
        return self.template.replace("{name}", name if name is not None else self.parameter)


class StoreError(KgsearchError):
    """A problem with the index folder; the message says what to do."""


class NoIndexError(StoreError):
    """Nothing has been built at an index location yet."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(f"no index at {root}; build one with `kgsearch index rebuild [PATH...]` "
                         "(with no PATH it indexes the bundled demo corpus)")


class UserFileError(KgsearchError, ValueError):
    """A file the user gave kgsearch (a people registry, a glossary) that cannot be read;
    the message names the file."""


class NotAnIndexError(StoreError):
    """A folder that holds things of its own and no kgsearch index: kgsearch changes nothing there."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(f"{root} is not a kgsearch index: it holds other files, and kgsearch writes only "
                         "in a folder it made (or an empty one); choose another {name} folder", "index")


class MissingPathError(StoreError):
    """A path to index that is not there (a typo, a disk not mounted); the index is left as it was."""

    def __init__(self, path: str, reason: str = "no such file or folder"):
        self.path = path
        super().__init__(f"{path}: {reason}; the index is unchanged (is the path right, is its disk mounted?)")


class EmptyRebuildError(StoreError):
    """A rebuild that found no documents where the index has some: emptying it must be asked for."""


class DamagedIndexError(StoreError):
    """An index whose files cannot be read (cut short, emptied, overwritten, missing): a rebuild mends it."""

    def __init__(self, root: Path, problem: str):
        self.root = root
        self.problem = problem
        super().__init__(f"the index at {root} is damaged ({problem}); "
                         "rebuild it with `kgsearch index rebuild PATH...`")


class OcrUnavailable(StoreError):
    """OCR was asked for where Tesseract, or every language kgsearch reads, is not installed; the
    message says how to install it. Nothing is read or changed."""


class UnknownDocumentError(StoreError):
    """An id no document of the index has."""

    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        super().__init__(f"no document with id {doc_id!r}; ids are shown by `kgsearch query`")


class WorkerDied(StoreError):
    """A process of a parallel rebuild ended before its work was done (killed, out of memory): the
    rebuild is abandoned, and the index it would have replaced answers as before."""


class EngineUnavailable(StoreError):
    """The index's engine comes with an extra that is not installed; the message says how to install it."""

    def __init__(self, engine: str, install: str):
        super().__init__(f"the {engine} engine needs {engine.capitalize()}, which is not installed: {install}")


class ShardError(StoreError):
    """A shard of an index's Xapian copy that cannot be reached, written or trusted; the message names it."""
