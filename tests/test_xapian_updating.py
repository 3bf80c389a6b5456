"""An update or an edit brings an index's Xapian copy up to date where it is, writing only what moved.

On the archive of ``test_xapian_commands`` (NG articles, BBC stories, the
seeds, all real), after an update that adds, removes and changes a file and
after an edit, the copy answers as the Whoosh index of the same folder does,
and was not written whole: the whole rewrite is refused (it would fail the
command), and the documents written are those of the segments Whoosh's
commit wrote, no more. Locally and on two shards; the whole rewrite still
answers where the copy cannot be compared; a reader of the index as it was
keeps answering from Whoosh; a copy cut short is never searched. Skipped
without the ``xapian`` extra, the shared corpora or, for the shards,
``xapian-tcpsrv``.
"""

import json
from pathlib import Path

import pytest

xapian = pytest.importorskip("xapian")

from conftest import invoke, shared_path  # noqa: E402
from test_xapian_commands import (  # noqa: E402,F401 (fixtures)
    answer, hits_of, own_shards, pair, rebuild, same_answers, servers, shard_options, sources,
)
from whoosh import index as whoosh_index  # noqa: E402

import kgsearch  # noqa: E402
from kgsearch.index import store  # noqa: E402
from kgsearch.index.engine.xapian import twins, updating  # noqa: E402
from kgsearch.index.engine.xapian.searching import XapianSearcher  # noqa: E402
from kgsearch.index.engine.xapian.writing import TWIN_OF  # noqa: E402


def refuse_whole_rewrite(monkeypatch) -> list[str]:
    """The ids of the documents the update writes into the copy, as it writes them; writing the
    copy whole fails the command (the test sees it)."""
    written = []
    made = updating.document

    def document(schema, stored, keywords):
        written.append(stored["id"])
        return made(schema, stored, keywords)

    def whole(*args, **kwargs):
        raise AssertionError("the copy was written whole")

    monkeypatch.setattr(updating, "document", document)
    monkeypatch.setattr(twins, "write", whole)
    return written


def segment_ids(location) -> set[str]:
    with whoosh_index.open_dir(store.current(location)).reader() as reader:
        return {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()}


def ids_in_segments_not_in(location, before: set[str]) -> list[str]:
    """The ids of the live documents of the segments of the index at ``location`` that are not
    among ``before``: what its last commit wrote."""
    found = []
    with whoosh_index.open_dir(store.current(location)).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if leaf.segment().segment_id() not in before:
                found += [leaf.stored_fields(n)["id"] for n in range(leaf.doc_count_all()) if not leaf.is_deleted(n)]
    return found


def copy_documents(location) -> int:
    generation = store.current(location)
    with XapianSearcher(twins.locations(generation, store.read_meta(generation))) as searcher:
        return searcher.doc_count()


def title_of(path: Path) -> str:
    return path.read_text("utf-8").splitlines()[0].strip()


def change_archive(folder: Path, whoosh) -> tuple[list[str], dict]:
    """One BBC story added, one removed, one changed (its title line dropped) in ``folder``; the
    queries whose answers that changes, and their answers from the Whoosh index ``whoosh`` before."""
    stories = sorted((folder / "bbc").iterdir())
    removed, changed = stories[0], stories[1]
    added = sorted(shared_path("corpora", "bbc").glob("*/*.txt"))[1]  # the archive has every 25th
    texts = [f'"{title_of(removed)}"', f'"{title_of(changed)}"', f'"{title_of(added)}"']
    before = {text: answer(whoosh, text) for text in texts}
    (folder / "bbc" / "added.txt").write_bytes(added.read_bytes())
    removed.unlink()
    changed.write_text("\n".join(changed.read_text("utf-8").splitlines()[1:]), encoding="utf-8")
    return texts, before


def update_both(whoosh, other):
    for location in (whoosh, other):
        result = invoke("index", "update", "--index", location)
        assert result.exit_code == 0, result.output
        assert "1 added, 1 changed, 1 removed" in result.output, result.output


