"""ZIP bombs that multiply: entries that point at one another's bytes, and archives nested in
archives. The limits hold for the file on disk, every archive inside it together; a member whose
bytes lie inside another's is skipped with that reason. Small sizes that still show the bug: the
documents are counted, memory is measured by benchmarks/bench_hostile.py."""

import zipfile

import kgsearch
from conftest import invoke
from format_files import make_overlapping_zip, make_zip
from kgsearch.index import files
from kgsearch.index.readers import archives

NOTE = b"Overlap note\n\nThe overlaprailway note, read once."


def nested_bomb(folder, copies: int):
    """``copies`` entries pointing at one local header, nested three deep: copies**3 documents
    when each level counts on its own (the red team's was 12 copies, 1,728 documents)."""
    inner = make_overlapping_zip(folder / "inner.zip", "note.txt", NOTE, copies)
    middle = make_overlapping_zip(folder / "middle.zip", "inner.zip", inner.read_bytes(), copies)
    top = make_overlapping_zip(folder / "top.zip", "middle.zip", middle.read_bytes(), copies)
    inner.unlink()
    middle.unlink()
    return top


def test_entries_pointing_at_one_member_are_read_once(tmp_path):
    path = make_overlapping_zip(tmp_path / "copies.zip", "big.txt", NOTE + b" railway words" * 20_000, 6)
    documents, found = files.read_file(path)
    assert len(documents) == 1
    assert len([w for w in found if "lie inside another member's" in w]) == 5, found


def test_a_nested_overlapping_zip_is_not_multiplied(tmp_path):
    documents, found = files.read_file(nested_bomb(tmp_path, 6))
    assert [d.member for d in documents] == ["middle.zip!inner.zip!note.txt"]
    for place in ("middle.zip", "middle.zip: inner.zip", "middle.zip: inner.zip: note.txt"):
        assert f"{place}: its bytes lie inside another member's (a decompression bomb?); skipped" in found, found


def test_members_are_counted_for_the_file_not_for_each_archive(tmp_path, monkeypatch):
    """Three ZIPs of four notes in a ZIP: 15 members in all, no overlap; a limit of 8 members
    holds for the file, not for each of its archives (which would read all 12 notes)."""
    monkeypatch.setattr(archives, "MAX_MEMBERS", 8)  # the limit, made small to test cheaply
    inner = {f"inner{i}.zip": make_zip(tmp_path / f"inner{i}.zip", {
        f"note{j}.txt": f"Note {i}.{j}\n\nNote {i}.{j} on the railway.".encode() for j in range(4)}).read_bytes()
        for i in range(3)}
    documents, found = files.read_file(make_zip(tmp_path / "outer.zip", inner))
    # The 8 members unpacked: inner0.zip, its four notes, inner1.zip and two of its notes.
    assert [d.member for d in documents] == [*(f"inner0.zip!note{j}.txt" for j in range(4)),
                                             "inner1.zip!note0.txt", "inner1.zip!note1.txt"]
    assert any("8 members unpacked already, in this file and the archives inside it" in w for w in found), found


def test_bytes_are_counted_for_the_file_not_for_each_archive(tmp_path, monkeypatch):
    """Two ZIPs of a 40 KB note each in a ZIP, under a limit of 60 KB unpacked: the second
    inner ZIP's note is past the file's limit, though each archive alone is under it."""
    monkeypatch.setattr(archives, "MAX_ARCHIVE_BYTES", 60_000)  # the limit, made small to test cheaply
    note = b"Bytes note\n\n" + b"railway " * 5_000
    inner = {f"inner{i}.zip": make_zip(tmp_path / f"inner{i}.zip", {"note.txt": note}).read_bytes() for i in range(2)}
    documents, found = files.read_file(make_zip(tmp_path / "outer.zip", inner))
    assert [d.member for d in documents] == ["inner0.zip!note.txt"]
    assert any("bytes unpacked already, in this file and the archives inside it" in w for w in found), found


def test_a_folder_with_a_zip_bomb_builds(tmp_path):
    folder = tmp_path / "zips"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain note\n\nThe plainrailway note.\n", "utf-8")
    nested_bomb(folder, 6)
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--verbose")
    assert result.exit_code == 0, result.output
    assert "its bytes lie inside another member's" in result.output
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert ix.search("plainrailway").total == 1
        assert ix.search("overlaprailway").total == 1


def test_a_zip_written_by_zipfile_has_no_overlap(tmp_path):
    path = tmp_path / "plain.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(50):
            archive.writestr(f"notes/{number}.txt", f"Note {number}\n\nNote {number} on the railway." * (number + 1))
    documents, found = files.read_file(path)
    assert len(documents) == 50 and found == []
