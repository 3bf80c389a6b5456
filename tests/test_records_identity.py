"""A record keeps its identity: its own id and url reach the hits, and show finds it by either."""

import json

from conftest import invoke, shared_path

import kgsearch
from kgsearch.index import rebuild


def test_ng_records_keep_their_url_and_are_shown_by_it(tmp_path):
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(next(lines)) for _ in range(5)]
    archive = tmp_path / "ng-part.jsonl"
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    rebuild(tmp_path / "ix", [archive])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        hit = ix.search(f'title:"{records[2]["title"]}"', limit=1, snippets=False).hits[0]
        assert hit.url == records[2]["url"] and hit.to_json()["url"] == records[2]["url"]
        assert ix.get(records[2]["url"])["id"] == hit.id == ix.get(hit.id)["id"]
    shown = invoke("show", records[2]["url"], "--index", tmp_path / "ix", "--json")
    assert json.loads(shown.output)["title"] == " ".join(records[2]["title"].split())


def test_a_record_id_is_kept_and_found(tmp_path):
    archive = tmp_path / "wires.jsonl"
    archive.write_text(json.dumps({"id": "KBR-2024-117", "title": "Kyrgyzstan and China sign railway deal",
                                   "body": "Bishkek. The agreement was signed.", "url": "https://example.org/a"}),
                       "utf-8")
    rebuild(tmp_path / "ix", [archive])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        hit = ix.search("railway", snippets=False).hits[0]
        assert hit.record_id == "KBR-2024-117" and hit.url == "https://example.org/a"
        assert ix.get("KBR-2024-117")["id"] == hit.id
    assert "record KBR-2024-117" in invoke("query", "railway", "--index", tmp_path / "ix").output
