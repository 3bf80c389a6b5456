"""Where an index lives on disk, what in it is kgsearch's, and how a new index replaces the old at once.

kgsearch changes only what it has marked as its own. A folder becomes an
index when kgsearch writes its marker file, ``KGSEARCH-INDEX``, into it, and
only a folder that does not exist or is empty is ever marked (an index made
before the marker existed is recognised by its ``CURRENT`` and generation,
and marked by its next writer). Inside a marked folder kgsearch creates,
replaces and deletes only names it makes: the marker, ``CURRENT``, ``.lock``
and ``gen-``/``building-`` folders named by a time and a process id. A
folder with anything else in it is refused before anything is touched, so
``--index ~/Documents`` cannot cost a user their ``building-permits/``.

An index folder holds generations: ``gen-*`` folders, each a whole Whoosh
index with its ``meta.json``. ``CURRENT`` names the one in use on its first
line and the one it replaced on its second: a rebuild writes a new
generation beside the current one and then replaces ``CURRENT`` with
``os.replace``, which is atomic, so readers see the old index or the new
one and a build that dies leaves the old one whole; ``restore`` swaps the
two lines back. Writers take an exclusive ``flock`` on ``.lock``; the kernel
releases it when a writer dies, so a killed build never leaves a stale lock.
"""

import fcntl
import json
import os
import re
import shutil
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from kgsearch.index.errors import DamagedIndexError, NoIndexError, NotAnIndexError, StoreError
from kgsearch.index.integrity import describe
from kgsearch.index.locking import flock_within
from kgsearch.index.engine.mapped import MappedStorage, check_segment_files
from kgsearch.index.schema import SCHEMA_VERSION

ENV = "KGSEARCH_INDEX"
CURRENT = "CURRENT"
META = "meta.json"
LOCK = ".lock"
MARKER = "KGSEARCH-INDEX"
# The marker's format: a later layout of the folder gets a higher number, which this version refuses.
FORMAT = 1
MARKER_TEXT = (f"kgsearch index\nformat {FORMAT}\n\n"
               "This folder holds a kgsearch index. kgsearch creates, changes and deletes in it only\n"
               f"this file, {CURRENT}, {LOCK}, the gen-* and building-* folders it named itself,\n"
               "and the user's corrections and watches: overrides.json and watches.json.\n")
# The names of generations kgsearch makes (see ``new_generation``); nothing else is ever removed.
GENERATION = re.compile(r"(?:gen|building)-\d{8}T\d{12}-\d+\Z")


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
    """The index folder to use: the one given, else the default; never in kgsearch's own files.

    Those are the source tree of an editable install (the folder with
    pyproject.toml above ``index/``) or the installed package's folder.
    """
    root = Path(location).expanduser() if location else default_location()
    own = Path(__file__).resolve().parents[1]
    absolute = root.resolve()
    if (absolute == own or own in absolute.parents) and ((own / "pyproject.toml").exists() or own.name == "kgsearch"):
        raise StoreError(f"{root} is inside the kgsearch source tree or package; choose another {{name}} folder",
                         "index")
    return root


def _is_generation(name: str) -> bool:
    return bool(GENERATION.match(name)) and name.startswith("gen-")


def _pointer(root: Path) -> list[str] | None:
    """The names ``CURRENT`` holds (in use, then previous); ``None`` without one, ``[]`` when it is damaged."""
    try:
        data = (root / CURRENT).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        return []
    names = data.decode("utf-8", "replace").split()
    if not names or len(names) > 2 or not all(map(_is_generation, names)):
        return []
    return names


