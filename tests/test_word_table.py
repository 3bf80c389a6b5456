"""The index's table of words and their terms: queries read it instead of loading nltk and
pymorphy3, and it always says what the analyzer says."""

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kgsearch
from kgsearch.analyzers import bilingual, russian
from kgsearch.analyzers.letters import fold
from kgsearch.analyzers.stopwords import StopFilter
from kgsearch.analyzers.tokenize import WordTokenizer
from kgsearch.analyzers.wordterms import COMPLETE, WordTerms, key
from kgsearch.index import store, wordtable
from kgsearch.index.people import PeopleRegistry

from conftest import shared_path

HEAVY = ("nltk", "pymorphy3")
# Words the demo index writes, in both languages, names and phrases among them.
QUERIES = [
    ["railway"], ["железная дорога"], ["Жапаров"], ['"министр иностранных дел"'], ["Wang Yi"], ["Kulubaev"],
    ["Садыр Жапаров"], ["railway", "--json", "--facets"], ["железной дороги", "--json", "--facets"],
    ["Belt and Road"], ["Жапаров", "--speaker", "Sadyr Japarov"],
]
# Queries whose words (or their spellings in the other script, or their corrections) the
# demo index does not write: the analyzer answers for those.
UNSEEN = ["ceremony", "церемонии", "Tashiev", "railwya", "жилезная дорога", "железнодорожниками", "Путин",
          "railwaymen", "checkpoint OR КПП", '"Belt and Road" -China', "rail*", "Стали",
          # misspellings: "did you mean" leaves the candidates no document writes before analysing them
          "goverment", "Бишкке", "президнета", "Жапарв", "borde", "Chinna", "Кыргызтан", "сотрудничесва"]

# Inflected words, phrases, booleans, fields and dates in both languages.
MIXED = ["президента", "министров", "Китаем", "railways", "talks", '"Belt and Road"', '"железная дорога"',
         "China -Japan", "(Китай OR Узбекистан) AND железная", "title:railway", "lang:ru дорога",
         "Жапаров date:>2023", "стали", "Xi Jinping", "Си Цзиньпин", "Си Цзиньпином", "Жапарова"]

PROBE = """
import runpy, sys
for query in __QUERIES__:
    sys.argv = ["kgsearch", "query", *query]
    try:
        runpy.run_module("kgsearch", run_name="__main__")
    except SystemExit:
        pass
    heavy = [name for name in __HEAVY__ if name in sys.modules]
    if heavy:
        print("IMPORTED", heavy, "FOR", query, file=sys.stderr)
        sys.exit(3)
"""


def _generation(location) -> Path:
    return store.current(Path(location))


def _without_table(demo_index, tmp_path) -> Path:
    location = tmp_path / "without"
    shutil.copytree(demo_index, location, symlinks=True)
    (_generation(location) / wordtable.FILE).unlink()
    return location


def _results(location, queries) -> list[dict]:
    out = []
    with kgsearch.open_index(location) as ix:
        for query in queries:
            result = ix.search(query, facets=True).to_json()
            result.pop("took_ms")
            out.append(result)
    return out


def test_a_query_imports_neither_nltk_nor_pymorphy3_for_words_the_index_has(demo_index, tmp_path):
    env = {**__import__("os").environ, "KGSEARCH_INDEX": str(demo_index)}
    # The glossary is analysed once and cached (that imports both); a user's later queries read the cache.
    subprocess.run([sys.executable, "-c", "from kgsearch.glossary import Glossary; Glossary.load()"],
                   env=env, cwd=tmp_path, check=True)
    script = PROBE.replace("__QUERIES__", json.dumps(QUERIES)).replace("__HEAVY__", repr(HEAVY))
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def _without_sounds(demo_index, tmp_path) -> Path:
    """A copy whose table was made before it kept the terms' sounds."""
    import sqlite3

    location = tmp_path / "soundless"
    shutil.copytree(demo_index, location, symlinks=True)
    db = sqlite3.connect(_generation(location) / wordtable.FILE)
    db.execute("DROP TABLE sounds")
    db.commit()
    db.close()
    return location


def test_results_are_the_same_with_and_without_the_table_where_its_sounds_add_nothing(demo_index, tmp_path):
    """The table's words only spare the analyzer; its sounds add a counterpart in the other script
    to a word that has no translation (Brexit: брексит, tests/test_query_names.py), which the analyzer
    alone cannot find. The demo has no such word among these queries, so the results are the
    same: with the whole table, without it, and with a table made before the sounds were kept."""
    queries = [q[0] for q in QUERIES] + UNSEEN + MIXED
    with_table = _results(demo_index, queries)
    assert with_table == _results(_without_table(demo_index, tmp_path), queries)
    assert with_table == _results(_without_sounds(demo_index, tmp_path), queries)


