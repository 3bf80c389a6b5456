"""Building an index from folders of files, and keeping it up to date.

``rebuild`` writes a whole new generation and swaps it in (see ``store``);
``update`` changes the current generation in place, file by file, through
Whoosh's own atomic commit. Both record, per file, its size, time and hash,
so that an update reads only what changed and removes what is gone.

Nothing is lost to a slip: a path that does not exist is refused before
anything changes, a rebuild that would empty an index must be asked to
(``allow_empty``), an update removes only files that are really gone (not
those behind a folder it cannot read), and ``restore`` brings back the index
the last rebuild replaced. Paths are resolved (symbolic links followed)
before they are compared, so one file reached two ways is one file.
"""

import errno
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index

from kgsearch.index import copies, engines, overrides, similar, store, wordtable
from kgsearch.index import embedding
from kgsearch.index import paths as indexed_paths
from kgsearch.index.documents import Document, SkipFile, isolated
from kgsearch.index.engine import writing
from kgsearch.index.errors import EmptyRebuildError, ShardError, StoreError, UnknownDocumentError
from kgsearch.index.fingerprints import Fingerprints, of_text
from kgsearch.index.files import display_path, file_sha1, read_path, walk
from kgsearch.index.metadata import complete
from kgsearch.index.merging import merge_policy
from kgsearch.index.parallel import ParallelWriter
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.progress import Progress, Tracker
from kgsearch.index.schema import SCHEMA_VERSION, from_fields, make_schema, to_fields
from kgsearch.index.segments import SerialWriter
from kgsearch.index.sizing import budget, resolve_procs

WRITER_MB = 256  # an update's one writer (a rebuild's are sized by ``sizing``)


@dataclass
class BuildReport:
    """What a rebuild or an update did."""

    documents: int = 0
    files: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    kept: int = 0  # files under the paths that could not be read now, their documents kept
    skipped: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    seconds: float = 0.0
    location: str = ""
    engine: str = engines.DEFAULT
    shards: list[str] = field(default_factory=list)
    twin_seconds: float = 0.0  # writing the Xapian copy (an index whose engine is xapian)
    twin_joined: bool | None = None  # a rebuild's copy joined from its writers' parts, or written from the index


def _candidates(paths, report: BuildReport) -> list[Path]:
    """The files to read under ``paths``, each once (paths may overlap); the rest go to ``skipped``."""
    files, seen = [], set()
    for path, reason in walk(paths):
        if path in seen:
            continue
        seen.add(path)
        if reason:
            report.skipped.append({"path": display_path(path), "reason": reason})
        else:
            files.append(path)
    return files


def _distinct_keys(documents: Iterable[Document]) -> Iterator[Document]:
    """Give records that share a key (two with one id or url) keys of their own, hence ids of their own.

    The first keeps its key, so its id stays what it always was; a later one
    gets ``key#2``, ``key#3``…, the first such name no record before it has,
    the same on every rebuild of the same file. Records are streamed: only their keys'
    fingerprints are kept, so a new key may pass for one seen (``fingerprints``: 3 in 10⁸).
    """
    seen = Fingerprints()
    for doc in documents:
        if not seen.add(of_text(doc.key)):
            n = 2
            while not seen.add(of_text(f"{doc.key}#{n}")):
                n += 1
            doc.key = f"{doc.key}#{n}"
        yield doc


