"""Faults and concurrency: killed writers and busy readers lose nothing."""

import subprocess
import sys
import time

import pytest

from kgsearch import index
import kgsearch
from kgsearch.index import store
from conftest import DEMO_DOCUMENTS
from killed_writers import REBUILD_MOMENTS, ROOT, UPDATE_MOMENTS, answers

# The killed writers (the ``killed`` fixture, tests/killed_writers.py) start with the session.


@pytest.fixture
def built(demo_copy):
    """A demo index of the test's own: a copy of the session's, not a rebuild."""
    return demo_copy


@pytest.mark.parametrize("moment", REBUILD_MOMENTS)
def test_killed_rebuild_leaves_the_previous_index_whole(killed, moment):
    case = killed["rebuild", moment]
    case.wait()
    built = case.location
    assert store.current(built) == case.generation
    assert answers(built) == case.before and index.status(built)["documents"] == case.documents
    report = index.rebuild(built, [index.demo_corpus()])
    assert report.recovered  # what the dead build left is found and removed
    assert not list(built.glob("building-*")) and answers(built) == case.before


@pytest.mark.parametrize("moment", UPDATE_MOMENTS)
def test_killed_update_is_before_or_after_and_the_next_update_completes(killed, moment):
    case = killed["update", moment]
    case.wait()
    built = case.location
    during = answers(built)  # opens and answers: either state, never an error
    report = index.update(built, [case.extra])
    after = answers(built)
    as_sets = lambda state: {q: set(ids) for q, ids in state.items()}
    assert as_sets(during) in (as_sets(case.before), as_sets(after))
    with kgsearch.open_index(built) as ix:
        assert ix.search("okapi", translate=False).total == 1
        assert ix.search("quokka", translate=False).total == 1
        assert ix.search('"number 0"', translate=False).total == 0
    assert index.status(built)["documents"] == DEMO_DOCUMENTS + 3
    assert report.documents == DEMO_DOCUMENTS + 3


def test_killed_writer_leaves_no_lock_behind(killed):
    case = killed["rebuild", "files:3"]
    case.wait()
    started = time.monotonic()
    with store.writer_lock(case.location, timeout=2):
        pass
    assert time.monotonic() - started < 1


def test_second_writer_waits_then_fails_with_a_message(built):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from kgsearch.index import store; from pathlib import Path\n"
        f"with store.writer_lock(Path({str(built)!r})):\n    print('locked', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True, cwd=ROOT / "tests")
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = subprocess.run([sys.executable, "-m", "kgsearch", "index", "rebuild", "--index", str(built),
                                 "--wait", "1"], capture_output=True, text=True, cwd=ROOT / "tests", timeout=60)
        assert result.returncode == 2
        assert "is being updated by another kgsearch process; waited 1 s" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_queries_keep_answering_during_rebuilds_and_updates(built, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    expected_counts = set()
    baseline = answers(built)["railway"]
    writer = subprocess.Popen([sys.executable, "-c", (
        "import pathlib\nfrom kgsearch import index\n"
        f"loc, extra = {str(built)!r}, pathlib.Path({str(extra)!r})\n"
        "for n in range(3):\n"
        "    index.rebuild(loc, [index.demo_corpus()])\n"
        "    (extra / f'r{n}.txt').write_text(f'Extra {n}\\n\\nA railway extra {n}.', 'utf-8')\n"
        "    index.update(loc, [extra])\n")], cwd=ROOT / "tests")
    errors, queries = [], 0
    try:
        while writer.poll() is None:
            try:
                with kgsearch.open_index(built) as ix:
                    hits = ix.search("railway", limit=200, snippets=False).hits
                expected_counts.add(len(hits))
                queries += 1
            except Exception as error:  # any error at all is a failure of this test
                errors.append(repr(error))
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert not errors, errors[:3]
    assert queries >= 5
    # Every answer is a state the index was in: the demo's hits plus 0 to 3 extra notes.
    assert expected_counts <= {len(baseline) + n for n in range(4)}
