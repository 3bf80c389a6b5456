"""Records files are read a record at a time: memory follows the record, not the file; every format's
body is cut where a text file's is; a streamed file keeps the hash an update compares."""

import hashlib
import json
import os
import subprocess
import sys

import pytest

from kgsearch import index
from conftest import stored, warnings_of
from kgsearch.index import files, store, streams

GOOD = {"title": "Railway talks", "body": "The ministers discussed the railway to Bishkek."}


def write_tiny_records(path, megabytes: int) -> int:
    """``megabytes`` of one-word records in ``path``'s format; the number of records."""
    line = '{"title": "t", "body": "railway"}'
    count = megabytes * 2**20 // (len(line) + 1)
    if path.suffix == ".jsonl":
        path.write_text((line + "\n") * count)
    elif path.suffix == ".json":
        path.write_text("[" + ",".join([line] * count) + "]")
    else:
        path.write_text("title,body\n" + "t,railway\n" * count)
    return count


# The child's own high-water mark: on Linux its ru_maxrss keeps the parent's (pytest's) peak.
PEAK = """
import resource, sys
from pathlib import Path
from kgsearch.index.files import iter_documents
count = sum(1 for _ in iter_documents([Path(p) for p in sys.argv[1:]]))
try:
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(count, peak // 1024)
"""


def peak(*paths) -> tuple[int, int]:
    """Documents read and peak resident memory (MB) of a fresh process reading ``paths``."""
    env = {**os.environ, "PYTHONPATH": ""}
    out = subprocess.run([sys.executable, "-c", PEAK, *map(str, paths)], capture_output=True, text=True,
                         check=True, env=env, timeout=300, cwd=paths[0].parent)  # not the project folder
    count, megabytes = out.stdout.split()
    return int(count), int(megabytes)


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
def test_memory_follows_the_record_not_the_file(tmp_path, suffix):
    """8 MB of tiny records took 110 to 160 MB more than one record when files were read whole."""
    path = tmp_path / f"tiny{suffix}"
    count = write_tiny_records(path, 8)
    (tmp_path / "one.jsonl").write_text(json.dumps(GOOD) + "\n")
    _, baseline = peak(tmp_path / "one.jsonl")
    read, megabytes = peak(path)
    assert read == count
    assert megabytes - baseline < 50, f"{megabytes} MB against {baseline} MB for one record"


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
def test_record_body_is_cut_like_a_text_file(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(files, "MAX_DOCUMENT_CHARS", 50_000)
    body = "railway " * 25_000  # 200,000 characters
    path = tmp_path / f"long{suffix}"
    if suffix == ".jsonl":
        path.write_text(json.dumps({"title": "Long", "body": body}) + "\n")
    elif suffix == ".json":
        path.write_text(json.dumps([{"title": "Long", "body": body}]))
    else:
        path.write_text(f"title,body\nLong,{body}\n")
    report = index.rebuild(tmp_path / "ix", [path])
    assert len(stored(tmp_path / "ix")["Long"]["body"]) <= 50_000
    number = 2 if suffix == ".csv" else 1
    assert f"record {number}: long body: only its first 50,000 characters are indexed" in warnings_of(report)


def test_line_over_the_record_limit_is_skipped_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_RECORD_BYTES", 100_000)
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps({"title": "Huge", "body": "x" * 150_000}) + "\n"
                    + json.dumps({**GOOD, "title": "After"}) + "\n")
    report = index.rebuild(tmp_path / "ix", [path])
    assert set(stored(tmp_path / "ix")) == {"Railway talks", "After"}
    assert "line 2: longer than 100,000 bytes; skipped" in warnings_of(report)


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_json_array_on_one_line_is_read_in_pieces(tmp_path, monkeypatch, chunk):
    """Records, numbers and multibyte characters that straddle the pieces come out whole."""
    monkeypatch.setattr(streams, "CHUNK", chunk)
    items = [{"id": i, "title": f"Запись {i} «{'ё' * (i % 5)}»", "body": f"Железная дорога {i * 12345}",
              "n": i * 1000003, "flag": i % 2 == 0, "none": None} for i in range(1, 60)]
    path = tmp_path / "array.json"
    path.write_text(json.dumps(items, ensure_ascii=False, separators=(",", ":")), "utf-8")
    documents, warnings = files.read_file(path)
    assert not warnings
    assert [(d.key, d.title, d.body, d.extras) for d in documents] == [
        (str(i["id"]), i["title"], i["body"], {"n": i["n"], "flag": i["flag"], "none": None}) for i in items]


def test_json_array_with_a_broken_record_keeps_what_came_before(tmp_path):
    path = tmp_path / "array.json"
    path.write_text('[{"title": "One", "body": "railway"}, {"title": "Two", "body": "Bishkek"}, {"title": ')
    documents, warnings = files.read_file(path)
    assert [d.title for d in documents] == ["One", "Two"]
    assert warnings == ["record 3: invalid JSON (Expecting value, line 1); the rest of the file is not read"]


def test_streamed_file_keeps_the_hash_updates_compare(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps({**GOOD, "id": str(i)}) + "\n" for i in range(500)))
    index.rebuild(tmp_path / "ix", [path])
    meta = store.read_meta(store.current(tmp_path / "ix"))
    assert meta["files"][str(path)]["sha1"] == hashlib.sha1(path.read_bytes()).hexdigest()
    assert meta["files"][str(path)]["documents"] == 500
    os.utime(path, ns=(1, 1))  # touched, not changed
    touched = index.update(tmp_path / "ix", [path])
    assert (touched.unchanged, touched.changed) == (1, 0)
    path.write_text(path.read_text().replace('"id": "7"', '"id": "seven"'))
    changed = index.update(tmp_path / "ix", [path])
    assert (changed.unchanged, changed.changed, changed.documents) == (0, 1, 500)


def test_many_bad_lines_give_a_bounded_list_of_warnings(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("{broken\n" * 10_000 + json.dumps(GOOD) + "\n")
    report = index.rebuild(tmp_path / "ix", [path])
    assert report.documents == 1
    warnings = warnings_of(report)
    assert len(warnings) == files.MAX_WARNINGS + 1
    assert warnings[-1] == f"… and {10_000 - files.MAX_WARNINGS:,} more like these"


@pytest.mark.parametrize("text, titles, outcome", [
    ('{"title": "One", "body": "railway"}', ["One"], []),
    ('[{"title": "One", "body": "railway"}] trailing', ["One"],
     ["invalid JSON after the last record (line 1); not read"]),
    ("[]", [], "no records"),
    ("  \n ", [], "empty file"),
    ('"a string"', [], "JSON is neither an array of records nor a record"),
    ('[{"title": "One", "body": "railway"} {"title": "Two"}]', ["One"],
     ["after record 1: ',' or ']' expected, found '{'; the rest is not read"]),
])
def test_json_file_shapes(tmp_path, text, titles, outcome):
    path = tmp_path / "items.json"
    path.write_text(text, "utf-8")
    if isinstance(outcome, str):
        with pytest.raises(files.SkipFile, match=outcome):
            files.read_file(path)
        return
    documents, warnings = files.read_file(path)
    assert ([d.title for d in documents], warnings) == (titles, outcome)
