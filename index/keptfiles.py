"""The JSON files kgsearch keeps in an index folder beside its generations: a user's corrections
(``overrides.json``) and watches (``watches.json``). They outlive every rebuild, and a user may
edit them by hand, so a broken one is an error that names it, never silently emptied; and
each is written whole or not at all (a temporary file, then ``os.replace``), so a reader never
sees half of one."""

import json
import os
from pathlib import Path

from kgsearch.index.errors import UserFileError


def read(file: Path, what: str):
    """The file's JSON, or ``None`` where there is no file; ``what`` names its contents in errors."""
    try:
        return json.loads(Path(file).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise UserFileError(f"cannot read the {what} in {file}: {error}; fix or remove it") from None


def write(file: Path, data) -> None:
    file = Path(file)
    partial = file.with_name(f".{file.name}.{os.getpid()}")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    os.replace(partial, file)
