"""Encodings: records decoded line by line, KOI8-R told from Windows-1251, UTF-16 without a byte-order
mark read, text that reads as mojibake reported, and a file that is not text called by its true name."""

import json

import pytest

from kgsearch import index
from kgsearch.index.documents import SkipFile
from kgsearch.index.encoding import decode
from kgsearch.index.files import read_file

TITLE = "Строительство железной дороги"
TEXT = (f"{TITLE}\n\nМинистр иностранных дел Кыргызстана встретился с послом Китая. "
        "Стороны обсудили строительство железной дороги Китай - Кыргызстан - Узбекистан.")


def record(i: int) -> str:
    return json.dumps({"id": str(i), "title": f"Заголовок номер {i}", "body": TEXT}, ensure_ascii=False)


def test_json_lines_in_two_encodings_are_all_read(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b"".join(record(i).encode("utf-8" if i < 10 else "cp1251") + b"\n" for i in range(20)))
    report = index.rebuild(tmp_path / "ix", [path])
    assert (report.documents, report.skipped) == (20, [])
    documents, warnings = read_file(path)
    assert [d.title for d in documents] == [f"Заголовок номер {i}" for i in range(20)]
    assert warnings == ["lines in more than one encoding: 10 UTF-8, 10 Windows-1251"]


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251"])
def test_koi8r_is_told_from_windows_1251(tmp_path, encoding):
    path = tmp_path / "release.txt"
    path.write_bytes(TEXT.encode(encoding))
    [doc], warnings = read_file(path)
    assert (doc.title, warnings) == (TITLE, [])
    assert doc.body.startswith("Министр иностранных дел")


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251"])
def test_capitals_and_short_lines_keep_their_encoding(encoding):
    for text in ("МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ КЫРГЫЗСКОЙ РЕСПУБЛИКИ", "Бишкек", "Китай и Кыргызстан"):
        assert decode(text.encode(encoding)) == (text, None)


def test_koi8r_records_are_read(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b"".join(record(i).encode("koi8-r") + b"\n" for i in range(3)))
    documents, warnings = read_file(path)
    assert [d.title for d in documents] == [f"Заголовок номер {i}" for i in range(3)]
    assert warnings == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["release.txt", "wire.jsonl", "digest.csv"])
def test_utf16_without_a_byte_order_mark_is_text(tmp_path, encoding, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        text = TEXT
    elif name.endswith(".jsonl"):
        text = "\n".join(record(i) for i in range(3)) + "\n"
    else:
        text = "title,body\n" + "".join(f"Заголовок номер {i},{TEXT.splitlines()[-1]}\n" for i in range(3))
    path.write_bytes(text.encode(encoding))
    documents, warnings = read_file(path)
    expected = [TITLE] if name.endswith(".txt") else [f"Заголовок номер {i}" for i in range(3)]
    assert ([d.title for d in documents], warnings) == (expected, [])


def test_text_that_reads_as_mojibake_is_reported(tmp_path):
    path = tmp_path / "release.txt"
    # UTF-8 read as Windows-1251 and saved again as UTF-8: "РЎС‚СЂРѕРёС‚РµР»..."
    path.write_text(TEXT.encode("utf-8").decode("cp1251", errors="replace"), "utf-8")
    report = index.rebuild(tmp_path / "ix", [path])
    assert [w["warning"] for w in report.warnings] == [
        "text reads as mojibake: it may be in another encoding than the one it was read in"]


def test_koi8r_read_as_windows_1251_is_reported(tmp_path):
    """Text already turned to mojibake before it reached kgsearch (``нЙОЙУФТ``) is reported, not fixed."""
    path = tmp_path / "release.txt"
    path.write_text(TEXT.encode("koi8-r").decode("cp1251"), "utf-8")
    [_], warnings = read_file(path)
    assert warnings == ["text reads as mojibake: it may be in another encoding than the one it was read in"]


def test_plain_russian_and_english_are_not_mojibake(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(TEXT + "\nКНР, МИД КР, ШОС и ЕАЭС. The SCO summit in Bishkek, iPhone, McDonald's.\n", "utf-8")
    assert read_file(path)[1] == []


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.4\n\x00\x01\x02binary\x00\x00" * 50, "binary file (NUL bytes)"),
    (bytes(range(128, 256)) * 20, "not text in UTF-8, UTF-16, Windows-1251 or KOI8-R"),
])
def test_what_is_not_text_is_called_so(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SkipFile) as raised:
        read_file(path)
    assert str(raised.value) == reason


def test_a_line_that_is_not_text_is_skipped_alone(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(record(1).encode() + b"\n" + bytes(range(128, 256)) * 4 + b"\n" + record(2).encode() + b"\n")
    documents, warnings = read_file(path)
    assert [d.key for d in documents] == ["1", "2"]
    assert warnings == ["line 2: not text in UTF-8, Windows-1251 or KOI8-R"]
