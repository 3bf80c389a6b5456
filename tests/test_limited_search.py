"""A search that scores only what could reach its page gives the page, total and facets that
scoring every match would (issue 13), on real news: NG articles and BBC stories."""

import json
import re
from collections import Counter

import pytest
from conftest import shared_path
from news_sample import folder, news  # noqa: F401 (fixtures: 400 NG articles, 300 BBC stories)

import kgsearch
from kgsearch import ranking
from kgsearch.analyzers.stopwords import stop_words
from kgsearch.budget import Budget
from kgsearch.index.entitykey import entity_key
from kgsearch.index import rebuild
from kgsearch.matchset import matching

QUERIES = [
    # words, inflected, and names with their aliases (phrases beside their own word)
    "выборов", "президента", "Москве", "Путин", "Путин AND Трамп", "government", "companies", "Blair",
    # phrases, with and without stop words inside, and their translations
    '"Государственной думы"', '"prime minister"', '"Министерство обороны"', '"interest rates"',
    '"железная дорога"', '"world cup"',
    # booleans, negation, prefixes, loose words
    "oil OR gas", "Labour NOT Blair", "China -Japan", "(выборы OR референдум) AND Крым", "music AND (award OR prize)",
    "NOT Москва", "эконом*", "goverment~",
    # dates, years, fields; a query no document has all the words of (relaxed)
    "выборы date:[2016-01-01 TO 2017-12-31]", "партия year:2010-2012", "title:выборы", "lang:en election",
    "Москва date:>2018", "Labour зиккурат",
]


def whoosh_order(ix, q) -> list[tuple[int, float]]:
    """Every match scored by Whoosh itself, best first (ties: the earlier document)."""
    collector = ix.searcher.collector(limit=None, terms=False, optimize=False)
    ix.searcher.search_with_collector(q, collector)
    return [(hit.docnum, hit.score) for hit in collector.results()]


def one_per_text(ix, ordered) -> list[int]:
    """The documents in order, each story once (the first of its copies and reprints)."""
    seen, kept = set(), []
    stories = ix._folder.story_groups()
    for docnum, _ in ordered:
        text = stories.get(docnum) or ix.searcher.stored_fields(docnum)["content_hash"]
        if text not in seen:
            seen.add(text)
            kept.append(docnum)
    return kept


def docnum_of(ix, hit_id: str) -> int:
    return ix.searcher.document_number(id=hit_id)


@pytest.mark.parametrize("query", QUERIES)
def test_the_pages_and_total_are_those_of_scoring_every_match(news, query):
    plan = news._planner.understand(query, True, Budget())
    results = news.search(query, limit=10, snippets=False)
    matched = results.relaxed and news._matcher._match(plan, None, Budget(), None).query or plan.query
    reference = one_per_text(news, whoosh_order(news, matched))
    assert results.total == len(reference)
    assert [docnum_of(news, h.id) for h in results.hits] == reference[:10]
    second = news.search(query, limit=10, page=2, snippets=False)
    assert [docnum_of(news, h.id) for h in second.hits] == reference[10:20]


@pytest.mark.parametrize("query", QUERIES)
def test_the_match_set_is_whooshs(news, query):
    q = news._planner.understand(query, True, Budget()).query
    assert matching(news.searcher, q) == {docnum for docnum, _ in whoosh_order(news, q)}


@pytest.mark.parametrize("k", [1, 10, 37])
def test_ranking_gives_whooshs_scores_and_order(news, k):
    for query in QUERIES:
        q = news._planner.understand(query, True, Budget()).query
        full = whoosh_order(news, q)
        top = ranking.top(news.searcher, q, {d for d, _ in full}, k)
        assert top is not None, query
        assert [d for d, _ in top] == [d for d, _ in full[:k]], query
        assert all(abs(a - b) <= 1e-9 * max(1.0, b) for (_, a), (_, b) in zip(top, full)), query


def test_a_query_ranking_cannot_score_is_left_to_whoosh(news):
    from whoosh import query as wq

    q = wq.DisjunctionMax([wq.Term("body", "выбор"), wq.Term("title", "выбор")])
    ids = matching(news.searcher, q)
    assert ids and ranking.top(news.searcher, q, ids, 5) is None


@pytest.mark.parametrize("few", [2_000, 0])  # people read from the documents, or from all postings
@pytest.mark.parametrize("query", ["выборов", "government", '"prime minister"', "China -Japan", "Путин"])
def test_facets_count_the_hits_the_total_counts(news, query, few, monkeypatch):
    from kgsearch import facets

    monkeypatch.setattr(facets, "FEW_DOCUMENTS", few)
    news._facets._names.clear()
    results = news.search(query, limit=1, snippets=False, facets=True)
    everything = news.search(query, limit=max(1, results.total), snippets=False)
    assert len(everything.hits) == results.total
    for field, value_of in (("lang", lambda h: h.lang), ("year", lambda h: h.date[:4] or "none"),
                            ("source", lambda h: h.source or "none")):
        assert results.facets[field] == dict(Counter(value_of(h) for h in everything.hits)), field
    # One entry an entity: the names of one key counted once a document, whatever their forms.
    speakers = Counter(key for h in everything.hits for key in {entity_key(n, news.registry) for n in h.speakers})
    shown = {entity_key(k, news.registry): v for k, v in results.facets["speaker"].items()}
    assert len(shown) == min(len(speakers), facets.MOST_NAMES) and all(speakers[k] == v for k, v in shown.items())
    left_out = [v for k, v in speakers.items() if k not in shown]
    assert not left_out or min(shown.values()) >= max(left_out)  # the most named are the ones listed


