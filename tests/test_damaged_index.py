"""A damaged or empty index, a full disk, a folder that cannot be written, a date at the end
of the calendar: one line that says what is wrong and what to do, exit status 2, never a
traceback; a rebuild always mends a damaged index; a write that fails leaves no files behind
(issue 11, item 14)."""

import errno
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import kgsearch
from kgsearch import index
from kgsearch.index import store
from conftest import DEMO_DOCUMENTS, invoke


def generation(location: Path) -> Path:
    return store.current(location)


def segment(location: Path) -> Path:
    return next(generation(location).glob("*.seg"))


def toc(location: Path) -> Path:
    return next(generation(location).glob("_MAIN_*.toc"))


def meta(location: Path) -> Path:
    return generation(location) / "meta.json"


def cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garble(path: Path, start: int = 0, length: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    end = len(data) if length is None else start + length
    data[start:end] = random.Random(11).randbytes(end - start)
    path.write_bytes(bytes(data))


def garble_part(location: Path, ext: str) -> None:
    """Overwrite one file inside the compound segment (its terms, its postings), not its table of files."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    path = segment(location)
    with FileStorage(str(path.parent)).open_file(path.name) as handle:
        parts = CompoundStorage(handle, use_mmap=False)._dir
        part = next(part for name, part in parts.items() if name.endswith(ext))
    garble(path, part["offset"], part["length"])


DAMAGE = {
    "CURRENT random": lambda ix: (ix / "CURRENT").write_bytes(random.Random(3).randbytes(40)),
    "CURRENT names a missing generation": lambda ix: shutil.rmtree(generation(ix)),
    "table of contents deleted": lambda ix: toc(ix).unlink(),
    "table of contents cut": lambda ix: cut(toc(ix)),
    "table of contents random": lambda ix: garble(toc(ix)),
    "segment deleted": lambda ix: segment(ix).unlink(),
    "segment cut": lambda ix: cut(segment(ix)),
    "segment emptied": lambda ix: segment(ix).write_bytes(b""),
    "segment random": lambda ix: garble(segment(ix)),
    "meta.json deleted": lambda ix: meta(ix).unlink(),
    "meta.json cut": lambda ix: cut(meta(ix)),
    "meta.json random": lambda ix: garble(meta(ix)),
    "meta.json a list": lambda ix: meta(ix).write_text("[]", "utf-8"),
}


@pytest.fixture
def tiny(tmp_path) -> Path:
    """Three short notes: what a rebuild over a damaged index indexes (quickly)."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(3):
        (folder / f"note-{n}.txt").write_text(f"Railway note {n}\n\nThe railway to Kashgar, part {n}.", "utf-8")
    return folder


def one_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_one_line_and_a_rebuild_mends_it(demo_copy, tiny, damage):
    doc_id = kgsearch.open_index(demo_copy).search("railway").hits[0].id
    DAMAGE[damage](demo_copy)
    for args in (["query", "railway OR Китай", "--facets"], ["index", "status"], ["show", doc_id],
                 ["facets", "speaker"], ["facets", "year", "railway"], ["index", "update", tiny]):
        line = one_line(invoke(*args, "--index", demo_copy))
        assert "is damaged" in line and "kgsearch index rebuild" in line, (args, line)
    assert invoke("index", "rebuild", tiny, "--index", demo_copy).exit_code == 0
    result = invoke("query", "railway", "--json", "--index", demo_copy)
    assert result.exit_code == 0 and '"total": 3' in result.output


@pytest.mark.parametrize("part", [".pst", ".trm"])
def test_damage_inside_a_segment(demo_copy, part):
    """Postings or terms overwritten: the segment's table of files reads, and Whoosh fails where it
    reads them (opening a searcher, or in the middle of a search). The failure is checked against
    the files (``index.integrity``): damaged, so it says so."""
    garble_part(demo_copy, part)
    for args in (["query", "railway OR Китай"], ["index", "status"], ["facets", "year", "railway"]):
        line = one_line(invoke(*args, "--index", demo_copy))
        assert "is damaged" in line and "kgsearch index rebuild" in line, (args, line)


def test_the_api_says_damaged_too(demo_copy):
    from kgsearch.index.errors import DamagedIndexError

    cut(segment(demo_copy))
    with pytest.raises(DamagedIndexError, match="is damaged"):
        kgsearch.open_index(demo_copy)
    with pytest.raises(DamagedIndexError):
        index.status(demo_copy)


# -- an index with no documents ------------------------------------------------------

@pytest.fixture
def empty_index(tmp_path) -> Path:
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    location = tmp_path / "ix"
    index.rebuild(location, [nothing])
    return location


def test_an_empty_index_has_a_status_and_no_facets(empty_index):
    result = invoke("index", "status", "--index", empty_index)
    assert result.exit_code == 0 and "documents  0 from 0 files" in result.output
    assert index.status(empty_index)["by_year"] == {}
    assert invoke("facets", "year", "--index", empty_index).exit_code == 1  # nothing to count
    for args in (["query", "railway", "--facets"], ["query", "railway", "--sort", "newest"],
                 ["facets", "speaker", "railway"]):
        assert invoke(*args, "--index", empty_index).exit_code == 1, args


def test_an_index_whose_documents_were_all_removed(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    note = folder / "note.txt"
    note.write_text("Railway note\n\nThe railway to Kashgar.", "utf-8")
    location = tmp_path / "ix"
    index.rebuild(location, [folder])
    note.unlink()
    index.update(location, [folder])
    assert index.status(location)["documents"] == 0
    assert invoke("facets", "lang", "--index", location).exit_code == 1
    assert invoke("query", "railway", "--facets", "--index", location).exit_code == 1


# -- dates at the ends of the calendar -----------------------------------------------

@pytest.mark.parametrize("args, status", [
    (["query", "date:9999-12-31"], 1),
    (["query", "date:9999"], 1),
    (["query", "railway", "--to", "9999-12-31"], 0),
    (["query", "railway", "--from", "9999-12-31"], 1),
    (["query", "date:>9999"], 2),
    (["query", "date:<0001"], 2),
    (["query", "year:>9999"], 2),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_the_last_and_first_dates(demo_index, args, status):
    result = invoke(*args, "--index", demo_index)
    assert result.exit_code == status, result.output
    if status == 2:
        one_line(result)


def test_the_whole_calendar_is_every_dated_document(demo):
    everything = demo.search("railway", date_from="0001", date_to="9999-12-31").total
    assert everything == demo.search("railway date:[0001 TO 9999]").total > 0


# -- writing: a full disk, a folder that cannot be written -----------------------------

LIMIT = 60_000  # bytes: more than kgsearch's small files (.lock, CURRENT), less than any segment


def big_folder(tmp_path: Path) -> Path:
    """A text file whose segment is larger than ``LIMIT`` (many distinct words)."""
    folder = tmp_path / "big"
    folder.mkdir()
    rng = random.Random(5)
    words = (f"{rng.choice(['railway', 'kashgar', 'summit', 'tariff'])}{rng.randrange(10**6)}" for _ in range(20_000))
    (folder / "report-en.txt").write_text("Big railway report\n\n" + " ".join(words), "utf-8")
    return folder


def listing(folder: Path) -> dict:
    return {p.relative_to(folder): p.stat().st_size for p in sorted(folder.rglob("*")) if p.name != ".lock"}


def kgsearch_process(*args, cwd, limit: int | None = None) -> subprocess.CompletedProcess:
    """The real command; with ``limit``, no file it writes may grow past that many bytes (a full disk)."""
    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "kgsearch", *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=cwd, preexec_fn=small_files if limit else None)


def assert_refused(result, words: str) -> None:
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr


@pytest.mark.parametrize("command", [["index", "update"], ["index", "rebuild"], ["index", "rebuild", "--procs", "2"]],
                         ids=" ".join)
def test_a_full_disk_is_one_line_and_leaves_nothing_behind(demo_copy, tmp_path, command):
    big = big_folder(tmp_path)
    paths = [big] if command[1] == "update" else [big, index.demo_corpus()]
    before = listing(demo_copy)
    result = kgsearch_process(*command, *paths, "--index", demo_copy, cwd=tmp_path, limit=LIMIT)
    assert_refused(result, "no room to write the index")
    assert listing(demo_copy) == before  # the partial segment, its temporary folder, a building-* all gone
    assert invoke("query", "railway", "--index", demo_copy).exit_code == 0
    if command[1] == "update":  # with room again, the next update works (it used to fail on the leftovers)
        result = kgsearch_process(*command, *paths, "--index", demo_copy, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert index.status(demo_copy)["documents"] == DEMO_DOCUMENTS + 1


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs, where the machine lets us mount one (root, mount available); else a skip."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_no_space_left_on_a_real_small_disk(small_disk, demo_index, tmp_path):
    location = small_disk / "ix"
    shutil.copytree(demo_index, location)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 300_000))
    before, free = listing(location), shutil.disk_usage(small_disk).free
    result = kgsearch_process("index", "update", big_folder(tmp_path), "--index", location, cwd=tmp_path)
    assert_refused(result, "No space left on device")
    assert listing(location) == before and shutil.disk_usage(small_disk).free == free
    assert invoke("query", "railway", "--index", location).exit_code == 0


@pytest.fixture
def read_only_index(demo_index, tmp_path):
    """A copy of the demo index that cannot be written: by permissions, or (for root, whom
    permissions do not stop) on a tmpfs remounted read-only."""
    if os.geteuid() != 0:
        location = tmp_path / "ix"
        shutil.copytree(demo_index, location)
        for path in [location, *location.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        yield location
        for path in [location, *location.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
        return
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs to make read-only")
    try:
        shutil.copytree(demo_index, mount / "ix")
        if subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True).returncode:
            pytest.skip("cannot remount a tmpfs read-only")
        yield mount / "ix"
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_an_index_that_cannot_be_written(read_only_index, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "note.txt").write_text("Railway note\n\nThe railway to Kashgar.", "utf-8")
    before = listing(read_only_index)
    for command in (["index", "update"], ["index", "rebuild"]):
        result = kgsearch_process(*command, notes, "--index", read_only_index, cwd=tmp_path)
        assert_refused(result, "cannot write the index")
    assert listing(read_only_index) == before
    assert invoke("query", "railway", "--index", read_only_index).exit_code == 0


def test_a_cancelled_update_removes_its_partial_files(demo_copy, tmp_path, monkeypatch):
    """In-process: a failure in the middle of an update (here: the disk fills while a document
    is added) takes the new segment's files and Whoosh's temporary folder with it."""
    from whoosh.writing import SegmentWriter

    real_add = SegmentWriter.add_document

    def add_then_fail(self, **fields):
        real_add(self, **fields)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "note.txt").write_text("Railway note\n\nThe railway to Kashgar.", "utf-8")
    before = listing(demo_copy)
    monkeypatch.setattr(SegmentWriter, "add_document", add_then_fail)
    with pytest.raises(index.StoreError, match="no room"):
        index.update(demo_copy, [notes])
    monkeypatch.undo()
    assert listing(demo_copy) == before
    assert index.update(demo_copy, [notes]).added == 1  # Whoosh's write lock was released
