"""kgsearch[semantic] on the web page and the JSON API: a hit's translations and why it is
there, ``semantic=0/1`` as ``--no-semantic/--semantic``, a document's translations and its
"More like this" page (``/similar/ID``, ``/api/similar/ID``) as ``kgsearch similar`` lists them.

The archive is test_semantic's: wmt21 stories in Russian and English and some BBC articles,
built with the encoder. Without the encoder these tests skip, but those about an index
without vectors (the demo index), which run everywhere.
"""

import html
import json
import re

import pytest

from test_semantic import _ids, encoder_on, semantic_index, sources  # noqa: F401 (fixtures)

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("jinja2")

from starlette.testclient import TestClient  # noqa: E402

BASE = "http://127.0.0.1:8765"  # as test_serve: the client names the server as a browser on this machine does
# A wmt21 story's title reworded: one text has all its words, another story is added for its meaning.
QUESTION = "Labour anti-Semitism whistleblowers demand Corbyn be expelled or face lawsuit"


@pytest.fixture
def client(semantic_index, encoder_on):  # noqa: F811
    import kgsearch
    from kgsearch.web import create_app

    with kgsearch.open_index(semantic_index) as index, TestClient(create_app(index), base_url=BASE) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def plain_client(demo_index):
    """The demo index, built without vectors."""
    import kgsearch
    from kgsearch.web import create_app

    with kgsearch.open_index(demo_index) as index, TestClient(create_app(index), base_url=BASE) as test_client:
        yield test_client


def _linked_pair(semantic_index, sources) -> tuple[str, str]:  # noqa: F811
    """A (Russian, English) pair of one story that the index links as translations."""
    import kgsearch

    ru, en = _ids(semantic_index, sources["ru"]), _ids(semantic_index, sources["en"])
    with kgsearch.open_index(semantic_index) as index:
        return next((r, e) for r, e in zip(ru, en) if index.versions(e)["translations"])


def _hit_items(page: str) -> dict[str, str]:
    """The results page's hits: each hit's id and its <li>'s HTML."""
    return dict(re.findall(r'<li class="hit" data-id="([^"]+)">(.*?)</li>\s*(?=<li class="hit"|</ol>)', page, re.S))


# -- the results page ---------------------------------------------------------------------------


def test_a_hit_names_its_translation_with_a_link_to_it(client, semantic_index, sources):  # noqa: F811
    ru, en = _linked_pair(semantic_index, sources)
    title = client.get(f"/api/document/{en}").json()["title"]
    answer = client.get("/api/search", params={"q": title, "limit": "20"}).json()
    hit = next(h for h in answer["hits"] if h["id"] in (ru, en))
    other, lang = (ru, "Russian") if hit["id"] == en else (en, "English")
    page = client.get("/", params={"q": title, "limit": "20"})
    assert page.status_code == 200
    item = _hit_items(page.text)[hit["id"]]
    shown = re.search(r'<p class="translations">(.*?)</p>', item, re.S)
    assert shown, item
    assert f"also in {lang}" in shown.group(1)
    assert f'href="/document/{other}"' in shown.group(1)
    translated_title = client.get(f"/api/document/{other}").json()["title"]
    assert html.escape(translated_title, quote=False) in shown.group(1)


def test_a_hit_added_for_its_meaning_says_why_and_semantic_0_leaves_it_out(client, semantic_index):  # noqa: F811
    import kgsearch

    params = {"q": QUESTION}
    default = client.get("/api/search", params=params).json()
    off = client.get("/api/search", params=params | {"semantic": "0"}).json()
    with kgsearch.open_index(semantic_index) as index:
        direct = index.search(QUESTION, semantic=False)
    assert [h["id"] for h in off["hits"]] == [h.id for h in direct.hits]
    assert off["total"] == direct.total
    added = [h for h in default["hits"] if h["why"]]
    assert added and not any(h["why"] for h in off["hits"])
    items = _hit_items(client.get("/", params=params).text)
    for hit in added:
        assert f'<p class="why">{html.escape(hit["why"])}</p>' in items[hit["id"]]
    plain = _hit_items(client.get("/", params=params | {"semantic": "off"}).text)
    assert set(plain) == {h["id"] for h in off["hits"]}
    assert 'class="why"' not in "".join(plain.values())


