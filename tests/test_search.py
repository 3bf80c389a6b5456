"""The search API on a real index: the demo corpus, and small indexes made to measure."""

import pytest

from kgsearch import index
import kgsearch
from kgsearch import ParameterError, QueryError
from kgsearch.choices import FACET_FIELDS
from kgsearch.index.sources import canonical_source
from conftest import DEMO_BY_LANG, DEMO_BY_YEAR, DEMO_DOCUMENTS, DEMO_ROWS


def in_manifest(predicate) -> int:
    """How many demo documents the hand-written manifest says match."""
    return sum(1 for row in DEMO_ROWS if predicate(row))


def titles(results):
    return [h.title for h in results.hits]


def ids(results):
    return {h.id for h in results.hits}


def marked(results):
    """Every matched form marked in the hits' snippets."""
    return {seg.lower() for h in results.hits for s in h.snippets for seg, hit in s.segments if hit}


def all_hits(ix, query, translate=False, **options):
    """Every hit, searched as typed unless ``translate`` (cross-lingual tests are their own)."""
    return ix.search(query, limit=1000, snippets=False, translate=translate, **options)


def test_railway_finds_the_railway_stories(demo):
    results = demo.search("railway", translate=False)
    assert results.total >= 8 and len(results.hits) == 10
    assert all("railway" in (h.title + " ".join(s.plain() for s in h.snippets)).lower() for h in results.hits)
    assert "railway" in marked(results) and marked(results) <= {"railway", "railways"}


def test_russian_inflections_match_and_are_highlighted(demo):
    results = demo.search("железная дорога", translate=False)
    assert results.total >= 8
    assert all(h.lang == "ru" for h in results.hits)
    forms = {word for mark in marked(results) for word in mark.split()}
    assert "железной" in forms and "дороги" in forms


def test_english_stems_match(demo):
    assert all_hits(demo, "railways").total == all_hits(demo, "railway").total
    assert all_hits(demo, "meetings").total == all_hits(demo, "meeting").total


def test_phrase_keeps_stop_word_gaps(demo):
    phrase = all_hits(demo, '"Belt and Road"')
    assert phrase.total >= 5
    assert all_hits(demo, '"Belt Road"').total == 0
    assert all_hits(demo, '"Road and Belt"').total == 0
    assert all_hits(demo, '"железная дорога"').total == all_hits(demo, '"железной дороги"').total > 0


def test_proximity(demo):
    assert all_hits(demo, '"Belt Road"~1').total == all_hits(demo, '"Belt and Road"').total


def test_booleans(demo):
    rail, ru = all_hits(demo, "railway"), all_hits(demo, "железная")
    either = all_hits(demo, "railway OR железная")
    assert ids(either) == ids(rail) | ids(ru)
    assert ids(all_hits(demo, "railway ИЛИ железная")) == ids(either)
    both = all_hits(demo, "railway AND Uzbekistan")
    assert ids(both) == ids(rail) & ids(all_hits(demo, "Uzbekistan"))
    without = all_hits(demo, "railway -Uzbekistan")
    assert ids(without) == ids(rail) - ids(all_hits(demo, "Uzbekistan"))
    assert ids(all_hits(demo, "railway NOT Uzbekistan")) == ids(without)
    assert ids(all_hits(demo, "railway НЕ Uzbekistan")) == ids(without)
    grouped = ids(all_hits(demo, "(railway OR железная) AND Пекин"))
    assert grouped and grouped == ids(either) & ids(all_hits(demo, "Пекин"))
    assert all_hits(demo, "-railway").total == DEMO_DOCUMENTS - rail.total


