"""``kgsearch serve`` through the app's test client: the JSON API answers as ``kgsearch query
--json`` prints, the pages escape what documents and parameters hold, and bad input is a 400
with the command line's message (real browsers drive the pages in another test file)."""

import json
import shutil

import pytest

from conftest import invoke, shared_path

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("jinja2")

from starlette.testclient import TestClient  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
BASE = "http://127.0.0.1:8765"  # the test client's requests name the server as a browser on this machine does


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A small real index: the seeds, 30 NG and 20 BBC articles, and one hostile document."""
    from kgsearch.index import rebuild

    seeds, ng, bbc = shared_path("seeds"), shared_path("corpora", "ng", "ng.jsonl"), shared_path("corpora", "bbc")
    files = tmp_path_factory.mktemp("files")
    shutil.copytree(seeds, files / "seeds")
    with ng.open(encoding="utf-8") as source:
        (files / "ng.jsonl").write_text("".join(line for _, line in zip(range(30), source)), encoding="utf-8")
    (files / "bbc").mkdir()
    for path in sorted((bbc / "business").glob("*.txt"))[:20]:
        shutil.copy(path, files / "bbc" / path.name)
    hostile = {"url": "https://example.org/hostile", "title": f"Railway plan {SCRIPT} {IMAGE}",
               "date": "2025-03-04", "source": "Probe",
               "content": f"The railway to Torugart {SCRIPT} and {IMAGE} again: the railway opens in 2026."}
    (files / "probe.jsonl").write_text(json.dumps(hostile) + "\n", encoding="utf-8")
    location = tmp_path_factory.mktemp("index")
    rebuild(location, [files])
    return location


@pytest.fixture(scope="module")
def client(archive):
    import kgsearch
    from kgsearch.web import create_app

    with kgsearch.open_index(archive) as index, TestClient(create_app(index), base_url=BASE) as test_client:
        yield test_client


def _cli_json(archive, *args):
    result = invoke("--index", archive, "query", "--json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _untimed(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "took_ms"}


# (URL parameters, the same as command-line arguments)
SEARCHES = [
    ({"q": "railway"}, ["railway"]),
    ({"q": "железная дорога"}, ["железная дорога"]),
    ({"q": "railway", "translate": "0"}, ["railway", "--no-translate"]),
    ({"q": "railway", "facets": "1"}, ["railway", "--facets"]),
    ({"q": "railway", "year": "2025"}, ["railway", "--year", "2025"]),
    ({"q": "China OR Китай", "sort": "newest", "limit": "3", "page": "2"},
     ["China OR Китай", "--sort", "newest", "--limit", "3", "--page", "2"]),
    ({"q": "company", "lang": "en", "from": "2004", "to": "2006-06"},
     ["company", "--lang", "en", "--from", "2004", "--to", "2006-06"]),
    ({"source": "Probe"}, ["--source", "Probe"]),
    ({"q": "goverment"}, ["goverment"]),
    ({"q": "goverment", "exact": "1"}, ["goverment", "--exact"]),
    ({"q": "Baktygulova", "speaker": "Kanaiym Baktygulova"}, ["Baktygulova", "--speaker", "Kanaiym Baktygulova"]),
    ({"q": "\"Belt and Road\" OR Китай", "year": ["2020-2022", "2017"]},
     ["\"Belt and Road\" OR Китай", "--year", "2020-2022", "--year", "2017"]),
]


@pytest.mark.parametrize("params, args", SEARCHES, ids=[repr(p) for p, _ in SEARCHES])
def test_api_search_is_query_json(client, archive, params, args):
    answer = client.get("/api/search", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert _untimed(answer.json()) == _untimed(_cli_json(archive, *args))


def test_the_table_finds_something(client):
    """The table above compares answers with hits, not empty ones only."""
    assert client.get("/api/search", params={"q": "railway"}).json()["total"] >= 2
    assert client.get("/api/search", params={"q": "железная дорога"}).json()["expansions"]


def test_api_document_is_show_json(client, archive):
    doc_id = client.get("/api/search", params={"q": "railway"}).json()["hits"][0]["id"]
    answer = client.get(f"/api/document/{doc_id}", params={"q": "railway"})
    shown = invoke("--index", archive, "show", doc_id, "--json", "--highlight", "railway")
    assert answer.status_code == 200
    assert answer.json() == json.loads(shown.output)
    assert answer.json()["highlights"]


def test_api_facets_and_trend_are_the_commands(client, archive):
    answer = client.get("/api/facets", params={"field": "year", "q": "railway"})
    assert answer.json() == json.loads(invoke("--index", archive, "facets", "year", "railway", "--json").output)
    everything = client.get("/api/facets", params={"field": "lang"}).json()
    assert everything == json.loads(invoke("--index", archive, "facets", "lang", "--json").output)
    trend = client.get("/api/trend", params=[("q", "railway"), ("q", "Китай"), ("by", "month")]).json()
    printed = json.loads(invoke("--index", archive, "trend", "railway", "Китай", "--by", "month", "--json").output)
    assert _untimed(trend) == _untimed(printed)


def _hostile_id(client):
    return client.get("/api/search", params={"source": "Probe"}).json()["hits"][0]["id"]


@pytest.mark.parametrize("path", ["/", "/document/{id}"])
def test_documents_are_escaped(client, path):
    page = client.get(path.format(id=_hostile_id(client)), params={"q": "railway", "source": "Probe"})
    assert page.status_code == 200
    for probe in (SCRIPT, IMAGE):
        assert probe not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_the_document_page_marks_every_match(client):
    page = client.get(f"/document/{_hostile_id(client)}", params={"q": "railway"}).text
    assert page.count('<mark class="match"') == 2
    assert 'id="next-match"' in page and 'id="prev-match"' in page
    assert "(from " in page  # where the date came from


@pytest.mark.parametrize("name", ["q", "speaker", "source", "person"])
def test_probes_in_parameters_are_escaped(client, name):
    for probe in (SCRIPT, IMAGE, '"><script>alert(1)</script>'):
        page = client.get("/", params={"q": "railway", name: probe} if name != "q" else {"q": probe})
        assert page.status_code in (200, 400)
        assert "<script>alert" not in page.text and "<img src=x" not in page.text


def test_probe_in_year_is_400(client):
    page = client.get("/", params={"q": "railway", "year": SCRIPT})
    assert page.status_code == 400
    assert "<script>alert" not in page.text
    assert "bad --year" in page.text


def test_content_security_policy(client):
    for path in ("/", "/?q=railway", "/api/search?q=railway", "/trend?q=railway", "/nowhere"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'self'" in policy and "unsafe-inline" not in policy


def test_pages_have_no_inline_scripts_or_styles(client):
    for path in ("/?q=railway", f"/document/{_hostile_id(client)}?q=railway", "/trend?q=railway&q=Китай"):
        page = client.get(path).text
        assert "<script>" not in page and "style=" not in page and "<style" not in page


@pytest.mark.parametrize("params, message", [
    ({"q": "railway", "year": "20x5"}, "bad --year '20x5'"),
    ({"q": "railway", "from": "2020-13"}, "bad date '2020-13' for --from"),
    ({"q": "railway", "to": "yesterday"}, "for --to"),
    ({"q": "railway", "sort": "random"}, "--sort"),
    ({"q": "railway", "limit": "0"}, "--limit"),
    ({"q": "railway", "limit": "many"}, "--limit"),
    ({"q": "railway", "page": "0"}, "--page"),
    ({"q": "railway", "lang": "xx"}, "--lang"),
    ({}, "give a QUERY"),
])
def test_bad_parameters_are_400_with_the_cli_message(client, archive, params, message):
    api = client.get("/api/search", params=params)
    assert api.status_code == 400, api.text
    error = api.json()["error"]
    assert message in error and "Traceback" not in error and "\n" not in error
    page = client.get("/", params=params) if params else client.get("/api/search")
    assert page.status_code == 400
    args = [params.pop("q")] if "q" in params else []
    for name, value in params.items():
        args += [f"--{name}", value]
    printed = invoke("--index", archive, "query", *args)
    assert printed.exit_code == 2
    assert error in printed.output


def test_unclosed_quote_is_the_cli_message(client, archive):
    """A query the language cannot read: the same line as the command line (if it refuses it)."""
    printed = invoke("--index", archive, "query", '"railway')
    answer = client.get("/api/search", params={"q": '"railway'})
    assert answer.status_code == (400 if printed.exit_code == 2 else 200)


def test_unknown_document_is_404(client):
    assert client.get("/document/nosuchid").status_code == 404
    assert client.get("/api/document/nosuchid").status_code == 404
    assert "no document with id" in client.get("/api/document/nosuchid").json()["error"]


@pytest.mark.parametrize("path", ["/", "/api/search?q=railway", "/document/x", "/api/facets", "/static/kgsearch.css"])
def test_no_writes(client, path):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)(path).status_code == 405


def test_search_page_state_in_links(client):
    page = client.get("/", params={"q": "railway"}).text
    assert 'id="q"' in page and 'value="railway"' in page
    assert 'data-year="2025"' in page and "year=2025" in page
    filtered = client.get("/", params={"q": "railway", "year": "2025"}).text
    assert 'class="remove-filter"' in filtered and 'data-value="2025"' in filtered
    assert client.get("/", params={"q": "railway", "year": "2025"}).status_code == 200


def test_translation_switch(client):
    page = client.get("/", params={"q": "railway"}).text
    assert 'id="translate-toggle"' in page and "translate=0" in page and "Also searched" in page
    off = client.get("/", params={"q": "railway", "translate": "0"}).text
    assert "Also searched" not in off and 'id="translate-toggle"' in off


def test_next_page_link(client):
    page = client.get("/", params={"q": "company", "limit": "2"}).text
    assert 'id="next-page"' in page and "page=2" in page


def test_serve_without_the_web_stack_says_what_to_install(monkeypatch, archive):
    import sys

    monkeypatch.setitem(sys.modules, "kgsearch.web", None)
    result = invoke("--index", archive, "serve")
    assert result.exit_code == 2
    assert "pip install 'kgsearch[serve]'" in result.output


def test_every_year_bar_links_to_a_page(client):
    """Each year bar is a link the server takes (the undated count is no link: --year takes years)."""
    import re

    page = client.get("/").text
    links = re.findall(r'data-year="([^"]*)" data-facet="year" href="([^"]*)"', page)
    assert links
    for year, href in links:
        assert client.get(href.replace("&amp;", "&")).status_code == 200, year


def test_every_facet_link_works(client):
    import re

    page = client.get("/", params={"q": "railway OR company"}).text
    links = re.findall(r'data-facet="(\w+)" data-value="[^"]*" href="([^"]*)"', page)
    assert {field for field, _ in links} >= {"lang", "speaker", "source"}
    for field, href in links:
        assert client.get(href.replace("&amp;", "&")).status_code == 200, (field, href)


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "127.0.0.1", "localhost:8765", "LOCALHOST", "[::1]:8765", "[::1]"])
def test_this_machine_is_answered(client, host):
    assert client.get("/api/search", params={"q": "railway"}, headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example:8765",
                                  "127.0.0.1:8766", "localhost:80", "[::1]:1", "127.0.0.1:8765:8765", "::1", ""])
@pytest.mark.parametrize("path", ["/api/search?q=railway", "/api/document/x", "/", "/static/kgsearch.css"])
def test_other_hosts_are_refused(client, host, path):
    """A page elsewhere that rebinds its name to 127.0.0.1 (DNS rebinding) reads nothing: the browser
    still names the page's host, or this machine at another port."""
    answer = client.get(path, headers={"host": host})
    assert answer.status_code == 421
    assert answer.headers["content-type"].startswith("text/plain")
    assert "railway" not in answer.text and "\n" not in answer.text.rstrip("\n")
    assert "localhost" in answer.text