def test_semantic_1_is_the_default_here_and_exact_turns_it_off(client):
    on = client.get("/api/search", params={"q": QUESTION, "semantic": "1"}).json()
    default = client.get("/api/search", params={"q": QUESTION}).json()
    exact = client.get("/api/search", params={"q": QUESTION, "exact": "1"}).json()
    assert [h["id"] for h in on["hits"]] == [h["id"] for h in default["hits"]]
    assert any(h["why"] for h in on["hits"]) and not any(h["why"] for h in exact["hits"])


# -- the document page and More like this ------------------------------------------------------


def test_the_document_page_lists_its_translation_and_links_more_like_this(client, semantic_index, sources):  # noqa: F811
    ru, en = _linked_pair(semantic_index, sources)
    page = client.get(f"/document/{en}")
    assert page.status_code == 200
    section = re.search(r'<section id="translations">(.*?)</section>', page.text, re.S)
    assert section, "no translations listed"
    assert "Russian" in section.group(1) and f'href="/document/{ru}"' in section.group(1)
    assert f'<a id="more-like-this" href="/similar/{en}">' in page.text


def test_api_similar_lists_stories_in_both_languages_but_the_document(client, semantic_index, sources):  # noqa: F811
    ru = _ids(semantic_index, sources["ru"])[0]
    answer = client.get(f"/api/similar/{ru}", params={"limit": "8"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["id"] == ru
    hits = body["hits"]
    assert len(hits) == 8
    assert ru not in [h["id"] for h in hits]
    assert {h["lang"] for h in hits} == {"ru", "en"}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and all(-1 <= s <= 1 for s in scores)
    only_en = client.get(f"/api/similar/{ru}", params={"limit": "8", "lang": "en"}).json()["hits"]
    assert only_en and {h["lang"] for h in only_en} == {"en"}


def test_the_similar_page_lists_what_the_api_does(client, semantic_index, sources):  # noqa: F811
    ru = _ids(semantic_index, sources["ru"])[0]
    hits = client.get(f"/api/similar/{ru}").json()["hits"]
    page = client.get(f"/similar/{ru}")
    assert page.status_code == 200
    assert re.findall(r'<li class="hit" data-id="([^"]+)">', page.text) == [h["id"] for h in hits]
    items = _hit_items(page.text)
    first = hits[0]
    assert f'href="/document/{first["id"]}"' in items[first["id"]]
    assert html.escape(first["title"], quote=False) in items[first["id"]]
    assert f'{first["score"]:.2f}' in items[first["id"]]
    assert f'<span class="lang">{first["lang"]}</span>' in items[first["id"]]


def test_similar_to_an_unknown_id_is_a_404(client):
    for path in ("/similar/no-such-id", "/api/similar/no-such-id"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "no document with id" in answer.text and "Traceback" not in answer.text
    assert client.get("/api/similar/no-such-id").json()["status"] == 404


def test_a_bad_limit_for_similar_is_the_command_lines_message(client, semantic_index, sources):  # noqa: F811
    ru = _ids(semantic_index, sources["ru"])[0]
    answer = client.get(f"/api/similar/{ru}", params={"limit": "0"})
    assert answer.status_code == 400
    assert "--limit" in answer.json()["error"]


# -- an index without vectors (runs everywhere) --------------------------------------------------


def _some_id(client) -> str:
    return client.get("/api/search", params={"q": "railway"}).json()["hits"][0]["id"]


def test_without_vectors_there_is_no_more_like_this_link(plain_client):
    doc_id = _some_id(plain_client)
    page = plain_client.get(f"/document/{doc_id}")
    assert page.status_code == 200
    assert "/similar/" not in page.text and "more-like-this" not in page.text


def test_without_vectors_similar_and_semantic_1_are_one_line_errors(plain_client):
    doc_id = _some_id(plain_client)
    for path, params in ((f"/api/similar/{doc_id}", {}), ("/api/search", {"q": "railway", "semantic": "1"})):
        answer = plain_client.get(path, params=params)
        assert answer.status_code == 400, path
        message = answer.json()["error"]
        assert "kgsearch[semantic]" in message and "\n" not in message and "Traceback" not in answer.text
    for path, params in ((f"/similar/{doc_id}", {}), ("/", {"q": "railway", "semantic": "1"})):
        page = plain_client.get(path, params=params)
        assert page.status_code == 400, path
        assert "kgsearch[semantic]" in html.unescape(page.text) and "Traceback" not in page.text
    assert plain_client.get("/api/search", params={"q": "railway", "semantic": "0"}).status_code == 200