def test_sorting_by_date_pages_through_every_text_once(news):
    newest = [news.search("выборы OR election", sort="newest", limit=15, page=p, snippets=False) for p in (1, 2, 3)]
    ids = [h.id for r in newest for h in r.hits]
    assert len(ids) == len(set(ids))
    dated = [h.date for r in newest for h in r.hits if h.date]
    assert dated == sorted(dated, reverse=True)
    assert all(h.score > 0 for r in newest for h in r.hits)  # a page by date shows each hit's score too


def test_copy_groups_are_kept_for_the_generation_written(news, tmp_path):
    from kgsearch.index import copies

    reader = news.searcher.reader()
    found = copies.find(reader)
    assert found, "ng.jsonl repeats articles under other urls"
    assert copies.copy_groups(reader, news._ix.storage.folder) == found
    # Groups kept for another generation (numbers that may no longer be the same documents) are not used.
    (tmp_path / copies.FILE).write_text(json.dumps({"generation": reader.generation() + 1, "groups": [[0, 1]]}))
    assert copies.copy_groups(reader, tmp_path) == found
    (tmp_path / copies.FILE).write_text(json.dumps({"generation": reader.generation(), "groups": [[0, 1]]}))
    assert copies.copy_groups(reader, tmp_path) == {0: (0, 1), 1: (0, 1)}


@pytest.mark.parametrize("query", ["date:>2011", "date:<2005-06", "date:[2010 TO 2012-03]", "year:<2012",
                                   "year:>2000", "year:2008-2011"])
def test_a_date_range_read_from_its_column_matches_what_its_terms_match(news, query):
    """Ranges open at one end reach the value the column gives undated documents (past every
    date; year 0): those documents have no date term and must not match."""
    q = news._planner.understand(query, False, Budget()).query
    undated = [d for d in range(news.searcher.doc_count_all()) if not news.searcher.stored_fields(d).get("date")]
    assert undated  # the BBC stories give no date: the case this test is about
    expected = {d for d, _ in whoosh_order(news, q)}
    assert expected
    assert matching(news.searcher, q) == expected


@pytest.mark.parametrize("query", ["партии", "Китаем", "oil OR gas", "China -Japan", "Путин AND Трамп",
                                   '"Belt and Road"', "выборов", "railway"])
def test_alternatives_held_by_others_are_not_searched_and_find_nothing_more(news, query, monkeypatch):
    """A translation that holds another's words (``political party`` beside ``party``) only adds
    to the scores of documents found already: dropping it leaves the matches as they were."""
    from kgsearch import crosslingual
    from kgsearch.recent import Recent

    news._planner.recent = Recent(64)
    pruned = news._planner.understand(query, True, Budget())
    with monkeypatch.context() as patch:
        patch.setattr(crosslingual, "_unsubsumed", lambda worded, found_by: worded)
        news._planner.recent = Recent(64)
        whole = news._planner.understand(query, True, Budget())
    news._planner.recent = Recent(64)
    assert matching(news.searcher, pruned.query) == matching(news.searcher, whole.query)
    assert len(str(pruned.query)) <= len(str(whole.query))


def test_a_phrase_holding_another_alternative_is_dropped(news):
    from kgsearch.recent import Recent

    news._planner.recent = Recent(64)
    results = news.search("партии", limit=10)
    shown = " ".join(results.expansions)
    assert "party" in shown and "political party" not in shown and "политическая партия" not in shown
    # Not searched, yet still marked where they stand, as one phrase ("Political parties").
    marks = [text for hit in results.hits for snippet in hit.snippets for text, is_match in snippet.segments if is_match]
    assert any(re.fullmatch(r"(политическ\w+ парти\w*|political part\w*)", mark.lower()) for mark in marks), marks
    shown = " ".join(news.search('"Belt and Road"', limit=1, snippets=False).expansions)
    assert "Пояс и путь" in shown and "Один пояс" not in shown and "инициатива Пояса" not in shown


def test_a_page_under_many_versions_of_one_story_is_the_full_ranking_s(tmp_path):
    """Thirty reprints of one NG article outrank everything for a word it says often: folding
    them leaves the first documents ranked one hit, so more are ranked until the page is full,
    and the pages are those of ranking every match."""
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(120), lines)]
    # A word many articles have, and the article that says it most for its length: its reprints
    # rank first, with many stories to page through below them.
    stop = stop_words("ru")
    found_in = Counter(w for r in records for w in set(re.findall(r"\w{7,}", r["content"].lower())) - stop)
    word = max(found_in, key=lambda w: (found_in[w], w))
    story = max(records, key=lambda r: r["content"].lower().count(word) / len(r["content"]))
    reprints = [dict(story, url=f"{story['url']}?copy={n}") for n in range(30)]
    with (tmp_path / "ng.jsonl").open("w", encoding="utf-8") as out:
        for record in reprints + [r for r in records if r is not story]:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    rebuild(tmp_path / "ix", [tmp_path / "ng.jsonl"], procs=1)
    with kgsearch.open_index(tmp_path / "ix") as ix:
        q = ix._planner.understand(word, True, Budget()).query
        reference = one_per_text(ix, whoosh_order(ix, q))
        assert len(reference) > 10 and len(whoosh_order(ix, q)) > len(reference) + 20
        for page in (1, 2):
            hits = ix.search(word, limit=5, page=page, snippets=False).hits
            assert [docnum_of(ix, h.id) for h in hits] == reference[(page - 1) * 5 : page * 5]
