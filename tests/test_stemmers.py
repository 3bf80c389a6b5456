"""English stems: Whoosh's copy of the Snowball stemmer, which queries use, gives nltk's stems
(nltk's is the stemmer of record, which builds the index) on every English word of the corpora
and the word lists; so a query for a word the index's word table lacks need not import nltk."""

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kgsearch
from kgsearch import dictionary
from kgsearch.analyzers import english
from kgsearch.analyzers.bilingual import is_latin
from kgsearch.analyzers.letters import fold
from kgsearch.analyzers.tokenize import WORD_PATTERN
from kgsearch.analyzers.wordterms import Recorder, key
from kgsearch.index import wordtable

from conftest import shared_path

# Every run of letters, digits and apostrophes, with apostrophes at either end (``c'``, ``'s``):
# words as any caller might pass them, beside the tokenizer's own.
LOOSE = re.compile(r"[\w'’‘‛]+")
# English words the demo index's word table lacks (a misspelling's candidates are stemmed too),
# and a plural possessive (the tokenizer keeps no final apostrophe: ``governments`` is looked up).
UNSEEN = ["railwaymen", "railwaymen's", "goverment", "governments'"]

PROBE = """
import os, runpy, sys
sys.argv = ["kgsearch", "query", *sys.argv[1:]]
def report():
    print("NLTK" if any(m == "nltk" or m.startswith("nltk.") for m in sys.modules) else "NO NLTK",
          file=sys.stderr, flush=True)
end = os._exit
os._exit = lambda status: (report(), end(status))  # a query ends with os._exit
try:
    runpy.run_module("kgsearch", run_name="__main__")
except SystemExit:
    pass
report()
"""


def _latin(words) -> set[str]:
    return {folded for word in words if is_latin(folded := fold(word))}


def _words(texts) -> set[str]:
    """The words of ``texts`` the stemmer can be given: the tokenizer's (a compound whole; its parts
    are loose runs too) and the loose runs of word characters and apostrophes."""
    found: set[str] = set()
    for text in texts:
        found.update(WORD_PATTERN.findall(text), LOOSE.findall(text))
    return _latin(found)


def _jsonl(*parts: str, fields=None):
    with shared_path(*parts).open(encoding="utf-8") as lines:
        for record in map(json.loads, lines):
            yield " ".join(str(v) for k, v in record.items() if fields is None or k in fields)


def corpus_texts():
    """Every text of the English corpora, and NG's Russian articles (for their Latin words)."""
    for path in sorted(shared_path("corpora", "bbc").rglob("*.txt")):
        yield path.read_text("utf-8", errors="replace")
    yield from _jsonl("corpora", "wmt21", "collection.en.jsonl", fields=("title", "text"))
    yield from _jsonl("corpora", "ng", "ng.jsonl")
    with shared_path("corpora", "ud", "en_ewt-ud-dev.conllu").open(encoding="utf-8") as lines:
        yield " ".join(line.split("\t")[1] for line in lines if line[:1].isdigit())


def word_list_texts():
    """The English side of kgsearch's bilingual word list and of the openrussian lists."""
    with (Path(kgsearch.__file__).parent / dictionary.FILE).open(encoding="utf-8") as rows:
        for row in csv.reader((line for line in rows if not line.startswith("#")), delimiter="\t"):
            lang, _, headword, translations = row[:4]
            yield headword if lang == "en" else " ".join(t.partition("=")[0] for t in translations.split(" ; "))
    folder = shared_path("dictionaries", "openrussian")
    for path in sorted(folder.glob("*.en-ru.json")):
        yield " ".join(json.loads(path.read_text("utf-8")))
    for path in sorted(folder.glob("*.ru-en.json")):
        yield " ".join(json.loads(path.read_text("utf-8")).values())
    with (folder / "others.csv").open(encoding="utf-8") as rows:
        yield " ".join(row["translations_en"] or "" for row in csv.DictReader(rows, delimiter="\t"))


@pytest.fixture(scope="module")
def stemmers():
    return english.whoosh_stemmer(), english.record_stemmer()


@pytest.fixture(scope="module")
def corpus_words():
    return _words(corpus_texts())


def _differences(words, stemmers) -> list[tuple[str, str, str]]:
    whoosh, nltk = stemmers
    return sorted((w, english.snowball(whoosh, w), nltk.stem(w))
                  for w in words if english.snowball(whoosh, w) != nltk.stem(w))


def test_whoosh_gives_nltks_stem_for_every_word_of_the_corpora(corpus_words, stemmers):
    assert len(corpus_words) > 10_000
    assert _differences(corpus_words, stemmers) == []


def test_whoosh_gives_nltks_stem_for_every_word_of_the_word_lists(stemmers):
    words = _words(word_list_texts())
    assert len(words) > 10_000
    assert _differences(words, stemmers) == []


def test_the_words_hold_the_stems_the_rule_is_for(corpus_words, stemmers):
    """Whoosh's stemmer alone strips a short word's apostrophe (``i'`` to ``i``), where nltk
    keeps the word: the corpora have such words, so the test above checks the rule."""
    whoosh, nltk = stemmers
    bare = [w for w in corpus_words if whoosh.stem(w) != nltk.stem(w)]
    assert bare and all(len(w) <= 2 for w in bare)


# Words of the letters and apostrophes the algorithm's rules turn on, short ones among them.
SNOWBALL_LETTERS = "abcdefgilmnorstuvyz'’‘‛"


@settings(max_examples=2000)
@given(st.text(SNOWBALL_LETTERS, min_size=1, max_size=12))
def test_whoosh_gives_nltks_stem_for_any_word_of_the_rules_letters(word):
    whoosh, nltk = english.whoosh_stemmer(), english.record_stemmer()
    assert english.snowball(whoosh, word) == nltk.stem(word)


def test_a_builder_stems_with_nltk():
    Recorder()
    assert type(english._stemmer).__module__.startswith("nltk.")


@pytest.mark.parametrize("query", UNSEEN)
def test_a_cold_query_for_a_word_the_table_lacks_does_not_import_nltk(demo_index, tmp_path, query):
    env = {**os.environ, "KGSEARCH_INDEX": str(demo_index)}
    done = subprocess.run([sys.executable, "-c", PROBE, query], env=env, cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.stderr.strip().splitlines()[-1] == "NO NLTK", done.stderr[-2000:]


def test_the_demo_index_lacks_the_words_the_cold_queries_ask_for(demo):
    """The queries above reach the stemmer: the word table has no entry for their words."""
    words = wordtable.words_of(demo.searcher.schema)
    for word in ("railwaymen", "railwaymen's", "goverment"):
        assert words._lookup(key(word)) is None, word
