"""Signatures read from their files where they lie: the same pairs, groups and kept records as
when every signature was held in memory, without holding them."""

import hashlib
import json

import pytest
from conftest import shared_path

from kgsearch.index import minhash, signatures, similar


def key(n: int) -> bytes:
    return hashlib.sha1(str(n).encode()).digest()


@pytest.fixture(scope="module")
def real():
    """Real NG texts, a reprint of some (a dateline added, a paragraph cut), and their signatures."""
    texts = []
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            content = json.loads(line)["content"]
            if len(content.split("\n")) >= 6 and content not in texts:
                texts.append(content)
            if len(texts) == 300:
                break
    for text in texts[:40:4]:
        paragraphs = text.split("\n")
        texts.append("МОСКВА, 3 мая.\n" + "\n".join(paragraphs[:2] + paragraphs[3:]))
    return [minhash.signature(text) for text in texts]


def by_definition(sigs: list[bytes], threshold: float) -> set[tuple[int, int]]:
    """Every pair that agrees on a whole band and resembles enough, by comparing all pairs."""
    rows = 4 * minhash.ROWS
    found = set()
    for a in range(len(sigs)):
        for b in range(a + 1, len(sigs)):
            bands = range(0, minhash.SIZE, rows)
            if any(sigs[a][s : s + rows] == sigs[b][s : s + rows] != bytes.fromhex("ff" * rows) for s in bands):
                if minhash.resemblance(sigs[a], sigs[b]) >= threshold:
                    found.add((a, b))
    return found


def test_pairs_from_the_file_are_the_pairs_of_the_signatures(real, tmp_path):
    path = tmp_path / similar.SIGNATURES
    assert signatures.write(path, ((key(n), sig) for n, sig in enumerate(real))) == len(real)
    expected = by_definition(real, similar.THRESHOLD)
    assert len(expected) >= 10, "each reprint should pair with its story"
    with signatures.Sequence(path) as written:
        assert len(written) == len(real) and written[7] == real[7]
        assert set(minhash.near_pairs(written, similar.THRESHOLD)) == expected
        found = list(minhash.near_pairs(written, similar.THRESHOLD))
        assert len(found) == len(set(found)), "each pair once, at the first band it agrees on"
    assert set(minhash.near_pairs(real, similar.THRESHOLD)) == expected


def test_clusters_join_through_a_shared_member_and_leave_the_unpaired_out():
    assert minhash.clusters([(5, 9), (1, 9), (3, 4)]) == [[1, 5, 9], [3, 4]]
    assert minhash.clusters([]) == []


def test_a_later_file_wins_and_a_file_cut_short_is_ignored(tmp_path):
    one, two, cut = tmp_path / "one", tmp_path / "two", tmp_path / "cut"
    signatures.write(one, [(key(1), b"a" * minhash.SIZE), (key(2), b"b" * minhash.SIZE)])
    signatures.write(two, [(key(2), b"c" * minhash.SIZE)])
    signatures.write(cut, [(key(3), b"d" * minhash.SIZE)])
    cut.write_bytes(cut.read_bytes()[:-1])
    with signatures.Shelf([one, two, cut, tmp_path / "absent"]) as shelf:
        assert sorted(shelf) == sorted([key(1), key(2)])
        assert shelf.get(key(1)) == b"a" * minhash.SIZE and shelf.get(key(2)) == b"c" * minhash.SIZE
        assert shelf.get(key(3)) is None
    assert signatures.read(cut) == {}


def test_other_parameters_are_not_read(tmp_path, monkeypatch):
    path = tmp_path / "kept"
    signatures.write(path, [(key(1), b"a" * minhash.SIZE)])
    monkeypatch.setattr(minhash, "SHINGLE_WORDS", minhash.SHINGLE_WORDS + 1)
    assert signatures.read(path) == {}


def test_a_write_that_fails_leaves_the_kept_file_as_it_was(tmp_path):
    path = tmp_path / "kept"
    signatures.write(path, [(key(1), b"a" * minhash.SIZE)])
    before = path.read_bytes()

    def failing():
        yield key(2), b"b" * minhash.SIZE
        raise OSError("disk full")

    with pytest.raises(OSError):
        signatures.write(path, failing())
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]