def test_the_host_served_is_answered(archive):
    import kgsearch
    from kgsearch.web import create_app

    with kgsearch.open_index(archive) as index:
        app = create_app(index, host="192.0.2.7")
        assert TestClient(app, base_url="http://192.0.2.7:8080").get("/").status_code == 200
        assert TestClient(app, base_url="http://192.0.2.8:8080").get("/").status_code == 421
        v6 = create_app(index, host="fe80::1")
        assert TestClient(v6, base_url="http://[fe80::1]:8080").get("/").status_code == 200


def _blocked_search(monkeypatch):
    """Index.search made to wait, inside the server, until the test lets it go: (entered, release, done)."""
    import threading

    from kgsearch.search import Index

    entered, release, done = threading.Event(), threading.Event(), threading.Event()
    original = Index.search

    def waiting(self, *args, **kwargs):
        entered.set()
        release.wait(120)  # the test sets it; the timeout only ends a test that failed
        try:
            return original(self, *args, **kwargs)
        finally:
            done.set()

    monkeypatch.setattr(Index, "search", waiting)
    return entered, release, done


def test_a_search_keeps_no_one_waiting(client, monkeypatch):
    """While a search runs, the stylesheet is served: searches run off the event loop."""
    import threading

    entered, release, done = _blocked_search(monkeypatch)
    answers = []
    searching = threading.Thread(target=lambda: answers.append(client.get("/api/search", params={"q": "railway"})))
    searching.start()
    try:
        assert entered.wait(20)
        css = client.get("/static/kgsearch.css")
        served_while_searching = not done.is_set()
    finally:
        release.set()
        searching.join(30)
    assert css.status_code == 200 and "body{" in css.text
    assert served_while_searching
    assert answers[0].status_code == 200 and answers[0].json()["total"]


