"""Related entities (issue 25): the people most often named in a query's matches, the query's own
left out, each with a ready filter; in the API, the command (``query --related``) and the web page,
on real NG articles (Russian) and BBC stories (English)."""

import json
import re

import pytest
from conftest import invoke
from news_sample import folder, news  # noqa: F401 (fixtures)

import kgsearch
from kgsearch.index.people import name_stem
from kgsearch.related import related

# (query, the surname it names, in each script): both halves of the archive name them.
ASKED = [("Путин", ("путин", "putin")), ("Putin", ("путин", "putin")), ("Blair", ("blair", "блэр")),
         ("Трамп", ("трамп", "trump")), ("Trump", ("трамп", "trump"))]


def surname(name: str) -> str:
    return name_stem(re.findall(r"\w+", name)[-1])


@pytest.mark.parametrize("query, named", ASKED)
def test_the_query_s_own_person_is_left_out_in_either_script(news, query, named):
    results = news.search(query, limit=1, facets=True, snippets=False)
    people = results.facets["person"]
    assert any(surname(p) in named for p in people), "the archive names the person the query asks for"
    found = related(results, news.registry)
    assert found and not any(surname(r.name) in named for r in found)
    others = [(p, c) for p, c in people.items() if surname(p) not in named]
    persons = [(r.name, r.count) for r in found if r.kind == "person"]
    assert persons == others[: len(persons)]  # the most named others, in order


@pytest.mark.parametrize("query", ["Путин", "Blair"])
def test_each_filter_selects_as_many_documents_as_it_says(news, query):
    found = related(news.search(query, limit=1, facets=True, snippets=False), news.registry)
    for entity in found[:4]:
        narrowed = news.search(query, people=[entity.name], limit=1, snippets=False)
        assert narrowed.total == entity.count, entity


def test_a_name_filter_is_left_out_too(news):
    blair = next(p for p in news.facet_counts(fields=("person",))["person"] if surname(p) == "blair")
    filters = kgsearch.options.Filters(people=(blair,))
    results = news.search("", filters, limit=1, facets=True, snippets=False)
    assert any(surname(p) == "blair" for p in results.facets["person"])
    found = related(results, news.registry, filters)
    assert found and not any(surname(r.name) in ("blair", "блэр") for r in found)


def test_the_command_lists_them_only_when_asked(folder):
    plain = json.loads(invoke("query", "Путин", "--index", folder, "--json").output)
    assert "related" not in plain and plain["facets"] is None
    asked = invoke("query", "Путин", "--index", folder, "--json", "--related")
    answer = json.loads(asked.output)
    assert answer["facets"] is None and answer["related"]
    assert all(r["filter"] == {r["kind"]: r["name"]} and r["count"] > 0 for r in answer["related"])
    assert {r["kind"] for r in answer["related"]} >= {"person", "place"}
    shown = invoke("query", "Путин", "--index", folder, "--related")
    first = answer["related"][0]["name"]
    assert f'--person "{first}"' in shown.output or f"--person {first}" in shown.output
    assert "--person" not in invoke("query", "Путин", "--index", folder).output


def test_related_with_an_export_is_refused(folder):
    result = invoke("query", "Путин", "--index", folder, "--format", "csv", "--related")
    assert result.exit_code == 2 and "--related" in result.output


def test_the_web_page_links_each_to_its_filter(folder):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from kgsearch.web import create_app

    with kgsearch.open_index(folder) as index, TestClient(create_app(index), base_url="http://127.0.0.1:8765") as web:
        page = web.get("/", params={"q": "Путин"}).text
        answer = web.get("/api/search", params={"q": "Путин", "related": "1"}).json()
        assert "related" not in web.get("/api/search", params={"q": "Путин"}).json()
    assert answer["related"] and answer["facets"] is None
    command = json.loads(invoke("query", "Путин", "--index", folder, "--json", "--related").output)
    assert answer["related"] == command["related"]
    section = page[page.index('<section id="related">'):]
    first = answer["related"][0]["name"]
    assert re.search(r'href="/\?q=%D0%9F%D1%83%D1%82%D0%B8%D0%BD&amp;person=[^"]+"', section)
    assert f'data-value="{first}"' in section
