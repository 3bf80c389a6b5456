"""Where an index lives on disk, and how a new one replaces the old at once.

An index folder holds generations: ``gen-*`` folders, each a whole Whoosh
index with its ``meta.json``, and a ``CURRENT`` file naming the one in use.
A rebuild writes a new generation beside the current one and then replaces
``CURRENT`` with ``os.replace``, which is atomic: readers see the old index
or the new one, and a build that dies leaves the old one whole. Writers take
an exclusive ``flock`` on ``.lock``; the kernel releases it when a writer
dies, so a killed build never leaves a stale lock behind.
"""

import fcntl
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from kgsearch.index.errors import NoIndexError, StoreError
from kgsearch.index.schema import SCHEMA_VERSION

ENV = "KGSEARCH_INDEX"
CURRENT = "CURRENT"
META = "meta.json"


def default_location() -> Path:
    """``$KGSEARCH_INDEX``, else the user's data directory."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    elif os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "kgsearch" / "index"


def resolve(location: str | Path | None) -> Path:
    """The index folder to use: the one given, else the default; never in the source tree."""
    root = Path(location).expanduser() if location else default_location()
    source_tree = Path(__file__).resolve().parents[1]
    absolute = root.resolve()
    if absolute == source_tree or source_tree in absolute.parents and (source_tree / "pyproject.toml").exists():
        raise StoreError(f"{root} is inside the kgsearch source tree; choose another --index folder")
    return root


def current(root: Path) -> Path | None:
    """The generation in use, or ``None`` when no index has been built there."""
    try:
        name = (root / CURRENT).read_text("utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    path = root / name
    return path if name and path.is_dir() else None


def open_current(root: Path, attempts: int = 5):
    """The current generation for reading: (its folder, its meta.json, the Whoosh index).

    An update's commit can remove the table of contents being opened, and a
    rebuild can swap generations between reading ``CURRENT`` and opening
    what it names: either means read again, a few times.
    """
    for attempt in range(attempts):
        generation = current(root)
        if generation is None:
            raise NoIndexError(root)
        try:
            return generation, read_meta(generation), whoosh_index.open_dir(generation)
        except StoreError:
            # A damaged or foreign meta.json is final, unless a writer just swapped generations.
            if attempt == attempts - 1 or current(root) == generation:
                raise
        except (OSError, EmptyIndexError):
            if attempt == attempts - 1:
                raise
        time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def read_meta(generation: Path) -> dict:
    try:
        meta = json.loads((generation / META).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"the index at {generation.parent} is damaged ({error}); "
                         "run `kgsearch index rebuild`") from error
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise StoreError(f"the index at {generation.parent} was built by another version of kgsearch "
                         f"(schema {meta.get('schema_version')}, this one reads {SCHEMA_VERSION}); "
                         "run `kgsearch index rebuild`")
    return meta


def write_meta(generation: Path, meta: dict) -> None:
    """Write ``meta.json`` whole or not at all."""
    tmp = generation / (META + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, generation / META)


def new_generation(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = root / f"building-{stamp}-{os.getpid()}"
    path.mkdir()
    return path


def publish(root: Path, building: Path) -> Path:
    """Make a finished generation the current one, atomically; drop all but the previous one."""
    generation = building.with_name("gen-" + building.name.removeprefix("building-"))
    os.replace(building, generation)
    previous = current(root)
    tmp = root / (CURRENT + ".tmp")
    tmp.write_text(generation.name + "\n", "utf-8")
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, root / CURRENT)
    # Keep the previous generation for readers still opening it; older ones go.
    keep = {generation.name, previous.name if previous else ""}
    for path in root.glob("gen-*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    return generation


def clean_abandoned(root: Path) -> list[str]:
    """Remove what dead builds left behind; call with the lock held.

    That is every unfinished ``building-*`` folder, and any ``gen-*`` newer
    than the current one: finished, but killed before ``CURRENT`` named it.
    """
    live = current(root)
    removed = []
    for path in sorted(root.glob("building-*")) + sorted(root.glob("gen-*")):
        if path.name.startswith("gen-") and (live is None or path.name <= live.name):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


@contextmanager
def writer_lock(root: Path, timeout: float = 30.0):
    """Hold the index folder's exclusive lock, waiting up to ``timeout`` seconds."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(f"the index at {root} is being updated by another kgsearch "
                                     f"process; waited {timeout:g} s, try again when it finishes") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
