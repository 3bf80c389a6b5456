"""A Xapian index's page found, folded and counted by Xapian itself (``kgsearch.enginepage``).

On real news with real reprints (BBC's archive holds stories under several
files, lightly edited; Meduza, both wmt21 collections and the seeds beside
them), a search on a Xapian index gets its page from Xapian alone: the
stories ranked by Xapian's BM25, each at its best document, and counts equal
to what folding Whoosh's match sets gives. The reference for the page is
Xapian's own ranking of every match, folded in Python by the index's groups.
Skipped without the ``xapian`` extra or the shared corpora.
"""

import shutil
import threading
import sys
from pathlib import Path

import pytest

xapian = pytest.importorskip("xapian")

from conftest import invoke, shared_path  # noqa: E402

import kgsearch  # noqa: E402
from kgsearch import match  # noqa: E402
from kgsearch.budget import Budget  # noqa: E402
from kgsearch.index import store  # noqa: E402
from kgsearch.index.engine.xapian import stamps, terms, twins  # noqa: E402
from kgsearch.rank import one_per_group  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_query import QUERIES  # noqa: E402

ASKED = QUERIES + ["Theresa May", "Тереза Мэй", "railway", "Путин NOT Трамп", '"Belt and Road"', "NOT Путин"]


def rebuild(location, *paths):
    result = invoke("index", "rebuild", *map(str, paths), "--index", location, "--engine", "xapian",
                    "--procs", "1", "--quiet")
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    location = tmp_path_factory.mktemp("page") / "ix"
    rebuild(location, shared_path("corpora", "bbc"), shared_path("corpora", "meduza"),
            shared_path("corpora", "wmt21"), shared_path("seeds"))
    with kgsearch.open_index(location) as ix:
        yield ix


def counted(result) -> tuple[int, int, int]:
    return result.total, result.copies_folded, result.similar_folded


def from_sets(ix, text, **options):
    """The search as the stages answer it, from match sets (a watch's skipped ids need them)."""
    return ix.search(text, skip_ids={"no-such-id"}, **options)


def xapians_ranking(ix, text, page=1, limit=10) -> list[str]:
    """The page from Xapian's weights for every match, folded here by the index's own groups."""
    plan = ix._planner.understand(text, True, Budget())
    q, _, _ = match.chosen(plan, lambda q: ix._matcher._set(q, Budget()))
    searcher = ix._matcher.engine.searcher()
    _, every = searcher.top(searcher.query(q), searcher.doc_count())
    folded = one_per_group([(hit.docnum, hit.weight) for hit in every], ix._folder.story_groups())
    docnums = [docnum for docnum, _ in folded[(page - 1) * limit : page * limit]]
    return list(ix._matcher.ids(docnums).values())


def test_the_archive_has_versions_to_fold(index):
    assert len(index._folder.copy_groups()) >= 20 and len(index._folder.story_groups()) >= 100


@pytest.mark.parametrize("text", ASKED)
def test_a_page_is_xapians_ranking_folded_and_counted_as_the_sets_are(index, text):
    for page in (1, 2):
        found = index.search(text, page=page)
        assert counted(found) == counted(from_sets(index, text, page=page)), text
        assert [hit.id for hit in found.hits] == xapians_ranking(index, text, page), text


def test_the_versions_folded_into_a_hit_are_the_sets(index):
    """Where both pages show a story at the same document, its versions are the same."""
    compared = 0
    for text in ASKED:
        sets = {hit.id: hit for hit in from_sets(index, text, limit=30).hits}
        for hit in index.search(text, limit=30).hits:
            if hit.id in sets and (hit.copies or hit.similar or sets[hit.id].copies or sets[hit.id].similar):
                assert (hit.copies, hit.similar) == (sets[hit.id].copies, sets[hit.id].similar), text
                compared += 1
    assert compared >= 10


def test_the_page_takes_no_match_set(index, monkeypatch):
    expected = counted(index.search("elections", lang="en"))
    monkeypatch.setattr(match, "matching", refused)
    monkeypatch.setattr(index._matcher, "engine", Refusing(index._matcher.engine))
    assert counted(index.search("elections", lang="en")) == expected and expected[0] > 10
    for needs_sets in (dict(facets=True), dict(sort="newest"), dict(all_versions=True), dict(skip_ids={"x"})):
        with pytest.raises(AssertionError, match="a match set"):
            index.search("elections", **needs_sets)


