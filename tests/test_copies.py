"""An article stored twice (ng.jsonl has ~20% the same article under another url) is one hit with its copies."""

import json

from conftest import invoke, shared_path

import kgsearch
from kgsearch.index import rebuild


def ng_copies(count: int) -> list[dict]:
    """Records of ng.jsonl whose title and content another record repeats, and those others."""
    by_text: dict = {}
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            by_text.setdefault((record["title"], record["content"]), []).append(record)
    groups = [group for group in by_text.values() if len(group) >= 2][:count]
    assert groups, "ng.jsonl has repeated articles"
    return [record for group in groups for record in group]


def test_copies_of_one_text_are_one_hit(tmp_path):
    records = ng_copies(3)
    archive = tmp_path / "ng-part.jsonl"
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    rebuild(tmp_path / "ix", [archive])
    title = records[0]["title"]
    with kgsearch.open_index(tmp_path / "ix") as ix:
        everything = ix.search(f'title:"{title}"', limit=50, snippets=False, facets=True)
        group = [r for r in records if r["title"] == title and r["content"] == records[0]["content"]]
        assert everything.total == 1 and len(everything.hits[0].copies) == len(group) - 1
        assert everything.copies_folded == len(group) - 1
        hit = everything.hits[0]
        assert {c["url"] for c in hit.copies} | {ix.get(hit.id)["url"]} == {r["url"] for r in group}
        assert sum(everything.facets["lang"].values()) == everything.total
    shown = invoke("query", f'title:"{title}"', "--index", tmp_path / "ix")
    assert f"+{len(group) - 1} cop" in shown.output
    folded = "1 copy" if len(group) == 2 else f"{len(group) - 1} copies"
    assert f"(and {folded} of them)" in shown.output


def test_without_the_filters_counts_as_the_total_does(tmp_path):
    """The note on what a query finds without its filters counted documents, the total stories:
    "643 documents match without the filters" beside a query alone of 468."""
    import re

    records = ng_copies(3)
    archive = tmp_path / "ng-part.jsonl"
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    rebuild(tmp_path / "ix", [archive])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        asked = f'title:"{records[0]["title"]}"'
        alone = ix.search(asked, snippets=False)
        assert alone.copies_folded  # copies the total does not count, which the note counted
        filtered = ix.search(asked, snippets=False, date_from="1900", date_to="1901")
        assert filtered.total == 0
        note = next(n for n in filtered.notes if "without the filters" in n)
        assert int(re.match(r"(\d+) documents match", note).group(1)) == alone.total


def test_copy_groups_kept_for_an_older_generation_are_not_trusted(tmp_path):
    """A crash between an update's commit and its copies.json leaves the file of the generation
    before: a reader finds the groups again, rather than miss the copies the update added."""
    from whoosh import index as whoosh_index

    from kgsearch.index import copies, store, update

    folder = tmp_path / "docs"
    folder.mkdir()
    story = "Railway talks in Bishkek\n\nThe ministers agreed on the railway through Torugart and Irkeshtam."
    (folder / "a.txt").write_text(story, "utf-8")
    (folder / "other.txt").write_text("Water talks\n\nThe ministers spoke about water and energy.", "utf-8")
    rebuild(tmp_path / "ix", [folder])
    kept = store.current(tmp_path / "ix") / copies.FILE
    before = kept.read_text("utf-8")
    (folder / "b.txt").write_text(story, "utf-8")  # a copy of a.txt
    update(tmp_path / "ix", [folder])
    kept.write_text(before, "utf-8")  # as a crash after the commit, before the copies were recorded, left it
    with kgsearch.open_index(tmp_path / "ix") as ix:
        found = ix.search("railway", snippets=False)
        assert found.total == 1 and found.copies_folded == 1 and len(found.hits[0].copies) == 1
    with whoosh_index.open_dir(store.current(tmp_path / "ix")).reader() as reader:
        assert json.loads(before)["generation"] != reader.generation()
        assert copies.copy_groups(reader, kept.parent) == copies.find(reader) != {}
