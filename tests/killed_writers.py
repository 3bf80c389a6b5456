"""Writers killed with SIGKILL at chosen moments (tests/kill_target.py), for tests/test_faults.py.

Each writer is a process of its own on its own copy of the demo index. The
``killed`` fixture starts them all; conftest.py starts it with the session
when a selected test uses it, so that the writers run on the machine's other
cores while the other tests run, and test_faults.py finds them (nearly) done.
"""

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import kgsearch
from kgsearch import index
from kgsearch.index import store

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["railway", "железная дорога", '"Belt and Road"', "speaker:Kazakbaev", "year:2025", "КПП OR checkpoint"]
REBUILD_MOMENTS = ["files:5", "files:40", "commit", "meta", "publish"]
UPDATE_MOMENTS = ["files:1", "commit", "meta"]
KILLS = [("rebuild", m) for m in REBUILD_MOMENTS] + [("update", m) for m in UPDATE_MOMENTS] + [("rebuild", "files:3")]


def answers(location) -> dict:
    """The ids each fixed query returns: what must survive a fault."""
    with kgsearch.open_index(location) as ix:
        return {q: [h.id for h in ix.search(q, limit=100, snippets=False).hits] for q in QUERIES}


@dataclass
class Killed:
    """A writer killed at ``moment`` on an index of its own, and the state before it ran."""

    location: Path
    extra: Path | None  # the update's folder
    before: dict
    generation: Path
    documents: int
    process: subprocess.Popen

    def wait(self):
        out, err = self.process.communicate(timeout=120)
        assert self.process.returncode == -signal.SIGKILL, (self.process.args, out, err)


def prepare_update(location: Path, extra: Path) -> dict:
    """Index three notes, then change them on disk: the update that follows adds, changes and removes."""
    extra.mkdir()
    for n in range(3):
        (extra / f"note-{n}.txt").write_text(f"Note {n}\n\nA railway note number {n} from Bishkek.", "utf-8")
    index.update(location, [extra])  # the folder is known to the index
    before = answers(location)
    (extra / "note-0.txt").unlink()
    (extra / "note-3.txt").write_text("Note 3\n\nA new railway note about an okapi.", "utf-8")
    (extra / "note-1.txt").write_text("Note 1\n\nChanged: the note now speaks of a quokka.", "utf-8")
    return before


@pytest.fixture(scope="session")
def killed(private_environment, demo_index, tmp_path_factory):
    """Every killed writer, by (mode, moment), each started on its own copy of the demo index."""
    cases = {}
    try:
        for mode, moment in KILLS:
            folder = tmp_path_factory.mktemp(f"killed-{mode}-{moment.replace(':', '-')}")
            location = folder / "ix"
            shutil.copytree(demo_index, location)
            extra = folder / "extra" if mode == "update" else None
            before = prepare_update(location, extra) if extra else answers(location)
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "tests" / "kill_target.py"), mode, str(location),
                 str(extra or index.demo_corpus()), moment],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT / "tests")
            try:  # background work: the tests running meanwhile come first
                os.setpriority(os.PRIO_PROCESS, process.pid, 10)
            except OSError:
                pass  # it has died already (its moment came early) or may not be reniced
            cases[mode, moment] = Killed(location, extra, before, store.current(location),
                                         index.status(location)["documents"], process)
        yield cases
    finally:
        for case in cases.values():
            if case.process.poll() is None:
                case.process.kill()
            case.process.communicate()
