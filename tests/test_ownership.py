"""kgsearch writes only where it is the owner (issue 11, item 1).

A user who points ``--index`` or ``$KGSEARCH_INDEX`` at a folder of their own
(``~/Documents``) must lose nothing: their ``building-permits/``,
``gen-family-tree/`` and a file called ``CURRENT`` look like the names kgsearch
uses, and once they were deleted or overwritten before anything checked.
"""

import os
from pathlib import Path

import pytest

from kgsearch import index
from kgsearch.index import store
from conftest import DEMO_DOCUMENTS, invoke


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder`` with its bytes (files) or None (folders): what must not change."""
    state = {}
    for path in sorted(folder.rglob("*")):
        state[str(path.relative_to(folder))] = path.read_bytes() if path.is_file() else None
    return state


@pytest.fixture
def documents(tmp_path):
    """A user's folder that only looks like an index."""
    folder = tmp_path / "Documents"
    (folder / "building-permits").mkdir(parents=True)
    (folder / "building-permits" / "plan.txt").write_text("Permit for the garage.", "utf-8")
    (folder / "gen-family-tree").mkdir()
    (folder / "gen-family-tree" / "tree.txt").write_text("Grandmother Aigul.", "utf-8")
    (folder / "building-20240101T000000000000-1").mkdir()  # even a name kgsearch itself would use
    (folder / "CURRENT").write_text("gen-family-tree\n", "utf-8")
    (folder / "notes.md").write_text("# Notes\n", "utf-8")
    return folder


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text("Railway news\n\nThe railway to Kashgar was discussed in Bishkek.", "utf-8")
    return folder


@pytest.mark.parametrize("command", [["index", "rebuild", "ARCHIVE"], ["index", "rebuild"],
                                     ["index", "update", "ARCHIVE"], ["index", "update"], ["index", "restore"]])
def test_writers_refuse_a_folder_that_is_not_an_index(documents, archive, command):
    before = snapshot(documents)
    args = [str(archive) if a == "ARCHIVE" else a for a in command]
    result = invoke("--index", documents, *args)
    assert result.exit_code == 2, result.output
    assert f"{documents} is not a kgsearch index" in result.output
    assert snapshot(documents) == before  # nothing deleted, overwritten or created (.lock, a marker)


@pytest.mark.parametrize("command", [["query", "railway"], ["show", "0123456789ab"], ["index", "status"],
                                     ["facets", "year"]])
def test_readers_configured_by_the_environment_never_build_or_delete(documents, command):
    before = snapshot(documents)
    result = invoke(*command, env={"KGSEARCH_INDEX": str(documents)})
    assert result.exit_code == 2 and "is not a kgsearch index" in result.output
    assert snapshot(documents) == before


@pytest.mark.parametrize("command", [["query", "railway"], ["show", "0123456789ab"], ["index", "status"],
                                     ["facets", "year"]])
def test_a_configured_missing_folder_is_not_created(tmp_path, command):
    for env, flag in (({"KGSEARCH_INDEX": str(tmp_path / "from-env")}, []), ({}, ["--index", tmp_path / "flag"])):
        result = invoke(*command, *flag, env=env)
        assert result.exit_code == 2 and "no index at" in result.output
    assert not (tmp_path / "from-env").exists() and not (tmp_path / "flag").exists()


def test_the_demo_is_built_at_the_default_location_only_where_nothing_is(documents, tmp_path):
    data = tmp_path / "data"
    default = data / "kgsearch" / "index"
    default.parent.mkdir(parents=True)
    documents.rename(default)  # the user's own things where kgsearch would put its index
    before = snapshot(default)
    result = invoke("query", "railway", env={"XDG_DATA_HOME": str(data), "KGSEARCH_INDEX": ""})
    assert result.exit_code == 2 and "is not a kgsearch index" in result.output
    assert snapshot(default) == before
    # An empty folder there is nothing to lose: the demo is built in it.
    for path in sorted(default.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    result = invoke("query", "railway", env={"XDG_DATA_HOME": str(data), "KGSEARCH_INDEX": ""})
    assert result.exit_code == 0 and f"built the demo index ({DEMO_DOCUMENTS} documents)" in result.output


def test_store_functions_refuse_before_touching_anything(documents):
    before = snapshot(documents)
    for action in (lambda: store.clean_abandoned(documents),
                   lambda: store.publish(documents, documents / "building-20240101T000000000000-1"),
                   lambda: store.new_generation(documents),
                   lambda: store.writer_lock(documents).__enter__()):
        with pytest.raises(store.StoreError, match="is not a kgsearch index"):
            action()
        assert snapshot(documents) == before


def test_no_lock_file_in_the_root_folder(tmp_path):
    existed = os.path.lexists("/.lock")
    try:
        result = invoke("--index", "/", "index", "update", tmp_path)
        assert result.exit_code == 2 and "/ is not a kgsearch index" in result.output
        assert os.path.lexists("/.lock") == existed
    finally:
        if not existed and os.path.lexists("/.lock"):
            os.unlink("/.lock")  # what a broken kgsearch made (as root) goes again


def test_an_empty_or_missing_folder_becomes_a_marked_index(tmp_path, archive):
    empty = tmp_path / "empty"
    empty.mkdir()
    for location in (empty, tmp_path / "missing" / "ix"):
        result = invoke("index", "rebuild", archive, "--index", location)
        assert result.exit_code == 0, result.output
        assert (location / store.MARKER).read_text("utf-8").startswith("kgsearch index\nformat 1\n")


def test_inside_its_index_kgsearch_removes_only_names_it_made(tmp_path, archive):
    location = tmp_path / "ix"
    index.rebuild(location, [archive])
    (location / "gen-notes").mkdir()  # a user's folder, even in kgsearch's own
    (location / "gen-notes" / "keep.txt").write_text("mine", "utf-8")
    (location / "building-blocks.txt").write_text("mine too", "utf-8")
    for _ in range(3):
        index.rebuild(location, [archive])
    assert (location / "gen-notes" / "keep.txt").read_text("utf-8") == "mine"
    assert (location / "building-blocks.txt").exists()
    assert len([p for p in location.glob("gen-*") if store.GENERATION.match(p.name)]) == 2


def test_an_index_from_before_the_marker_is_read_as_is_and_marked_when_written(tmp_path, archive):
    location = tmp_path / "ix"
    index.rebuild(location, [archive])
    (location / store.MARKER).unlink()
    (location / ".lock").unlink()  # as an index made by an older kgsearch may look
    before = snapshot(location)
    for command in (["query", "railway"], ["index", "status"], ["facets", "lang"]):
        assert invoke(*command, "--index", location).exit_code == 0
    assert snapshot(location) == before  # reading marks nothing
    result = invoke("index", "update", archive, "--index", location)
    assert result.exit_code == 0, result.output
    assert (location / store.MARKER).is_file()
    assert invoke("query", "railway", "--index", location, "--json").exit_code == 0


def test_reading_an_index_changes_nothing_in_it(demo_copy):
    before = {str(p.relative_to(demo_copy)): (p.stat().st_mtime_ns, p.stat().st_size)
              for p in demo_copy.rglob("*")}
    for command in (["query", "railway", "--facets"], ["show", "0123456789ab"], ["index", "status"],
                    ["facets", "speaker"]):
        invoke(*command, "--index", demo_copy)
    after = {str(p.relative_to(demo_copy)): (p.stat().st_mtime_ns, p.stat().st_size)
             for p in demo_copy.rglob("*")}
    assert after == before