class Refusing:
    """The engine, refusing to give a match set."""

    def __init__(self, engine):
        self.engine = engine

    def __getattr__(self, name):
        if name == "matching":
            return refused
        return getattr(self.engine, name)


def refused(*args, **kwargs):
    raise AssertionError("a match set was asked for")


def test_a_query_that_relaxes_answers_as_the_sets_do(index):
    text = "нефть футбол"  # no document has both words, in either language
    found = index.search(text)
    assert found.relaxed and found.total
    assert counted(found) == counted(from_sets(index, text)) and found.relaxed == from_sets(index, text).relaxed


def test_filters_answer_as_the_sets_do(index):
    for options in (dict(lang="en"), dict(lang="ru"), dict(years=[2019]), dict(people=["Путин"])):
        for text in ("elections", "выборы", "Путин NOT Трамп"):
            assert counted(index.search(text, **options)) == counted(from_sets(index, text, **options)), options


def test_a_copy_stamped_with_other_groups_is_not_folded_by_its_stamps(index, monkeypatch):
    """A reader whose groups differ from the stamps (translations linked where the encoder is, and
    not here) answers from the sets."""
    expected = from_sets(index, "music")
    monkeypatch.setattr(index._folder, "fingerprints", lambda: {"stories": "other", "copies": "other"})
    found = index.search("music")
    assert (counted(found), [h.id for h in found.hits]) == (counted(expected), [h.id for h in expected.hits])
    assert [h.id for h in found.hits] != xapians_ranking(index, "music")  # so the test can tell


def test_an_update_stamps_a_document_that_gained_a_copy(tmp_path):
    """A new file with an old story's text folds into it: the old document is stamped anew."""
    folder = tmp_path / "archive"
    folder.mkdir()
    stories = sorted(shared_path("corpora", "bbc").glob("business/*.txt"))[:40]
    for path in stories:
        shutil.copy(path, folder / path.name)
    rebuild(tmp_path / "ix", folder)
    title = stories[0].read_text("utf-8").splitlines()[0]
    with kgsearch.open_index(tmp_path / "ix") as ix:
        before = counted(ix.search(f'"{title}"'))
    shutil.copy(stories[0], folder / "again.txt")
    result = invoke("index", "update", "--index", tmp_path / "ix")
    assert result.exit_code == 0 and "1 added" in result.output, result.output
    with kgsearch.open_index(tmp_path / "ix") as ix:
        found = ix.search(f'"{title}"')
        assert counted(found) == counted(from_sets(ix, f'"{title}"')) == (before[0], before[1] + 1, before[2])
        assert len(found.hits[0].copies) == 1
        generation = store.current(tmp_path / "ix")
        copy = xapian.Database(twins.locations(generation, store.read_meta(generation))[0])
        keys = {item.docid: item.value for item in copy.valuestream(terms.COPY_SLOT)}
        assert len(keys) == 2 and len(set(keys.values())) == 1
        assert stamps.stamped(copy)[terms.COPY_SLOT] == ix._folder.fingerprints()["copies"]


def test_an_export_pages_through_every_story(index):
    found = index.search("elections")
    exported = [hit.id for hit in index.all_hits("elections")]
    assert len(exported) == len(set(exported)) == found.total > 100


def test_a_querys_bound_holds_every_match_at_least_as_heavy(index):
    """What the page is first looked for by (``Translator(bound=True)``): no positions, no NOT, and
    never lighter than the query where the query matches."""
    searcher = index._matcher.engine.searcher()
    checked = 0
    for text in ASKED:
        q = index._planner.understand(text, True, Budget()).query
        _, ranked = searcher.top(searcher.query(q), searcher.doc_count())
        _, bound = searcher.top(searcher.query(q, bound=True), searcher.doc_count())
        bounds = {hit.docnum: hit.weight for hit in bound}
        assert all(bounds[hit.docnum] >= hit.weight * (1 - 1e-9) for hit in ranked), text
        checked += sum(bounds[hit.docnum] > hit.weight * 1.001 for hit in ranked)  # a bonus that did not hold
    assert checked > 0