def test_fields(demo):
    title_only = all_hits(demo, "title:SCO")
    assert title_only.total >= 2 and all("SCO" in h.title for h in title_only.hits)
    kazakbaev = all_hits(demo, "speaker:Kazakbaev")
    assert kazakbaev.total == in_manifest(lambda row: "Ruslan Kazakbaev" in row["speakers"].split("; "))
    assert all("Ruslan Kazakbaev" in h.speakers for h in kazakbaev.hits)
    assert {h.id for h in all_hits(demo, 'speaker:"Ван И"').hits} == {h.id for h in all_hits(demo, 'speaker:"Wang Yi"').hits}
    russian = ids(all_hits(demo, "(railway OR железная) lang:ru"))
    assert russian and russian == {h.id for h in all_hits(demo, "railway OR железная").hits if h.lang == "ru"}
    xinhua = all_hits(demo, "source:xinhua")
    assert xinhua.total == in_manifest(lambda row: row["source"] and canonical_source(row["source"]) == "Xinhua")
    assert {h.source for h in xinhua.hits} == {"Xinhua"}
    assert all_hits(demo, "source:Синьхуа").total == xinhua.total


def test_dates_and_years(demo):
    in_2025 = all_hits(demo, "year:2025")
    assert in_2025.total == DEMO_BY_YEAR["2025"] and all(h.date.startswith("2025") for h in in_2025.hits)
    month = all_hits(demo, "date:2024-06")
    assert month.total == in_manifest(lambda row: row["date"].startswith("2024-06"))
    assert all(h.date.startswith("2024-06") for h in month.hits)
    spring = all_hits(demo, "date:[2025-01-01 TO 2025-06-30]")
    assert spring.total == in_manifest(lambda row: "2025-01-01" <= row["date"] <= "2025-06-30")
    assert all("2025-01-01" <= h.date <= "2025-06-30" for h in spring.hits)
    after = all_hits(demo, "date:>2024")
    assert after.total == in_manifest(lambda row: row["date"][:4] > "2024") and all(h.date >= "2025" for h in after.hits)
    span = all_hits(demo, "year:2020-2021")
    assert {h.date[:4] for h in span.hits} == {"2020", "2021"}


def test_prefix_and_fuzzy(demo):
    assert all_hits(demo, "rail*").total >= all_hits(demo, "railway").total
    assert all_hits(demo, "railwya~").total == all_hits(demo, "railway").total
    assert all_hits(demo, "railwya", correct=False).total == 0
    assert all_hits(demo, "дорог*").total >= all_hits(demo, "дорога").total


def test_filters(demo):
    results = all_hits(demo, "railway OR железная", years=[2024], lang="ru")
    assert results.total and all(h.date.startswith("2024") and h.lang == "ru" for h in results.hits)
    ranged = all_hits(demo, "railway OR железная", years=[(2020, 2022)])
    assert ranged.total and all("2020" <= h.date[:4] <= "2022" for h in ranged.hits)
    dated = all_hits(demo, "railway", date_from="2025", date_to="2025-06")
    assert dated.total and all("2025-01-01" <= h.date <= "2025-06-30" for h in dated.hits)
    by_alias = all_hits(demo, "railway OR железная", speakers=["Жапаров Садыр", "Садыр Жапаров"])
    assert by_alias.total and all("Sadyr Japarov" in h.speakers for h in by_alias.hits)
    assert all_hits(demo, "railway", speakers=["S. Japarov"]).total == all_hits(
        demo, "railway", speakers=["Sadyr Japarov"]).total
    assert {h.source for h in all_hits(demo, "railway", source="xinhua").hits} == {"Xinhua"}
    with pytest.raises(ParameterError, match="bad date 'soon' for date_from") as raised:
        demo.search("railway", date_from="soon")
    assert raised.value.parameter == "date_from"