def _load(path: Path, report: BuildReport, tracker: Tracker | None = None,
          ocr=None) -> tuple[Iterator[Document], dict] | None:
    """The documents of one file, read as they are taken, and its record for ``meta.json``, whose
    hash, count and warnings are complete once the documents are all taken; ``None`` if skipped.
    ``tracker`` hears of each document as it is taken; ``ocr`` recognises scanned pages (see
    ``readers.ocr``)."""
    name = display_path(path)
    try:
        # The time is taken before the bytes: a file changed while it is read
        # shows a newer time than recorded, and the next update reads it again.
        stat = path.stat()
        reading = read_path(path, ocr)
    except SkipFile as reason:
        report.skipped.append({"path": name, "reason": str(reason)})
        return None
    except OSError as error:
        report.skipped.append({"path": name, "reason": f"cannot read: {error.strerror or error}"})
        return None
    except Exception as error:  # whatever a reader raises costs its file only
        report.skipped.append({"path": name, "reason": f"cannot be read ({type(error).__name__}: {error})"})
        return None
    record = {"size": stat.st_size, "mtime": stat.st_mtime_ns, "sha1": "", "documents": 0}

    def documents():
        for doc in _distinct_keys(reading):
            record["documents"] += 1
            if tracker:
                tracker.document(path, reading.bytes_read)
            yield doc
        record["sha1"] = reading.sha1
        report.warnings.extend({"path": name, "warning": warning} for warning in reading.warnings)
        report.skipped.extend({"path": name, "reason": reason} for reason in reading.skipped)

    return documents(), record


def _not_indexed(skipped: list[dict], report: BuildReport, records: dict) -> None:
    """Count out the documents a writer could not index (``documents.not_indexed``): each is
    skipped, with its file and place, and its file's record counts it no more."""
    for item in skipped:
        report.skipped.append(item)
        records[item["path"]]["documents"] -= 1




def _recorded(root: Path) -> list[str]:
    """The paths the index at ``root`` was built from (resolved now), for a rebuild or update given none."""
    generation = store.current(root)
    if generation is None:
        raise store.missing_index(root)
    return indexed_paths.absolute(store.read_meta(generation)["paths"])



def _documents_in(generation: Path | None) -> int | None:
    """How many documents a generation holds, by its meta.json; ``None`` when that cannot be read."""
    if generation is None:
        return 0
    try:
        return sum(record.get("documents", 0) for record in store.read_meta(generation)["files"].values())
    except (StoreError, KeyError, AttributeError, TypeError):
        return None


@contextmanager
def _writing(root: Path, lock_timeout: float):
    """The index folder, locked and cleaned of what dead writers left, and a report that times itself.

    A full disk or a folder that cannot be written is a ``StoreError`` that says so.
    """
    started = time.perf_counter()
    report = BuildReport(location=str(root))
    try:
        with store.writer_lock(root, lock_timeout):
            report.recovered = store.clean_abandoned(root)
            yield report
    except OSError as error:
        problem = _write_problem(root, error)
        if problem is None:
            raise
        raise StoreError(problem, "index" if "{name}" in problem else None) from error
    report.seconds = time.perf_counter() - started


_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _write_problem(root: Path, error: OSError) -> str | None:
    """What to tell the user when writing the index failed for want of room or rights; ``None`` for
    any other error, and for one about a file outside the index (one being read)."""
    if error.filename is not None and \
            not indexed_paths.under(os.path.realpath(error.filename), [os.path.realpath(root)]):
        return None
    if error.errno in _NO_ROOM:
        return (f"no room to write the index at {root} ({error.strerror}); it still answers as before: "
                "free some space and run the command again")
    if error.errno in _NOT_ALLOWED:
        return (f"cannot write the index at {root} ({error.strerror}); it still answers as before: "
                "choose a folder you can write to with {name}")
    return None