def test_an_index_without_a_table_answers_and_analyses_every_word(demo_index, tmp_path):
    location = _without_table(demo_index, tmp_path)
    with kgsearch.open_index(location) as ix:
        assert wordtable.words_of(ix.searcher.schema) is None
        assert ix.search("железной дороги").total > 0


def test_a_word_the_table_lacks_gets_the_analyzers_terms(demo):
    words = wordtable.words_of(demo.searcher.schema)
    assert words is not None
    for word in ("железнодорожниками", "railwaymen", "Стальными", "Кыргызстандыктарга"):
        assert words._lookup(key(word)) is None, word  # not in the demo: the analyzer answers
        assert words.terms(word, True) == bilingual.terms_all(word)
        assert words.terms(word, False) == bilingual.terms_first(word)
        assert words.is_known(word) == russian.is_known(fold(word))


def test_the_analyzer_of_an_open_index_reads_its_table(demo):
    words = wordtable.words_of(demo.searcher.schema)
    assert words._lookup(key("railway")) is not None and words._lookup(key("Жапаров")) is not None
    # The query mode's other normal forms come from the table too, at their weight.
    analyzer = demo.searcher.schema["body"].analyzer
    assert [(t.text, t.boost) for t in analyzer("стали", mode="query")] == [("стать", 1.0), ("сталь", 0.5)]


def _corpus_words(texts) -> set[str]:
    analyzer = WordTokenizer() | StopFilter()
    return {t.text for text in texts for t in analyzer(text)}


def _ng_articles(n: int) -> list[str]:
    lines = shared_path("corpora", "ng", "ng.jsonl").read_text("utf-8").splitlines()[:n]
    return [f"{record['title']}\n{record['content']}" for record in map(json.loads, lines)]


def _bbc_articles(n: int) -> list[str]:
    files = sorted(shared_path("corpora", "bbc").rglob("*.txt"))[:n]
    return [path.read_text("utf-8", errors="replace") for path in files]


def test_the_table_agrees_with_the_live_analyzer_on_real_text(tmp_path):
    words = _corpus_words(_ng_articles(40) + _bbc_articles(40))
    assert len(words) > 1000
    wordtable.write(tmp_path, words)
    table = WordTerms(wordtable._Reader(tmp_path / wordtable.FILE))
    checked = 0
    # Every word as written, and in the other cases it could be typed in: the key must
    # hold everything the terms depend on.
    for word in sorted(words):
        for variant in {word, word.lower(), word.upper(), word.capitalize()}:
            if key(variant) is None or table._lookup(key(variant)) is None:
                continue
            checked += 1
            assert table.terms(variant, True) == bilingual.terms_all(variant), variant
            assert table.terms(variant, False) == bilingual.terms_first(variant), variant
            assert table.is_known(variant) == russian.is_known(fold(variant)), variant
    assert checked > len(words)


def test_a_capitalised_russian_word_also_gives_its_lower_case_reading(tmp_path):
    wordtable.write(tmp_path, ["Жапаровым"])
    table = WordTerms(wordtable._Reader(tmp_path / wordtable.FILE))
    assert table._lookup("жапаровым^") is not None and table._lookup("жапаровым") is not None
    assert table.terms("жапаровым", True) == bilingual.terms_all("жапаровым")


def test_the_registry_aliases_are_in_the_table(demo):
    words = wordtable.words_of(demo.searcher.schema)
    registry = PeopleRegistry.load()
    aliases = {t.text for p in registry.people.values() for a in (p.name, *p.aliases) for t in WordTokenizer()(a)}
    missing = [w for w in aliases if key(w) is not None and words._lookup(key(w)) is None]
    assert len(aliases) > 100 and not missing


def test_update_adds_the_words_of_new_files(demo_copy, tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "note.txt").write_text("Зубрилкинаторы flibbertigibbeted over the Зубрилкинаторов\n", "utf-8")
    generation = _generation(demo_copy)
    table = WordTerms(wordtable._Reader(generation / wordtable.FILE))
    assert table._lookup(key("flibbertigibbeted")) is None
    kgsearch.update(demo_copy, [str(folder)])
    table = WordTerms(wordtable._Reader(_generation(demo_copy) / wordtable.FILE))
    for word in ("Зубрилкинаторы", "flibbertigibbeted", "Зубрилкинаторов"):
        assert table._lookup(key(word)) is not None, word
        assert table.terms(word, True) == bilingual.terms_all(word)
    with kgsearch.open_index(demo_copy) as ix:
        assert ix.search("flibbertigibbeted").total == 1


