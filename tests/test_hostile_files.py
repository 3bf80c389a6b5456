"""Archives nobody should have: every file is read or reported, and the rest is indexed."""

import json
import os
import random
from pathlib import Path

import pytest

from kgsearch import index
import kgsearch
from kgsearch.index import files
from conftest import invoke

GOOD = "Railway talks\n\nThe ministers discussed the railway between China and Kyrgyzstan.\n"


def statuses(location):
    result = invoke("index", "status", "--index", location, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def hostile(tmp_path):
    """A folder of good and hostile files; returns (folder, names of the files that must be indexed)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    good = []

    def write(name, data: bytes, indexed: bool):
        path = folder / name
        path.write_bytes(data)
        if indexed:
            good.append(path)

    write("good.txt", GOOD.encode(), True)
    write("empty.txt", b"", False)
    write("blank.md", b"  \n\t\n", False)
    write("scan.pdf", b"%PDF-1.7\n\x00\x01binary", False)
    write("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", False)
    write("pdf-named.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n\x00\x00", False)
    write("random.txt", random.Random(1).randbytes(4096), False)
    write("damaged.txt", "Железная дорога\n\nСтроительство железной дороги ".encode() + b"\xff\xfe\xfd"
          + " Китай – Кыргызстан началось.".encode(), True)
    write("endings.txt", b"Mixed endings\r\n\r\nLine one.\rLine two.\nLine three railway.\r\n", True)
    write("with space and\nnewline.txt", GOOD.encode(), True)
    write(os.fsdecode(b"bad-\xff\xfe-name.txt"), GOOD.encode(), True)
    write("records.jsonl", b'{"title": "ok", "body": "railway"}\n{broken\n\x00\x00\n', True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder, good


@pytest.fixture
def every_hostile(hostile, later):
    """The hostile folder and the two files that are slow to make or to index: only the test
    that reads every file has them."""
    folder, good = hostile
    one_line = folder / "one-line.txt"
    one_line.write_bytes(b"railway " * 200_000)  # 1.6 MB, no newline
    deep = make_deep(folder, 1100, "deep.txt", GOOD.encode())  # deeper than Python's recursion limit
    yield folder, [*good, one_line, deep]
    later(remove_deep, folder)  # seconds of waiting on the disk: done while other tests run


DIRECTORY = os.O_RDONLY | os.O_DIRECTORY


def make_deep(top: Path, depth: int, name: str, data: bytes) -> Path:
    """A file ``depth`` folders named ``d`` below ``top``, made without recursion.

    Each step works relative to the folder above it (``dir_fd``): a whole path
    per step would make the kernel walk the chain again every time.
    """
    fd = os.open(top, DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            fd, parent = os.open("d", DIRECTORY, dir_fd=fd), fd
            os.close(parent)
        out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, dir_fd=fd)
        with os.fdopen(out, "wb") as handle:
            handle.write(data)
    finally:
        os.close(fd)
    return Path(top, *["d"] * depth, name)


def remove_deep(top: Path) -> None:
    """Remove the chain of ``d`` folders below ``top`` from the bottom up (rmtree recurses, and would fail)."""
    fd, depth = os.open(top, DIRECTORY), 0
    while "d" in os.listdir(fd):
        fd, parent = os.open("d", DIRECTORY, dir_fd=fd), fd
        os.close(parent)
        depth += 1
    for _ in range(depth):
        for name in os.listdir(fd):
            os.unlink(name, dir_fd=fd)
        fd, child = os.open("..", DIRECTORY, dir_fd=fd), fd
        os.close(child)
        os.rmdir("d", dir_fd=fd)
    os.close(fd)


def test_every_hostile_file_is_read_or_reported(tmp_path, every_hostile):
    folder, good = every_hostile
    report = index.rebuild(tmp_path / "ix", [folder])
    reasons = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.md"] == "empty file"
    assert reasons["scan.pdf"] == "damaged PDF (cannot be read: cut short, or not a PDF)"
    assert reasons["photo.png"] == "unsupported file type .png"
    assert reasons["pdf-named.txt"] == "binary file (NUL bytes)"
    assert reasons["random.txt"] in ("binary file (NUL bytes)", "not text in UTF-8, UTF-16 or Windows-1251")
    assert reasons["pipe.txt"] == "not a regular file"
    assert reasons["a.txt"].startswith("cannot read") and reasons["b.txt"].startswith("cannot read")
    assert report.files == report.documents == len(good)  # records.jsonl: one good record of three lines
    warnings = [(Path(w["path"]).name, w["warning"]) for w in report.warnings]
    assert ("damaged.txt", "3 invalid UTF-8 byte sequences replaced") in warnings
    assert ("records.jsonl", "NUL bytes removed") in warnings
    assert any(name == "records.jsonl" and w.startswith("line 2: invalid JSON") for name, w in warnings)
    with kgsearch.open_index(tmp_path / "ix") as ix:
        damaged = ix.search("железная дорога", translate=False)
        assert any("Строительство железной дороги" in s.plain() for h in damaged.hits for s in h.snippets)
        endings = ix.search('title:"Mixed endings"', translate=False)
        assert endings.total == 1
        # The good files share one text: one hit, the others listed as its copies.
        hits = ix.search("railway", limit=100, translate=False).hits
        paths = [path for h in hits for path in (h.path, *(c["path"] for c in h.copies))]
        assert any(p.endswith("deep.txt") for p in paths)
        assert any(p.endswith("bad-\\xff\\xfe-name.txt") for p in paths)  # non-UTF-8 name kept readable
        assert any(p.endswith("with space and\nnewline.txt") for p in paths)
    status = statuses(tmp_path / "ix")
    assert status["documents"] == report.documents


def test_unreadable_vanishing_and_changing_files(tmp_path, monkeypatch):
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("locked.txt", "vanishing.txt", "changing.txt", "fine.txt"):
        (folder / name).write_text(GOOD, "utf-8")
    real = files.read_path

    def read(path, ocr=None):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")  # root reads anything: simulate
        if path.name == "vanishing.txt":
            path.unlink()
        if path.name == "changing.txt":
            path.write_text("Changed while read\n\nThe text changed during the build: Bishkek.", "utf-8")
        return real(path, ocr)

    monkeypatch.setattr("kgsearch.index.build.read_path", read)
    report = index.rebuild(tmp_path / "ix", [folder])
    reasons = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert reasons == {"locked.txt": "cannot read: Permission denied",
                       "vanishing.txt": "cannot read: No such file or directory"}
    assert report.documents == 2
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert ix.search("Bishkek", translate=False).total == 1
    monkeypatch.undo()
    update = index.update(tmp_path / "ix", [folder])
    assert update.documents == 3 and update.removed == 0  # locked.txt is readable now: added


def test_long_text_is_cut_and_memory_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 100_000)
    monkeypatch.setattr(files, "MAX_DOCUMENT_CHARS", 50_000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"Big file\n\n" + b"railway " * 100_000)
    report = index.rebuild(tmp_path / "ix", [big])
    assert report.documents == 1
    assert report.warnings[0]["warning"] == "long text: only its first 50,000 characters are indexed"
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert len(ix.get(ix.search("railway").hits[0].id)["text"]) <= 50_000


def test_status_and_verbose_output_survive_odd_names(tmp_path, hostile):
    folder, good = hostile
    (folder / "odd\nname.png").write_bytes(b"x")
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "-v")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "odd␊name.png: unsupported file type .png" in result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Index rebuilt:") and len(lines) > 1
    assert all(line.startswith(("  skipped ", "  warning ")) for line in lines[1:])
    assert statuses(tmp_path / "ix")["documents"] == len(good)
