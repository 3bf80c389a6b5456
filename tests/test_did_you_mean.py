"""Did you mean, on real text: misspellings of words from BBC politics articles and
Nezavisimaya Gazeta, typed as people type them (a letter dropped, doubled, swapped or
struck beside the right one, a Latin letter in a Russian word).

The suggestion is the word meant; it is never a word the documents write less often
than the one typed (goverment once became governent, a non-word that shares its stem
govern with government); it replaces the misspelt word, never a piece of another one;
and a query that finds nothing shows the correction's results, saying so, unless asked
to search exactly as typed.
"""

import json
import shutil
from collections import Counter

import pytest

import kgsearch
from conftest import invoke, shared_path
from kgsearch.analyzers import fold
from kgsearch.analyzers.tokenize import WordTokenizer
from kgsearch.index import rebuild

# (as typed, the word meant): words of the slice below.
ENGLISH = [
    ("goverment", "government"),
    ("parliment", "parliament"),
    ("elecion", "election"),
    ("campaing", "campaign"),
    ("labuor", "labour"),
    ("minsiter", "minister"),
    ("conservaitve", "conservative"),
    ("recieve", "receive"),
    ("chancelor", "chancellor"),
    ("immigraton", "immigration"),
]
RUSSIAN = [
    ("правительсва", "правительства"),
    ("президет", "президент"),
    ("министерсво", "министерство"),
    ("сотрудничесво", "сотрудничество"),
    ("госудраство", "государство"),
    ("выбрры", "выборы"),
    ("экономикa", "экономика"),  # the last letter typed in the Latin layout
    ("Росия", "россия"),
    ("Пуитн", "путин"),
    ("Москвв", "москва"),
]
TYPOS = ENGLISH + RUSSIAN


def written(word: str) -> str:
    """A word as counted here: folded (case, ё), without an English possessive."""
    word = fold(word).replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """An index of 100 BBC politics articles and 200 NG records, and how many documents
    write each word (folded), counted over every document's title and text."""
    root = tmp_path_factory.mktemp("did-you-mean")
    bbc = root / "docs" / "bbc"
    bbc.mkdir(parents=True)
    for path in sorted(shared_path("corpora", "bbc", "politics").glob("*.txt"))[:100]:
        shutil.copy(path, bbc / path.name)
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = [next(lines) for _ in range(200)]
    (root / "docs" / "ng.jsonl").write_text("".join(records), "utf-8")
    rebuild(root / "ix", [str(root / "docs")])
    with kgsearch.open_index(root / "ix") as ix:
        counts: Counter = Counter()
        for stored in ix.searcher.all_stored_fields():
            text = f"{stored.get('title', '')}\n{stored.get('body', '')}"
            counts.update({written(t.text) for t in WordTokenizer()(text)})
        yield ix, counts, root / "ix"


@pytest.mark.parametrize("typed, meant", TYPOS)
def test_a_misspelt_word_gets_the_word_meant(archive, typed, meant):
    ix, counts, _ = archive
    assert counts[written(typed)] == 0 < counts[meant], "a typo of a word the archive writes"
    assert ix.suggest(typed) == meant


@pytest.mark.parametrize("typed, meant", TYPOS)
def test_the_suggestion_is_written_more_often_than_the_word_typed(archive, typed, meant):
    ix, counts, _ = archive
    shown = ix.suggest(typed)
    assert shown is not None and counts[written(shown)] > counts[written(typed)]


def test_a_non_word_that_shares_the_stem_is_never_suggested(archive):
    """governent stems to govern, as government does: counted by their term they tie."""
    ix, counts, _ = archive
    assert ix._lookup.key("governent") == ix._lookup.key("government")
    assert counts["governent"] == 0 < counts["government"]
    assert ix.suggest("goverment") == "government"


@pytest.mark.parametrize("typed, corrected", [
    ("border borde", "border border"),             # was "borderr borde": a piece of border replaced
    ("labour labou", "labour labour"),
    ("президент президен", "президент президент"),
    ('"borde" borde', '"borde" border'),           # a phrase is searched as written
    ("title:borde borde", "title:borde border"),   # so is a field's value
    ("goverment -borde", "government -borde"),     # and a word excluded
    ("(borde OR labuor)", "(border OR labour)"),
])
def test_the_misspelt_word_is_replaced_not_a_piece_of_another(archive, typed, corrected):
    ix, _, _ = archive
    assert ix.suggest(typed) == corrected


@pytest.mark.parametrize("word", ["government", "parliament", "правительства", "президент",
                                  "правительствами", "дорогами"])
def test_a_word_of_the_archive_gets_no_suggestion(archive, word):
    """Russian forms no document writes are words too, when their lemma is in the index."""
    ix, _, _ = archive
    results = ix.search(word, snippets=False)
    assert results.total and results.suggestion is None and results.corrected is None


def ids(results):
    return [hit.id for hit in results.hits]


@pytest.mark.parametrize("typed, meant", ENGLISH[:4] + RUSSIAN[:4])
def test_nothing_found_shows_the_corrections_results(archive, typed, meant):
    ix, _, _ = archive
    exact = ix.search(typed, correct=False)
    assert exact.total == 0 and exact.suggestion == meant and exact.corrected is None
    results = ix.search(typed)
    assert results.query == typed and results.corrected == results.suggestion == meant
    assert results.total and ids(results) == ids(ix.search(meant, correct=False))
    data = results.to_json()
    assert data["query"] == typed and data["corrected"] == meant


def test_a_query_no_document_has_whole_shows_the_correction(archive):
    """border borde: documents have border, none both; border border is what was meant."""
    ix, _, _ = archive
    exact = ix.search("border borde", correct=False)
    assert exact.relaxed and exact.corrected is None
    results = ix.search("border borde")
    assert results.corrected == "border border" and not results.relaxed and results.total


def test_a_correction_to_stop_words_is_only_suggested(archive):
    """untill is until, a stop word: no query to run, so the hint stays a hint."""
    ix, _, _ = archive
    results = ix.search("untill")
    assert results.total == 0 and results.suggestion == "until" and results.corrected is None


def test_the_command_says_it_shows_the_correction(archive):
    _, _, location = archive
    shown = invoke("query", "parliment", "--index", location)
    assert shown.exit_code == 0
    assert "Showing results for parliament" in shown.output and "--exact" in shown.output
    exact = invoke("query", "parliment", "--index", location, "--exact")
    assert exact.exit_code == 1 and "Did you mean: parliament" in exact.output
    data = json.loads(invoke("query", "правительсва", "--index", location, "--json").output)
    assert data["query"] == "правительсва" and data["corrected"] == "правительства" and data["hits"]
    data = json.loads(invoke("query", "правительсва", "--index", location, "--json", "--exact").output)
    assert data["corrected"] is None and data["suggestion"] == "правительства" and not data["hits"]
