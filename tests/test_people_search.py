"""Speakers and people: each a facet, a filter and a field of the JSON."""

from conftest import invoke


def ids(results):
    return {h.id for h in results.hits}


def test_people_include_the_speakers_and_filter_like_them(demo):
    by_speaker = demo.search("railway OR железная", speakers=["Xi Jinping"], limit=100, snippets=False)
    by_person = demo.search("railway OR железная", people=["Си Цзиньпин"], limit=100, snippets=False)
    assert by_speaker.total and ids(by_speaker) <= ids(by_person)
    assert all("Xi Jinping" in h.people for h in by_person.hits)
    assert all(set(h.speakers) <= set(h.people) for h in by_person.hits)


def test_a_person_only_mentioned_is_found_as_a_person_not_as_a_speaker(tmp_path, seeds):
    import kgsearch
    from kgsearch.index import rebuild

    from conftest import shared_path

    rebuild(tmp_path / "ix", [shared_path("seeds")])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        seed_001 = {h.id for h in ix.search("Kazakbaev", limit=10, snippets=False).hits
                    if h.path.endswith(next(p.name for p in shared_path("seeds").glob("001_*")))}
        assert seed_001
        assert seed_001 <= ids(ix.search("Kazakbaev", people=["Wang Yi"], limit=10, snippets=False))
        assert not seed_001 & ids(ix.search("Kazakbaev", speakers=["Wang Yi"], limit=10, snippets=False))


def test_person_facet_and_json(demo_index):
    import json

    result = invoke("query", "railway", "--index", demo_index, "--person", "Sadyr Japarov", "--facets", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["hits"] and all("Sadyr Japarov" in h["people"] for h in data["hits"])
    # One entry for the entity, in the question's script with the registry's other form beside it.
    assert data["facets"]["person"]["Sadyr Japarov (Садыр Жапаров)"] == data["total"]
    counts = invoke("facets", "person", "--index", demo_index, "--json")
    japarov = [n for n in json.loads(counts.output) if "Japarov" in n or "Жапаров" in n]
    assert json.loads(counts.output)[next(n for n in japarov if "Sadyr" in n or "Садыр" in n)] >= data["total"]
