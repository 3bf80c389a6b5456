"""A mistyped path, a missing disk or an unreadable folder never empties an index,
and the last rebuild can be undone (issue 11, items 2, 3 and 4)."""

import json
import os
from pathlib import Path

import pytest

import kgsearch
from kgsearch import index
from kgsearch.index import store
from conftest import DEMO_DOCUMENTS, invoke


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    (folder / "2024").mkdir(parents=True)
    for n in range(3):
        (folder / "2024" / f"note-{n}.txt").write_text(f"Note {n}\n\nA railway note number {n}.", "utf-8")
    (folder / "wire.jsonl").write_text(
        json.dumps({"id": "w1", "title": "SCO summit", "body": "Leaders met at the SCO summit."}) + "\n", "utf-8")
    return folder


@pytest.fixture
def built(tmp_path, archive):
    location = tmp_path / "ix"
    index.rebuild(location, [archive])
    return location


def ids(location) -> set[str]:
    with kgsearch.open_index(location) as ix:
        return {ix.searcher.stored_fields(n)["id"] for n in ix.searcher.reader().all_doc_ids()}


def state(location) -> tuple:
    """What a refused command must leave as it was: the generation in use, its documents, its meta.json."""
    generation = store.current(location)
    return generation, ids(location), (generation / "meta.json").read_bytes()


@pytest.mark.parametrize("command", ["rebuild", "update"])
def test_a_path_that_does_not_exist_changes_nothing(built, archive, command):
    before = state(built)
    typo = archive.parent / "ng.json"
    result = invoke("index", command, archive, typo, "--index", built)
    assert result.exit_code == 2
    assert f"{typo}: no such file or folder" in result.output and "index is unchanged" in result.output
    assert state(built) == before
    with pytest.raises(index.StoreError):
        getattr(index, command)(built, [typo])
    assert state(built) == before


def test_a_rebuild_that_finds_nothing_asks_before_emptying_an_index(built, tmp_path):
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    before = state(built)
    result = invoke("index", "rebuild", nothing, "--index", built)
    assert result.exit_code == 2 and "--allow-empty" in result.output and "4 documents" in result.output
    assert state(built) == before
    assert not [p for p in built.iterdir() if p.name.startswith("building-")]
    with pytest.raises(index.StoreError, match="allow_empty=True"):
        index.rebuild(built, [nothing])
    result = invoke("index", "rebuild", nothing, "--index", built, "--allow-empty")
    assert result.exit_code == 0 and ids(built) == set()
    # An empty index made empty again needs no flag: nothing is lost.
    assert index.rebuild(built, [nothing]).documents == 0


def test_rebuild_and_update_without_paths_use_the_paths_the_index_has(built, archive):
    (archive / "2024" / "note-9.txt").write_text("Note 9\n\nA ninth railway note.", "utf-8")
    result = invoke("index", "update", "--index", built)
    assert result.exit_code == 0, result.output
    assert "(1 added, 0 changed, 0 removed, 4 unchanged)" in result.output
    (archive / "2024" / "note-8.txt").write_text("Note 8\n\nAn eighth railway note.", "utf-8")
    result = invoke("index", "rebuild", "--index", built)
    assert result.exit_code == 0 and "Index rebuilt: 6 documents" in result.output  # not the demo corpus
    assert index.status(built)["paths"] == [str(archive)]
    assert index.update(built).added == 0 and index.rebuild(built).documents == 6


def test_rebuild_without_paths_where_there_is_no_index_builds_the_demo(tmp_path):
    result = invoke("index", "rebuild", "--index", tmp_path / "new")
    assert result.exit_code == 0 and f"Index rebuilt: {DEMO_DOCUMENTS} documents" in result.output
    with pytest.raises(index.NoIndexError):
        index.rebuild(tmp_path / "other")  # the API has no default corpus: it says there is no index


def test_update_refuses_when_a_root_is_gone(built, archive, tmp_path):
    before = state(built)
    archive.rename(tmp_path / "unmounted")
    for args in ([archive], []):
        result = invoke("index", "update", *args, "--index", built)
        assert result.exit_code == 2 and f"{archive}: no such file or folder" in result.output
        assert state(built) == before


def _unreadable(monkeypatch, folder: Path, stat_too: bool):
    """``folder`` as it is to a user without read (and, with ``stat_too``, search) permission:
    root reads anything, so the denial is simulated where kgsearch meets it."""
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path="."):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def stat(path, *args, **kwargs):
        if stat_too and Path(path).parent == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)


@pytest.mark.parametrize("stat_too", [False, True], ids=["no-read", "no-read-no-search"])
def test_update_keeps_what_it_indexed_from_a_folder_it_cannot_read_now(built, archive, monkeypatch, stat_too):
    before = ids(built)
    (archive / "wire.jsonl").unlink()  # really gone: removed
    _unreadable(monkeypatch, archive / "2024", stat_too)
    result = invoke("index", "update", archive, "--index", built, "-v")
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert "1 removed" in result.output and "kept 3 files it could not read" in result.output
    assert f"skipped {archive / '2024'}: cannot read folder: Permission denied" in result.output
    assert len(ids(built)) == len(before) - 1
    assert index.update(built, [archive]).unchanged == 3  # readable again: nothing to read anew


def test_restore_swaps_the_previous_generation_back(built, archive, tmp_path):
    first = ids(built)
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.txt").write_text("Other\n\nSomething else entirely about Osh.", "utf-8")
    invoke("index", "rebuild", other, "--index", built)
    second = ids(built)
    assert second != first
    result = invoke("index", "restore", "--index", built)
    assert result.exit_code == 0, result.output
    assert "Index restored: 4 documents" in result.output and "restore` again" in result.output
    assert ids(built) == first and index.status(built)["paths"] == [str(archive)]
    index.update(built)  # a writer in between (it cleans up what dead builds left) keeps the other one
    assert index.restore(built).documents == 1 and ids(built) == second  # one level: restore again is redo


def test_restore_with_nothing_to_restore_says_so(tmp_path, archive):
    location = tmp_path / "ix"
    index.rebuild(location, [archive])
    result = invoke("index", "restore", "--index", location)
    assert result.exit_code == 2 and "no previous index" in result.output
    result = invoke("index", "restore", "--index", tmp_path / "none")
    assert result.exit_code == 2 and "no index at" in result.output
    assert not (tmp_path / "none").exists()


def test_restore_is_in_the_help():
    result = invoke("index", "--help")
    assert "restore" in result.output
    assert "previous" in invoke("index", "restore", "--help").output
