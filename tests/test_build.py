"""Rebuild, update and status through the CLI on a temporary index."""

import errno
import json
from pathlib import Path

import pytest

from kgsearch import index
from kgsearch.index import store
from kgsearch.index.schema import SCHEMA_VERSION
from conftest import DEMO_BY_LANG, DEMO_BY_YEAR, DEMO_DOCUMENTS, invoke as run, shared_path


@pytest.fixture
def archive(tmp_path):
    """A small archive in three formats, both languages."""
    folder = tmp_path / "archive"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "2024-06-06-railway.txt").write_text(
        "Railway agreement signed\n\nOn June 6, 2024, the ministers signed the railway agreement. "
        "Minister of Foreign Affairs Zheenbek Kulubaev said the railway will connect the countries.\n", "utf-8")
    (folder / "2024" / "железная-дорога.txt").write_text(
        " date 2024-12-27 10:00\nНачалось строительство железной дороги\n\n"
        "Министр иностранных дел КР Жээнбек Кулубаев заявил, что дорога важна.\n", "cp1251")
    (folder / "wire.jsonl").write_text(
        json.dumps({"id": "w1", "title": "SCO summit", "body": "Leaders met at the SCO summit.",
                    "date": "2025-09-01", "source": "Xinhua"}) + "\n", "utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def status_of(location):
    result = run("index", "status", "--index", location, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_rebuild_reports_documents_and_skips(tmp_path, archive):
    location = tmp_path / "ix"
    result = run("index", "rebuild", archive, "--index", location)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Index rebuilt: 3 documents, 2 skipped; --verbose lists them")
    verbose = run("index", "rebuild", archive, "--index", location, "--verbose")
    assert f"skipped {archive / 'empty.txt'}: empty file" in verbose.output
    assert f"skipped {archive / 'photo.png'}: unsupported file type .png" in verbose.output


def test_status_json(tmp_path, archive):
    location = tmp_path / "ix"
    run("index", "rebuild", archive, "--index", location)
    info = status_of(location)
    assert info["documents"] == 3
    assert info["by_lang"] == {"en": 2, "ru": 1}
    assert info["by_year"] == {"2024": 2, "2025": 1}
    assert info["by_source"] == {"none": 2, "Xinhua": 1}
    assert info["speakers"] == 1
    assert info["date_range"] == ["2024-06-06", "2025-09-01"]
    assert info["paths"] == [str(archive)]
    assert {s["path"]: s["reason"] for s in info["skipped"]} == {
        str(archive / "empty.txt"): "empty file", str(archive / "photo.png"): "unsupported file type .png"}
    assert set(info) >= {"documents", "by_lang", "by_year", "by_source", "speakers", "date_range",
                         "built_at", "paths", "skipped"}
    text = run("index", "status", "--index", location)
    assert "documents  3 from 3 files; dates 2024-06-06 … 2025-09-01" in text.output


def test_documents_without_a_date_count_under_none(tmp_path):
    (tmp_path / "a.txt").write_text("No date here\n\nJust text about Bishkek.", "utf-8")
    run("index", "rebuild", tmp_path / "a.txt", "--index", tmp_path / "ix")
    info = status_of(tmp_path / "ix")
    assert info["by_year"] == {"none": 1} and info["date_range"] is None


def test_update_adds_changes_and_removes(tmp_path, archive):
    location = tmp_path / "ix"
    run("index", "rebuild", archive, "--index", location)
    (archive / "new.md").write_text("---\ntitle: Checkpoint\ndate: 2025-03-01\n---\nBedel checkpoint.", "utf-8")
    (archive / "wire.jsonl").write_text(
        json.dumps({"id": "w1", "title": "SCO", "body": "Changed."}) + "\n"
        + json.dumps({"id": "w2", "title": "Two", "body": "Second record."}) + "\n", "utf-8")
    (archive / "2024" / "2024-06-06-railway.txt").unlink()
    result = run("index", "update", archive, "--index", location)
    assert result.exit_code == 0, result.output
    assert "4 documents (1 added, 1 changed, 1 removed, 1 unchanged)" in result.output
    info = status_of(location)
    assert info["documents"] == 4
    again = run("index", "update", archive, "--index", location)
    assert "(0 added, 0 changed, 0 removed, 3 unchanged)" in again.output


def test_update_keeps_documents_of_a_file_it_cannot_read_now(tmp_path, archive):
    location = tmp_path / "ix"
    run("index", "rebuild", archive, "--index", location)
    target = archive / "wire.jsonl"
    target.write_bytes(b"\x00\x01binary now")
    result = run("index", "update", archive, "--index", location, "-v")
    assert f"skipped {target}: line 1: invalid JSON" in result.output
    assert status_of(location)["documents"] == 3


@pytest.mark.parametrize("procs", [1, 2])
def test_rebuild_that_fails_leaves_the_old_index_whole(tmp_path, archive, monkeypatch, procs):
    location = tmp_path / "ix"
    run("index", "rebuild", archive, "--index", location)
    before = store.current(location)

    def explode(doc, registry):
        # An OSError is the build's (a document's other errors skip that document: test_isolated_documents.py).
        raise OSError(errno.EIO, "disk on fire")

    monkeypatch.setattr("kgsearch.index.build.complete", explode)
    with pytest.raises(OSError, match="disk on fire"):
        index.rebuild(location, [archive], procs=procs)
    assert store.current(location) == before
    assert status_of(location)["documents"] == 3
    assert not list(location.glob("building-*"))  # a build that fails removes what it wrote
    monkeypatch.undo()
    index.rebuild(location, [archive])
    assert not list(location.glob("building-*"))
    assert len(list(location.glob("gen-*"))) == 2  # the new one and the previous one


def test_index_built_by_another_schema_is_refused(tmp_path, archive):
    location = tmp_path / "ix"
    run("index", "rebuild", archive, "--index", location)
    generation = store.current(location)
    meta = json.loads((generation / "meta.json").read_text())
    meta["schema_version"] = SCHEMA_VERSION + 99
    (generation / "meta.json").write_text(json.dumps(meta))
    result = run("index", "status", "--index", location)
    assert result.exit_code == 2
    assert "built by another version of kgsearch" in result.output and "kgsearch index rebuild" in result.output
    assert "Traceback" not in result.output


def test_missing_index_says_how_to_build_one(tmp_path):
    result = run("index", "status", "--index", tmp_path / "nothing")
    assert result.exit_code == 2
    assert "kgsearch index rebuild" in result.output
    update = run("index", "update", tmp_path, "--index", tmp_path / "nothing")
    assert update.exit_code == 2 and "no index" in update.output


def test_second_writer_waits_then_fails_clearly(tmp_path):
    location = tmp_path / "ix"
    with store.writer_lock(location):
        with pytest.raises(store.StoreError, match="being updated by another kgsearch process"):
            with store.writer_lock(location, timeout=0.3):
                pass


def test_location_flag_env_and_default(tmp_path, monkeypatch):
    monkeypatch.setenv("KGSEARCH_INDEX", str(tmp_path / "from-env"))
    assert store.resolve(None) == tmp_path / "from-env"
    assert store.resolve(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv("KGSEARCH_INDEX")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store.default_location() == tmp_path / "data" / "kgsearch" / "index"
    with pytest.raises(store.StoreError, match="source tree"):
        store.resolve(Path(index.__file__).resolve().parents[1] / "ix")


def test_global_index_option_before_the_command(tmp_path, archive):
    result = run("--index", tmp_path / "ix", "index", "rebuild", archive, "--quiet")
    assert result.exit_code == 0 and status_of(tmp_path / "ix")["documents"] == 3


def test_rebuild_without_paths_indexes_the_demo_corpus(tmp_path):
    result = run("index", "rebuild", "--index", tmp_path / "ix")
    assert result.exit_code == 0
    info = status_of(tmp_path / "ix")
    assert info["documents"] == DEMO_DOCUMENTS and info["skipped"] == []
    assert info["by_year"] == DEMO_BY_YEAR and info["by_lang"] == DEMO_BY_LANG


def test_parallel_rebuild_matches_single(tmp_path):
    folder = shared_path("seeds")
    run("index", "rebuild", folder, "--index", tmp_path / "one")
    run("index", "rebuild", folder, "--index", tmp_path / "two", "--procs", "2")
    one, two = status_of(tmp_path / "one"), status_of(tmp_path / "two")
    for key in ("documents", "by_lang", "by_year", "by_source", "speakers", "date_range"):
        assert one[key] == two[key]
