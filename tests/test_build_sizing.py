"""How a rebuild is sized (index/sizing.py, index/segments.py) and what it tells its caller
(index/progress.py): processes, segments, memory bounds and progress events.

A bounded build must give the same index as an unbounded one: the same
documents and the same answers, however many segments it wrote."""

import json
import multiprocessing

import pytest
from whoosh import index as whoosh_index

import kgsearch
from conftest import invoke, stored
from kgsearch import index
from kgsearch.index import build, progress, sizing, store

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the parallel rebuild needs fork")
QUERIES = ["railway", "железная дорога", "Wang Yi", "border OR граница", '"Belt and Road"', "Жапаров"]


def answers(location) -> dict[str, tuple]:
    with kgsearch.open_index(location) as ix:
        results = {}
        for query in QUERIES:
            found = ix.search(query, snippets=False, limit=100)
            results[query] = (found.total, sorted(hit.id for hit in found.hits))
        return results


def segment_count(location) -> int:
    with whoosh_index.open_dir(store.current(location)).reader() as reader:
        return len(list(reader.leaf_readers()))


@pytest.fixture
def records(tmp_path, demo_index):
    """A JSON Lines file of 40 records (the demo corpus's texts, each its own record)."""
    documents = [fields for fields in stored(demo_index).values() if fields["body"]][:40]
    path = tmp_path / "records" / "wire.jsonl"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8") as out:
        for n, fields in enumerate(documents):
            out.write(json.dumps({"id": f"r{n}", "title": fields["title"], "body": fields["body"],
                                  "date": fields["date_text"]}, ensure_ascii=False) + "\n")
    return path


# procs="auto"

def test_auto_uses_the_usable_cpus_capped_by_the_maximum(monkeypatch):
    monkeypatch.setattr(sizing, "usable_cpus", lambda: 64)
    assert sizing.resolve_procs("auto", 10**12) == sizing.MAX_PROCS
    monkeypatch.setattr(sizing, "usable_cpus", lambda: 2)
    assert sizing.resolve_procs("auto", 10**12) == 2


def test_auto_is_one_process_for_a_small_input(monkeypatch):
    monkeypatch.setattr(sizing, "usable_cpus", lambda: 64)
    assert sizing.resolve_procs("auto", 0) == 1
    assert sizing.resolve_procs("auto", sizing.BYTES_PER_PROCESS - 1) == 1
    assert sizing.resolve_procs("auto", 3 * sizing.BYTES_PER_PROCESS) == 3


def test_a_number_of_processes_is_taken_as_given():
    assert sizing.resolve_procs(1, 10**12) == 1
    assert sizing.resolve_procs(3, 0) == 3


@pytest.mark.parametrize("bad", [0, -1, "two", 1.5, None, True])
def test_a_bad_number_of_processes_is_refused_before_anything_changes(tmp_path, bad):
    with pytest.raises(ValueError, match="procs"):
        index.rebuild(tmp_path / "ix", [index.demo_corpus()], procs=bad)
    assert not (tmp_path / "ix").exists()


def test_the_usable_cpus_are_those_this_process_may_run_on():
    assert 1 <= sizing.usable_cpus() <= (multiprocessing.cpu_count() or 1)


@needs_fork
def test_the_demo_corpus_is_built_in_one_process_by_default(tmp_path, monkeypatch):
    monkeypatch.setattr(sizing, "usable_cpus", lambda: 8)

    def no_workers(*args, **kwargs):
        raise AssertionError("a 60-document build should not fork workers")

    monkeypatch.setattr(build, "ParallelWriter", no_workers)
    report = index.rebuild(tmp_path / "ix", [index.demo_corpus()])
    assert report.documents > 0


@needs_fork
def test_a_large_enough_input_is_built_by_workers_by_default(tmp_path, monkeypatch, records):
    monkeypatch.setattr(sizing, "usable_cpus", lambda: 2)
    monkeypatch.setattr(sizing, "BYTES_PER_PROCESS", 1)
    started = []
    real = build.ParallelWriter

    def counted(ix, procs, *args):
        started.append(procs)
        return real(ix, procs, *args)

    monkeypatch.setattr(build, "ParallelWriter", counted)
    index.rebuild(tmp_path / "ix", [records])
    assert started == [2]


