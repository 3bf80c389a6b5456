"""Cross-lingual search on the demo corpus: English finds Russian, and back; names across scripts."""

import pytest

from kgsearch.glossary import Glossary, parse_glossary
from kgsearch.analyzers.transliterate import to_cyrillic, to_latin


def is_cyrillic(word):
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def ids(results):
    return {h.id for h in results.hits}


def langs(results):
    return {h.lang for h in results.hits}


def search(ix, query, **options):
    return ix.search(query, limit=100, snippets=False, **options)


# Each mechanism (glossary, people registry, transliteration) has a test with cases only it can
# serve; these say which could serve a text, so that such a test fails when its case stops
# being its own (say, a glossary entry is added for a name that transliteration finds).

def terms(text):
    from kgsearch.analyzers import bilingual_analyzer

    return [t.text for t in bilingual_analyzer()(text)]


def in_glossary(ix, text) -> bool:
    return bool(ix.glossary.match(terms(text)))


def in_registry(ix, text) -> bool:
    return bool(ix.registry.match(text.split()) or ix.registry.canonical(text))


def transliterations(text) -> set[str]:
    """Every spelling transliteration tries for the words of ``text`` (of four letters or more, as it does)."""
    return {spelling for word in text.split() if len(word) >= 4
            for spelling in (to_latin(word) if is_cyrillic(word) else to_cyrillic(word))}


def words(text) -> set[str]:
    return set(text.lower().strip('"').split())


@pytest.mark.parametrize("english, russian", [
    ("railway", "железная дорога"),
    ("checkpoint", "КПП"),
    ("Belt and Road", '"Один пояс – один путь"'),
])
def test_english_query_finds_the_russian_stories_and_back(demo, english, russian):
    # The glossary's cases: no person, and no transliteration of the other side.
    assert not in_registry(demo, english) and not in_registry(demo, russian.strip('"'))
    assert not words(russian) & transliterations(english) and not words(english) & transliterations(russian)
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
    first_translated = next(i for i, h in enumerate(hits) if h.lang != "en")  # Russian or Kyrgyz
    typed = search(demo, "railway", translate=False).total
    # Every document with "railway" as typed that scores above the best translation-only match...
    assert all(h.lang == "en" for h in hits[:first_translated]) and first_translated >= 3
    assert typed >= first_translated


def test_bilingual_story_pair_is_found_from_either_language(demo):
    english = search(demo, '"railway" date:2024-06-06')
    russian = search(demo, '"железная дорога" date:2024-06-06')
    # The agreement's Kyrgyz release of that day too, through the glossary's темир жол.
    assert langs(english) == langs(russian) == {"en", "ru", "ky"}


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


@pytest.mark.parametrize("typed, found", [("Du Dewen", "Ду Дэвэнь"), ("Ду Дэвэнь", "Du Dewen")])
def test_the_people_registry_finds_names_nothing_else_knows(demo, typed, found):
    # China's ambassador is in the registry with both spellings, in no glossary entry, and
    # transliteration cannot make one spelling of the other (Ду is too short, Dewen is not Дэвэнь).
    assert not in_glossary(demo, typed) and not in_glossary(demo, found)
    assert not words(found) & transliterations(typed)
    as_written = search(demo, found, translate=False)
    results = search(demo, typed)
    assert as_written.total and not as_written.relaxed and ids(as_written) <= ids(results)
    assert results.expansions[0].startswith(f"{typed} → {found}")


@pytest.mark.parametrize("latin, cyrillic", [("Balasagyn", "Баласагын"), ("Jusup Balasagyn", "Жусуп Баласагын")])
def test_transliteration_finds_names_nothing_else_knows(demo, latin, cyrillic):
    # The demo corpus names the poet Жусуп Баласагын once, in Cyrillic only ("Жусупа Баласагына"),
    # and neither the glossary nor the people registry knows him: only transliteration finds him.
    for text in (latin, cyrillic):
        assert not in_glossary(demo, text) and not in_registry(demo, text)
    assert search(demo, latin, translate=False).total == 0
    russian = search(demo, cyrillic, translate=False)
    results = search(demo, latin)
    assert russian.total == 1 and ids(results) == ids(russian)
    assert results.expansions == [f"{latin} → {cyrillic.lower()}"]  # a name of two words is searched as one


def test_no_translate_searches_as_typed(demo):
    results = search(demo, "railway", translate=False)
    assert langs(results) == {"en"} and results.expansions == []
    assert langs(search(demo, "railway", lang="ru")) == {"ru"}


def test_expansions_in_json(demo_index):
    import json

    from conftest import invoke

    data = json.loads(invoke("query", "railway", "--index", demo_index, "--json").output)
    assert data["expansions"][0].startswith("railway → железная дорога, темир жол, railroad")
    plain = invoke("query", "railway", "--index", demo_index)
    assert plain.output.startswith("Also searched: railway → железная дорога")
    typed = json.loads(invoke("query", "railway", "--index", demo_index, "--json", "--no-translate").output)
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
    with pytest.raises(ValueError, match="line 2: English and Russian need at least one term each"):
        parse_glossary("railway\tжелезная дорога\n ; \tКПП\n")
    with pytest.raises(ValueError, match="line 1: expected English, a tab, then Russian"):
        parse_glossary("railway\tжелезная дорога\tтемир жол\tfourth\n")


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


def test_a_glossary_entry_of_many_spellings_searches_the_first_few_and_says_so(demo_index, tmp_path):
    import kgsearch
    from kgsearch.crosslingual import MAX_ALTERNATIVES

    spellings = [f"рельсопуть{letter}" for letter in "абвгдежзиклмнопрстуф"]
    glossary = tmp_path / "mine.tsv"
    glossary.write_text("railway\t" + " ; ".join(spellings) + "\n", "utf-8")
    with kgsearch.open_index(demo_index, glossary=[glossary]) as ix:
        result = ix.search("railway", snippets=False)
    note = next(e for e in result.expansions if e.startswith("railway →"))
    listed, _, more = note.partition(" (and ")
    assert len(listed.split(" → ")[1].split(", ")) == MAX_ALTERNATIVES
    assert more.endswith(f"more, not searched: at most {MAX_ALTERNATIVES} are)")
