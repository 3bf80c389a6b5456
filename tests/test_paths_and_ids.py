"""One file is one set of documents, whatever path reaches it; one record is one id
(issue 11, items 5, 6 and 20)."""

import csv
import json
import os

import pytest

import kgsearch
from kgsearch import index
from kgsearch.index import store
from kgsearch.index.schema import document_id
from conftest import invoke


def all_paths_and_ids(location) -> list[tuple[str, str]]:
    with kgsearch.open_index(location) as ix:
        reader = ix.searcher.reader()
        return sorted((ix.searcher.stored_fields(n)["path"], ix.searcher.stored_fields(n)["id"])
                      for n in reader.all_doc_ids())


@pytest.fixture
def linked(tmp_path):
    """A folder and a symbolic link to it, as ``~/archive -> /mnt/disk/archive`` would be."""
    real = tmp_path / "real"
    real.mkdir()
    for n in range(3):
        (real / f"note-{n}.txt").write_text(f"Note {n}\n\nA railway note number {n}.", "utf-8")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    return real, link


@pytest.mark.parametrize("first,second", [(0, 1), (1, 0)], ids=["real-then-link", "link-then-real"])
def test_a_folder_reached_through_a_link_is_not_indexed_twice(tmp_path, linked, first, second):
    location = tmp_path / "ix"
    index.rebuild(location, [linked[first]])
    before = all_paths_and_ids(location)
    report = index.update(location, [linked[second]])
    assert (report.added, report.removed, report.documents) == (0, 0, 3)
    assert all_paths_and_ids(location) == before
    assert index.status(location)["paths"] == [str(linked[0])]


def test_an_index_that_recorded_a_linked_path_is_not_duplicated_by_its_next_update(tmp_path, linked, monkeypatch):
    real, link = linked
    location = tmp_path / "ix"
    # As an index built before paths were resolved recorded them: through the link.
    monkeypatch.setattr("kgsearch.index.paths.absolute",
                        lambda paths: [os.path.abspath(os.path.expanduser(p)) for p in paths])
    index.rebuild(location, [link])
    monkeypatch.undo()
    assert {p for p, _ in all_paths_and_ids(location)} == {str(link / f"note-{n}.txt") for n in range(3)}
    index.update(location, [link])
    assert {p for p, _ in all_paths_and_ids(location)} == {str(real / f"note-{n}.txt") for n in range(3)}
    assert index.update(location).documents == 3
    assert store.read_meta(store.current(location))["paths"] == [str(real)]


def test_overlapping_paths_index_each_file_once(tmp_path, linked):
    real, link = linked
    report = index.rebuild(tmp_path / "ix", [real, link, real / "note-1.txt"])
    assert report.documents == 3 and len(all_paths_and_ids(tmp_path / "ix")) == 3


def test_one_str_or_path_is_one_path(tmp_path, monkeypatch):
    # Once a str was iterated letter by letter: "ab" became the folders a and b (and "/x" became /).
    for name in ("ab", "a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text(f"Folder {name}\n\nText in folder {name}.", "utf-8")
    monkeypatch.chdir(tmp_path)
    for paths in ("ab", tmp_path / "ab"):
        report = index.rebuild(tmp_path / "ix", paths)
        assert report.documents == 1 and index.status(tmp_path / "ix")["paths"] == [str(tmp_path / "ab")]
        report = index.update(tmp_path / "ix", paths)
        assert report.documents == 1


@pytest.mark.parametrize("paths", [42, b"/tmp", [b"/tmp"], [42], {"a": 1}, (p for p in ["ab"]), ["ab", None]],
                         ids=["int", "bytes", "list-of-bytes", "list-of-int", "dict", "generator", "None-inside"])
def test_anything_else_is_a_type_error(tmp_path, paths):
    with pytest.raises(TypeError, match="paths"):
        index.rebuild(tmp_path / "ix", paths)
    with pytest.raises(TypeError, match="paths"):
        index.update(tmp_path / "ix", paths)
    assert not (tmp_path / "ix").exists()


def test_records_with_the_same_id_get_distinct_stable_ids(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    wire = folder / "wire.jsonl"
    records = [{"id": "w1", "title": "First", "body": "The first okapi story."},
               {"id": "w1", "title": "Second", "body": "The second quokka story."},
               {"id": "w1#2", "title": "Third", "body": "The third axolotl story."},
               {"id": "w1", "title": "Fourth", "body": "The fourth pangolin story."}]
    wire.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    with (folder / "digest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "title", "body"])
        writer.writerow(["https://example.org/a", "Alpha", "A capybara item."])
        writer.writerow(["https://example.org/a", "Beta", "A narwhal item."])
    location = tmp_path / "ix"
    index.rebuild(location, [folder])
    first = all_paths_and_ids(location)
    assert len(first) == 6 and len({i for _, i in first}) == 6
    index.rebuild(location, [folder])
    assert all_paths_and_ids(location) == first  # stable across rebuilds
    with kgsearch.open_index(location) as ix:
        # The first record keeps the id it always had.
        assert ix.get(document_id(str(wire), "w1"))["title"] == "First"
        found = {}
        for word in ("okapi", "quokka", "axolotl", "pangolin", "capybara", "narwhal"):
            hit, = ix.search(word, translate=False).hits
            found[word] = hit.id
    assert len(set(found.values())) == 6
    for word, doc_id in found.items():
        result = invoke("show", doc_id, "--index", location, "--json")
        assert result.exit_code == 0 and word in json.loads(result.output)["text"]
