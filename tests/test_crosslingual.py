"""Cross-lingual search on the demo corpus: English finds Russian, and back; names across scripts."""

import pytest

from kgsearch.glossary import Glossary, parse_glossary
from kgsearch.transliterate import to_cyrillic, to_latin


def ids(results):
    return {h.id for h in results.hits}


def langs(results):
    return {h.lang for h in results.hits}


def search(ix, query, **options):
    return ix.search(query, limit=100, snippets=False, **options)


@pytest.mark.parametrize("english, russian", [
    ("railway", "железная дорога"),
    ("checkpoint", "КПП"),
    ("Belt and Road", '"Один пояс – один путь"'),
])
def test_english_query_finds_the_russian_stories_and_back(demo, english, russian):
    from_english = search(demo, english)
    from_russian = search(demo, russian)
    as_typed_en = search(demo, english, translate=False)
    as_typed_ru = search(demo, russian, translate=False)
    assert langs(as_typed_en) == {"en"} and langs(as_typed_ru) == {"ru"}
    assert ids(as_typed_ru) <= ids(from_english) and ids(as_typed_en) <= ids(from_english)
    assert ids(as_typed_en) <= ids(from_russian) and ids(as_typed_ru) <= ids(from_russian)


def test_inflected_russian_query_is_translated(demo):
    results = search(demo, "железной дороги")
    assert {"en", "ru"} <= langs(results)
    assert results.expansions[0].startswith("железной дороги → railway, railroad")


def test_typed_matches_rank_above_translations(demo):
    hits = search(demo, "railway").hits
    first_russian = next(i for i, h in enumerate(hits) if h.lang == "ru")
    typed = search(demo, "railway", translate=False).total
    # Every document with "railway" as typed that scores above the best translation-only match...
    assert all(h.lang == "en" for h in hits[:first_russian]) and first_russian >= 3
    assert typed >= first_russian


def test_bilingual_story_pair_is_found_from_either_language(demo):
    english = search(demo, '"railway" date:2024-06-06')
    russian = search(demo, '"железная дорога" date:2024-06-06')
    assert langs(english) == langs(russian) == {"en", "ru"}


@pytest.mark.parametrize("typed, found", [
    ("Kulubaev", "Кулубаев"),
    ("Кулубаевым", "Kulubaev"),
    ("Japarov", "Жапаров"),
    ("Ван И", "Wang Yi"),
    ("Wang Yi", "Ван И"),
])
def test_names_across_scripts(demo, typed, found):
    results = search(demo, typed)
    as_written = search(demo, found, translate=False)
    assert as_written.total and ids(as_written) <= ids(results)
    assert results.expansions and results.expansions[0].startswith(typed)


def test_transliteration_finds_names_the_registry_does_not_know(demo):
    # Torugart is a place, in no registry and no glossary entry of the placeholder.
    results = search(demo, "Torugart")
    russian = search(demo, "Торугарт", translate=False)
    assert russian.total and ids(russian) <= ids(results)
    assert any("торугарт" in e.lower() for e in results.expansions)


def test_no_translate_searches_as_typed(demo):
    results = search(demo, "railway", translate=False)
    assert langs(results) == {"en"} and results.expansions == []
    assert langs(search(demo, "railway", lang="ru")) == {"ru"}


def test_expansions_in_json(demo_index):
    import json

    from click.testing import CliRunner

    from kgsearch.cli import cli

    data = json.loads(CliRunner().invoke(cli, ["query", "railway", "--index", str(demo_index), "--json"]).output)
    assert data["expansions"][0].startswith("railway → железная дорога, railroad")
    plain = CliRunner().invoke(cli, ["query", "railway", "--index", str(demo_index)])
    assert plain.output.startswith("Also searched: railway → железная дорога")
    typed = json.loads(CliRunner().invoke(
        cli, ["query", "railway", "--index", str(demo_index), "--json", "--no-translate"]).output)
    assert typed["expansions"] == [] and {h["lang"] for h in typed["hits"]} == {"en"}


def test_user_glossary(tmp_path, demo_index):
    import kgsearch

    mine = tmp_path / "mine.tsv"
    mine.write_text("# my terms\nhoney\tмёд\n", "utf-8")
    with kgsearch.open_index(demo_index, glossary=[mine]) as ix:
        results = search(ix, "honey")
        assert "honey → мед" in results.expansions[0].replace("ё", "е") and "ru" in langs(results)
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n", "utf-8")
    with kgsearch.open_index(demo_index, glossary=[bad]) as ix:
        with pytest.raises(ValueError, match="bad.tsv, line 1: expected English, a tab, then Russian"):
            search(ix, "honey")


def test_glossary_format_errors():
    with pytest.raises(ValueError, match="line 2: both sides need at least one term"):
        parse_glossary("railway\tжелезная дорога\n ; \tКПП\n")


def test_bundled_glossary_loads_and_matches_inflections():
    glossary = Glossary.load()
    assert len(glossary) >= 6
    from kgsearch.analyzers import bilingual_analyzer

    key = [t.text for t in bilingual_analyzer()("железной дороги")]
    assert glossary.match(key) == 2


@pytest.mark.parametrize("cyrillic, latin", [
    ("Кулубаев", "kulubaev"), ("Жапаров", "japarov"), ("Жапаров", "zhaparov"), ("Ташиев", "tashiev"),
    ("Атамбаев", "atambayev"), ("Чыңгыз", "chyngyz"), ("Айдарбеков", "aidarbekov"),
])
def test_transliteration_tables(cyrillic, latin):
    assert latin in to_latin(cyrillic)
    assert cyrillic.lower() in to_cyrillic(latin)
