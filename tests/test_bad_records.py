"""One bad record never stops a build: it is skipped with its reason, the rest of its file is indexed,
and what a record carries beyond the known fields (extras) is bounded in depth and size."""

import json
import math


from kgsearch import index
from conftest import invoke, stored, warnings_of
from kgsearch.index import files, records

GOOD = {"title": "Railway talks", "body": "The ministers discussed the railway to Bishkek."}


def depth(value) -> int:
    level = 0
    while isinstance(value, (dict, list)) and value:
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
        level += 1
    return level


def test_csv_field_over_128_kib_is_indexed_and_the_build_goes_on(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    long_body = "railway " * 30_000 + "Torugart"  # 240 KB, over the csv module's default 128 KiB
    (folder / "digest.csv").write_text(f'title,body\nLong one,"{long_body}"\nShort one,Bishkek railway\n', "utf-8")
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--verbose")
    assert result.exit_code == 0, result.output
    docs = stored(tmp_path / "ix")
    assert set(docs) == {"Long one", "Short one"}
    assert docs["Long one"]["body"].endswith("Torugart")


def test_csv_field_over_the_record_limit_skips_only_its_record(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_RECORD_BYTES", 100_000)
    table = tmp_path / "digest.csv"
    huge = ("x" * 999 + "\n") * 150  # a quoted field of many lines, each under the limit
    table.write_text(f'title,body\nFirst,railway\nHuge,"{huge}"\nLast,Bishkek\n', "utf-8")
    report = index.rebuild(tmp_path / "ix", [table])
    assert set(stored(tmp_path / "ix")) == {"First", "Last"}
    assert [w for w in warnings_of(report) if w.startswith("record 3:")] == [
        "record 3: a field longer than 100,000 characters; skipped"]


def test_json_line_nested_100000_deep_is_skipped_with_its_reason(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n"
                    + json.dumps({**GOOD, "title": "After"}) + "\n", "utf-8")
    report = index.rebuild(tmp_path / "ix", [path])
    assert set(stored(tmp_path / "ix")) == {"Railway talks", "After"}
    assert "line 2: JSON nested too deep" in warnings_of(report)


def test_json_file_nested_100000_deep_is_skipped_and_updates_still_work(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n", "utf-8")
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--verbose")
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'deep.json'}: JSON nested too deep" in result.output
    (folder / "new.jsonl").write_text(json.dumps({**GOOD, "title": "New file"}) + "\n", "utf-8")
    update = invoke("index", "update", folder, "--index", tmp_path / "ix")
    assert update.exit_code == 0, update.output
    assert set(stored(tmp_path / "ix")) == {"Railway talks", "New file"}


def test_extras_nested_500_deep_are_bounded(tmp_path):
    nested: dict = {}
    level = nested
    for _ in range(500):
        level["x"] = {}
        level = level["x"]
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({**GOOD, "meta": nested, "section": "economy"}) + "\n", "utf-8")
    report = index.rebuild(tmp_path / "ix", [path])
    extras = stored(tmp_path / "ix")["Railway talks"]["extras"]
    assert extras["section"] == "economy"
    assert 1 < depth(extras["meta"]) < records.MAX_EXTRAS_DEPTH
    assert "record 1: extras cut to size" in warnings_of(report)
    shown = invoke("show", stored(tmp_path / "ix")["Railway talks"]["id"], "--index", tmp_path / "ix")
    assert shown.exit_code == 0 and "economy" in shown.output


def test_large_extras_are_cut_to_their_budget(tmp_path):
    path = tmp_path / "wire.jsonl"
    many = {f"key{i}": "value" for i in range(50_000)}
    path.write_text(json.dumps({**GOOD, "raw": "x" * 1_000_000, "many": many}) + "\n", "utf-8")
    report = index.rebuild(tmp_path / "ix", [path])
    extras = stored(tmp_path / "ix")["Railway talks"]["extras"]
    assert len(json.dumps(extras)) <= records.MAX_EXTRAS_CHARS * 1.2
    assert "record 1: extras cut to size" in warnings_of(report)


def test_numbers_json_cannot_hold_become_text(tmp_path):
    """NaN and infinities parse from JSON Lines, but no JSON consumer could read them back."""
    path = tmp_path / "wire.jsonl"
    path.write_text('{"title": "Railway talks", "body": "railway", "score": NaN, "big": 1e999}\n', "utf-8")
    index.rebuild(tmp_path / "ix", [path])
    extras = stored(tmp_path / "ix")["Railway talks"]["extras"]
    assert extras == {"score": "NaN", "big": "Infinity"}
    assert not any(isinstance(v, float) and not math.isfinite(v) for v in extras.values())


def test_integer_too_long_for_python_skips_its_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text('{"title": "Huge", "body": "railway", "n": ' + "7" * 5000 + "}\n"
                    + json.dumps(GOOD) + "\n", "utf-8")
    report = index.rebuild(tmp_path / "ix", [path])
    assert set(stored(tmp_path / "ix")) == {"Railway talks"}
    assert any(w.startswith("line 1: invalid JSON (") for w in warnings_of(report))


def test_bodies_and_names_that_are_not_text(tmp_path):
    """A list of paragraphs is a body; deeper structures in text fields cannot crash the reader."""
    deep: list = []
    level = deep
    for _ in range(900):
        level.append([])
        level = level[0]
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"title": "Paragraphs", "body": ["First railway part.", "Second part."],
                                "tags": ["rail", deep], "speakers": deep}) + "\n", "utf-8")
    index.rebuild(tmp_path / "ix", [path])
    doc = stored(tmp_path / "ix")["Paragraphs"]
    assert doc["body"] == "First railway part.\n\nSecond part."
    assert doc["tags"] == ["rail"]
