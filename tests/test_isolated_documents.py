"""One document never stops a build (issue 23).

Whatever one document raises while it is read, while its metadata is found
or while it is written is that document's: it is skipped with its file, its
place in the file and the reason, counted in the summary, and the build goes
on, in a rebuild on one process or two and in an update. A worker of a
parallel rebuild that dies (SIGKILL, as the out-of-memory killer sends) ends
the rebuild at once with one line, and the old index answers as before.
"""

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import fields as whoosh_fields

import kgsearch
from kgsearch import index
from kgsearch.index import build, files, parallel
from conftest import invoke, stored

ROOT = Path(__file__).resolve().parents[1]
POISON = "Poisoned report"
needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the parallel rebuild needs fork")
PROCS = [1, pytest.param(2, marks=needs_fork)]


def archive(folder: Path, poison_at: int = 3, records: int = 12) -> Path:
    """A JSON Lines file whose record ``poison_at`` (counted from 1) is the poisoned one, beside a text file."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n in range(1, records + 1):
        title = POISON if n == poison_at else f"Railway report {n}"
        # The poisoned record's body alone holds "zanzibar": a part of it left in the index would show.
        body = f"The railway report number {n}." + (" Zanzibar cloves." if n == poison_at else "")
        lines.append(json.dumps({"id": f"r{n}", "title": title, "body": body}))
    (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "plain.txt").write_text("Plain note\n\nA plain note about the railway station.\n", "utf-8")
    return folder


def titles(location, query) -> set[str]:
    with kgsearch.open_index(location) as ix:
        return {hit.title for hit in ix.search(query, translate=False, limit=100).hits}


def poisoned_metadata(monkeypatch):
    """Metadata that raises for the poisoned document (set before a parallel rebuild forks its workers)."""
    complete = build.complete

    def raising(doc, registry):
        if doc.title == POISON:
            raise ValueError("no date for you")
        return complete(doc, registry)

    monkeypatch.setattr(build, "complete", raising)


def poisoned_analysis(monkeypatch):
    """A title field that raises while the poisoned document is analysed: after its body, whose
    postings Whoosh has put in the pool by then (fields go in name order)."""
    index_field = whoosh_fields.TEXT.index

    def raising(self, value, **kwargs):
        if value == POISON:
            raise RuntimeError("the analyzer tripped")
        return index_field(self, value, **kwargs)

    monkeypatch.setattr(whoosh_fields.TEXT, "index", raising)


def assert_skipped_alone(location, report, reason):
    """The poisoned record is skipped with its file, place and reason; everything else is indexed."""
    name = str(location.parent / "docs" / "reports.jsonl")
    assert {"path": name, "reason": f"record r3: not indexed ({reason})"} in report.skipped
    assert report.documents == 12  # 11 records and the text file
    assert titles(location, "railway") == {f"Railway report {n}" for n in range(1, 13) if n != 3} | {"Plain note"}
    assert titles(location, "zanzibar") == set()  # nothing of the skipped document is left behind
    status = index.status(location)
    assert status["documents"] == 12
    assert any(s["path"] == name and "record r3" in s["reason"] for s in status["skipped"])


@pytest.mark.parametrize("procs", PROCS)
def test_metadata_that_raises_skips_the_document(tmp_path, monkeypatch, procs):
    monkeypatch.setattr(parallel, "BATCH", 4)  # both workers get documents
    folder = archive(tmp_path / "docs")
    poisoned_metadata(monkeypatch)
    report = index.rebuild(tmp_path / "ix", [folder], procs=procs)
    assert_skipped_alone(tmp_path / "ix", report, "ValueError: no date for you")


@pytest.mark.parametrize("procs", PROCS)
def test_a_document_the_writer_cannot_take_is_skipped_whole(tmp_path, monkeypatch, procs):
    monkeypatch.setattr(parallel, "BATCH", 4)
    folder = archive(tmp_path / "docs")
    poisoned_analysis(monkeypatch)
    report = index.rebuild(tmp_path / "ix", [folder], procs=procs)
    assert_skipped_alone(tmp_path / "ix", report, "RuntimeError: the analyzer tripped")
    # The document after it took its place in the segment, with nothing of it.
    assert "Zanzibar" not in stored(tmp_path / "ix")["Railway report 4"]["body"]


def test_an_update_skips_the_document_and_keeps_what_was_indexed(tmp_path, monkeypatch):
    first = tmp_path / "docs" / "first"
    first.mkdir(parents=True)
    (first / "old.txt").write_text("Old note\n\nAn old note about the railway.\n", "utf-8")
    assert invoke("index", "rebuild", "--index", tmp_path / "ix", first).exit_code == 0
    folder = archive(tmp_path / "docs")
    poisoned_metadata(monkeypatch)
    result = invoke("index", "update", "--index", tmp_path / "ix", folder, "--verbose")
    assert result.exit_code == 0, result.output
    name = folder / "reports.jsonl"
    assert f"skipped {name}: record r3: not indexed (ValueError: no date for you)" in result.output
    assert "Old note" in titles(tmp_path / "ix", "railway") and "Railway report 4" in titles(tmp_path / "ix", "railway")
    status = invoke("index", "status", "--index", tmp_path / "ix")
    assert "skipped    1 (" in status.output and "record r3: not indexed" in status.output
    monkeypatch.undo()
    poisoned_analysis(monkeypatch)  # now the update's writer trips, after the body's postings
    (folder / "reports.jsonl").write_text((folder / "reports.jsonl").read_text() + "\n", "utf-8")  # changed
    report = index.update(tmp_path / "ix", [folder])
    assert titles(tmp_path / "ix", "zanzibar") == set() and "Railway report 4" in titles(tmp_path / "ix", "railway")
    assert [s["reason"] for s in report.skipped] == ["record r3: not indexed (RuntimeError: the analyzer tripped)"]


def test_a_record_the_reader_trips_on_is_skipped(tmp_path, monkeypatch):
    folder = archive(tmp_path / "docs")
    record_document = files.record_document

    def raising(path, record, number, max_chars):
        if record.get("title") == POISON:
            raise KeyError("surprise")
        return record_document(path, record, number, max_chars)

    monkeypatch.setattr(files, "record_document", raising)
    result = invoke("index", "rebuild", "--index", tmp_path / "ix", folder, "--verbose")
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'reports.jsonl'}: record 3: not read (KeyError: 'surprise')" in result.output
    assert "Railway report 4" in titles(tmp_path / "ix", "railway")


def test_a_reader_that_raises_costs_its_file_only(tmp_path, monkeypatch):
    folder = archive(tmp_path / "docs")

    def raising(name, text):
        raise IndexError("the reader's own bug")

    monkeypatch.setattr(files, "read_text", raising)
    report = index.rebuild(tmp_path / "ix", [folder])
    assert {"path": str(folder / "plain.txt"), "reason": "cannot be read (IndexError: the reader's own bug)"} \
        in report.skipped
    assert "Railway report 4" in titles(tmp_path / "ix", "railway")


@needs_fork
def test_a_worker_that_dies_ends_the_rebuild_with_one_line(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / "note.txt").write_text("Old note\n\nAn old note about the railway.\n", "utf-8")
    location = tmp_path / "ix"
    index.rebuild(location, [old])
    before = titles(location, "railway")
    # Enough text that the queue to the workers is full when one dies: its feeder thread then
    # waited for ever to send the rest, and the command never ended.
    new = tmp_path / "new"
    new.mkdir()
    body = "Long text about the railway and its trains. " * 150
    (new / "many.jsonl").write_text("".join(json.dumps({"title": f"Doc {n}", "body": f"Note {n}. {body}"}) + "\n"
                                            for n in range(300)), "utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "dying_worker.py"), "Doc 7", "index", "rebuild", "--index",
         str(location), "--procs", "2", str(new)],
        capture_output=True, text=True, cwd=ROOT / "tests", timeout=60)  # a hang guard, not a timing
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "a build worker died (killed by signal 9); the index was not changed" in lines[0]
    assert titles(location, "railway") == before == {"Old note"}
    assert not list(location.glob("building-*"))
