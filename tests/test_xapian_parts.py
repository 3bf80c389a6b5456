"""A rebuild's Xapian copy from its own analysis (``engine.xapian.parts``), on real news.

The copy joined from the segment writers' parts must be the very copy that
``write_twin`` makes from the finished index, text analysed again: every
document under the same number, with the same terms, frequencies,
positions, values and data. Several segments (small ones, from two workers
and from one) so that a part joined out of order, or numbered from the
wrong place, shows. Skipped without the ``xapian`` extra or the corpora.
"""

import json
import shutil
from pathlib import Path

import pytest

xapian = pytest.importorskip("xapian")

from conftest import invoke, shared_path  # noqa: E402

from whoosh import index as whoosh_index  # noqa: E402

import kgsearch  # noqa: E402
from kgsearch.index import build, sizing, store  # noqa: E402
from kgsearch.index.engine.xapian import parts, twins  # noqa: E402
from kgsearch.index.engine.xapian.writing import write_twin  # noqa: E402

SEGMENT = 97  # documents a segment: several in each worker, the last of each short


def archive(folder: Path) -> Path:
    """Every 8th NG article, every 10th BBC story, the Meduza stories and the seeds."""
    folder.mkdir()
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        (folder / "ng.jsonl").write_text("".join(line for n, line in enumerate(lines) if n % 8 == 0), "utf-8")
    (folder / "bbc").mkdir()
    for n, path in enumerate(sorted(shared_path("corpora", "bbc").glob("*/*.txt"))[::10]):
        shutil.copy(path, folder / "bbc" / f"{n:03d}-{path.name}")
    shutil.copytree(shared_path("corpora", "meduza"), folder / "meduza")
    shutil.copytree(shared_path("seeds"), folder / "seeds")
    return folder


@pytest.fixture(scope="module", params=[2, 1], ids=["two workers", "one"])
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"parts-{request.param}")
    patch = pytest.MonkeyPatch()
    patch.setattr(sizing, "SEGMENT_DOCUMENTS", SEGMENT)
    try:
        build.rebuild(folder / "ix", [archive(folder / "news")], engine="xapian", procs=request.param)
    finally:
        patch.undo()
    return folder / "ix"


def contents(db, docid: int):
    doc = db.get_document(docid)
    words = [(t.term, t.wdf, list(db.positionlist(docid, t.term))) for t in doc.termlist()]
    return words, [(v.num, v.value) for v in doc.values()], json.loads(doc.get_data())


def test_the_joined_copy_is_the_copy_written_from_the_index(built, tmp_path):
    generation = store.current(built)
    meta = store.read_meta(generation)
    assert meta["twin"]["joined"]
    joined = xapian.Database(twins.locations(generation, meta)[0])
    with whoosh_index.open_dir(str(store.current(built))).reader() as reader:
        assert len(list(reader.leaf_readers())) > 4  # several segments joined
        write_twin(reader, [tmp_path / "again"], folder=generation)  # its story groups stamped too
        count = reader.doc_count()
    again = xapian.Database(str(tmp_path / "again"))
    assert joined.get_doccount() == again.get_doccount() == count
    assert [p.docid for p in joined.postlist("")] == [p.docid for p in again.postlist("")]
    for posting in again.postlist(""):
        assert contents(joined, posting.docid) == contents(again, posting.docid)
    assert not (generation / parts.FOLDER).exists()  # the parts are gone once joined


def test_parts_that_are_not_whole_are_not_trusted(built, tmp_path):
    """A part missing, or one short of a document, and the copy is written from the index."""
    with whoosh_index.open_dir(str(store.current(built))).reader() as reader:
        segments = [leaf.segment() for leaf, _ in reader.leaf_readers()]
        copies = parts.SegmentCopies(tmp_path)
        for n, segment in enumerate(segments):
            copy = copies(reader.schema, segment.segment_id())
            stored = {"id": f"doc-{n}"}
            for docnum in range(segment.doc_count_all() - (1 if n == 2 else 0)):
                copy.add(docnum, [], stored)
            copy.finish()
        assert parts.parts_of(tmp_path, reader) is None  # the third is short
        shutil.rmtree(tmp_path / parts.FOLDER / segments[2].segment_id())
        assert parts.parts_of(tmp_path, reader) is None  # the third is missing
        copy = copies(reader.schema, segments[2].segment_id())
        for docnum in range(segments[2].doc_count_all()):
            copy.add(docnum, [], {"id": "x"})
        copy.finish()
        assert [p.name for p in parts.parts_of(tmp_path, reader)] == [s.segment_id() for s in segments]