def test_an_update_writes_only_what_moved(pair, monkeypatch):
    folder, whoosh, xapian_index = pair
    texts, before = change_archive(folder, whoosh)
    segments = segment_ids(xapian_index)
    folder_before = twins.locations(store.current(xapian_index), store.read_meta(store.current(xapian_index)))
    written = refuse_whole_rewrite(monkeypatch)
    update_both(whoosh, xapian_index)
    assert all(answer(whoosh, text) != before[text] for text in texts)  # each change shows in Whoosh
    assert written and sorted(written) == sorted(ids_in_segments_not_in(xapian_index, segments))
    meta = store.read_meta(store.current(xapian_index))
    assert twins.locations(store.current(xapian_index), meta) == folder_before  # changed where it is
    assert copy_documents(xapian_index) == kgsearch.status(whoosh)["documents"]
    same_answers(whoosh, xapian_index, *texts)
    same_answers(whoosh, xapian_index)


def test_an_edit_writes_only_the_document(pair, monkeypatch):
    _, whoosh, xapian_index = pair
    doc = hits_of(whoosh, "выборы")[0]
    segments = segment_ids(xapian_index)
    written = refuse_whole_rewrite(monkeypatch)
    for location in (whoosh, xapian_index):
        result = invoke("edit", doc, "--index", location, "--date", "1999-05-01")
        assert result.exit_code == 0, result.output
    assert doc in written and sorted(written) == sorted(ids_in_segments_not_in(xapian_index, segments))
    assert hits_of(whoosh, "выборы", "--year", "1999") == [doc]
    same_answers(whoosh, xapian_index, "выборы")
    assert hits_of(xapian_index, "выборы", "--year", "1999") == [doc]
    assert copy_documents(xapian_index) == kgsearch.status(whoosh)["documents"]


def test_an_update_and_an_edit_on_shards_write_only_what_moved(pair, own_shards, monkeypatch):
    folder, whoosh, _ = pair
    location = folder.parent / "sharded"
    rebuild(location, *sources(folder), "--engine", "xapian", *shard_options(own_shards))
    texts, _ = change_archive(folder, whoosh)
    segments = segment_ids(location)
    written = refuse_whole_rewrite(monkeypatch)
    update_both(whoosh, location)
    assert written and sorted(written) == sorted(ids_in_segments_not_in(location, segments))
    same_answers(whoosh, location, *texts)
    same_answers(whoosh, location)
    doc = hits_of(whoosh, "government")[0]
    segments, written[:] = segment_ids(location), []
    for index_location in (whoosh, location):
        assert invoke("edit", doc, "--index", index_location, "--date", "1999-05-01").exit_code == 0
    assert doc in written and sorted(written) == sorted(ids_in_segments_not_in(location, segments))
    assert answer(location, "government", "--year", "1999") == answer(whoosh, "government", "--year", "1999")
    same_answers(whoosh, location)
    assert copy_documents(location) == kgsearch.status(whoosh)["documents"]
    assert twins.holds(own_shards, store.read_meta(store.current(location))["twin"]["mark"])


def test_a_tail_that_shrinks_leaves_no_document_behind(pair, monkeypatch):
    """The documents the copy had past the new reader's last are deleted: two stories added, then
    both removed and one added (their segment, all deleted, is merged away)."""
    folder, whoosh, xapian_index = pair
    stories = sorted(shared_path("corpora", "bbc").glob("*/*.txt"))[1:4]  # the archive has every 25th
    texts = [f'"{title_of(story)}"' for story in stories]
    written = refuse_whole_rewrite(monkeypatch)
    for n, story in enumerate(stories[:2]):
        (folder / "bbc" / f"added-{n}.txt").write_bytes(story.read_bytes())
    for location in (whoosh, xapian_index):
        assert invoke("index", "update", "--index", location).exit_code == 0
    segments = segment_ids(xapian_index)
    for n in range(2):
        (folder / "bbc" / f"added-{n}.txt").unlink()
    (folder / "bbc" / "added-2.txt").write_bytes(stories[2].read_bytes())
    written[:] = []
    for location in (whoosh, xapian_index):
        result = invoke("index", "update", "--index", location)
        assert result.exit_code == 0 and "1 added, 0 changed, 2 removed" in result.output, result.output
    assert sorted(written) == sorted(ids_in_segments_not_in(xapian_index, segments))
    assert copy_documents(xapian_index) == kgsearch.status(whoosh)["documents"]
    same_answers(whoosh, xapian_index, *texts)