class _FakeClock:
    """The budget's clock, moved by the test alone."""

    def __init__(self, monkeypatch):
        import time
        import types

        from kgsearch import budget

        self.start = self.now = time.monotonic()
        monkeypatch.setattr(budget, "time", types.SimpleNamespace(monotonic=lambda: self.now))

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def spent(self) -> bool:
        from kgsearch import budget

        return self.now - self.start > budget.TIME_LIMIT


def test_a_trend_spends_one_budget(client, monkeypatch):
    """Two queries each spending 60% of the time allowed: the request is over its budget."""
    from kgsearch import budget
    from kgsearch.match import Matcher

    clock = _FakeClock(monkeypatch)
    original = Matcher.matches

    def slow(self, *args, **kwargs):
        clock.advance(0.6 * budget.TIME_LIMIT)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Matcher, "matches", slow)
    one = client.get("/api/trend", params={"q": "railway"})
    assert one.status_code == 200, one.text
    two = client.get("/api/trend", params=[("q", "railway"), ("q", "Китай")])
    assert two.status_code == 400
    assert f"more than {budget.TIME_LIMIT:g} s" in two.json()["error"]


def test_looking_names_up_spends_the_budget(client, monkeypatch):
    """Names the index lacks are looked up for the closest (difflib, over every name the index
    has): that time is the request's, no name is compared once it is spent, and the request
    stops then."""
    import difflib

    from kgsearch import budget
    from kgsearch.plan import Planner

    clock = _FakeClock(monkeypatch)
    original, compare = Planner.name_filter, difflib.SequenceMatcher.set_seq1
    looked_up, compared, compared_when_spent = [], [], []

    def slow(self, field, name, notes):
        clock.advance(1.0)
        looked_up.append(name)
        return original(self, field, name, notes)

    def counted(self, candidate):
        (compared_when_spent if clock.spent() else compared).append(candidate)
        return compare(self, candidate)

    monkeypatch.setattr(Planner, "name_filter", slow)
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counted)
    names = [("speaker", f"Nobody Nowhere {n}") for n in range(int(budget.TIME_LIMIT) + 2)]
    answer = client.get("/api/search", params=[("q", "railway")] + names)
    assert len(looked_up) == len(names)
    assert compared and not compared_when_spent
    assert answer.status_code == 400
    assert f"more than {budget.TIME_LIMIT:g} s" in answer.json()["error"]


