"""``kgsearch serve`` follows the index on disk: after ``index update``, ``rebuild``, ``edit`` or
``restore``, the next request answers from what ``CURRENT`` names now, and the index it replaced
is closed once its last reader is done."""

import threading

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("jinja2")

from starlette.testclient import TestClient  # noqa: E402

from kgsearch.index import rebuild, update  # noqa: E402
from kgsearch.index.build import correct  # noqa: E402
from kgsearch.index.build import restore as restore_index  # noqa: E402

BASE = "http://127.0.0.1:8765"


@pytest.fixture()
def served(tmp_path):
    """A folder of two articles, its index, and the app over that index: (folder, index, client)."""
    import kgsearch
    from kgsearch.web import create_app

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "rail.txt").write_text("Railway plans\n\nThe railway to Torugart opens in 2026.\n", encoding="utf-8")
    (folder / "dam.txt").write_text("A dam on the Naryn\n\nThe Kambarata dam is to be built by 2028.\n",
                                    encoding="utf-8")
    location = tmp_path / "index"
    rebuild(location, [folder], procs=1)
    with kgsearch.open_index(location) as index, TestClient(create_app(index), base_url=BASE) as client:
        yield folder, location, client


def _total(client, query: str) -> int:
    answer = client.get("/api/search", params={"q": query, "exact": "1"})
    assert answer.status_code == 200, answer.text
    return answer.json()["total"]


def test_an_update_is_found(served):
    folder, location, client = served
    assert _total(client, "zanzibar") == 0
    (folder / "new.txt").write_text("Zanzibar\n\nA ferry to Zanzibar.\n", encoding="utf-8")
    update(location)
    assert _total(client, "zanzibar") == 1
    assert "Zanzibar" in client.get("/", params={"q": "zanzibar"}).text
    (folder / "dam.txt").unlink()
    update(location)
    assert _total(client, "kambarata") == 0


def test_a_rebuild_and_a_restore_are_followed(served):
    folder, location, client = served
    (folder / "new.txt").write_text("Zanzibar\n\nA ferry to Zanzibar.\n", encoding="utf-8")
    rebuild(location, [folder], procs=1)
    assert _total(client, "zanzibar") == 1
    restore_index(location)
    assert _total(client, "zanzibar") == 0
    assert _total(client, "torugart") == 1


def test_an_edit_is_shown(served):
    _, location, client = served
    doc_id = client.get("/api/search", params={"q": "torugart"}).json()["hits"][0]["id"]
    correct(location, doc_id, {"title": "Corrected title"})
    assert client.get(f"/api/document/{doc_id}").json()["title"] == "Corrected title"


def test_the_replaced_index_closes_after_its_last_reader(served, monkeypatch):
    """A request still reading the old index keeps it open; the next request opens the new one;
    the old closes when the first is done, and only then."""
    from kgsearch.search import Index

    folder, location, client = served
    closed = []
    original_close = Index.close

    def recording(self):
        closed.append(self)
        original_close(self)

    monkeypatch.setattr(Index, "close", recording)
    reading, release, seen = threading.Event(), threading.Event(), []
    original_search = Index.search

    def held(self, *args, **kwargs):
        if not reading.is_set():
            seen.append(self)
            reading.set()
            release.wait(20)
        return original_search(self, *args, **kwargs)

    monkeypatch.setattr(Index, "search", held)
    first = threading.Thread(target=lambda: client.get("/api/search", params={"q": "torugart"}))
    first.start()
    try:
        assert reading.wait(20)
        (folder / "new.txt").write_text("Zanzibar\n\nA ferry to Zanzibar.\n", encoding="utf-8")
        update(location)
        assert _total(client, "zanzibar") == 1  # another reader, in the new index, while the first reads the old
        assert seen[0] not in closed
    finally:
        release.set()
        first.join(30)
    assert seen[0] in closed
    assert _total(client, "zanzibar") == 1


def test_an_index_that_cannot_be_read_is_503(served):
    _, location, client = served
    (location / "CURRENT").write_text("nonsense\n", encoding="utf-8")
    answer = client.get("/api/search", params={"q": "torugart"})
    assert answer.status_code == 503
    assert "damaged" in answer.json()["error"]