def rebuild(location=None, paths=None, *, registry: PeopleRegistry | None = None, progress: Progress | None = None,
            procs: int | str = "auto", lock_timeout: float = 30.0, allow_empty: bool = False,
            ocr: bool = False, engine: str | None = None, shards=None) -> BuildReport:
    """A new index of ``paths`` at ``location``, swapped in when whole.

    ``paths`` is one path (str or Path) or a list of them; ``None`` rebuilds
    the paths the index was built from. A path that does not exist is a
    ``MissingPathError`` and changes nothing. A rebuild that finds no
    documents where the index has some is an ``EmptyRebuildError`` unless
    ``allow_empty``; the index it replaces is kept for ``restore``.
    ``procs``: processes that analyse documents, ``"auto"`` (the usable
    CPUs, capped; see ``sizing``) or a number. ``progress`` is called with
    a ``BuildProgress`` for each step (see ``progress``). ``ocr``:
    recognise scanned PDF pages with Tesseract (``OcrUnavailable``, before
    anything changes, where it is not installed); without it they are reported.
    ``engine`` (``engines.ENGINES``; ``None``: the index's own, else Whoosh): with ``"xapian"``
    the new generation's Xapian copy is written before it is swapped in, into ``shards``
    (``tcp://HOST:PORT`` addresses; ``None``: the index's own, none: a folder of the
    generation). A shard that cannot be reached is a ``ShardError`` before anything is built.
    """
    resolve_procs(procs, 0)  # a bad value is refused before anything changes
    root = store.resolve(location)
    paths = indexed_paths.as_paths(paths)
    if paths is None:
        paths = _recorded(root)
    indexed_paths.check_exist(paths)
    engine, shards = engines.chosen(engine, shards, engines.current_meta(root))
    twins = engines.xapian() if engine == "xapian" else None
    if twins:
        twins.check(shards)
    registry = registry or PeopleRegistry.load()
    recogniser = _ocr(ocr)
    fill = overrides.completing(complete, overrides.load(root))  # the user's corrections survive rebuilds
    with _writing(root, lock_timeout) as report:
        building = store.new_generation(root)
        files = _candidates(paths, report)
        tracker = Tracker(progress)
        tracker.found(files)
        ix = store.create_whoosh(building, make_schema())
        # The words analysed, for the word table; a parallel build's workers keep their own.
        seen, parts = wordtable.recorder(building), 0
        # Each text is signed by the writer that adds it (the replaced generation's texts are not).
        signer = embedding.signers(building, previous=store.current(root))
        workers = resolve_procs(procs, tracker.state.total_bytes)
        copy = twins.segment_copies(building) if twins else None  # the Xapian copy, from the same analysis
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            writer = ParallelWriter(ix, workers, registry, to_fields, fill, budget(workers), signer, copy)
            parts = workers
        else:
            writer = SerialWriter(ix, budget(1), to_fields, fill, registry, signer, seen, copy)
        records = {}
        try:
            for path in files:
                read = _load(path, report, tracker, recogniser)  # the writer completes the metadata
                if read:
                    documents, records[display_path(path)] = read
                    for doc in documents:
                        writer.add(doc)
                    report.documents += read[1]["documents"]
                    report.files += 1
                tracker.file_done(path)
            tracker.writing()
            writer.commit()
            _not_indexed(writer.skipped, report, records)
            report.documents -= len(writer.skipped)
            copies.record(ix)
            similar.record(ix, previous=store.current(root))  # the writers' signatures, and the replaced one's
            embedding.record(ix, registry, tracker, previous=store.current(root))
            merged = wordtable.merge_parts(building, parts)
            wordtable.write(building, seen, registry, complete=merged)
        except BaseException:
            writing.cancel_writer(writer, building)
            shutil.rmtree(building, ignore_errors=True)
            raise
        had = _documents_in(store.current(root))
        if report.documents == 0 and had != 0 and not allow_empty:
            shutil.rmtree(building, ignore_errors=True)
            raise EmptyRebuildError(
                f"the rebuild found no documents in {', '.join(paths) or 'no paths'} ({len(report.skipped)} "
                f"files skipped), and the index at {root} has {had if had is not None else 'some'} documents; "
                "it is unchanged. To empty it, rebuild with {name}", "allow_empty=True")
        report.engine, report.shards = engine, shards
        recorded = {"engine": engine}
        if twins:
            try:
                tracker.xapian()
                recorded.update(shards=shards, twin=engines.write_twin(twins, building, ix, shards, report))
                report.twin_joined = recorded["twin"].get("joined")
            except ShardError as error:  # after the check above: a shard that went away since
                shutil.rmtree(building, ignore_errors=True)
                raise ShardError(f"{error}; the index was not replaced") from None
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        store.write_meta(building, {
            "schema_version": SCHEMA_VERSION, "built_at": now, "updated_at": now,
            "paths": paths, "files": records, "skipped": report.skipped, "warnings": report.warnings, **recorded,
        })
        store.publish(root, building)
    return report


