"""The posting pool that spills in chunks (index/postingpool.py) gives back exactly what
Whoosh's own pool does: the same postings, in the same order, after any number of runs."""

import random

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool

from kgsearch.index import postingpool


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
    monkeypatch.setattr(postingpool, "CHUNK", 7)  # chunks end inside runs, and runs inside chunks
    items = postings(3000)
    storage = FileStorage(str(tmp_path))
    ours = postingpool.ChunkedPostingPool(storage, None, limitmb=0.02)
    whooshs = PostingPool(storage, None, limitmb=0.02)
    runs, got = drained(ours, items)
    whoosh_runs, expected = drained(whooshs, items)
    assert runs >= 3 and runs == whoosh_runs, "the pools should have spilled several runs alike"
    assert got == expected == sorted(items)
    assert storage.list() == [], "every run is removed once read"


def test_a_pool_that_never_spills_sorts_in_memory(tmp_path):
    items = postings(200)
    runs, got = drained(postingpool.ChunkedPostingPool(FileStorage(str(tmp_path)), None), items)
    assert runs == 0 and got == sorted(items)