def test_an_update_of_an_index_without_a_table_starts_one(demo_index, tmp_path):
    location = _without_table(demo_index, tmp_path)
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "note.txt").write_text("A quibblesome railway\n", "utf-8")
    kgsearch.update(location, [str(folder)])
    table = WordTerms(wordtable._Reader(_generation(location) / wordtable.FILE))
    assert table._lookup(key("quibblesome")) is not None
    with kgsearch.open_index(location) as ix:
        assert ix.search("railway").total > 1  # the documents of before still found, their words analysed


@pytest.mark.parametrize("procs", [1, 2])
def test_a_rebuild_writes_the_words_it_analysed(tmp_path, procs):
    location = tmp_path / f"ix{procs}"
    kgsearch.rebuild(location, [kgsearch.demo_corpus()], procs=procs)
    generation = _generation(location)
    assert not list(generation.glob(wordtable.PART.format("*")))  # the workers' parts are merged
    import sqlite3

    with sqlite3.connect(generation / wordtable.FILE) as db:
        keys = {k for (k,) in db.execute("SELECT key FROM words")}
    assert {"railway", "жапаров^", "жапаров", "дорога"} <= keys


def test_the_table_is_never_pickled_with_the_schema(demo):
    analyzer = demo.searcher.schema["body"].analyzer
    stage = next(s for s in analyzer.items if isinstance(s, bilingual.MorphologyFilter))
    assert stage.words is not None
    copy = pickle.loads(pickle.dumps(demo.searcher.schema))
    assert all(getattr(s, "words", None) is None and getattr(s, "seen", None) is None
               for s in copy["body"].analyzer.items)
    assert copy["body"].analyzer == analyzer  # the same analyzer, without the process's slots


def test_a_built_index_keeps_no_collected_words_in_its_schema(demo_index):
    from whoosh import index as whoosh_index

    schema = whoosh_index.open_dir(_generation(demo_index)).schema
    assert all(getattr(s, "seen", None) is None for s in schema["body"].analyzer.items)


def test_the_table_tells_which_words_no_document_writes(demo, demo_index, tmp_path):
    words = wordtable.words_of(demo.searcher.schema)
    assert words.written_nowhere("flibbertigibbet") and words.written_nowhere("железнодорожниками")
    # Written in some case (Жапаров, China), or with 's (China's): written.
    assert not any(words.written_nowhere(w) for w in ("railway", "жапаров", "ЖАПАРОВ", "china"))
    assert not words.written_nowhere("2025")  # numbers are not in the table: it cannot tell
    # A table an update began (the index had none) does not hold every word: it cannot tell.
    location = _without_table(demo_index, tmp_path)
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "note.txt").write_text("A quibblesome note\n", "utf-8")
    kgsearch.update(location, [str(folder)])
    begun = WordTerms(wordtable._Reader(_generation(location) / wordtable.FILE))
    assert not begun.written_nowhere("flibbertigibbet")


def test_the_workers_parts_make_a_whole_table_only_when_each_was_written_whole(tmp_path):
    def parts(folder, marks):
        folder.mkdir()
        for n, mark in enumerate(marks):
            wordtable.write(folder, [f"word{n}", "Дорога"], name=wordtable.PART.format(n), complete=mark)
        return folder

    whole = parts(tmp_path / "whole", [True, True])
    assert wordtable.merge_parts(whole, 2)
    assert not list(whole.glob(wordtable.PART.format("*")))
    table = WordTerms(wordtable._Reader(whole / wordtable.FILE))
    assert table._lookup("word1") is not None and table._lookup(COMPLETE) is None  # the parent marks it
    assert not wordtable.merge_parts(parts(tmp_path / "cut", [True, False]), 2)
    assert not wordtable.merge_parts(parts(tmp_path / "lost", [True]), 2)


def _table(path: Path) -> tuple[dict, set]:
    import sqlite3

    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT key, value FROM words")), set(db.execute("SELECT key, term FROM sounds"))


