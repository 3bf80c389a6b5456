"""The analysed glossary's on-disk cache is keyed by everything its entries depend on."""

import shutil
from pathlib import Path

import kgsearch
import kgsearch.analyzers
from kgsearch import glossary
from kgsearch.glossary import Glossary, cache_key

TEXTS = [("bundled", "railway ; railroad\tжелезная дорога\n")]


def test_the_key_is_stable_and_follows_the_texts():
    assert cache_key(TEXTS) == cache_key(list(TEXTS))
    assert cache_key([("bundled", "railway\tжелезная дорога\n")]) != cache_key(TEXTS)
    assert cache_key([*TEXTS, ("mine.tsv", "honey\tмёд\n")]) != cache_key(TEXTS)


def test_another_analyzer_version_is_another_key(monkeypatch):
    before = glossary.analyzer_version()
    assert cache_key(TEXTS) == cache_key(TEXTS, before)
    assert cache_key(TEXTS, before + "x") != cache_key(TEXTS, before)
    monkeypatch.setattr(kgsearch, "__version__", kgsearch.__version__ + ".post1")
    assert glossary.analyzer_version() != before
    assert cache_key(TEXTS) != cache_key(TEXTS, before)


def test_the_analyzer_digest_covers_its_source_and_stop_words(tmp_path):
    copy = tmp_path / "analyzers"
    shutil.copytree(Path(kgsearch.analyzers.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = glossary._tree_digest(copy)
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "bilingual.cpython-311.pyc").write_bytes(b"compiled")
    assert glossary._tree_digest(copy) == before  # compiled files are not the analyzer
    stop_words = copy / "data" / "stopwords_ru.txt"
    stop_words.write_text(stop_words.read_text("utf-8") + "также\n", "utf-8")
    with_a_stop_word = glossary._tree_digest(copy)
    assert with_a_stop_word != before
    source = copy / "bilingual.py"
    source.write_text(source.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert glossary._tree_digest(copy) not in (before, with_a_stop_word)


def test_load_analyses_again_for_another_analyzer_version(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analysed = []

    def analyse(pairs):
        analysed.append(pairs)
        return []

    monkeypatch.setattr(glossary, "_analyse", analyse)
    monkeypatch.setattr(glossary, "_LOADED", {})  # nothing in memory: each load reads the disk
    Glossary.load()
    glossary._LOADED.clear()
    Glossary.load()
    assert len(analysed) == 1  # the second load read the cache
    glossary._LOADED.clear()
    monkeypatch.setattr(kgsearch, "__version__", kgsearch.__version__ + ".post1")
    Glossary.load()
    assert len(analysed) == 2 and len(list((tmp_path / "kgsearch").glob("glossary-*.pickle"))) == 2


def test_a_process_loads_each_glossary_once(tmp_path, monkeypatch):
    monkeypatch.setattr(glossary, "_LOADED", {})
    mine = tmp_path / "mine.tsv"
    mine.write_text("honey\tмёд\n", "utf-8")
    bundled = Glossary.load()
    assert Glossary.load() is bundled
    with_mine = Glossary.load(mine)
    assert with_mine is not bundled and len(with_mine) == len(bundled) + 1
    mine.write_text("honey\tмёд\nbee\tпчела\n", "utf-8")  # another text: another glossary
    assert len(Glossary.load(mine)) == len(bundled) + 2