@pytest.mark.parametrize("first, most", [(1, 16_384), (1, 4)], ids=["looked for again", "every match ranked"])
def test_a_page_looked_for_among_fewer_is_the_same(index, monkeypatch, first, most):
    from kgsearch.index.engine.xapian import searching

    monkeypatch.setattr(searching, "FIRST_BOUNDS", first)
    monkeypatch.setattr(searching, "MOST_BOUNDS", most)
    for text in ("economy AND growth", '"prime minister"', "Путин NOT Трамп", "music"):
        assert [hit.id for hit in index.search(text, page=2).hits] == xapians_ranking(index, text, 2), text


def test_facets_leave_the_page_as_it_is(index):
    """The facets are counted from the sets; the page and its order stay the engine's."""
    for text in ("Theresa May", "elections", "Путин NOT Трамп"):
        plain, faceted = index.search(text), index.search(text, facets=True)
        assert [h.id for h in faceted.hits] == [h.id for h in plain.hits] and counted(faceted) == counted(plain)
        assert faceted.facets == from_sets(index, text, facets=True).facets and faceted.facets["year"], text


def test_an_export_is_in_the_order_of_the_pages(index):
    text = "Theresa May"
    paged = [hit.id for number in (1, 2, 3) for hit in index.search(text, page=number, limit=10).hits]
    exported = [hit.id for hit in index.all_hits(text)]
    assert exported[: len(paged)] == paged and len(exported) == index.search(text).total
    assert paged != [hit.id for hit in from_sets(index, text, limit=30).hits]  # so the test can tell


@pytest.mark.parametrize("number, limit", [(10**9, 10), (2**31, 2), (3, 10**10)])
def test_a_page_far_past_the_end_says_so(index, number, limit):
    found = index.search("climate", page=number, limit=limit)
    assert not found.hits and found.total == from_sets(index, "climate").total > 0
    assert any("past the end" in note for note in found.notes)


def test_the_versions_are_counted_on_a_second_handle_beside_the_page(index, monkeypatch):
    """The count of the matches with versions runs in a thread of its own, on a handle of its own."""
    from kgsearch.index.engine.xapian import searching

    searcher = index._matcher.engine.searcher()
    threads = []
    mset = searching.XapianSearcher._mset

    def watched(self, query, count, weighted, **options):
        threads.append((threading.current_thread().name, options.get("database") is not None))
        return mset(self, query, count, weighted, **options)

    monkeypatch.setattr(searching.XapianSearcher, "_mset", watched)
    found = index.search("music")
    assert counted(found) == counted(from_sets(index, "music")) and found.copies_folded + found.similar_folded
    beside = [own for name, own in threads if name.startswith("kgsearch-count")]
    assert beside and all(beside), threads
    assert searcher._second is not None and searcher._second[0] is not searcher.database


def test_a_second_handle_that_cannot_be_opened_leaves_the_counts_as_they_are(tmp_path):
    location = tmp_path / "ix"
    rebuild(location, shared_path("corpora", "bbc"))
    with kgsearch.open_index(location) as ix:
        engine = ix._matcher.engine
        searcher = engine.searcher()

        def gone():
            raise xapian.DatabaseOpeningError("gone")

        searcher._reopen = gone
        found = ix.search("elections")
        assert searcher._second is None
        assert counted(found) == counted(from_sets(ix, "elections")) and found.total > 10


def test_a_page_that_fails_waits_for_the_count_beside_it(index, monkeypatch):
    """Xapian cannot stop a match: a page that fails leaves no count running for the next to wait on."""
    import contextlib
    import time

    from kgsearch.index.engine.xapian import searching

    index.search("music")  # the second handle opened
    done = []
    mset = searching.XapianSearcher._mset

    def slow(self, query, count, weighted, **options):
        if options.get("database") is not None:
            time.sleep(0.5)
            done.append(True)
        return mset(self, query, count, weighted, **options)

    def failing(*args, **kwargs):
        raise RuntimeError("the page failed")

    monkeypatch.setattr(searching.XapianSearcher, "_mset", slow)
    monkeypatch.setattr(searching.XapianSearcher, "stories", failing)
    with contextlib.suppress(Exception):
        index.search("music")
    assert done == [True]
