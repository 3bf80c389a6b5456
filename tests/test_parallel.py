"""The parallel rebuild leans on five private Whoosh methods (index/parallel.py):
a dependency update that breaks them must fail here, not in a user's rebuild.
Runs on the bundled demo corpus, so it needs nothing from ../shared."""

import multiprocessing

import pytest
from whoosh import index as whoosh_index

from kgsearch import index
from kgsearch.index import minhash, parallel, signatures, similar, store

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the parallel rebuild needs fork")


def documents(location) -> dict[str, tuple]:
    generation = store.current(location)
    with whoosh_index.open_dir(generation).searcher() as searcher:
        return {fields["id"]: (fields["content_hash"], fields["date_text"], fields["lang"], fields["source"],
                               fields["speakers"], fields["path"])
                for fields in searcher.all_stored_fields()}


def test_two_processes_index_what_one_does(tmp_path, demo_index, monkeypatch):
    # Small batches, so that both workers write a segment of their own.
    monkeypatch.setattr(parallel, "BATCH", 4)
    location = tmp_path / "two"
    report = index.rebuild(location, [index.demo_corpus()], procs=2)
    one, two = documents(demo_index), documents(location)
    assert report.documents == len(one) and len(two) == len(one)
    assert two == one
    with whoosh_index.open_dir(store.current(location)).reader() as reader:
        assert len(list(reader.leaf_readers())) >= 2, "both workers should have written a segment"


def test_workers_sign_the_texts_they_write(tmp_path, monkeypatch):
    """Each worker signs its own documents' texts (the parent signs none after them), and the
    kept signatures are those of the stored texts; no worker's part is left behind."""
    monkeypatch.setattr(parallel, "BATCH", 4)
    signed_here = []
    sign = minhash.signature
    monkeypatch.setattr(minhash, "signature", lambda text: signed_here.append(text) or sign(text))
    location = tmp_path / "two"
    index.rebuild(location, [index.demo_corpus()], procs=2)
    assert signed_here == [], "the workers sign; the parent only reads their parts"
    generation = store.current(location)
    with whoosh_index.open_dir(generation).searcher() as searcher:
        expected = {bytes.fromhex(fields["content_hash"]): sign(fields["body"] or "")
                    for fields in searcher.all_stored_fields()}
    assert signatures.read(generation / similar.SIGNATURES) == expected
    assert not list(generation.glob(similar.PART.format("*")))
