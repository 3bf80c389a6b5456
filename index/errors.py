"""The errors the index layer raises for things a user can put right.

Each message is a sentence that says what is wrong and what to do; the
command line prints it as it is. Anything else that escapes is a bug.
"""

from pathlib import Path


class StoreError(Exception):
    """A problem with the index folder; the message says what to do."""


class NoIndexError(StoreError):
    """Nothing has been built at an index location yet."""

    def __init__(self, root: Path):
        self.root = root
        super().__init__(f"no index at {root}; build one with `kgsearch index rebuild [PATH...]` "
                         "(with no PATH it indexes the bundled demo corpus)")


class UserFileError(ValueError):
    """A file the user gave kgsearch (a people registry, a glossary) that cannot be read;
    the message names the file."""
