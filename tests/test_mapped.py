"""Index files read through maps without a copy at open: the same bytes, the same answers."""

import io

from whoosh.filedb.filestore import FileStorage

from kgsearch.index import store
from kgsearch.index.engine.mapped import MappedFile, MappedStorage, _Reader


def test_a_part_reads_as_a_file_of_its_own(tmp_path):
    data = b"header\nline two\n\x00\x01binary tail"
    (tmp_path / "f").write_bytes(b"XXXX" + data + b"YYYY")
    whole = MappedStorage(str(tmp_path)).open_file("f")
    part = whole.subset(4, len(data))
    expected = io.BytesIO(data)
    for step in (("readline",), ("read", 3), ("tell",), ("seek", 2), ("read", 100), ("tell",), ("seek", -4, 2),
                 ("read", -1), ("seek", 0), ("readline",), ("seek", 3, 1), ("read", 2), ("seek", 1000), ("read", 1)):
        assert getattr(part.file, step[0])(*step[1:]) == getattr(expected, step[0])(*step[1:]), step
    assert part.get(0, 6) == b"header" and bytes(part._buf) == data  # read by position, from the map
    assert isinstance(part.file, _Reader)  # no BytesIO: nothing copied at open
    part.close()
    whole.close()


def test_an_index_opened_through_maps_answers_as_whoosh_does(demo_index):
    generation = store.current(demo_index)
    mapped = MappedStorage(str(generation)).open_index()
    plain = FileStorage(str(generation)).open_index()
    assert store.open_current(demo_index)[2].storage.__class__ is MappedStorage
    with mapped.reader() as ours, plain.reader() as theirs:
        assert list(ours.all_stored_fields()) == list(theirs.all_stored_fields())
        for field, kind in (("title", "positions"), ("body", "characters")):
            terms = list(theirs.lexicon(field))
            assert list(ours.lexicon(field)) == terms
            for term in terms[:: max(1, len(terms) // 200)]:
                assert list(ours.postings(field, term).items_as(kind)) == \
                    list(theirs.postings(field, term).items_as(kind))
    files = [MappedStorage(str(generation)).open_file(p.name) for p in generation.glob("*.seg")]
    assert files and all(isinstance(f, MappedFile) for f in files)
    for f in files:
        f.close()