def update(location=None, paths=None, *, registry: PeopleRegistry | None = None, progress: Progress | None = None,
           lock_timeout: float = 30.0, ocr: bool = False) -> BuildReport:
    """Index new and changed files under ``paths``; drop documents of files gone from them.

    ``paths`` as for ``rebuild`` (``None``: the paths the index has). A path
    that does not exist changes nothing (``MissingPathError``); a file that
    exists but cannot be read now, alone or behind a folder that cannot be
    read, keeps what was indexed of it (counted in ``kept``). ``ocr`` as for ``rebuild``.
    """
    root = store.resolve(location)
    paths = indexed_paths.as_paths(paths)
    if store.current(root) is None:
        raise store.missing_index(root)
    if paths is None:
        paths = _recorded(root)
    indexed_paths.check_exist(paths)
    registry = registry or PeopleRegistry.load()
    recogniser = _ocr(ocr)
    fill = overrides.completing(complete, overrides.load(root))
    with _writing(root, lock_timeout) as report:
        generation, meta, ix = store.open_current(root)  # a damaged index is a DamagedIndexError
        twins = engines.twins_of(meta)  # without the extra, refused before anything changes
        known: dict = meta["files"]
        files = _candidates(paths, report)
        tracker = Tracker(progress)
        tracker.found(files)
        seen = set()
        writer = writing.update_writer(ix, WRITER_MB)  # a document that raises costs that document only
        analysed = wordtable.recording(writer.schema)

        def write(doc):
            writer.add_document(**to_fields(fill(doc, registry), registry))

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
                elif old and stat and old["size"] == stat.st_size and _same_bytes(path, old["sha1"]):
                    report.unchanged += 1  # touched, not changed
                    known[name] = {**old, "mtime": stat.st_mtime_ns}
                elif (read := _load(path, report, tracker, recogniser)) is None:
                    report.kept += bool(old)  # exists but cannot be read now: what was indexed stays
                else:
                    documents, record = read
                    # Deleting first also when the file looks new: an update killed after
                    # its commit but before meta.json had added it already.
                    writer.delete_by_term("path", name)
                    if old:
                        report.changed += 1
                    else:
                        report.added += 1
                    skipped = [item for doc in documents if (item := isolated(doc, write)) is not None]
                    report.files += 1
                    known[name] = record
                    _not_indexed(skipped, report, known)
                tracker.file_done(path)
            moved = indexed_paths.moved_roots(meta["paths"])
            for name in list(known):
                if name in seen:
                    continue
                real = indexed_paths.real_name(name, moved)
                if not indexed_paths.under(real, paths):
                    continue
                if real in seen or indexed_paths.gone(real):
                    # Gone, or indexed now under its real path (recorded through a link before paths were resolved).
                    writer.delete_by_term("path", name)
                    del known[name]
                    report.removed += 1
                else:
                    report.kept += 1  # there, but behind a folder that cannot be read now
            tracker.writing()
            writer.commit(mergetype=merge_policy)
            copies.record(ix)
            similar.record(ix)
            embedding.record(ix, registry, tracker)
        except BaseException:
            writing.cancel_writer(writer, generation)
            raise
        if analysed or not (generation / wordtable.FILE).exists():
            wordtable.write(generation, analysed, registry)
        report.documents = ix.doc_count()
        meta["files"] = known
        meta["paths"] = sorted(set(paths) | {p for p in meta["paths"] if os.path.realpath(p) not in paths})
        meta["skipped"] = [s for s in meta["skipped"] if not indexed_paths.under(s["path"], paths)] + report.skipped
        meta["warnings"] = [w for w in meta["warnings"] if not indexed_paths.under(w["path"], paths)] + report.warnings
        meta["updated_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        failure = engines.rewrite_twin(twins, generation, ix, meta, report, tracker) if twins else None
        store.write_meta(generation, meta)
        if failure:
            raise failure
    return report


def correct(location, doc_id: str, fields: dict | None, *, registry: PeopleRegistry | None = None,
            lock_timeout: float = 30.0) -> dict:
    """Correct the metadata of the document ``doc_id`` (kgsearch's id): ``fields`` maps some of
    ``overrides.FIELDS`` to the values to show (``None``: drop its corrections).

    The correction is written to the index folder's ``overrides.json``, which every later rebuild
    and update applies, and the document is indexed again at once from what the index stores, so
    the next query shows it. Returns the document's corrections now. ``UnknownDocumentError`` for
    an id the index does not have, ``UserFileError`` for a value that cannot be applied.
    """
    root = store.resolve(location)
    if store.current(root) is None:
        raise store.missing_index(root)
    if fields:
        overrides.check(fields, "the correction")
    registry = registry or PeopleRegistry.load()
    with _writing(root, lock_timeout):
        generation, meta, ix = store.open_current(root)
        twins = engines.twins_of(meta)  # without the extra, refused before anything changes
        with ix.searcher() as searcher:
            stored = searcher.document(id=doc_id)
        if stored is None:
            raise UnknownDocumentError(doc_id)
        corrections = overrides.load(root)
        now = {**corrections.get(doc_id, {}), **(fields or {})} if fields is not None else {}
        if now:
            corrections[doc_id] = now
        else:
            corrections.pop(doc_id, None)
        overrides.save(root, corrections)
        doc = overrides.apply(overrides.undo(from_fields(stored)), {doc_id: now}, registry)
        writer = writing.update_writer(ix, WRITER_MB)  # its merges list common terms, as an update's do
        analysed = wordtable.recording(writer.schema)
        try:
            writer.delete_by_term("id", doc_id)
            writer.add_document(**to_fields(doc, registry))
            writer.commit(mergetype=merge_policy)
            copies.record(ix)
            similar.record(ix)  # the groups of the new generation: else only exact copies fold
            embedding.record(ix, registry)  # the rows of the new generation (the text's vector is kept)
        except BaseException:
            writing.cancel_writer(writer, generation)
            raise
        if analysed:
            wordtable.write(generation, analysed, registry)
        meta["updated_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        failure = engines.rewrite_twin(twins, generation, ix, meta, BuildReport()) if twins else None
        store.write_meta(generation, meta)
        if failure:
            raise failure
    return now


def restore(location=None, *, lock_timeout: float = 30.0) -> BuildReport:
    """Swap back the index the last rebuild replaced; the one swapped out is kept, so a second
    ``restore`` undoes the first. ``StoreError`` when there is none to go back to."""
    started = time.perf_counter()
    root = store.resolve(location)
    if store.current(root) is None:
        raise store.missing_index(root)
    report = BuildReport(location=str(root))
    with store.writer_lock(root, lock_timeout):
        back = store.previous(root)
        if back is not None:
            engines.check_restorable(root, back)
        generation = store.restore(root)
    report.documents = whoosh_index.open_dir(generation).doc_count()
    report.files = len(store.read_meta(generation)["files"])
    report.seconds = time.perf_counter() - started
    return report


def _ocr(wanted: bool):
    """Tesseract, when OCR is asked for; ``OcrUnavailable`` (saying how to install it) when it is absent."""
    if not wanted:
        return None
    from kgsearch.index.readers.ocr import Ocr

    return Ocr.find()


def _same_bytes(path: Path, sha1: str) -> bool:
    """True when the file's hash is ``sha1`` (records are streamed: their hash is known only at the
    end, too late to leave a file whose time alone changed untouched)."""
    try:
        return file_sha1(path) == sha1
    except OSError:
        return False