def test_the_command_line_takes_auto_or_a_number(tmp_path):
    assert "Index rebuilt" in invoke("index", "rebuild", index.demo_corpus(), "--index", tmp_path / "a",
                                     "--procs", "auto").output
    for bad in ("0", "many", "65"):
        result = invoke("index", "rebuild", index.demo_corpus(), "--index", tmp_path / "b", "--procs", bad)
        assert result.exit_code == 2 and "--procs" in result.output
    assert not (tmp_path / "b").exists()


# Segments and memory bounds

@pytest.mark.parametrize("procs", [1, pytest.param(2, marks=needs_fork)])
def test_small_segments_give_the_same_documents_and_answers(tmp_path, monkeypatch, demo_index, procs):
    monkeypatch.setattr(sizing, "SEGMENT_DOCUMENTS", 7)
    location = tmp_path / "small-segments"
    report = index.rebuild(location, [index.demo_corpus()], procs=procs)
    one = stored(demo_index)
    assert report.documents == len(one)
    assert stored(location) == one
    assert segment_count(location) >= 2 * procs, "each writer should have closed several segments"
    assert answers(location) == answers(demo_index)


@pytest.mark.parametrize("procs", [1, pytest.param(2, marks=needs_fork)])
def test_a_tiny_posting_pool_loses_no_document(tmp_path, monkeypatch, records, procs):
    whole = tmp_path / "whole"
    index.rebuild(whole, [records], procs=1)
    # Pools that spill a run to disk almost every document, and segments of five documents.
    monkeypatch.setattr(sizing, "POOL_MB", 0)
    monkeypatch.setattr(sizing, "MIN_POOL_MB", 0.01)
    monkeypatch.setattr(sizing, "SEGMENT_DOCUMENTS", 5)
    bounded = tmp_path / "bounded"
    report = index.rebuild(bounded, [records], procs=procs)
    assert report.documents == 40
    assert stored(bounded) == stored(whole)
    assert answers(bounded) == answers(whole)


def test_each_writer_gets_a_share_of_the_memory_bound():
    assert sizing.budget(1).pool_mb == sizing.POOL_MB
    assert sizing.budget(2).pool_mb == sizing.POOL_MB // 2
    assert sizing.budget(10_000).pool_mb == sizing.MIN_POOL_MB


# Progress

def events_of(run) -> list:
    events = []
    run(events.append)
    return events


def check_phases(events):
    phases = [e.phase for e in events]
    assert phases[0] == progress.READING and phases[-1] == progress.WRITING
    assert phases.count(progress.READING) == 1 and phases.count(progress.WRITING) == 1
    assert set(phases[1:-1]) == {progress.INDEXING}
    for before, after in zip(events, events[1:]):
        assert after.documents >= before.documents and after.bytes >= before.bytes
        assert after.files >= before.files
        assert after.bytes <= after.total_bytes


@pytest.mark.parametrize("procs", [1, pytest.param(2, marks=needs_fork)])
def test_progress_counts_the_documents_of_a_records_file(tmp_path, records, procs):
    events = events_of(lambda tell: index.rebuild(tmp_path / "ix", [records], procs=procs, progress=tell))
    check_phases(events)
    documents = [e for e in events if e.phase == progress.INDEXING and e.files == 0]
    assert [e.documents for e in documents] == list(range(1, 41)), "one event per record, in order"
    assert all(e.path == records for e in documents)
    # The bytes move within the file, before it is finished.
    assert len({e.bytes for e in documents}) > 1
    last = events[-1]
    assert (last.documents, last.files, last.total_files) == (40, 1, 1)
    assert last.bytes == last.total_bytes == records.stat().st_size


def test_progress_of_a_folder_counts_files_and_documents(tmp_path):
    events = events_of(lambda tell: index.rebuild(tmp_path / "ix", [index.demo_corpus()], progress=tell))
    check_phases(events)
    report_files = events[0].total_files
    assert events[-1].files == report_files
    assert events[-1].documents == stored_count(tmp_path / "ix")


def stored_count(location) -> int:
    return len(stored(location))


def test_progress_of_an_update(tmp_path, records):
    location = tmp_path / "ix"
    index.rebuild(location, [records])
    with records.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "new", "title": "New", "body": "A new record."}) + "\n")
    events = events_of(lambda tell: index.update(location, [records], progress=tell))
    check_phases(events)
    assert events[-1].documents == 41 and events[-1].files == 1


def test_a_build_runs_without_progress(tmp_path, records):
    assert index.rebuild(tmp_path / "ix", [records], progress=None).documents == 40
