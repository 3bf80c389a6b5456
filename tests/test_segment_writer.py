"""The rebuild's segment writer (index/engine/segmentwriter.py) writes what Whoosh's own does: its pool
gives back the same postings in the same order after any number of runs spilled to disk, and a
segment written with it holds the same terms, postings and length statistics."""

import random

from whoosh.filedb.filestore import FileStorage
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.writing import PostingPool, SegmentWriter

from conftest import stored
from kgsearch.analyzers import bilingual_analyzer
from kgsearch.index.engine import segmentwriter


def postings(count: int) -> list[tuple]:
    """(field, term bytes, document number, weight, value bytes or None), as a writer adds them."""
    rng = random.Random(13)
    words = ["железная", "дорога", "railway", "Бишкек", "china's", "2024", "ё"]
    found = []
    for docnum in range(count // 10):
        for _ in range(10):
            field = rng.choice(["body", "title", "speakers"])
            term = f"{rng.choice(words)}{rng.randrange(50)}".encode()
            value = bytes(rng.randrange(256) for _ in range(rng.randrange(12))) if field != "speakers" else None
            found.append((field, term, docnum, rng.choice([1, 2.5, 0.5]), value))
    return found


def drained(pool, items) -> tuple[int, list]:
    for item in items:
        pool.add(item)
    runs = len(pool.runs)
    return runs, list(pool.items())


def test_spilled_postings_come_back_as_whoosh_gives_them(tmp_path, monkeypatch):
    monkeypatch.setattr(segmentwriter, "CHUNK", 7)  # chunks end inside runs, and runs inside chunks
    items = postings(3000)
    storage = FileStorage(str(tmp_path))
    ours = segmentwriter.ChunkedPostingPool(storage, None, limitmb=0.02)
    whooshs = PostingPool(storage, None, limitmb=0.02)
    runs, got = drained(ours, items)
    whoosh_runs, expected = drained(whooshs, items)
    assert runs >= 3 and runs == whoosh_runs, "the pools should have spilled several runs alike"
    assert got == expected == sorted(items)
    assert storage.list() == [], "every run is removed once read"


def test_a_pool_that_never_spills_sorts_in_memory(tmp_path):
    items = postings(200)
    runs, got = drained(segmentwriter.ChunkedPostingPool(FileStorage(str(tmp_path)), None), items)
    assert runs == 0 and got == sorted(items)


def segment_contents(folder, writer_class, documents) -> dict:
    """Every term's statistics and postings in an index of ``documents`` written by one segment
    of ``writer_class``, with a pool small enough to spill."""
    analyzer = bilingual_analyzer()
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=analyzer, phrase=True, field_boost=2.0),
                    body=TEXT(analyzer=analyzer, phrase=True, chars=True))
    ix = whoosh_index.create_in(folder, schema)
    writer = writer_class(ix, limitmb=0.05)
    for n, (title, body) in enumerate(documents):
        writer.add_document(id=str(n), title=title, body=body)
    writer.commit()
    contents = {}
    with ix.reader() as reader:
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            postings = reader.postings(field, text)
            contents[field, text] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                     info.max_weight(), list(postings.all_items()))
    return contents


def test_a_segment_holds_what_whooshs_own_writer_writes(tmp_path, demo_index):
    documents = [(fields["title"], fields["body"]) for fields in stored(demo_index).values()]
    (tmp_path / "ours").mkdir()
    (tmp_path / "whoosh").mkdir()
    ours = segment_contents(tmp_path / "ours", segmentwriter.FastSegmentWriter, documents)
    whooshs = segment_contents(tmp_path / "whoosh", SegmentWriter, documents)
    assert len(ours) > 1000 and ours == whooshs


def test_a_rebuilds_segment_is_assembled_without_mapping_its_files(tmp_path, demo_index, monkeypatch):
    """A rebuild's index is opened on mapped storage (``store.create_whoosh``); copying a closing
    segment's files into its compound file through maps held each file whole in the writer's memory."""
    from kgsearch.index import store
    from kgsearch.index.engine import mapped

    documents = [(fields["title"], fields["body"]) for fields in stored(demo_index).values()]
    analyzer = bilingual_analyzer()
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=analyzer, phrase=True),
                    body=TEXT(analyzer=analyzer, phrase=True, chars=True))
    ix = store.create_whoosh(tmp_path, schema)
    mapped_names = []
    opened = mapped.MappedStorage.open_file
    monkeypatch.setattr(mapped.MappedStorage, "open_file",
                        lambda self, name, **kw: mapped_names.append(name) or opened(self, name, **kw))
    writer = segmentwriter.FastSegmentWriter(ix, limitmb=0.05)
    for n, (title, body) in enumerate(documents):
        writer.add_document(id=str(n), title=title, body=body)
    segment = writer._finalize_segment()
    parts = [name for name in mapped_names if name.endswith((".pst", ".trm", ".fvz", ".dci", ".dcz"))]
    assert segment.is_compound() and (tmp_path / segment.make_filename(".seg")).stat().st_size > 10_000
    assert parts == [], f"the segment's files were mapped to be copied: {parts}"
    writer.cancel()
    # and the compound file holds every part: the segment reads back whole
    from whoosh.reading import SegmentReader

    with SegmentReader(ix.storage, schema, segment) as reader:
        assert reader.doc_count_all() == len(documents)
        assert reader.doc_frequency("body", "railway") > 0


def test_a_segment_of_an_index_in_memory_is_assembled_in_memory(tmp_path, demo_index, monkeypatch):
    """Whoosh's in-memory storage has a ``folder`` too, an empty one: taken for a folder, the current
    directory got an empty compound file and the segment an assertion, its parts never found there,
    and the common terms' doc lists a file of their own."""
    from whoosh.filedb.filestore import RamStorage
    from whoosh.reading import SegmentReader

    from kgsearch.index.engine import doclists

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(doclists, "MIN_DOCUMENTS", 2)  # lists for the demo's terms, were there a folder
    documents = [(fields["title"], fields["body"]) for fields in stored(demo_index).values()]
    analyzer = bilingual_analyzer()
    schema = Schema(id=ID(stored=True), title=TEXT(analyzer=analyzer, phrase=True),
                    body=TEXT(analyzer=analyzer, phrase=True, chars=True))
    ix = RamStorage().create_index(schema)
    writer = segmentwriter.FastSegmentWriter(ix, limitmb=0.05)
    for n, (title, body) in enumerate(documents):
        writer.add_document(id=str(n), title=title, body=body)
    segment = writer._finalize_segment()
    writer.cancel()
    assert list(tmp_path.iterdir()) == [], "files written outside the index"
    assert segment.is_compound() and segment.make_filename(".seg") in ix.storage.list()
    with SegmentReader(ix.storage, schema, segment) as reader:
        assert reader.doc_count_all() == len(documents) and reader.doc_frequency("body", "railway") > 0
