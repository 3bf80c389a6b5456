"""A Xapian twin copied to another machine with ``xapian-replicate`` (docs/indexing.md, "Replicas"):
the replica answers every query as the master does, and follows it when the master changes.

Runs Xapian's own replication tools against 127.0.0.1 only; skipped without the ``xapian``
extra, without ``xapian-replicate`` and ``xapian-replicate-server`` on PATH, or without the
shared corpora.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

xapian = pytest.importorskip("xapian")

from conftest import shared_path  # noqa: E402

from kgsearch.budget import Budget  # noqa: E402
from kgsearch.index.engine.xapian.searching import XapianSearcher  # noqa: E402
from kgsearch.index.engine.xapian.writing import write_twin  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_query import QUERIES  # noqa: E402

TOOLS = ("xapian-replicate", "xapian-replicate-server")
pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS), reason="xapian-tools is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _index(folder: Path, paths) -> Path:
    from kgsearch.index import rebuild

    rebuild(folder, [str(p) for p in paths], procs=1)
    return folder


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """Two kgsearch indexes of real news, the second holding more: (first, second) open."""
    import kgsearch

    work = tmp_path_factory.mktemp("replication")
    bbc = sorted(shared_path("corpora", "bbc").glob("*/*.txt"))[::20]
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    first = _index(work / "ix1", [*bbc[:60], *seeds])
    second = _index(work / "ix2", [*bbc, *seeds])
    with kgsearch.open_index(first) as one, kgsearch.open_index(second) as two:
        yield one, two


@pytest.fixture
def server(tmp_path):
    """A replication server on 127.0.0.1 for the folder of master databases: (folder, port)."""
    masters = tmp_path / "masters"
    masters.mkdir()
    port = _free_port()
    process = subprocess.Popen(["xapian-replicate-server", "-I", "127.0.0.1", "-p", str(port), str(masters)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.skip("xapian-replicate-server did not start")
    yield masters, port
    process.kill()
    process.wait()


def _replicate(port: int, replica: Path) -> None:
    subprocess.run(["xapian-replicate", "-h", "127.0.0.1", "-p", str(port), "-m", "twin", "-o", str(replica)],
                   check=True, capture_output=True, timeout=60)


def _answers(ix, location) -> dict:
    """Each query's matched set and best ten (ids and weights) in the databases at ``location``."""
    found = {}
    with XapianSearcher([location]) as xs:
        for text in QUERIES:
            query = xs.query(ix._planner.understand(text, True, Budget()).query)
            total, best = xs.top(query, 10)
            found[text] = (xs.matching(query), total, [(hit.id, round(hit.weight, 9)) for hit in best])
    return found


def test_a_replica_answers_as_its_master_and_follows_it(indexes, server, tmp_path, monkeypatch):
    first, second = indexes
    masters, port = server
    # Changesets let a replica take what changed, not the whole database again.
    monkeypatch.setenv("XAPIAN_MAX_CHANGESETS", "10")
    master, replica = masters / "twin", tmp_path / "replica"
    write_twin(first.searcher.reader(), [master])
    _replicate(port, replica)
    expected = _answers(first, master)
    assert _answers(first, replica) == expected
    assert any(total for _, total, _ in expected.values())

    # The master is written again with more documents; the replica follows it.
    shutil.rmtree(master)
    write_twin(second.searcher.reader(), [master])
    _replicate(port, replica)
    after = _answers(second, replica)
    assert after == _answers(second, master)
    assert after != expected  # more documents: the replica is not the first copy still
