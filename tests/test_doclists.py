"""Common terms' document lists beside their segments (``index/engine/doclists.py``): the same
documents as the postings blocks, on real news, through rebuilds, updates, merges and damage."""

import shutil

import pytest
from conftest import shared_path

import kgsearch
from kgsearch import ranking
from kgsearch.budget import Budget
from kgsearch.index import rebuild, store, update
from kgsearch.index.engine import doclists
from kgsearch.index.engine.blocks import term_blocks
from kgsearch.matchset import matching
from test_limited_search import QUERIES, whoosh_order

LOW = 8  # a term in this many documents of a segment gets a list: most of a small archive's words


def _write_news(folder, ng_lines: range, bbc_every: int):
    folder.mkdir(parents=True, exist_ok=True)
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = [line for number, line in enumerate(lines) if number in ng_lines]
    (folder / f"ng-{ng_lines.start}.jsonl").write_text("".join(records), "utf-8")
    for path in sorted(shared_path("corpora", "bbc").glob("*/*.txt"))[::bbc_every][:150]:
        (folder / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """400 NG articles and 150 BBC stories, indexed with a list for every term in LOW documents
    of a segment; (index folder, news folder)."""
    with pytest.MonkeyPatch.context() as patch:  # undone when the news is missing and the module skips, too
        patch.setattr(doclists, "MIN_DOCUMENTS", LOW)
        root = tmp_path_factory.mktemp("doclists")
        news = _write_news(root / "news", range(0, 400), 15)
        rebuild(root / "ix", [news], procs=1)
    return root / "ix", news


def _segment_readers(ix):
    return [sub.reader() for sub, _ in ix.searcher.leaf_searchers()]


def _blocks_ids(reader, field, btext) -> list[int]:
    term = term_blocks(reader, field, btext)
    return [d for b in range(len(term.ends)) for d in term.block(b).ids]


def test_every_common_term_has_its_documents_listed_as_its_blocks_hold_them(archive):
    with kgsearch.open_index(archive[0]) as ix:
        checked = 0
        for reader in _segment_readers(ix):
            for field in ("title", "body", "people", "lang"):
                for btext in reader.lexicon(field):
                    listed = doclists.documents(reader, field, btext)
                    frequent = reader.doc_frequency(field, btext) >= LOW
                    assert (listed is not None) == frequent, (field, btext)
                    if listed is not None:
                        assert list(listed) == _blocks_ids(reader, field, btext), (field, btext)
                        checked += 1
        assert checked > 1000  # most of a real archive's common words, in both languages


@pytest.mark.parametrize("query", QUERIES)
def test_the_match_set_read_from_the_lists_is_whooshs(archive, query):
    with kgsearch.open_index(archive[0]) as ix:
        q = ix._planner.understand(query, True, Budget()).query
        assert matching(ix.searcher, q) == {docnum for docnum, _ in whoosh_order(ix, q)}


@pytest.mark.parametrize("k", [1, 10, 37])
def test_ranking_from_the_lists_gives_whooshs_scores_and_order(archive, k):
    with kgsearch.open_index(archive[0]) as ix:
        for query in QUERIES:
            q = ix._planner.understand(query, True, Budget()).query
            full = whoosh_order(ix, q)
            top = ranking.top(ix.searcher, q, {d for d, _ in full}, k)
            assert top is not None, query
            assert [d for d, _ in top] == [d for d, _ in full[:k]], query
            assert all(abs(a - b) <= 1e-9 * max(1.0, b) for (_, a), (_, b) in zip(top, full)), query


def test_weights_are_kept_exactly_or_not_at_all():
    assert doclists._packed([1.0, 2.0, 255.0]) == ("B", doclists.array("B", [1, 2, 255]))
    assert doclists._packed([0.5, 2.0])[0] == "f"
    assert doclists._packed([0.1, 2.0]) == ("", None)  # 0.1 is not a 32-bit float


def test_the_lists_are_read(archive, monkeypatch):
    """The lists are what matching reads for a common word: with the blocks unreadable, an AND of
    common words, with a NOT, still finds its documents."""
    from whoosh import query as wq

    with kgsearch.open_index(archive[0]) as ix:
        q = wq.And([wq.Term("body", "govern"), wq.Term("body", "minist"), wq.Not(wq.Term("body", "labour"))])
        expected = matching(ix.searcher, q)
        assert expected == {docnum for docnum, _ in whoosh_order(ix, q)} and expected
        monkeypatch.setattr("kgsearch.postings._decode", lambda *a: pytest.fail("blocks decoded"))
        assert matching(ix.searcher, q) == expected
        assert [d for d, _ in ranking.top(ix.searcher, q, expected, 5)] == [d for d, _ in whoosh_order(ix, q)[:5]]


def test_an_update_s_segment_and_a_merge_have_lists_and_none_outlives_its_segment(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(doclists, "MIN_DOCUMENTS", LOW)
    location, news = tmp_path / "ix", tmp_path / "news"
    shutil.copytree(archive[0], location, symlinks=True)
    shutil.copytree(archive[1], news)
    # The copy is known by the original's paths: index the copy's folder afresh, then change it.
    rebuild(location, [news], procs=1)
    for round_ in range(4):  # several small updates: Whoosh merges small segments as they come
        _write_news(news, range(400 + 30 * round_, 430 + 30 * round_), 40 + round_)
        update(location, [news])
    with kgsearch.open_index(location) as ix:
        readers = _segment_readers(ix)
        folder = store.current(location)
        segments = {r._segment.segment_id() for r in readers}
        assert len(segments) > 1
        lists = {p.name[: -len(".docs")] for p in folder.glob("*.docs")}
        assert lists == segments  # each segment its file, and no file without its segment
        assert not list(folder.glob("*part.docs"))  # a list begun and not named for its segment
        for query in ("government", "президента", "Blair", '"prime minister"', "oil OR gas"):
            q = ix._planner.understand(query, True, Budget()).query
            assert matching(ix.searcher, q) == {docnum for docnum, _ in whoosh_order(ix, q)}, query


def test_a_damaged_list_file_is_read_as_none_and_the_blocks_answer(archive, tmp_path):
    location = tmp_path / "ix"
    shutil.copytree(archive[0], location, symlinks=True)
    damaged = list(location.rglob("*.docs"))
    assert damaged
    for path in damaged:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # cut short: no trailer
    with kgsearch.open_index(location) as ix, kgsearch.open_index(archive[0]) as whole:
        for query in ("government", "президента", '"prime minister"'):
            q = ix._planner.understand(query, True, Budget()).query
            found = matching(ix.searcher, q)
            assert found == {docnum for docnum, _ in whoosh_order(ix, q)}
            assert ix.search(query).total == whole.search(query).total


def test_a_table_pointing_past_the_arrays_is_not_believed(tmp_path):
    writer = doclists.DocListWriter(tmp_path, "MAIN_x")
    postings = [("body", b"a", d, 1.0, b"") for d in range(600)] + [("body", b"b", 3, 1.0, b"")]
    assert len(list(writer.tap(iter(postings)))) == 601
    writer.finish()
    lists = doclists.DocLists(tmp_path / "MAIN_x.docs")
    assert list(lists.documents("body", b"a")) == list(range(600))
    assert lists.documents("body", b"b") is None  # one document: its blocks are cheap
    lists._table["body"][b"a"] = (8, 10_000, *lists._table["body"][b"a"][2:])
    assert lists.documents("body", b"a") is None



def test_a_list_left_by_an_update_killed_while_writing_goes_at_the_next_commit(archive, tmp_path, monkeypatch):
    """A writer killed after its list file was begun (no ``finally`` runs, no cancel) leaves it in
    the live generation; like the dead segment's own files, the next commit's clean-up removes it."""
    import os

    monkeypatch.setattr(doclists, "MIN_DOCUMENTS", LOW)
    location, news = tmp_path / "ix", tmp_path / "news"
    shutil.copytree(archive[1], news)
    rebuild(location, [news], procs=1)
    folder = store.current(location)
    before = {p.name for p in folder.iterdir()}
    _write_news(news, range(400, 460), 40)
    child = os.fork()
    if child == 0:  # the update, killed as it would name its list: its segment written, no commit
        try:
            monkeypatch.setattr(doclists.DocListWriter, "finish", lambda self: os._exit(9))
            update(location, [news])
        finally:
            os._exit(1)
    assert os.waitpid(child, 0)[1] >> 8 == 9
    assert store.current(location) == folder
    left = {p.name for p in folder.iterdir()} - before
    assert len(left) >= 2  # the dead segment's file and its list, begun
    _write_news(news, range(460, 480), 45)
    update(location, [news])
    assert not left & {p.name for p in folder.iterdir()}
    with kgsearch.open_index(location) as ix:
        segments = {r._segment.segment_id() for r in _segment_readers(ix)}
    assert {p.name[: -len(".docs")] for p in folder.glob("*.docs")} <= segments


@pytest.mark.parametrize("damage", ["a document's high bit", "a document's low bit", "the weights"])
def test_a_list_damaged_inside_is_not_believed(archive, tmp_path, damage):
    """A bit flipped inside a common word's documents, or its weights zeroed (the file's table and
    trailer whole): its matches and their order are still Whoosh's, read from the blocks."""
    from whoosh import query as wq

    location = tmp_path / "ix"
    shutil.copytree(archive[0], location, symlinks=True)
    path = sorted(location.rglob("*.docs"))[0]
    table = doclists.DocLists(path).table()
    btext = max(table["body"], key=lambda t: table["body"][t][1])  # the segment's commonest word
    offset, count, code, where = table["body"][btext][:4]
    assert code == "B"
    data = bytearray(path.read_bytes())
    if damage == "the weights":
        data[where : where + count] = bytes(count)
    else:
        data[offset + 4 * (count // 2) + (3 if "high" in damage else 0)] ^= 0x01
    path.write_bytes(bytes(data))
    q = wq.Term("body", btext.decode("utf-8"))
    with kgsearch.open_index(location) as ix:
        full = whoosh_order(ix, q)
        assert matching(ix.searcher, q) == {d for d, _ in full}
        top = ranking.top(ix.searcher, q, {d for d, _ in full}, 10)
        assert [d for d, _ in top] == [d for d, _ in full[:10]]
        assert all(abs(a - b) <= 1e-9 * max(1.0, b) for (_, a), (_, b) in zip(top, full))


def test_an_edit_s_merge_keeps_the_merged_documents_listed(archive, tmp_path, monkeypatch):
    """``kgsearch edit`` commits with the update's merge policy: the segment it merges others into
    has its list too, so a common word there is not read from its blocks again."""
    from kgsearch.index.build import correct

    monkeypatch.setattr(doclists, "MIN_DOCUMENTS", LOW)
    location, news = tmp_path / "ix", tmp_path / "news"
    shutil.copytree(archive[1], news)
    rebuild(location, [news], procs=1)
    for start in (400, 430):  # two small segments of one tier: the next commit merges them
        _write_news(news, range(start, start + 30), 1000)
        update(location, [news])
    with kgsearch.open_index(location) as ix:
        before = {r._segment.segment_id() for r in _segment_readers(ix)}
        doc_id = ix.searcher.stored_fields(0)["id"]
    correct(location, doc_id, {"title": "Исправленный заголовок"})
    with kgsearch.open_index(location) as ix:
        after = {r._segment.segment_id() for r in _segment_readers(ix)}
        assert len(before - after) >= 2  # merged
        folder = store.current(location)
        assert {p.name[: -len(".docs")] for p in folder.glob("*.docs")} == after
        for query in ("government", "президента"):
            q = ix._planner.understand(query, True, Budget()).query
            assert matching(ix.searcher, q) == {docnum for docnum, _ in whoosh_order(ix, q)}, query


def test_ranking_a_common_word_beside_a_rare_one_reads_the_few_blocks_not_the_whole_list(archive, monkeypatch):
    """As matching does (``WITHIN_PER_LISTED``): walking a 50,000-document list costs about 3 ms
    in Python, the few blocks that hold a rare word's matches a tenth of that."""
    from whoosh import query as wq

    from kgsearch import postings as postings_module

    with kgsearch.open_index(archive[0]) as ix:
        reader = _segment_readers(ix)[0]
        table = doclists._lists(reader).table()
        common = max(table["body"], key=lambda t: table["body"][t][1]).decode("utf-8")
        rare = (wq.And([wq.Term("body", common), wq.Term("body", t.decode("utf-8"))]) for t in reader.lexicon("body")
                if reader.doc_frequency("body", t) == 1 and t.decode("utf-8").isalpha())
        q = next(q for q in rare if matching(ix.searcher, q))  # a word of one document, beside the common one
        full = whoosh_order(ix, q)
        ids = {d for d, _ in full}
        assert ids and len(ids) * postings_module.WITHIN_PER_LISTED < table["body"][common.encode()][1]
        decoded = []
        real = postings_module._decode
        monkeypatch.setattr(postings_module, "_decode", lambda r, f, b: decoded.append(b) or real(r, f, b))
        top = ranking.top(ix.searcher, q, ids, 10)
        assert [d for d, _ in top] == [d for d, _ in full[:10]]
        assert common.encode() in decoded
