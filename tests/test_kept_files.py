"""The files kgsearch keeps beside its generations (issue 23): watches.json and overrides.json are
changed under a lock, so that changes at the same moment all count, and written whole or not at
all, so that a full or read-only disk leaves the old file, no temporary file, and one line with
exit status 2 (never the 1 that tells cron there is nothing new)."""

import errno
import json
import os
import subprocess
import sys
import threading
import types

import pytest
from conftest import invoke

import kgsearch
from kgsearch import watches
from kgsearch.index import keptfiles, locking


def names(location) -> set[str]:
    return set(watches.load(location))


def leftovers(location) -> list[str]:
    """Temporary files a write left in the index folder."""
    return [p.name for p in location.iterdir() if p.name.endswith(".tmp")]


def test_six_watches_added_at_once_are_all_kept(demo_copy):
    command = [sys.executable, "-m", "kgsearch", "watch", "add"]
    processes = [subprocess.Popen([*command, f"w{n}", query, "--index", str(demo_copy)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=demo_copy.parent)
                 for n, query in enumerate(["railway", "China", "Бишкек", "summit", "SCO", "дорога"])]
    outcomes = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in processes]
    assert all(status == 0 and "added" in out for status, out, _ in outcomes), outcomes
    assert names(demo_copy) == {f"w{n}" for n in range(6)}
    assert leftovers(demo_copy) == []


def test_a_watch_added_while_a_run_holds_the_lock_is_kept(demo_copy, monkeypatch):
    """The run stops between reading the watches and writing them back; an add starts then. It
    must wait for the run (seen here by its failed try for the lock) and then add to what the run
    wrote: without the lock the run writes back the watches it read, and the new one is lost."""
    moved = threading.Event()  # the add waits for the lock, or (without one) has finished
    running, go = threading.Event(), threading.Event()
    real = locking.fcntl  # where the kept files' lock is waited for

    def flock(fd, operation):
        try:
            return real.flock(fd, operation)
        except BlockingIOError:
            moved.set()
            raise

    monkeypatch.setattr(locking, "fcntl", types.SimpleNamespace(
        flock=flock, LOCK_EX=real.LOCK_EX, LOCK_NB=real.LOCK_NB, LOCK_UN=real.LOCK_UN))
    with kgsearch.open_index(demo_copy) as runner, kgsearch.open_index(demo_copy) as adder:
        watches.add(runner, "old", "railway", {})
        matching = runner.matching_ids

        def paused(*args, **kwargs):
            running.set()
            go.wait(timeout=120)
            return matching(*args, **kwargs)

        monkeypatch.setattr(runner, "matching_ids", paused)
        failures = []

        def in_thread(work):
            def guarded():
                try:
                    work()
                except BaseException as error:  # noqa: BLE001 - reported by the test below
                    failures.append(error)
                finally:
                    moved.set()
            thread = threading.Thread(target=guarded)
            thread.start()
            return thread

        run = in_thread(lambda: watches.run(runner))
        assert running.wait(timeout=120)
        add = in_thread(lambda: watches.add(adder, "new", "China", {}))
        assert moved.wait(timeout=120)
        go.set()
        run.join(timeout=120)
        add.join(timeout=120)
    assert failures == []
    kept = watches.load(demo_copy)
    assert set(kept) == {"old", "new"}
    assert kept["old"].last_run is not None  # the run's own change is kept too


def refuse(error_number):
    def fail(*args, **kwargs):
        raise OSError(error_number, os.strerror(error_number))
    return fail


@pytest.mark.parametrize("call, error_number", [("write", errno.ENOSPC), ("replace", errno.EROFS),
                                                ("fsync", errno.EIO)])
@pytest.mark.parametrize("command", ["add", "run", "remove"])
def test_a_disk_that_refuses_the_watches_is_one_line_and_changes_nothing(demo_copy, monkeypatch, command,
                                                                           call, error_number):
    assert invoke("watch", "add", "w", "railway", "--index", demo_copy).exit_code == 0
    before = (demo_copy / watches.FILE).read_bytes()
    monkeypatch.setattr(keptfiles.os, call, refuse(error_number))
    args = {"add": ["add", "other", "China"], "run": ["run"], "remove": ["remove", "w"]}[command]
    result = invoke("watch", *args, "--index", demo_copy)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert str(demo_copy / watches.FILE) in lines[0] and os.strerror(error_number) in lines[0]
    monkeypatch.undo()
    assert (demo_copy / watches.FILE).read_bytes() == before
    assert leftovers(demo_copy) == []


def test_a_disk_that_refuses_the_corrections_is_one_line_and_changes_nothing(demo_copy, monkeypatch):
    from kgsearch.index import overrides

    doc_id = json.loads(invoke("query", "railway", "--index", demo_copy, "--json").output)["hits"][0]["id"]
    assert invoke("edit", doc_id, "--source", "Kabar", "--index", demo_copy).exit_code == 0
    before = overrides.path(demo_copy).read_bytes()
    monkeypatch.setattr(keptfiles.os, "write", refuse(errno.ENOSPC))
    result = invoke("edit", doc_id, "--title", "Another title", "--index", demo_copy)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(overrides.path(demo_copy)) in lines[0] and "No space left" in lines[0]
    monkeypatch.undo()
    assert overrides.path(demo_copy).read_bytes() == before
    assert leftovers(demo_copy) == []
    shown = json.loads(invoke("show", doc_id, "--index", demo_copy, "--json").output)
    assert shown["source"] == "Kabar" and shown["title"] != "Another title"