def test_sorting_and_pages(demo):
    newest = demo.search("railway OR железная", sort="newest", limit=50, snippets=False, translate=False)
    dates = [h.date for h in newest.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    assert all(h.date for h in newest.hits[: len(dates)])  # undated documents come last
    oldest = demo.search("railway OR железная", sort="oldest", limit=50, snippets=False, translate=False)
    assert [h.date for h in oldest.hits if h.date] == sorted(dates)
    first = demo.search("railway OR железная", limit=5)
    second = demo.search("railway OR железная", limit=5, page=2)
    assert second.page == 2 and len(second.hits) == 5 and first.total == second.total
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert [h.id for h in first.hits + second.hits] == [h.id for h in demo.search("railway OR железная", limit=10).hits]


def test_facets_cover_the_whole_result_set(demo):
    results = demo.search("railway OR железная", limit=1, facets=True)
    facets = results.facets
    assert set(facets) == set(FACET_FIELDS)
    assert sum(facets["year"].values()) == sum(facets["lang"].values()) == sum(facets["source"].values()) == results.total
    japarov = [n for n in facets["speaker"] if n.startswith("Sadyr Japarov") or n.startswith("Садыр Жапаров")]
    assert len(japarov) == 1 and facets["speaker"][japarov[0]] >= 5  # one entry for the entity
    everything = demo.facet_counts()
    assert everything["lang"] == DEMO_BY_LANG and everything["year"] == DEMO_BY_YEAR


def test_relaxed_when_no_document_has_all_words(demo):
    results = demo.search("railway qwertyzxcv", translate=False)
    assert results.relaxed and results.total == all_hits(demo, "railway").total
    assert "any of them" in results.notes[0]


def test_did_you_mean(demo):
    assert demo.search("railwya").suggestion == "railway"
    assert demo.search("дорга").suggestion == "дорога"
    assert demo.search("railway").suggestion is None


def test_a_correction_leaves_out_the_skipped_documents(demo):
    """The search rerun for a correction forwarded all options but ``skip_ids``: a watch's
    already-reported documents came back as new through a misspelt query."""
    railway = demo.matching_ids("railway")
    skipped = set(sorted(railway)[: len(railway) // 2])
    assert skipped and railway - skipped
    corrected = demo.search("railwya", limit=1000, all_versions=True, skip_ids=skipped)
    assert corrected.corrected == "railway" and not ids(corrected) & skipped
    assert ids(corrected) == ids(demo.search("railway", limit=1000, all_versions=True, skip_ids=skipped))


def test_every_hit_leaves_out_the_skipped_documents(demo):
    """``all_hits`` takes ``search``'s options: ``skip_ids`` too, in what it streams."""
    railway = demo.matching_ids("railway")
    skipped = set(sorted(railway)[: len(railway) // 2])
    streamed = {hit.id for hit in demo.all_hits("railway", all_versions=True, skip_ids=skipped)}
    assert streamed == railway - skipped


def test_a_correction_reruns_with_every_option(demo, monkeypatch):
    """Every parameter of ``search`` reaches the rerun for a correction, as given (but ``correct``):
    the filters and the page as the objects they are, every field of them set here."""
    import dataclasses
    import inspect

    from kgsearch.options import Filters, Page

    filters = Filters(years=[(2015, 2030)], date_from="2015", date_to="2030", lang="en")
    page = Page(1, 7, "newest", snippets=False, facets=True, all_versions=True, semantic=False)
    given = {"filters": filters, "page": page, "translate": False, "correct": True, "skip_ids": {"none-such"}}
    signature = inspect.signature(kgsearch.Index.search)
    assert set(given) == set(signature.parameters) - {"self", "query", "_budget", "keywords"}  # a new one: add it
    assert {f.name for f in dataclasses.fields(Page)} == {"number", "limit", "sort", "snippets", "facets",
                                                          "all_versions", "semantic"}  # a new field: set it above
    reruns, answer = [], kgsearch.Index._answer

    def recording(self, query, asked, budget, *more):
        if query != "railwya":
            reruns.append((asked, budget))
        return answer(self, query, asked, budget, *more)

    monkeypatch.setattr(kgsearch.Index, "_answer", recording)
    assert demo.search("railwya", **given).corrected == "railway"
    assert len(reruns) == 1 and reruns[0][1] is not None
    assert reruns[0][0] == given | {"correct": False}


def test_the_old_keywords_make_the_same_objects(demo):
    """``search(years=…, limit=…, page=2)`` is ``search(Filters(years=…), Page(2, limit=…))``."""
    from kgsearch.options import Filters, Page

    by_keywords = demo.search("railway", years=[2024], lang="en", limit=2, page=2, snippets=False)
    by_objects = demo.search("railway", Filters(years=[2024], lang="en"), Page(2, limit=2, snippets=False))
    assert by_keywords.total == by_objects.total and by_keywords.page == 2
    assert [h.id for h in by_keywords.hits] == [h.id for h in by_objects.hits]
    with pytest.raises(TypeError, match="yeers"):
        demo.search("railway", yeers=[2024])


def test_only_stop_words_is_an_error(demo):
    with pytest.raises(QueryError, match="only stop words"):
        demo.search("the and и в")


def test_get_returns_the_whole_document(demo):
    hit = demo.search('"Belt and Road"', limit=1).hits[0]
    doc = demo.get(hit.id)
    assert doc["title"] == hit.title and "Belt and Road" in doc["text"] and doc["path"] == hit.path
    assert demo.get("no-such-id") is None


@pytest.fixture
def small(tmp_path):
    """Documents made to test ranking: title weight, phrase over scattered words."""
    folder = tmp_path / "docs"
    folder.mkdir()
    filler = " ".join(["Officials discussed trade, customs and logistics at length."] * 6)
    (folder / "a.txt").write_text(f"Notes from Bishkek\n\n{filler} The railway was mentioned once.", "utf-8")
    (folder / "b.txt").write_text(f"Railway talks\n\n{filler} The railway was mentioned once.", "utf-8")
    (folder / "c.txt").write_text(f"Scattered\n\nThe Belt was discussed. {filler} Then the Road, briefly.", "utf-8")
    (folder / "d.txt").write_text(f"Together\n\n{filler} The Belt and Road was discussed.", "utf-8")
    index.rebuild(tmp_path / "ix", [folder])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        yield ix


def test_title_weighs_more_than_body(small):
    assert titles(small.search("railway")) == ["Railway talks", "Notes from Bishkek"]


def test_words_together_rank_above_words_scattered(small):
    assert titles(small.search("belt road")) == ["Together", "Scattered"]


def test_open_index_without_an_index(tmp_path):
    with pytest.raises(kgsearch.StoreError, match="kgsearch index rebuild"):
        kgsearch.open_index(tmp_path / "none")
    built = kgsearch.open_index(tmp_path / "auto", build_demo=True)
    assert built.built_demo and built.search("railway").total > 0


def test_snippets_do_not_repeat_text(demo):
    for hit in demo.search("railway", limit=10).hits:
        texts = [s.plain().strip("…") for s in hit.snippets]
        assert 1 <= len(texts) <= 3
        for a, b in zip(texts, texts[1:]):
            assert a[-25:] not in b, (hit.title, texts)


@pytest.mark.parametrize("typed, corrected", [
    ("Бишкке", "бишкек"),          # two letters swapped
    ("желзная дорога", "железная дорога"),  # a letter dropped, in an inflected form's word
    ("raiway", "railway"),
])
def test_did_you_mean_fixes_one_edit(demo, typed, corrected):
    assert demo.search(typed, translate=False).suggestion == corrected


def test_suggestion_also_when_other_words_match(demo):
    results = demo.search("railway Бишкке", translate=False, correct=False)
    assert results.relaxed and results.suggestion == "railway бишкек"


def test_other_normal_forms_also_match_at_lower_weight(demo):
    from kgsearch.compiler import Compiler
    from kgsearch.query import parse

    q = Compiler(demo.searcher, demo.registry).compile(parse("стали"))
    terms = {(t.fieldname, t.text, t.boost) for t in q.leaves()}
    assert ("body", "стать", 1.0) in terms and ("body", "сталь", 0.5) in terms
    assert ("title", "стать", 2.0) in terms


def test_a_searchs_name_facets_list_the_most_named_and_a_listing_all(demo, monkeypatch):
    """Writing each of thousands of names a common word's matches hold took seconds at 100,000
    documents: a search's facets of names list the most frequent; ``facet_counts()`` every one."""
    from kgsearch import facets as facet_module
    monkeypatch.setattr(facet_module, "MOST_NAMES", 3)
    every = demo.facet_counts(fields=("person",))["person"]
    assert len(every) > 3
    shown = demo.search("", lang="en", limit=1, facets=True).facets["person"]
    assert 0 < len(shown) <= 3 and list(shown.values()) == sorted(shown.values(), reverse=True)
