"""Browsing (issue 15): a query with no words lists what its filters select, newest first, and
``facets`` counts over the same filters; tags are a facet. On seeds, NG and BBC text."""

import json
from collections import Counter

import pytest
from conftest import invoke
from news_folder import stored_documents


@pytest.fixture(scope="module")
def news(news_archive):
    """The news archive's index, shared by the session (these tests only read it)."""
    return news_archive[1]


def listed(location, *args) -> tuple[list[dict], dict]:
    """Every hit of a query with no words, all on one page, and the JSON."""
    data = json.loads(invoke("query", "--index", location, *args, "--limit", "1000", "--json").output)
    assert len(data["hits"]) == data["total"]
    return data["hits"], data


def ids_with_copies(hits) -> set[str]:
    """The hits' ids with those of the copies and other versions folded into them."""
    return {h["id"] for h in hits} | {c["id"] for h in hits for c in (*h["copies"], *h.get("similar", ()))}


def commonest(documents, key):
    return Counter(key(d) for d in documents if key(d)).most_common(1)[0][0]


def test_source_and_year_list_exactly_their_documents(news):
    documents = stored_documents(news)
    source, year = commonest(documents, lambda d: (d.get("source"), d.get("year")) if d.get("source") and d.get("year") else None)
    expected = {d["id"] for d in documents if d.get("source") == source and d.get("year") == year}
    hits, data = listed(news, "--source", source, "--year", str(year))
    assert ids_with_copies(hits) == expected
    assert data["expansions"] == [] and all(h["source"] == source and h["date"].startswith(str(year)) for h in hits)


def test_language_and_year_list_exactly_their_documents(news):
    documents = stored_documents(news)
    lang, year = commonest(documents, lambda d: (d["lang"], d["year"]) if d.get("year") else None)
    hits, _ = listed(news, "--lang", lang, "--year", str(year))
    assert ids_with_copies(hits) == {d["id"] for d in documents if d["lang"] == lang and d.get("year") == year}
    assert len(hits) > 1


def test_language_lists_russian_documents_newest_first(news):
    documents = stored_documents(news)
    hits, _ = listed(news, "--lang", "ru")
    assert ids_with_copies(hits) == {d["id"] for d in documents if d["lang"] == "ru"}
    dates = [h["date"] for h in hits if h["date"]]
    assert dates == sorted(dates, reverse=True) and len(dates) > 10
    oldest, _ = listed(news, "--lang", "ru", "--sort", "oldest")
    assert [h["date"] for h in oldest if h["date"]] == sorted(dates)


def test_a_speaker_lists_the_documents_that_quote_them(news):
    documents = stored_documents(news)
    name = commonest([n for d in documents for n in d["speakers"]], lambda n: n)
    hits, _ = listed(news, "--speaker", name)
    assert ids_with_copies(hits) == {d["id"] for d in documents if name in d["speakers"]}


def test_no_words_and_no_filters_is_a_one_line_error(news):
    result = invoke("query", "--index", news)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "filters" in result.output


@pytest.mark.parametrize("field", ["year", "lang", "source", "tag"])
@pytest.mark.parametrize("args", [["--lang", "ru"], ["выборы", "--lang", "ru"], ["--year", "2017-2018"],
                                  ["government", "--lang", "en"], ["--from", "2016-06", "--to", "2018-03"]])
def test_facets_with_filters_count_the_filtered_hits(news, field, args):
    words = [a for a in args[:1] if not a.startswith("-")]
    filters = args[len(words):]
    hits, _ = listed(news, *words, *filters)
    assert hits
    by_id = {d["id"]: d for d in stored_documents(news)}
    value_of = {"year": lambda d: str(d.get("year") or "none"), "lang": lambda d: d["lang"],
                "source": lambda d: d.get("source") or "none"}
    if field == "tag":
        expected = Counter(t for h in hits for t in by_id[h["id"]]["tags"] if t)
    else:
        expected = Counter(value_of[field](by_id[h["id"]]) for h in hits)
    counts = json.loads(invoke("facets", field, *words, "--index", news, *filters, "--json").output)
    if field == "tag":
        counts = Counter({tag.lower(): n for tag, n in counts.items()})
        expected = Counter({tag.lower(): n for tag, n in expected.items()})
    assert counts == dict(expected)


def test_tags_are_a_facet_of_the_whole_index(news):
    counts = json.loads(invoke("facets", "tag", "--index", news, "--json").output)
    documents = stored_documents(news)
    expected = Counter(t.lower() for d in documents for t in d["tags"] if t)
    assert {tag.lower(): n for tag, n in counts.items()} == dict(expected)


def test_a_listing_shows_no_score_where_a_search_does(news):
    """Hits of a query with no words are not scored: the terminal shows no 'score 0.00'."""
    listing = invoke("query", "--index", news, "--lang", "ru", "--limit", "3")
    assert listing.exit_code == 0 and " · id " in listing.output
    assert "score" not in listing.output
    searched = invoke("query", "выборы", "--index", news, "--limit", "3")
    assert "score " in searched.output