@pytest.mark.parametrize("procs", [1, 2])
def test_a_rebuilds_recorder_that_writes_as_it_goes_makes_the_same_table(tmp_path, monkeypatch, procs):
    """Real NG and BBC articles rebuilt twice: the recorder holding every word, and holding 300 at a
    time, its entries written each time it fills (and words seen again recorded again)."""
    folder = tmp_path / "news"
    folder.mkdir()
    for n, text in enumerate(_ng_articles(60) + _bbc_articles(60)):
        (folder / f"{n}.txt").write_text(text, "utf-8")
    log = tmp_path / "spills.log"  # each spill's process, in a file: a forked worker's list is its own
    kgsearch.rebuild(tmp_path / "held", [folder], procs=procs)
    real = wordtable.recorder
    monkeypatch.setattr(wordtable, "SPILL_WORDS", 300)

    def counted(*args):
        made = real(*args)
        spill = made.spill

        def logged(rows):
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\n")
            return spill(rows)

        made.spill = logged
        return made

    monkeypatch.setattr(wordtable, "recorder", counted)
    kgsearch.rebuild(tmp_path / "spilled", [folder], procs=procs)
    held = _table(_generation(tmp_path / "held") / wordtable.FILE)
    spills = log.read_text("utf-8").split() if log.exists() else []
    assert len(spills) >= 5, spills
    # each writer spilled: this process in one, each worker (and not this process) in two
    assert len(set(spills)) == procs and (procs == 1) == (str(os.getpid()) in spills), spills
    assert len(held[0]) > 5000 and COMPLETE in held[0]
    assert _table(_generation(tmp_path / "spilled") / wordtable.FILE) == held


def test_a_table_whose_recorder_lost_words_is_not_complete(tmp_path):
    recorder = wordtable.Recorder(spill=lambda rows: False, limit=3)
    for word in ["железная", "дорога", "railway", "Бишкек", "Жапаров"]:
        recorder[word]
    assert recorder.lost and len(recorder) == 2
    wordtable.write(tmp_path, recorder, complete=True)
    table = WordTerms(wordtable._Reader(tmp_path / wordtable.FILE))
    assert table._lookup(COMPLETE) is None and table._lookup("жапаров^") is not None


def test_a_spill_makes_the_sounds_of_the_words_new_to_the_table_only(tmp_path, monkeypatch):
    """A recorder forgets its words at each spill and records those it sees again: once an archive's
    vocabulary is written, a spill is mostly rows the table has, whose terms' phonetic keys were
    0.9 s of a 100,000-word spill's 1.3 (NG's words). They are made for the new rows only, and the
    table is the one a single write of every row makes."""
    words = sorted(_corpus_words(_ng_articles(30) + _bbc_articles(30)))
    first, later = wordtable.entries(words[::2]), wordtable.entries(words[1::2])
    keyed = []
    real = wordtable.phonetic_key
    monkeypatch.setattr(wordtable, "phonetic_key", lambda term: keyed.append(term) or real(term))
    spill = wordtable.recorder(tmp_path / "spilled").spill
    (tmp_path / "spilled").mkdir()
    assert spill(first) and keyed
    keyed.clear()
    assert spill({**first, **later})
    assert keyed and set(keyed) <= set(t for _, t in wordtable._sounds(later)), "the first rows' sounds again"
    (tmp_path / "whole").mkdir()
    wordtable.write(tmp_path / "whole", words)
    assert len(first) > 1000 and _table(tmp_path / "spilled" / wordtable.FILE) == _table(
        tmp_path / "whole" / wordtable.FILE)


def test_a_recorder_makes_again_no_word_its_last_spill_wrote(monkeypatch):
    """Forgotten at a spill, a word seen again right after it was made again and spilled again: 4.7
    times NG's words, NG read three times with 100,000 words a spill. The last spill's words are kept,
    without their entries; every entry still reaches a spill or the end."""
    from kgsearch.analyzers import wordterms

    words = sorted(_corpus_words(_ng_articles(10)))
    first, then = words[:250], words[250:350]
    made, spilled = [], {}
    real = wordterms.entries_of
    monkeypatch.setattr(wordterms, "entries_of", lambda word: made.append(word) or real(word))
    recorder = wordtable.Recorder(spill=lambda rows: spilled.update(rows) or True, limit=300)
    for word in first + then + first:  # a spill at the 301st word, then the first 250 seen again
        recorder[word]
    assert sorted(made) == sorted(first + then), "words made again after the spill that wrote them"
    assert {**spilled, **recorder.entries()} == wordtable.entries(first + then)
    assert spilled == wordtable.entries((first + then)[:300]) and not recorder.lost
