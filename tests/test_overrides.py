"""Corrections that survive rebuilds (issue 15): ``kgsearch edit`` writes a document's date,
title, source or speakers to the index folder's overrides.json; the query shows them at once,
and a rebuild and an update (which read the file again) apply them. On seeds and NG records."""

import json

import pytest
from conftest import invoke
from news_folder import NG_LINES, ng_lines, stored_documents

from kgsearch.index import rebuild


@pytest.fixture
def news(news_copy):
    """The news archive and its index, the test's own (a copy: see conftest.news_copy)."""
    return news_copy


def hit(location, query, doc_id) -> dict:
    data = json.loads(invoke("query", query, "--index", location, "--limit", "1000", "--json").output)
    return next(h for h in data["hits"] if h["id"] == doc_id or doc_id in {c["id"] for c in h["copies"]})


CORRECTION = {"date": "2024-05-01", "title": "Japarov and Xi meet in Astana", "source": "Kabar",
              "speakers": ["Садыр Жапаров"]}


def corrected(location, doc_id):
    found = hit(location, "Astana", doc_id)
    assert found["id"] == doc_id
    assert (found["date"], found["date_source"]) == ("2024-05-01", "override")
    assert (found["title"], found["source"]) == (CORRECTION["title"], "Kabar")
    assert found["speakers"] == ["Sadyr Japarov"]  # the registry's name for the alias given
    return found


@pytest.mark.parametrize("which", ["seed", "record"])
def test_a_correction_survives_rebuild_and_update(news, which):
    folder, location = news
    documents = stored_documents(location)
    doc = next(d for d in documents if (d["path"].endswith(".jsonl") if which == "record" else "000_" in d["path"]))
    result = invoke("edit", doc["id"], "--date", CORRECTION["date"], "--title", CORRECTION["title"], "--source",
                    "Kabar", "--speaker", CORRECTION["speakers"][0], "--index", location)
    assert result.exit_code == 0, result.output
    corrected(location, doc["id"])
    shown = json.loads(invoke("show", doc["id"], "--index", location, "--json").output)
    assert shown["extras"]["kgsearch.corrected"]["title"] == doc["title"]  # what was found is kept

    assert invoke("index", "rebuild", "--index", location).exit_code == 0
    corrected(location, doc["id"])
    # The update reads the file again: a seed with a line added, the JSON Lines file with records added.
    file = folder / doc["path"].rsplit("/", 1)[-1]
    with file.open("a", encoding="utf-8") as handle:
        handle.write(ng_lines(NG_LINES, NG_LINES + 3) if which == "record" else "\nOne line more.\n")
    assert "1 changed" in invoke("index", "update", "--index", location).output
    corrected(location, doc["id"])

    assert invoke("edit", doc["id"], "--undo", "--index", location).exit_code == 0
    back = json.loads(invoke("show", doc["id"], "--index", location, "--json").output)
    assert (back["title"], back["date"]) == (doc["title"], doc.get("date_text") or None)


def test_bad_id_and_bad_date_are_one_line_errors(news):
    _, location = news
    doc_id = stored_documents(location)[0]["id"]
    for args in (["edit", "000000000000", "--date", "2024"], ["edit", doc_id, "--date", "2024-13-40"],
                 ["edit", doc_id], ["edit", doc_id, "--title", "x", "--undo"]):
        result = invoke(*args, "--index", location)
        assert result.exit_code == 2 and result.output.count("\n") == 1, (args, result.output)
    assert not (location / "overrides.json").exists()