def test_a_part_that_cannot_be_written_costs_the_build_nothing(tmp_path, monkeypatch):
    """A document the part cannot take (here: every third) abandons the part, never the document:
    the rebuild indexes everything, and its copy is written from the index, whole."""
    from kgsearch.index.engine.xapian import writing

    real, calls = writing.tapped_document, []

    def failing(*args):
        calls.append(1)
        if len(calls) % 3 == 0:
            raise ValueError("a document the part cannot take")
        return real(*args)

    seeds = str(shared_path("seeds"))
    whole = build.rebuild(tmp_path / "whoosh", [seeds], procs=1).documents
    monkeypatch.setattr(parts, "tapped_document", failing)
    report = build.rebuild(tmp_path / "ix", [seeds], engine="xapian", procs=1)
    assert report.twin_joined is False
    assert len(calls) == 3 < whole  # abandoned at the third
    assert report.documents == whole and not report.skipped
    generation = store.current(tmp_path / "ix")
    meta = store.read_meta(generation)
    assert meta["twin"]["joined"] is False
    copy = xapian.Database(twins.locations(generation, meta)[0])
    assert copy.get_doccount() == report.documents
    assert not (generation / parts.FOLDER).exists()


@pytest.mark.parametrize("failure", [xapian.DatabaseCreateError("Cannot create directory: No space left on device"),
                                     OSError(28, "No space left on device")], ids=["xapian", "os"])
def test_a_part_that_cannot_be_made_costs_the_build_nothing(tmp_path, monkeypatch, failure):
    """The second segment's part cannot even be created: that part is abandoned, never a
    document (its postings were in the segment already, under the number the next one took)
    nor the build; the copy is written from the index, whole."""
    monkeypatch.setattr(sizing, "SEGMENT_DOCUMENTS", 7)
    demo = kgsearch.demo_corpus()
    whole = build.rebuild(tmp_path / "whoosh", [demo], procs=1).documents
    made = []

    class Creating(xapian.WritableDatabase):
        def __init__(self, path, *args):
            if parts.FOLDER in str(path):
                made.append(path)
                if len(made) == 2:
                    raise failure
            super().__init__(path, *args)

    monkeypatch.setattr(xapian, "WritableDatabase", Creating)
    report = build.rebuild(tmp_path / "ix", [demo], engine="xapian", procs=1)
    assert len(made) > 2  # the failure was the second part's of several
    assert report.documents == whole and not report.skipped
    generation = store.current(tmp_path / "ix")
    meta = store.read_meta(generation)
    assert meta["twin"]["joined"] is False
    copy = xapian.Database(twins.locations(generation, meta)[0])
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        assert reader.doc_count() == copy.get_doccount() == whole
        ids = [reader.stored_fields(n)["id"] for n in range(reader.doc_count_all())]
    assert [copy.get_document(n + 1).get_value(2).decode() for n in range(whole)] == ids
    assert not (generation / parts.FOLDER).exists()


def test_a_segment_whose_documents_all_raised_needs_no_part(tmp_path, monkeypatch):
    """The last record opens a new segment and its analysis raises: the segment is written with no
    document, and a part of nothing is no reason to analyse the whole archive again."""
    from whoosh import fields as whoosh_fields

    poison = "A record whose analysis raises"
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = [line for _, line in zip(range(2 * 7), lines)]
    poisoned = {"url": "poisoned", "title": poison, "content": json.loads(records[0])["content"]}
    records.append(json.dumps(poisoned) + "\n")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "ng.jsonl").write_text("".join(records), "utf-8")
    index_field = whoosh_fields.TEXT.index

    def raising(self, value, **kwargs):
        if poison in str(value):
            raise RuntimeError("the analyzer tripped")
        return index_field(self, value, **kwargs)

    monkeypatch.setattr(whoosh_fields.TEXT, "index", raising)
    monkeypatch.setattr(sizing, "SEGMENT_DOCUMENTS", 7)
    report = build.rebuild(tmp_path / "ix", [tmp_path / "news"], engine="xapian", procs=1)
    assert report.documents == 14 and len(report.skipped) == 1
    generation = store.current(tmp_path / "ix")
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        assert [leaf.doc_count_all() for leaf, _ in reader.leaf_readers()] == [7, 7, 0]
        write_twin(reader, [tmp_path / "again"], folder=generation)  # its story groups stamped too
    meta = store.read_meta(generation)
    assert meta["twin"]["joined"]
    joined, again = xapian.Database(twins.locations(generation, meta)[0]), xapian.Database(str(tmp_path / "again"))
    assert joined.get_doccount() == again.get_doccount() == 14
    for posting in again.postlist(""):
        assert contents(joined, posting.docid) == contents(again, posting.docid)


def test_the_summary_says_how_the_copy_was_made(tmp_path):
    result = invoke("index", "rebuild", str(shared_path("seeds")), "--index", str(tmp_path / "ix"), "--engine",
                    "xapian", "--procs", "1")
    assert result.exit_code == 0, result.output
    assert "(the Xapian copy joined " in result.output
