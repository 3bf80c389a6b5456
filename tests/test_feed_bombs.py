"""Feeds whose elements would fill memory: an item of millions of empty elements (31 MB of them
took 730 MB), XML nested without end. Each element is dropped once it has ended; an item of
too many elements is skipped, the others read. The limits are made small here to test cheaply;
memory is measured by benchmarks/bench_hostile.py."""

import kgsearch
from conftest import invoke, stored
from test_docx_bombs import widest
from kgsearch.index import files
from kgsearch.index.readers import feeds


def item(number: int, inside: str = "") -> str:
    return (f"<item><title>Item {number}</title><link>https://kabar.kg/{number}</link>{inside}"
            f"<description>Item {number} about the feedrailway{number}.</description></item>")


def feed(*items: str, between: str = "") -> str:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title>{between.join(items)}</channel></rss>'


def test_the_elements_of_a_skipped_item_are_dropped_as_they_end(tmp_path, monkeypatch):
    """An item of 50,000 elements: the item holds at most the parser's block of the file ahead of
    the events read (16 KB: 4,096 <a/>), not all it had (the red team's 31 MB were 730 MB)."""
    monkeypatch.setattr(feeds, "MAX_ITEM_ELEMENTS", 1_000)
    most = widest(feeds, monkeypatch)
    path = tmp_path / "bomb.rss"
    path.write_text(feed(item(1), item(2, "<a/>" * 50_000), item(3)), "utf-8")
    documents, _ = files.read_file(path)
    assert [d.title for d in documents] == ["Item 1", "Item 3"]
    assert most[0] < 10_000, most


def test_an_item_of_too_many_elements_is_skipped_and_the_next_read(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ITEM_ELEMENTS", 1_000)
    path = tmp_path / "bomb.rss"
    path.write_text(feed(item(1), item(2, "<a/>" * 5_000), item(3, "<b><a/></b>" * 400)), "utf-8")
    documents, found = files.read_file(path)
    assert [d.title for d in documents] == ["Item 1", "Item 3"]
    assert found == ["item 2: more than 1,000 elements; skipped"]


def test_elements_nested_inside_a_field_count_too(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ITEM_ELEMENTS", 1_000)
    path = tmp_path / "nested.rss"
    path.write_text(feed(item(1, "<description>" + "<a>x</a>" * 2_000 + "</description>"), item(2)), "utf-8")
    documents, found = files.read_file(path)
    assert [d.title for d in documents] == ["Item 2"] and found == ["item 1: more than 1,000 elements; skipped"]


def test_xml_nested_past_the_limit_ends_the_reading_after_the_items_before(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_NESTING", 50)
    path = tmp_path / "deep.rss"
    path.write_text(feed(item(1), "<x>" * 100 + "</x>" * 100, item(2)), "utf-8")
    documents, found = files.read_file(path)
    assert [d.title for d in documents] == ["Item 1"]
    assert found == ["XML nested deeper than 50 elements after item 1; the rest is not read"]


def test_a_folder_with_a_feed_bomb_builds(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ITEM_ELEMENTS", 1_000)
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain note\n\nThe plainrailway note.\n", "utf-8")
    (folder / "bomb.rss").write_text(feed(item(1), item(2, "<a/>" * 5_000), item(3)), "utf-8")
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--verbose")
    assert result.exit_code == 0, result.output
    assert "bomb.rss: item 2: more than 1,000 elements; skipped" in result.output, result.output
    assert set(stored(tmp_path / "ix")) == {"Plain note", "Item 1", "Item 3"}
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert ix.search("plainrailway").total == 1