def forget_layout(location):
    """As an index written before the copy's layout was recorded."""
    generation = store.current(location)
    meta = store.read_meta(generation)
    del meta["twin"]["layout"]
    store.write_meta(generation, meta)


def cut_short(location):
    """As a copy whose in-place update was killed: blanked, ``meta.json`` not written since."""
    generation = store.current(location)
    meta = store.read_meta(generation)
    db = xapian.WritableDatabase(twins.locations(generation, meta)[0], xapian.DB_OPEN)
    db.set_metadata(TWIN_OF, json.dumps({"mark": "", "origin": twins.origin(meta["twin"])}))
    db.commit()
    db.close()


@pytest.mark.parametrize("spoil", [forget_layout, cut_short])
def test_a_copy_that_cannot_be_compared_is_written_whole(pair, monkeypatch, spoil):
    folder, whoosh, xapian_index = pair
    texts, _ = change_archive(folder, whoosh)
    spoil(xapian_index)
    whole = []
    write = twins.write

    def recorded(*args, **kwargs):
        whole.append(args)
        return write(*args, **kwargs)

    monkeypatch.setattr(twins, "write", recorded)
    update_both(whoosh, xapian_index)
    assert len(whole) == 1
    same_answers(whoosh, xapian_index, *texts)
    same_answers(whoosh, xapian_index)


def test_a_copy_cut_short_in_place_is_refused_then_written_whole(pair, monkeypatch):
    """The update keeps the Whoosh index's change; the copy, blanked, is out of date and never
    searched; the next update writes it whole."""
    folder, whoosh, xapian_index = pair
    texts, _ = change_archive(folder, whoosh)
    copy = twins.locations(store.current(xapian_index), store.read_meta(store.current(xapian_index)))[0]
    made = updating.document

    def failing(schema, stored, keywords):
        raise xapian.DatabaseError("disk full (test)")

    monkeypatch.setattr(updating, "document", failing)
    result = invoke("index", "update", "--index", xapian_index)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert "is updated, but its Xapian copy could not be written" in result.output
    meta = store.read_meta(store.current(xapian_index))
    assert meta["twin"] is None and any(name.endswith("added.txt") for name in meta["files"])
    assert json.loads(xapian.Database(copy).get_metadata(TWIN_OF))["mark"] == ""  # blanked: no copy
    result = invoke("query", "government", "--index", xapian_index)
    assert result.exit_code == 2 and "out of date" in result.output
    monkeypatch.setattr(updating, "document", made)
    assert invoke("index", "update", "--index", xapian_index).exit_code == 0
    assert invoke("index", "update", "--index", whoosh).exit_code == 0
    same_answers(whoosh, xapian_index, *texts)
    same_answers(whoosh, xapian_index)


@pytest.mark.parametrize("searched_before", [True, False], ids=["searched before", "not searched before"])
def test_a_reader_of_the_index_as_it_was_answers_from_whoosh(pair, searched_before):
    """A reader that opened the index before an update keeps answering as the index was: where its
    copy changed under it, or is of its origin under another mark, from Whoosh (whose generation
    it still reads), never an error."""
    folder, whoosh, xapian_index = pair
    with kgsearch.open_index(whoosh) as was:
        expected = {text: was.search(text, limit=10) for text in ("government", "выборы OR elections")}
    expected = {text: (r.total, [h.id for h in r.hits]) for text, r in expected.items()}
    with kgsearch.open_index(xapian_index) as ix:
        if searched_before:
            assert ix.search("music").total > 0  # the copy is open
        stories = sorted(shared_path("corpora", "bbc").glob("*/*.txt"))
        for n in range(1, 4):  # several updates: the blocks of the copy as it was are reused
            (folder / "bbc" / f"added-{n}.txt").write_bytes(stories[n].read_bytes())
            result = invoke("index", "update", "--index", xapian_index)
            assert result.exit_code == 0 and "Xapian copy" in result.output, result.output
        for text, found in expected.items():
            result = ix.search(text, limit=10)
            assert (result.total, [h.id for h in result.hits]) == found, text