@pytest.mark.parametrize("path", ["/api/search", "/api/trend", "/", "/trend"])
@pytest.mark.parametrize("name", ["speaker", "person", "year"])
def test_too_many_values_are_400(client, path, name):
    from kgsearch.web import MAX_VALUES

    values = [(name, "2020" if name == "year" else f"Name {n}") for n in range(3000)]
    answer = client.get(path, params=[("q", "railway")] + values)
    assert answer.status_code == 400
    assert f"at most {MAX_VALUES} values for --{name}, not 3000" in answer.text
    assert client.get(path, params=[("q", "railway")] + values[:MAX_VALUES]).status_code == 200


@pytest.mark.parametrize("path", ["/api/trend", "/trend"])
def test_too_many_trend_queries_are_400(client, path):
    from kgsearch.web import MAX_QUERIES

    answer = client.get(path, params=[("q", f"rail{'w' * n}*") for n in range(MAX_QUERIES + 1)])
    assert answer.status_code == 400
    assert f"at most {MAX_QUERIES} queries at once, not {MAX_QUERIES + 1}" in answer.text


def test_an_error_page_keeps_the_search(client):
    """A bad query: the page says why, with the query in its box to correct; a bad filter is
    listed with the link that drops it."""
    import html
    import re

    page = client.get("/", params={"q": "(railway OR Китай", "lang": "en"})
    assert page.status_code == 400 and 'id="error"' in page.text
    assert re.search(r'<input type="search" name="q" id="q" value="\(railway OR Китай"', page.text)
    assert '<input type="hidden" name="lang" value="en">' in page.text
    bad_year = client.get("/", params={"q": "railway", "year": "20x5"})
    drop = re.search(r'class="remove-filter" data-filter="year" data-value="20x5" href="([^"]*)"', bad_year.text)
    assert bad_year.status_code == 400 and drop
    assert client.get(html.unescape(drop.group(1))).status_code == 200
    trend = client.get("/trend", params=[("q", "railway"), ("q", "(Китай"), ("by", "month")])
    assert trend.status_code == 400 and 'id="trend-form"' in trend.text
    assert 'value="(Китай"' in trend.text and 'value="month" selected' in trend.text


