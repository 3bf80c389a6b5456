"""The Xapian engine through the commands (issue 28): rebuild, query, update, edit, restore, status.

On a real mixed archive (NG articles, BBC stories, the seeds), an index
rebuilt with ``--engine xapian`` answers every query as the Whoosh index of
the same folder does (totals, the first page's ids), its match sets taken
from its Xapian copy, local or on two shards served by ``xapian-tcpsrv``
(``KGSEARCH_TEST_SHARDS=tcp://127.0.0.1:P1,tcp://127.0.0.1:P2`` names
running ones; else the tests start two). Skipped without the ``xapian``
extra, the shared corpora or, for the shards, ``xapian-tcpsrv``.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

xapian = pytest.importorskip("xapian")

from conftest import invoke, shared_path  # noqa: E402

import kgsearch  # noqa: E402
from kgsearch import match  # noqa: E402
from kgsearch.budget import Budget  # noqa: E402
from kgsearch.index import store  # noqa: E402
from kgsearch.index.errors import ShardError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_query import QUERIES  # noqa: E402

FILTERS = [("--lang", "en"), ("--lang", "ru"), ("--year", "2017"), ("--year", "2004-2005"), ("--person", "Путин")]


def make_archive(folder: Path, every: int) -> Path:
    """Every ``every``-th NG article (a file of the test's own) and every ``every``-th BBC story
    (copied, so that one can be removed); ``sources`` adds the seeds and the demo corpus (its
    documents name their sources), read in place."""
    folder.mkdir()
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        chosen = [line for n, line in enumerate(lines) if n % every == 0]
    (folder / "ng.jsonl").write_text("".join(chosen), encoding="utf-8")
    (folder / "bbc").mkdir()
    bbc = sorted(shared_path("corpora", "bbc").glob("*/*.txt"))
    for n, path in enumerate(bbc[::every]):
        (folder / "bbc" / f"{n:03d}-{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    return folder


def query(location, text, *options) -> dict:
    result = invoke("query", text, "--index", location, "--json", "--limit", "10", *options)
    assert result.exit_code in (0, 1), result.output  # 1: nothing found
    return json.loads(result.output)


def answer(location, text, *options) -> tuple[int, int, int, int]:
    """What every engine answers alike: the stories found, the copies and other versions folded into
    them, and how many the first page shows (its order is the engine's: Xapian ranks by its BM25)."""
    found = query(location, text, *options)
    return found["total"], found["copies_folded"], found["similar_folded"], len(found["hits"])


def hits_of(location, text, *options) -> list[str]:
    return [hit["id"] for hit in query(location, text, *options)["hits"]]


def sources(folder: Path) -> list:
    """The paths an index of the archive ``folder`` is built from."""
    return [folder, shared_path("seeds"), kgsearch.demo_corpus()]


def rebuild(location, *args):
    result = invoke("index", "rebuild", *args, "--index", location, "--procs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return result


def source_of(location) -> str:
    """The archive's most frequent source (the test names none it has not seen)."""
    return next(name for name in kgsearch.status(location)["by_source"] if name != "none")


# -- shards --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    """``xapian-tcpsrv --writable`` processes started by the tests, each over a database of its own."""

    def __init__(self, folder: Path):
        self.folder, self.processes = folder, {}

    def start(self, name: str, port: int | None = None) -> str:
        server = shutil.which("xapian-tcpsrv")
        if server is None:
            pytest.skip("xapian-tcpsrv is not on PATH (Debian: xapian-tools)")
        port = port or free_port()
        location = f"tcp://127.0.0.1:{port}"
        process = subprocess.Popen([server, "--writable", "--quiet", "--interface", "127.0.0.1", "--port", str(port),
                                    str(self.folder / name)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)  # its group: the children that serve connections
        self.processes[location] = process
        deadline = time.monotonic() + 10
        while True:
            try:
                xapian.remote_open("127.0.0.1", port, 2000).close()
                return location
            except xapian.NetworkError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{location} did not start: {process.stderr.read().decode()}") from None
                time.sleep(0.05)

    def kill(self, location: str) -> None:
        process = self.processes.pop(location)
        os.killpg(process.pid, signal.SIGKILL)  # the server forks a child for each connection: all of them
        process.wait(timeout=10)

    def stop(self):
        for location in list(self.processes):
            self.kill(location)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    started = Servers(tmp_path_factory.mktemp("shards"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def shards(servers):
    """Two writable shards: ``KGSEARCH_TEST_SHARDS``'s, else two started here."""
    if os.environ.get("KGSEARCH_TEST_SHARDS"):
        return os.environ["KGSEARCH_TEST_SHARDS"].split(",")
    return [servers.start("a"), servers.start("b")]


def shard_options(locations) -> list[str]:
    return [arg for location in locations for arg in ("--shard", location)]


# -- one archive, three indexes -------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The archive, and its Whoosh and (local) Xapian indexes."""
    work = tmp_path_factory.mktemp("engines")
    folder = make_archive(work / "archive", every=6)
    rebuild(work / "whoosh", *sources(folder))
    rebuild(work / "xapian", *sources(folder), "--engine", "xapian")
    return folder, work / "whoosh", work / "xapian"


@pytest.fixture(scope="module")
def sharded(built, shards, tmp_path_factory):
    folder = built[0]
    location = tmp_path_factory.mktemp("sharded") / "ix"
    rebuild(location, *sources(folder), "--engine", "xapian", *shard_options(shards))
    return location


def test_the_indexes_record_their_engine(built):
    _, whoosh, xapian_index = built
    assert store.read_meta(store.current(whoosh))["engine"] == "whoosh"
    meta = store.read_meta(store.current(xapian_index))
    assert meta["engine"] == "xapian" and meta["shards"] == [] and meta["twin"]["mark"]
    copy = store.current(xapian_index) / "xapian" / meta["twin"]["mark"]
    assert xapian.Database(str(copy)).get_doccount() == kgsearch.status(xapian_index)["documents"] > 300
    status = invoke("index", "status", "--index", xapian_index).output
    assert "engine     xapian" in status
    assert "engine     whoosh" in invoke("index", "status", "--index", whoosh).output


def counted(result) -> tuple[int, int, int]:
    return result.total, result.copies_folded, result.similar_folded


def test_every_benchmark_query_answers_the_same(built):
    """The same stories counted and folded; a first page of them, ranked by Xapian's BM25, close to
    Whoosh's (half of each page in common, on average: a page ranked in no order shares a few)."""
    _, whoosh, xapian_index = built
    with kgsearch.open_index(whoosh) as one, kgsearch.open_index(xapian_index) as two:
        assert two._matcher.engine is not None and one._matcher.engine is None
        answered, shared = 0, []
        for text in QUERIES:
            a, b = one.search(text, limit=10), two.search(text, limit=10)
            assert counted(b) == counted(a) and len(b.hits) == len(a.hits), text
            assert {h.id for h in b.hits} <= one.matching_ids(text), text
            if a.total > 10:
                shared.append(len({h.id for h in a.hits} & {h.id for h in b.hits}) / 10)
            answered += bool(a.total)
        assert answered >= 0.8 * len(QUERIES)
        assert len(shared) >= 10 and sum(shared) / len(shared) >= 0.5, shared


def test_the_match_sets_come_from_xapian(built, monkeypatch):
    """With Whoosh's own matching taken away, the Xapian index still answers (its sets are
    Xapian's), and the Whoosh index cannot."""
    _, whoosh, xapian_index = built
    expected = answer(xapian_index, "выборы OR elections", "--lang", "ru")
    monkeypatch.setattr(match, "matching", refused)
    assert answer(xapian_index, "выборы OR elections", "--lang", "ru") == expected and expected[0]
    with pytest.raises(AssertionError, match="was called"):
        answer(whoosh, "выборы OR elections", "--lang", "ru")


@pytest.mark.parametrize("text", ["Путин AND Трамп", "oil OR gas", '"prime minister"', "выборы", "China -Japan"])
@pytest.mark.parametrize("option", FILTERS + [("--source", None)], ids=lambda o: " ".join(filter(None, o)))
def test_filters_answer_the_same_through_the_command(built, text, option):
    _, whoosh, xapian_index = built
    name, value = option
    value = value or source_of(whoosh)
    assert answer(xapian_index, text, name, value) == answer(whoosh, text, name, value)


def test_the_filters_select_something(built):
    """The filters above are no empty comparisons."""
    _, whoosh, _ = built
    for name, value in FILTERS + [("--source", source_of(whoosh))]:
        assert answer(whoosh, "", name, value)[0] > 0, name
        assert answer(whoosh, "", name, value)[0] < kgsearch.status(whoosh)["documents"], name


def test_two_shards_answer_the_same(built, sharded, shards):
    _, whoosh, _ = built
    meta = store.read_meta(store.current(sharded))
    assert meta["engine"] == "xapian" and meta["shards"] == shards
    assert not (store.current(sharded) / "xapian").exists()
    status = invoke("index", "status", "--index", sharded).output
    assert f"(shards {', '.join(shards)})" in status
    local = built[2]  # BM25 over two shards is one database's: the same pages as the local copy
    with kgsearch.open_index(local) as one, kgsearch.open_index(sharded) as two:
        for text in QUERIES:
            a, b = one.search(text, limit=10), two.search(text, limit=10)
            assert (counted(b), [h.id for h in b.hits]) == (counted(a), [h.id for h in a.hits]), text
    for name, value in FILTERS:
        assert answer(sharded, "выборы OR elections", name, value) == answer(whoosh, "выборы OR elections", name, value)
        assert hits_of(sharded, "выборы OR elections", name, value) == hits_of(local, "выборы OR elections", name, value)


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["http://127.0.0.1:8100", "tcp://127.0.0.1", "tcp://127.0.0.1:port",
                                     "tcp://127.0.0.1:8100/db", "127.0.0.1:8100"])
def test_a_bad_shard_address_is_one_line_and_changes_nothing(built, tmp_path, address):
    folder, _, xapian_index = built
    location = tmp_path / "ix"
    shutil.copytree(xapian_index, location)
    before = store.current(location)
    result = invoke("index", "rebuild", folder, "--index", location, "--engine", "xapian", "--shard", address)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert address in result.output and "tcp://HOST:PORT" in result.output
    assert store.current(location) == before


def test_an_unreachable_shard_at_rebuild_changes_nothing(built, tmp_path):
    folder, _, xapian_index = built
    location = tmp_path / "ix"
    shutil.copytree(xapian_index, location)
    before = sorted(p.name for p in location.iterdir())
    dead = f"tcp://127.0.0.1:{free_port()}"
    result = invoke("index", "rebuild", folder, "--index", location, "--engine", "xapian", "--shard", dead)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert dead in result.output and "unchanged" in result.output
    assert sorted(p.name for p in location.iterdir()) == before
    assert answer(location, "выборы")[0] > 0


def test_a_shard_lost_during_the_rebuild_replaces_nothing(built, tmp_path, monkeypatch):
    """A shard that answered the check and is gone when the copy is written: one line, and the
    generation built is dropped, never published."""
    from kgsearch.index.engine.xapian import twins

    folder, _, xapian_index = built
    location = tmp_path / "ix"
    shutil.copytree(xapian_index, location)
    before = sorted(p.name for p in location.iterdir())
    monkeypatch.setattr(twins, "check", lambda shards: None)  # it answered then
    dead = f"tcp://127.0.0.1:{free_port()}"
    result = invoke("index", "rebuild", folder, "--index", location, "--engine", "xapian", "--shard", dead,
                    "--procs", "1")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert dead in result.output and "not replaced" in result.output
    assert sorted(p.name for p in location.iterdir()) == before


def test_shards_without_the_xapian_engine_are_refused(built, tmp_path):
    folder = built[0]
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--engine", "whoosh",
                    "--shard", "tcp://127.0.0.1:8100")
    assert result.exit_code == 2 and "--engine xapian" in result.output
    assert not (tmp_path / "ix").exists() or store.current(tmp_path / "ix") is None


def test_an_archive_with_nothing_to_index_gets_an_empty_copy(tmp_path):
    """Scans rebuilt without --ocr (every file skipped): the index and its Xapian copy are empty,
    written without a traceback, and answer; a text added later is found through the copy."""
    from format_files import make_scanned_pdf

    folder = tmp_path / "scans"
    folder.mkdir()
    make_scanned_pdf(folder / "scan.pdf", ["Железная дорога Бишкек", "Railway agreement signed"])
    location = tmp_path / "ix"
    result = invoke("index", "rebuild", folder, "--index", location, "--engine", "xapian", "--allow-empty",
                    "--procs", "1")
    assert result.exit_code == 0 and "0 documents, 1 skipped" in result.output, result.output
    meta = store.read_meta(store.current(location))
    assert meta["engine"] == "xapian" and meta["twin"]["mark"]
    assert query(location, "railway")["total"] == 0
    seed = sorted(shared_path("seeds").glob("*.txt"))[0]
    shutil.copy(seed, folder / seed.name)
    assert invoke("index", "update", "--index", location, "--quiet").exit_code == 0
    word = next(w for w in seed.read_text("utf-8").split() if w.isalpha() and len(w) > 6)
    with kgsearch.open_index(location) as ix:
        found = ix.search(word)
        assert ix._matcher.engine is not None
    assert found.total == 1


@pytest.fixture
def without_xapian(monkeypatch):
    """``import xapian`` fails, as where the extra is not installed."""
    monkeypatch.setitem(sys.modules, "xapian", None)
    for name in [n for n in sys.modules if n.startswith("kgsearch.index.engine.xapian")]:
        monkeypatch.delitem(sys.modules, name)


def test_the_engine_without_the_extra_names_the_install(built, tmp_path, without_xapian):
    folder, _, xapian_index = built
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--engine", "xapian")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert "pip install 'kgsearch[xapian]'" in result.output
    assert not (tmp_path / "ix").exists() or store.current(tmp_path / "ix") is None
    # An index whose engine is Xapian says the same when it is searched or updated.
    for args in (["query", "выборы"], ["index", "update"]):
        result = invoke(*args, "--index", xapian_index)
        assert result.exit_code == 2 and "pip install 'kgsearch[xapian]'" in result.output, args


# -- changes ---------------------------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path):
    """A small archive of the test's own, indexed by Whoosh and by Xapian: (folder, whoosh, xapian)."""
    folder = make_archive(tmp_path / "archive", every=25)
    rebuild(tmp_path / "whoosh", *sources(folder))
    rebuild(tmp_path / "xapian", *sources(folder), "--engine", "xapian")
    return folder, tmp_path / "whoosh", tmp_path / "xapian"


CHECKED = ["выборы", "elections OR music", "Путин", "government", "oil OR gas", '"prime minister"']


def same_answers(whoosh, other, *texts):
    """``other`` answers ``texts`` as ``whoosh`` does, with Whoosh's own matching taken away where
    its engine is Xapian (its copy answers, not ``matchset`` in its place)."""
    expected = {text: answer(whoosh, text) for text in texts or CHECKED}
    with kgsearch.open_index(whoosh) as ix:
        matched = {text: ix.matching_ids(text) for text in expected}
    with pytest.MonkeyPatch.context() as patch:
        if store.read_meta(store.current(other))["engine"] == "xapian":
            patch.setattr(match, "matching", refused)
        for text, found in expected.items():
            assert answer(other, text) == found, text
            assert set(hits_of(other, text)) <= matched[text], text


def refused(*args, **kwargs):
    raise AssertionError("matchset.matching was called")


def test_update_keeps_the_engines_equal(pair):
    folder, whoosh, xapian_index = pair
    mark = store.read_meta(store.current(xapian_index))["twin"]["mark"]
    added = sorted(shared_path("corpora", "bbc").glob("politics/*.txt"))[-1]
    shutil.copy(added, folder / "bbc" / "added.txt")
    gone = sorted((folder / "bbc").iterdir())[0]
    gone.unlink()
    title = added.read_text("utf-8").splitlines()[0]
    for location in (whoosh, xapian_index):
        result = invoke("index", "update", "--index", location)
        assert result.exit_code == 0 and "1 added" in result.output and "1 removed" in result.output, result.output
    meta = store.read_meta(store.current(xapian_index))
    assert meta["twin"]["mark"] != mark and meta["engine"] == "xapian"
    assert kgsearch.status(xapian_index)["documents"] == kgsearch.status(whoosh)["documents"]
    same_answers(whoosh, xapian_index, f'"{title}"', title)
    same_answers(whoosh, xapian_index)
    # Nothing changed: the copy is not written again.
    assert "Xapian copy" not in invoke("index", "update", "--index", xapian_index).output
    assert store.read_meta(store.current(xapian_index))["twin"]["mark"] == meta["twin"]["mark"]
    same_answers(whoosh, xapian_index, "выборы")
    with kgsearch.open_index(xapian_index) as ix:  # the copy is taken as the new Whoosh generation's
        assert ix._matcher.engine.matching(ix._planner.understand("выборы", True, Budget()).query)


def test_an_edit_keeps_the_engines_equal(pair):
    _, whoosh, xapian_index = pair
    doc = query(whoosh, "выборы")["hits"][0]
    for location in (whoosh, xapian_index):
        result = invoke("edit", doc["id"], "--index", location, "--date", "1999-05-01")
        assert result.exit_code == 0, result.output
    assert hits_of(whoosh, "выборы", "--year", "1999") == [doc["id"]]
    same_answers(whoosh, xapian_index)
    assert hits_of(xapian_index, "выборы", "--year", "1999") == [doc["id"]]


def test_a_copy_that_cannot_be_written_keeps_the_update(pair, monkeypatch):
    """The Whoosh index keeps the update; the copy is marked out of date, searches refuse it in
    one line, and the next update writes it again (``test_xapian_updating``: a copy cut short in place)."""
    from kgsearch.index.engine.xapian import twins, updating

    folder, whoosh, xapian_index = pair
    written, updated = twins.write, updating.update

    def failing(*args, **kwargs):
        raise ShardError("cannot reach the Xapian shard tcp://127.0.0.1:1 (test)")

    monkeypatch.setattr(twins, "write", failing)  # whole
    monkeypatch.setattr(updating, "update", failing)  # in place
    shutil.copy(sorted(shared_path("corpora", "bbc").glob("sport/*.txt"))[-1], folder / "bbc" / "added.txt")
    result = invoke("index", "update", "--index", xapian_index)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert "is updated, but its Xapian copy could not be written" in result.output
    meta = store.read_meta(store.current(xapian_index))
    assert meta["twin"] is None and any(name.endswith("added.txt") for name in meta["files"])
    result = invoke("query", "government", "--index", xapian_index)
    assert result.exit_code == 2 and "out of date" in result.output and "update" in result.output
    monkeypatch.setattr(twins, "write", written)
    monkeypatch.setattr(updating, "update", updated)
    assert invoke("index", "update", "--index", xapian_index).exit_code == 0
    assert invoke("index", "update", "--index", whoosh).exit_code == 0
    same_answers(whoosh, xapian_index)


def test_restore_of_a_local_copy(pair):
    """A local copy lives in its generation: a restore brings it back with it."""
    folder, whoosh, xapian_index = pair
    rebuild(xapian_index, *sources(folder), "--engine", "whoosh")
    assert store.read_meta(store.current(xapian_index))["engine"] == "whoosh"
    assert invoke("index", "restore", "--index", xapian_index).exit_code == 0
    assert store.read_meta(store.current(xapian_index))["engine"] == "xapian"
    same_answers(whoosh, xapian_index, "выборы")


def test_a_later_rebuild_follows_the_recorded_engine(pair):
    folder, _, xapian_index = pair
    rebuild(xapian_index)  # the paths it has
    assert store.read_meta(store.current(xapian_index))["engine"] == "xapian"


# -- changes on shards ------------------------------------------------------------------------------


@pytest.fixture
def own_shards(servers):
    """Two shards started for one test (it may kill them)."""
    return [servers.start(f"own-{n}-{time.monotonic_ns()}") for n in range(2)]


def test_restore_refuses_a_copy_the_shards_no_longer_hold(pair, own_shards):
    folder, whoosh, _ = pair
    location = pair[0].parent / "sharded"
    rebuild(location, *sources(folder), "--engine", "xapian", *shard_options(own_shards))
    rebuild(location)  # the same shards, a new copy: the first generation's is gone from them
    now = store.current(location)
    result = invoke("index", "restore", "--index", location)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert "rebuild" in result.output and own_shards[0] in result.output
    assert store.current(location) == now
    same_answers(whoosh, location)


def test_restore_to_and_from_shards_that_hold_their_copy(pair, own_shards):
    folder, whoosh, _ = pair
    location = pair[0].parent / "sharded"
    rebuild(location, *sources(folder), "--engine", "whoosh")
    rebuild(location, *sources(folder), "--engine", "xapian", *shard_options(own_shards))
    assert invoke("index", "restore", "--index", location).exit_code == 0  # back to Whoosh
    assert store.read_meta(store.current(location))["engine"] == "whoosh"
    same_answers(whoosh, location)
    assert invoke("index", "restore", "--index", location).exit_code == 0  # the shards still hold it
    assert store.read_meta(store.current(location))["shards"] == own_shards
    same_answers(whoosh, location)


def test_update_on_shards_keeps_the_engines_equal(pair, own_shards):
    folder, whoosh, _ = pair
    location = pair[0].parent / "sharded"
    rebuild(location, *sources(folder), "--engine", "xapian", *shard_options(own_shards))
    before = answer(whoosh, "government")[0]
    next(p for p in sorted((folder / "bbc").iterdir()) if "government" in p.read_text("utf-8")).unlink()
    for index_location in (whoosh, location):
        assert invoke("index", "update", "--index", index_location).exit_code == 0
    assert answer(whoosh, "government")[0] < before  # the document gone was among its matches
    same_answers(whoosh, location)


def test_a_killed_shard_is_one_line_naming_it(pair, own_shards, servers):
    folder, _, _ = pair
    location = pair[0].parent / "sharded"
    rebuild(location, *sources(folder), "--engine", "xapian", *shard_options(own_shards))
    with kgsearch.open_index(location) as ix:
        assert ix.search("government").total > 0  # the shards opened
        servers.kill(own_shards[1])
        with pytest.raises(kgsearch.KgsearchError, match=own_shards[1]):  # as kgsearch's own error
            ix.search("music")
    result = invoke("query", "government", "--index", location)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert own_shards[1] in result.output and own_shards[0] not in result.output
