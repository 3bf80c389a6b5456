"""Building an index from folders of files, and keeping it up to date.

``rebuild`` writes a whole new generation and swaps it in (see ``store``);
``update`` changes the current generation in place, file by file, through
Whoosh's own atomic commit. Both record, per file, its size, time and hash,
so that an update reads only what changed and removes what is gone.
"""

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index

from kgsearch.index import store
from kgsearch.index.documents import Document, SkipFile
from kgsearch.index.files import display_path, read_bytes, read_file, walk
from kgsearch.index.metadata import complete
from kgsearch.index.parallel import ParallelWriter
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.schema import SCHEMA_VERSION, make_schema, to_fields

Progress = Callable[[Path, int], None]
WRITER_MB = 256


@dataclass
class BuildReport:
    """What a rebuild or an update did."""

    documents: int = 0
    files: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    seconds: float = 0.0
    location: str = ""


def _candidates(paths, report: BuildReport) -> list[Path]:
    files = []
    for path, reason in walk(paths):
        if reason:
            report.skipped.append({"path": display_path(path), "reason": reason})
        else:
            files.append(path)
    return files


def _load(path: Path, report: BuildReport) -> tuple[list[Document], dict] | None:
    """The documents of one file, as read, and its record for ``meta.json``; ``None`` if skipped."""
    name = display_path(path)
    try:
        # The time is taken before the bytes: a file changed while it is read
        # shows a newer time than recorded, and the next update reads it again.
        stat = path.stat()
        data = read_bytes(path)
        documents, warnings = read_file(path, data)
    except SkipFile as reason:
        report.skipped.append({"path": name, "reason": str(reason)})
        return None
    except OSError as error:
        report.skipped.append({"path": name, "reason": f"cannot read: {error.strerror or error}"})
        return None
    for warning in warnings:
        report.warnings.append({"path": name, "warning": warning})
    record = {"size": stat.st_size, "mtime": stat.st_mtime_ns, "sha1": hashlib.sha1(data).hexdigest(),
              "documents": len(documents)}
    return documents, record


def _read(path: Path, registry: PeopleRegistry, report: BuildReport) -> tuple[list[Document], dict] | None:
    """Like ``_load``, with every document's metadata completed."""
    loaded = _load(path, report)
    if loaded:
        for doc in loaded[0]:
            complete(doc, registry)
    return loaded


def _absolute(paths) -> list[str]:
    return [os.path.abspath(os.path.expanduser(p)) for p in paths]


@contextmanager
def _writing(location, lock_timeout: float):
    """The index folder, locked and cleaned of what dead writers left, and a report that times itself."""
    started = time.perf_counter()
    root = store.resolve(location)
    report = BuildReport(location=str(root))
    with store.writer_lock(root, lock_timeout):
        report.recovered = store.clean_abandoned(root)
        yield root, report
    report.seconds = time.perf_counter() - started


def rebuild(location, paths, *, registry: PeopleRegistry | None = None, progress: Progress | None = None,
            procs: int = 1, lock_timeout: float = 30.0) -> BuildReport:
    """A new index of ``paths`` at ``location``, swapped in when whole."""
    registry = registry or PeopleRegistry.load()
    paths = _absolute(paths)
    with _writing(location, lock_timeout) as (root, report):
        building = store.new_generation(root)
        files = _candidates(paths, report)
        if progress:
            progress(None, len(files))
        ix = whoosh_index.create_in(building, make_schema())
        if procs > 1 and "fork" in multiprocessing.get_all_start_methods():
            writer = ParallelWriter(ix, procs, registry, to_fields, complete)
            add, load = writer.add, _load  # the workers complete the metadata
        else:
            writer = ix.writer(limitmb=WRITER_MB)
            add, load = (lambda doc: writer.add_document(**to_fields(doc))), \
                (lambda path, report: _read(path, registry, report))
        records = {}
        try:
            for path in files:
                read = load(path, report)
                if read:
                    documents, records[display_path(path)] = read
                    for doc in documents:
                        add(doc)
                    report.documents += len(documents)
                    report.files += 1
                if progress:
                    progress(path, len(read[0]) if read else 0)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        store.write_meta(building, {
            "schema_version": SCHEMA_VERSION, "built_at": now, "updated_at": now,
            "paths": paths, "files": records, "skipped": report.skipped, "warnings": report.warnings,
        })
        store.publish(root, building)
    return report


def update(location, paths, *, registry: PeopleRegistry | None = None, progress: Progress | None = None,
           lock_timeout: float = 30.0) -> BuildReport:
    """Index new and changed files under ``paths``; drop documents of files gone from them."""
    registry = registry or PeopleRegistry.load()
    paths = _absolute(paths)
    with _writing(location, lock_timeout) as (root, report):
        generation = store.current(root)
        if generation is None:
            raise store.NoIndexError(root)
        meta = store.read_meta(generation)
        known: dict = meta["files"]
        files = _candidates(paths, report)
        if progress:
            progress(None, len(files))
        seen = set()
        ix = whoosh_index.open_dir(generation)
        writer = ix.writer(limitmb=WRITER_MB)
        try:
            for path in files:
                name = display_path(path)
                seen.add(name)
                old = known.get(name)
                try:
                    stat = path.stat()
                except OSError:
                    stat = None
                if old and stat and old["size"] == stat.st_size and old["mtime"] == stat.st_mtime_ns:
                    report.unchanged += 1
                elif read := _read(path, registry, report):
                    documents, record = read
                    if old and record["sha1"] == old["sha1"]:
                        report.unchanged += 1
                    else:
                        # Deleting first also when the file looks new: an update killed after
                        # its commit but before meta.json had added it already.
                        writer.delete_by_term("path", name)
                        if old:
                            report.changed += 1
                        else:
                            report.added += 1
                        for doc in documents:
                            writer.add_document(**to_fields(doc))
                        report.files += 1
                    known[name] = record
                # A file that exists but cannot be read now keeps what was indexed of it.
                if progress:
                    progress(path, 0)
            for name in list(known):
                if name not in seen and _under(name, paths):
                    writer.delete_by_term("path", name)
                    del known[name]
                    report.removed += 1
            # No merge: the segments that readers of the previous state have open stay on disk.
            writer.commit(merge=False)
        except BaseException:
            writer.cancel()
            raise
        report.documents = ix.doc_count()
        meta["files"] = known
        meta["paths"] = sorted(set(meta["paths"]) | set(paths))
        meta["skipped"] = [s for s in meta["skipped"] if not _under(s["path"], paths)] + report.skipped
        meta["warnings"] = [w for w in meta["warnings"] if not _under(w["path"], paths)] + report.warnings
        meta["updated_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        store.write_meta(generation, meta)
    return report


def _under(name: str, roots: list[str]) -> bool:
    return any(name == root or name.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
