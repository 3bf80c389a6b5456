"""Hostile files of the formats of issue 14: each is reported with its reason and the rest of the
folder is indexed. Big ones are sparse or written on the fly; their memory is measured by
benchmarks/bench_formats.py, not here."""

import os
import random
import zipfile

import pytest

import kgsearch
from kgsearch import index
from kgsearch.index import files
from kgsearch.index.documents import SkipFile
from kgsearch.index.readers import archives
from format_files import make_pdf, make_zip

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
          + "]>")


def _docx_of(parts: dict[str, bytes], path):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A folder of hostile files beside a good one, indexed; (folder, report, location)."""
    folder = tmp_path_factory.mktemp("hostile-formats")
    (folder / "good.txt").write_text("Railway talks\n\nThe ministers discussed the goodrailway.\n", "utf-8")
    make_pdf(folder / "secret.pdf", ["Secret protocol"], password="pw")
    whole = make_pdf(folder / "whole.pdf", [f"Page {n}: railway words and more words." * 30 for n in range(8)])
    (folder / "truncated.pdf").write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()
    (folder / "notzip.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive at all")
    rng = random.Random(14)
    _docx_of({"word/document.xml": bytes(rng.randrange(256) for _ in range(4000))}, folder / "garbage.docx")
    _docx_of({"[Content_Types].xml": b"<Types/>"}, folder / "hollow.docx")
    _docx_of({"word/document.xml": (LAUGHS + "<w:document>&lol9;</w:document>").encode()}, folder / "laughs.docx")
    (folder / "laughs.rss").write_text(LAUGHS + "<rss><channel><item><title>&lol9;</title></item></channel></rss>")
    (folder / "config.xml").write_text("<?xml version='1.0'?><settings><a>1</a></settings>")
    (folder / "broken.rtf").write_bytes(b"this is no rtf {\\")
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("zeros.txt", b"\0" * (40 * 2**20))  # 40 MB of zeros in 40 KB
        bomb.writestr("kept.txt", "Kept note\n\nThe bombsurvivor note is read.")
    inner = make_zip(folder.parent / "level3.zip", {"deep.txt": b"Deep note\n\nToo deep to read."})
    for level in (2, 1, 0):
        inner = make_zip(folder.parent / f"level{level}.zip", {inner.name: inner.read_bytes()})
    (folder / "nested.zip").write_bytes(inner.read_bytes())
    with open(folder / "zeros.mbox", "wb") as sparse:
        sparse.truncate(2**30)  # a gigabyte of zeros, on no disk
    with open(folder / "from-zeros.mbox", "wb") as sparse:
        sparse.write(b"From desk@example.org Mon Jan  1 00:00:00 2024\n")
        sparse.truncate(2**30)
    location = tmp_path_factory.mktemp("hostile-formats-index") / "ix"
    report = index.rebuild(location, [folder])
    return folder, report, location


def reasons(report) -> dict[str, str]:
    return {os.path.basename(s["path"]): s["reason"] for s in report.skipped}


def warnings(report, name) -> list[str]:
    return [w["warning"] for w in report.warnings if os.path.basename(w["path"]) == name]


@pytest.mark.parametrize("name, reason", [
    ("secret.pdf", "encrypted PDF"),
    ("truncated.pdf", "damaged PDF"),
    ("notzip.docx", "damaged docx file"),
    ("garbage.docx", "damaged XML in word/document.xml"),
    ("hollow.docx", "not a Word document"),
    ("laughs.docx", "declares entities"),
    ("laughs.rss", "declares entities"),
    ("config.xml", "not an RSS or Atom feed"),
    ("broken.rtf", "not an RTF file"),
    ("zeros.mbox", "not a mailbox"),
    ("from-zeros.mbox", "message 1: longer than 33,554,432 bytes; skipped"),
])
def test_each_hostile_file_is_skipped_with_its_reason(hostile, name, reason):
    _, report, _ = hostile
    assert reason in reasons(report).get(name, ""), reasons(report)


def test_the_rest_is_indexed(hostile):
    _, report, location = hostile
    with kgsearch.open_index(location) as ix:
        assert ix.search("goodrailway").total == 1
        survivor = ix.search("bombsurvivor").hits
    assert len(survivor) == 1 and survivor[0].path.endswith("bomb.zip!kept.txt")
    assert report.documents == 2  # good.txt and kept.txt; nested.zip's one note is too deep


def test_a_zip_bomb_member_is_skipped_before_it_is_unpacked(hostile):
    _, report, _ = hostile
    (warning,) = [w for w in warnings(report, "bomb.zip") if w.startswith("zeros.txt")]
    assert "decompression bomb" in warning


def test_zips_nested_deeper_than_the_limit_are_reported(hostile):
    _, report, _ = hostile
    assert reasons(report)["nested.zip"] == ("level1.zip: level2.zip: level3.zip: deep.txt: inside 4 containers: "
                                             "deeper than 3 is not read")


def test_a_member_that_unpacks_past_its_limit_is_cut_whatever_its_header_says(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 2**20)  # the limit, made small to test cheaply
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big.txt", b"word " * 2**19)  # 2.5 MB, stored: no ratio to give it away
        archive.writestr("small.txt", b"Small note\n\nThe small note.")
    documents, found = files.read_file(path)
    assert [d.member for d in documents] == ["small.txt"]
    assert any(w.startswith("big.txt: unpacks to") for w in found)


def test_a_zip_of_ten_thousand_tiny_files_is_ten_thousand_documents(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(10_000):
            archive.writestr(f"notes/{number:05d}.txt", f"Note {number}\n\nTiny note {number} on the railway.")
    reading = files.read_path(path)
    members = {doc.member for doc in reading}
    assert len(members) == 10_000 and "notes/09999.txt" in members
    assert reading.warnings == []


def test_a_feed_of_a_hundred_thousand_items_is_read_item_by_item(tmp_path):
    path = tmp_path / "big.rss"
    with open(path, "w", encoding="utf-8") as feed:
        feed.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title>')
        for number in range(100_000):
            feed.write(f"<item><title>Item {number}</title><link>https://kabar.kg/{number}</link>"
                       f"<pubDate>Thu, 06 Jun 2024 09:30:00 +0600</pubDate>"
                       f"<description>Item {number} on the railway.</description></item>")
        feed.write("</channel></rss>")
    count, last = 0, None
    for doc in files.read_path(path):
        count, last = count + 1, doc
    assert count == 100_000 and (last.url, last.date.iso, last.source) == ("https://kabar.kg/99999", "2024-06-06",
                                                                          "Kabar")


def test_a_damaged_feed_keeps_the_items_before_the_damage(tmp_path):
    path = tmp_path / "cut.rss"
    path.write_text("<rss><channel><title>T</title><item><title>One</title><description>first item"
                    "</description></item><item><title>Two</title><descr", "utf-8")
    documents, found = files.read_file(path)
    assert [d.title for d in documents] == ["One"] and any("damaged XML after item" in w for w in found)


def test_reading_a_pdf_never_raises_anything_but_skipfile(tmp_path):
    """Random damage anywhere in a PDF: read, or skipped with a reason."""
    whole = make_pdf(tmp_path / "whole.pdf", ["Railway talks on the first page.", "Second page."]).read_bytes()
    rng = random.Random(7)
    for attempt in range(30):
        data = bytearray(whole)
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            files.read_file(tmp_path / f"damaged{attempt}.pdf", bytes(data))
        except SkipFile:
            pass