def test_an_error_page_repeats_no_flood(client):
    """The 3,000 values refused are not written back into the page."""
    page = client.get("/", params=[("q", "railway")] + [("speaker", f"Name {n}") for n in range(3000)])
    assert page.status_code == 400
    assert 'value="railway"' in page.text and "Name 2999" not in page.text


def test_many_searches_keep_no_one_waiting(archive, monkeypatch):
    """More searches at once than the server has threads (anyio lends 40, and static files take
    theirs from the same pool): they queue for the searches' own few threads, and the stylesheet
    is served while all of them wait."""
    import threading

    import kgsearch
    from kgsearch.web import create_app

    entered, release, done = _blocked_search(monkeypatch)
    arrived = []
    with kgsearch.open_index(archive) as index:
        app = create_app(index)

        async def counting(scope, receive, send):
            if scope["type"] == "http" and scope["path"] == "/api/search":
                arrived.append(scope["path"])  # counted on the server's loop, before the route runs
            await app(scope, receive, send)

        with TestClient(counting, base_url=BASE) as many:
            requests = [threading.Thread(target=many.get, args=("/api/search",), kwargs={"params": {"q": "railway"}})
                        for n in range(45)]
            for request in requests:
                request.start()
            try:
                assert entered.wait(20)
                while len(arrived) < len(requests) and not done.is_set():
                    threading.Event().wait(0.01)
                css = many.get("/static/kgsearch.css")
                served_while_searching = not done.is_set()
            finally:
                release.set()
                for request in requests:
                    request.join(60)
    assert css.status_code == 200 and served_while_searching


def test_a_port_in_use_is_one_line(demo_index):
    """Another program on the port: one line and exit status 2, not the server's log line and 3."""
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = invoke("serve", "--index", demo_index, "--port", port)
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1 port {port}" in result.output and "Traceback" not in result.output