def test_corrected_speakers_replace_the_found_ones_among_the_people(tmp_path):
    """A real Meduza article whose speakers were found wrong: after `edit --speaker`, the people
    facet and --person know the corrected speaker and no longer the speakers found; the other
    people the text names stay. A rebuild applies the same; --undo brings the found ones back."""
    from conftest import shared_path

    folder = tmp_path / "meduza"
    folder.mkdir()
    article = next(shared_path("corpora", "meduza").glob("2018-08-08-*.txt"))
    (folder / article.name).write_bytes(article.read_bytes())
    location = tmp_path / "ix"
    rebuild(location, [folder], procs=1)
    (found,) = stored_documents(location)

    def shown():
        return json.loads(invoke("show", found["id"], "--index", location, "--json").output)

    def by_person(name):
        result = invoke("query", "", "--person", name, "--index", location, "--json")
        return [h["id"] for h in json.loads(result.output)["hits"]] if result.exit_code == 0 else []

    before = shown()
    wrong = before["speakers"]
    others = [p for p in before["people"] if p not in wrong]
    assert wrong and others and by_person(wrong[0]) == [found["id"]]
    assert invoke("edit", found["id"], "--speaker", "Асия Биби", "--index", location).exit_code == 0
    for stage in ("edited", "rebuilt"):
        if stage == "rebuilt":
            assert invoke("index", "rebuild", "--index", location).exit_code == 0
        now = shown()
        assert now["speakers"] == ["Асия Биби"]
        assert now["people"] == ["Асия Биби", *others]
        assert by_person("Асия Биби") == [found["id"]] and by_person(wrong[0]) == []
        facets = json.loads(invoke("facets", "person", "", "--index", location, "--json").output)
        assert "Асия Биби" in json.dumps(facets, ensure_ascii=False)
        assert not any(name in json.dumps(facets, ensure_ascii=False) for name in wrong)
    assert invoke("edit", found["id"], "--undo", "--index", location).exit_code == 0
    assert (shown()["speakers"], shown()["people"]) == (wrong, before["people"])


def test_a_found_speaker_the_registry_knows_stays_among_the_people(tmp_path):
    """A correction says who speaks, not who is named: a registry person found as the speaker is
    still named by the text, so --person still finds the document after the edit."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "release.txt").write_text(
        "Railway talks in Bishkek\n\nPresident Sadyr Japarov said the railway would be built on time. "
        "The delegation discussed the route.\n", "utf-8")
    location = tmp_path / "ix"
    rebuild(location, [folder], procs=1)
    (found,) = stored_documents(location)
    before = json.loads(invoke("show", found["id"], "--index", location, "--json").output)
    assert before["speakers"] == ["Sadyr Japarov"]
    assert invoke("edit", found["id"], "--speaker", "Асия Биби", "--index", location).exit_code == 0
    now = json.loads(invoke("show", found["id"], "--index", location, "--json").output)
    assert now["speakers"] == ["Асия Биби"] and now["people"] == ["Асия Биби", "Sadyr Japarov"]
    result = invoke("query", "", "--person", "Садыр Жапаров", "--index", location, "--json")
    assert [h["id"] for h in json.loads(result.output)["hits"]] == [found["id"]]


def test_the_api_corrects_by_any_id_and_checks_the_date_first(news):
    """``kgsearch.correct`` (issue 24): what ``kgsearch edit`` does, from Python: a record's url
    finds it, and a bad date or an unknown id is the library's error, with nothing written."""
    import kgsearch

    _, location = news
    with kgsearch.open_index(location) as index:
        first = index.search("Astana", limit=1).hits[0]
        doc_id, now = kgsearch.correct(index, first.url or first.id, {"title": "Astana, corrected"})
        assert doc_id == first.id and now == {"title": "Astana, corrected"}
        with pytest.raises(kgsearch.ParameterError, match="bad date '2024-13'"):
            kgsearch.correct(index, first.id, {"date": "2024-13"})
        with pytest.raises(kgsearch.KgsearchError, match="no document with id 'none-such'"):
            kgsearch.correct(index, "none-such", {"title": "x"})
    overrides = json.loads((location / "overrides.json").read_text("utf-8"))
    assert "2024-13" not in json.dumps(overrides) and "none-such" not in json.dumps(overrides)


def test_show_says_what_a_correction_replaced_in_words(tmp_path):
    """show printed the kept values as a raw dict under an internal name ('kgsearch.corrected {...}')."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "release.txt").write_text("Railway talks\n\nPresident Sadyr Japarov said the railway would be built.\n",
                                        "utf-8")
    location = tmp_path / "ix"
    rebuild(location, [folder], procs=1)
    (found,) = stored_documents(location)
    assert invoke("edit", found["id"], "--date", "2024-05-01", "--index", location).exit_code == 0
    shown = invoke("show", found["id"], "--index", location).output
    assert "kgsearch.corrected" not in shown and "{" not in shown
    assert "corrected by hand; as found: date none; date source none" in " ".join(shown.split())
