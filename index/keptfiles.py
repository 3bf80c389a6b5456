"""The JSON files kgsearch keeps in an index folder beside its generations: a user's corrections
(``overrides.json``) and watches (``watches.json``). They outlive every rebuild, and a user may
edit them by hand, so a broken one is an error that names it, never silently emptied.

Each is changed by reading it, changing it and writing it back; two kgsearch processes doing so
at once would each write what they read, and one change would be lost (six ``watch add`` at once
kept between one and four watches). So the whole change runs under ``locked``. And each is
written whole or not at all (a temporary file beside it, flushed to disk, then ``os.replace``):
on a full or read-only disk the old file stays as it was, no temporary file is left, and the
caller gets a ``StoreError`` that names the file and the reason.
"""

import errno
import json
import os
from contextlib import contextmanager
from pathlib import Path

from kgsearch.index.errors import StoreError, UserFileError
from kgsearch.index.locking import flock_within

# A change reads, maybe searches, and writes: seconds at most; a lock held longer is a stuck process.
LOCK_TIMEOUT = 60.0


def read(file: Path, what: str):
    """The file's JSON, or ``None`` where there is no file; ``what`` names its contents in errors."""
    try:
        return json.loads(Path(file).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise UserFileError(f"cannot read the {what} in {file}: {error}; fix or remove it") from None


def write(file: Path, data, what: str) -> None:
    """Write ``data`` as the file's JSON whole or not at all; ``StoreError`` when it cannot be written."""
    file = Path(file)
    partial = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    encoded = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(encoded)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, file)
    except BaseException as error:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass  # the error to report is the one that stopped the write
        if isinstance(error, OSError):
            raise StoreError(f"cannot write the {what} to {file}: {_reason(error)}; "
                             "the file is as it was") from None
        raise


@contextmanager
def locked(root: Path, what: str, timeout: float = LOCK_TIMEOUT):
    """Hold the lock on the kept files of the index folder ``root`` for a read, change and write.

    The lock is a ``flock`` on the folder itself: it creates no file (kgsearch makes nothing in a
    folder it was not asked to own), and it is not the writers' ``.lock``, which a rebuild holds
    for minutes while it has nothing to do with watches. The kernel releases it when a holder
    dies. Where the folder does not exist there is nothing to protect and nothing is locked.
    """
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (FileNotFoundError, NotADirectoryError):
        yield
        return
    except OSError as error:
        raise StoreError(f"cannot lock the {what} in {root}: {_reason(error)}") from None
    try:
        if not flock_within(fd, timeout):
            raise StoreError(f"another kgsearch process is changing the {what} in {root}; "
                             f"waited {timeout:g} s, try again when it finishes")
        yield
    finally:
        os.close(fd)  # releases the lock


def _reason(error: OSError) -> str:
    return error.strerror or errno.errorcode.get(error.errno or 0, "") or str(error)
