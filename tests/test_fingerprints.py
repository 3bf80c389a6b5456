"""A build's sets of keys kept as fingerprints (index/fingerprints.py) answer as Python sets do,
on the keys of real archives; and a fingerprint two texts share costs a signature made later, not
a text left unsigned."""

import json
import random
from pathlib import Path

import pytest
from conftest import shared_path

from kgsearch.index import fingerprints, rebuild, similar
from kgsearch.index.fingerprints import Fingerprints


def real_keys() -> list[str]:
    """The keys a build sees: NG's urls (some repeated in the file) and the BBC's file names."""
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        urls = [json.loads(line)["url"] for line in lines]
    names = sorted(str(p.relative_to(p.parents[1])) for p in shared_path("corpora", "bbc").rglob("*.txt"))
    return urls + names


def test_fingerprints_answer_as_a_set_on_real_keys(monkeypatch):
    monkeypatch.setattr(fingerprints, "_SMALLEST", 16)  # grown many times
    keys = real_keys()
    random.Random(5).shuffle(keys)
    stream = keys + keys[::7]  # every seventh key again, at the end
    kept, expected = Fingerprints(), set()
    for key in stream:
        assert kept.add(fingerprints.of_text(key)) == (key not in expected), key
        expected.add(key)
    assert len(kept) == len(expected) > 3000
    assert len(kept._slots) >= 2 * len(kept), "the table should have grown, and stay half empty"
    assert all(fingerprints.of_text(key) in kept for key in keys)
    assert not any(fingerprints.of_text(key + "#2") in kept for key in keys)


def test_a_set_made_of_values_holds_each_once():
    values = [fingerprints.of_digest(bytes([n % 251, n // 251]) * 10) for n in range(5000)]
    kept = Fingerprints(values + values[:100])
    assert len(kept) == 5000 and all(v in kept for v in values)


def ng_records(count: int) -> list[dict]:
    records = []
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if len(record["content"]) > 1500 and all(r["content"] != record["content"] for r in records):
                records.append(record)
            if len(records) == count:
                return records
    pytest.skip("too few NG records")


def test_texts_a_writer_takes_for_signed_are_signed_by_the_grouping(tmp_path, monkeypatch):
    """Every text shares one fingerprint: the writer signs the first only, and the kept
    signatures and groups are those of a build where no two texts share one."""
    archive = tmp_path / "news.jsonl"
    stories = ng_records(20)
    edited = {**stories[0], "url": "https://kabar.example/1",
              "content": "БИШКЕК — Кабар.\n" + stories[0]["content"]}
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [*stories, edited]), "utf-8")

    def kept(index: Path) -> tuple[bytes, list]:
        generation = next(p for p in index.iterdir() if (p / similar.SIGNATURES).exists())
        groups = json.loads((generation / similar.FILE).read_text("utf-8"))["groups"]
        return (generation / similar.SIGNATURES).read_bytes(), groups

    rebuild(tmp_path / "apart", [archive], procs=1)
    monkeypatch.setattr(fingerprints, "of_digest", lambda digest: 0)
    rebuild(tmp_path / "shared", [archive], procs=1)
    signatures, groups = kept(tmp_path / "apart")
    assert len(groups) == 1 and len(groups[0]) == 2, "the edited reprint and its story are one story"
    assert kept(tmp_path / "shared") == (signatures, groups)