def _generations(root: Path) -> list[str]:
    """The names of the finished generations in the folder, oldest first."""
    try:
        return sorted(p.name for p in root.iterdir() if _is_generation(p.name) and p.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def current(root: Path) -> Path | None:
    """The generation in use, or ``None`` when no index has been built there (or CURRENT is damaged)."""
    names = _pointer(root)
    path = root / names[0] if names else None
    return path if path and path.is_dir() else None


def stamp(root: Path) -> tuple | None:
    """What changes whenever a reader that stays open should open the index again: ``CURRENT``
    names another generation (a rebuild, a restore), or the current one's ``meta.json`` is
    replaced (an update or an edit write it last, after their commit). One small read and one
    stat; ``None`` where there is no index."""
    names = _pointer(root)
    if not names:
        return None
    try:
        meta = os.stat(root / names[0] / META)
    except OSError:
        return (names[0],)
    return names[0], meta.st_ino, meta.st_mtime_ns, meta.st_size


def previous(root: Path) -> Path | None:
    """The generation the current one replaced: the one ``restore`` brings back, if it is still there.

    ``CURRENT`` names it on its second line; one written before it did (or
    by a first build) has one line, and then it is the newest generation
    older than the current one, which is the one earlier versions kept.
    """
    names = _pointer(root)
    if not names:
        return None
    if len(names) == 2:
        path = root / names[1]
        return path if path.is_dir() else None
    older = [name for name in _generations(root) if name < names[0]]
    return root / older[-1] if older else None


def _marker(root: Path) -> bool | None:
    """Whether the folder carries kgsearch's marker: True, False (a file of that name not ours), None (none)."""
    try:
        with open(root / MARKER, "rb") as handle:
            head = handle.read(200).decode("utf-8", "replace").splitlines()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return False
    if not head:
        return True  # created and not yet written: another kgsearch is claiming the folder just now
    if head[0] != "kgsearch index":
        return False
    fmt = head[1].removeprefix("format ") if len(head) > 1 else ""
    if fmt.isdigit() and int(fmt) > FORMAT:
        raise StoreError(f"the index at {root} was made by a newer kgsearch (folder format {fmt}, "
                         f"this one knows {FORMAT}); upgrade kgsearch, or choose another {{name}} folder", "index")
    return True


def ownership(root: Path) -> str:
    """What the folder is to kgsearch.

    ``missing``; ``empty`` (nothing in it, or only the ``.lock`` an older
    kgsearch left); ``ours`` (marked); ``legacy`` (an index an older kgsearch
    made: ``CURRENT`` names a generation with its ``meta.json``); ``foreign``
    (anything else: not to be touched).
    """
    if not os.path.lexists(root):
        return "missing"
    if not root.is_dir():
        raise StoreError(f"{root} is a file, not an index folder; choose another {{name}} folder", "index")
    marked = _marker(root)
    if marked:
        return "ours"
    generation = current(root)
    if marked is None and generation is not None and (generation / META).is_file():
        return "legacy"
    try:
        entries = set(os.listdir(root))
    except OSError as error:
        raise StoreError(f"cannot read the index folder {root}: {error.strerror or error}") from None
    if marked is None and MARKER in entries and _marker(root):
        return "ours"  # another kgsearch marked it while we looked
    if marked is None and entries <= {LOCK}:
        return "empty"
    return "foreign"


def vacant(root: Path) -> bool:
    """True where an index may be made without losing anything: nothing there, or kgsearch's marker alone."""
    kind = ownership(root)
    return kind in ("missing", "empty") or kind == "ours" and _pointer(root) is None and not _generations(root)


def claim(root: Path) -> None:
    """Make sure the folder is kgsearch's to write in: create and mark it when missing or empty,
    mark an index from before the marker; refuse anything else (``NotAnIndexError``)."""
    kind = ownership(root)
    if kind == "ours":
        return
    if kind == "foreign":
        raise NotAnIndexError(root)
    root.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(root / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return  # another kgsearch marked it first
    try:
        os.write(fd, MARKER_TEXT.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _require_ours(root: Path) -> None:
    """Before anything is created or removed in ``root``: it must carry the marker."""
    if ownership(root) != "ours":
        raise NotAnIndexError(root)


def missing_index(root: Path) -> StoreError:
    """The error for a location with no index to read: none yet, someone else's folder, or damaged."""
    kind = ownership(root)
    if kind == "foreign":
        return NotAnIndexError(root)
    if kind == "ours" and _pointer(root) is not None:
        return StoreError(f"the index at {root} is damaged ({CURRENT} does not name a generation); "
                          "rebuild it with `kgsearch index rebuild PATH...`")
    return NoIndexError(root)


def open_current(root: Path, attempts: int = 5):
    """The current generation for reading: (its folder, its meta.json, the Whoosh index).

    An update's commit can remove the table of contents being opened, and a
    rebuild can swap generations between reading ``CURRENT`` and opening
    what it names: either means read again, a few times. Reading creates
    and changes nothing.
    """
    for attempt in range(attempts):
        generation = current(root)
        if generation is None:
            raise missing_index(root)
        before = _listing(generation)
        try:
            meta = read_meta(generation)
            ix = open_whoosh(generation)
            check_segment_files(ix)
            return generation, meta, ix
        except StoreError:
            # A damaged or foreign meta.json is final, unless a writer just swapped generations.
            if attempt == attempts - 1 or current(root) == generation:
                raise
        except PermissionError as error:
            raise StoreError(f"cannot read the index at {root}: {error.strerror} ({error.filename})") from None
        except Exception as error:  # whatever Whoosh meets in a file that is damaged, or just replaced
            # A writer's commit or swap changes the files; damage leaves them as they were.
            if attempt == attempts - 1 or current(root) == generation and _listing(generation) == before:
                raise DamagedIndexError(root, describe(error)) from error
        time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def open_whoosh(generation: Path):
    """The Whoosh index in ``generation``, its files read as they are asked for.

    Whoosh maps a segment's files into memory and then copies each whole
    file into a buffer of its own: 1.2 GB read and 0.65 s spent before a
    100,000-document index answered anything, against 0.04 s and 29 MB
    without the map. Without the map, though, every block is read with a
    seek and a read: warm searches were a quarter slower (10,000 documents).
    ``MappedStorage`` keeps the map and copies nothing: 2 ms to open that
    index, searches as fast as Whoosh's own.
    """
    return MappedStorage(str(generation)).open_index()


def create_whoosh(generation: Path, schema):
    """A new Whoosh index in ``generation``, read as ``open_whoosh`` reads one: a rebuild reads
    its own segments as it merges them and after its commit, and Whoosh's copies of them held
    8 GB of a 1,000,000-document rebuild while its Xapian copy was joined."""
    return MappedStorage(str(generation)).create_index(schema)


def _listing(generation: Path) -> set | None:
    """The names and sizes of a generation's files, to tell a writer's change from damage."""
    try:
        return {(entry.name, entry.stat().st_size) for entry in os.scandir(generation)}
    except OSError:
        return None


# What meta.json must hold for status and update to read it.
_META_FIELDS = {"built_at": str, "paths": list, "files": dict, "skipped": list}


def read_meta(generation: Path) -> dict:
    """A generation's ``meta.json``; ``DamagedIndexError`` when it is missing, cut or not kgsearch's shape."""
    root = generation.parent
    try:
        meta = json.loads((generation / META).read_text("utf-8"))
    except PermissionError as error:
        raise StoreError(f"cannot read the index at {root}: {error.strerror} ({error.filename})") from None
    except FileNotFoundError as error:
        raise DamagedIndexError(root, f"its {META} is missing") from error
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise DamagedIndexError(root, f"its {META} cannot be read: {reason}") from error
    if not isinstance(meta, dict):
        raise DamagedIndexError(root, f"its {META} is not a JSON object")
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise StoreError(f"the index at {generation.parent} was built by another version of kgsearch "
                         f"(schema {meta.get('schema_version')}, this one reads {SCHEMA_VERSION}); "
                         "run `kgsearch index rebuild`")
    wrong = [key for key, kind in _META_FIELDS.items() if not isinstance(meta.get(key), kind)]
    if wrong:
        raise DamagedIndexError(root, f"its {META} lacks {', '.join(wrong)}")
    return meta


def write_meta(generation: Path, meta: dict) -> None:
    """Write ``meta.json`` whole or not at all."""
    tmp = generation / (META + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, generation / META)


def new_generation(root: Path) -> Path:
    """A new, empty ``building-*`` folder in the (marked) index folder."""
    _require_ours(root)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = root / f"building-{stamp}-{os.getpid()}"
    path.mkdir()
    return path


def _point(root: Path, names: list[str]) -> None:
    """Replace ``CURRENT`` atomically with ``names`` (in use, then previous), on disk before it returns."""
    tmp = root / (CURRENT + ".tmp")
    tmp.write_text("".join(name + "\n" for name in names), "utf-8")
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, root / CURRENT)


def publish(root: Path, building: Path) -> Path:
    """Make a finished generation the current one, atomically; keep the one it replaces, drop older ones."""
    _require_ours(root)
    if building.parent != root or not GENERATION.match(building.name) or not building.name.startswith("building-"):
        raise StoreError(f"{building} is not a generation kgsearch is building in {root}")
    generation = building.with_name("gen-" + building.name.removeprefix("building-"))
    os.replace(building, generation)
    replaced = current(root)
    if replaced is None:  # CURRENT damaged or gone: the newest generation there is the one to go back to
        older = [name for name in _generations(root) if name != generation.name]
        replaced = root / older[-1] if older else None
    _point(root, [generation.name] + ([replaced.name] if replaced else []))
    # The replaced generation stays, for readers still opening it and for `restore`; older ones go.
    keep = {generation.name, replaced.name if replaced else ""}
    for name in _generations(root):
        if name not in keep:
            shutil.rmtree(root / name, ignore_errors=True)
    return generation


def restore(root: Path) -> Path:
    """Swap the previous generation back in (call with the lock held); the one it replaces becomes
    the previous, so a second restore undoes the first."""
    _require_ours(root)
    live, back = current(root), previous(root)
    if live is None:
        raise missing_index(root)
    if back is None:
        raise StoreError(f"there is no previous index at {root} to restore: it keeps one, "
                         "from before the last rebuild, and there has been none since it was made")
    read_meta(back)  # a damaged or foreign-schema generation is refused, not swapped in
    _point(root, [back.name, live.name])
    return back


def clean_abandoned(root: Path) -> list[str]:
    """Remove what dead builds left behind; call with the lock held.

    That is every unfinished ``building-*`` folder, and any ``gen-*`` that
    ``CURRENT`` names neither as in use nor as previous: finished, but killed
    before ``CURRENT`` named it. With ``CURRENT`` damaged or missing, the
    finished generations stay (the next rebuild keeps the newest).
    """
    _require_ours(root)
    names = _pointer(root)
    live = previous(root)
    keep = set(names or []) | {live.name if live else ""}
    removed = []
    for path in sorted(root.iterdir()):
        if not GENERATION.match(path.name) or not path.is_dir():
            continue
        if path.name.startswith("gen-") and (not names or path.name in keep):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


@contextmanager
def writer_lock(root: Path, timeout: float = 30.0):
    """Hold the index folder's exclusive lock, waiting up to ``timeout`` seconds.

    The folder is claimed first (see ``claim``): a folder that is not
    kgsearch's gets no ``.lock``, and the caller gets ``NotAnIndexError``.
    """
    claim(root)
    with open(root / LOCK, "a+") as handle:
        if not flock_within(handle, timeout, poll=0.1):
            raise StoreError(f"the index at {root} is being updated by another kgsearch "
                             f"process; waited {timeout:g} s, try again when it finishes")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
