"""A wire story reprinted, lightly edited, by another outlet is one hit with its reprint listed as
similar; different stories on one subject stay apart; --all-versions shows every version."""

import json
import subprocess
import sys

import pytest
from conftest import invoke, shared_path

import kgsearch
from kgsearch.index import minhash, rebuild, similar, update

# Two real BBC articles about the Band Aid 20 single that share a paragraph word for word
# (estimated resemblance about 0.4): different stories on one subject.
BAND_AID = ("entertainment/143.txt", "entertainment/159.txt")


def ng_stories(count: int) -> list[dict]:
    """Real Nezavisimaya Gazeta articles of several paragraphs, each text once in the archive."""
    records, texts = [], {}
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts[record["content"]] = texts.get(record["content"], 0) + 1
            records.append(record)
    return [r for r in records if texts[r["content"]] == 1 and len(r["content"].split("\n")) >= 6
            and 2000 < len(r["content"]) < 8000][:count]


def reprint(story: dict) -> dict:
    """The story as another outlet runs it: a dateline for a first line, its own title and url,
    one paragraph cut, another source."""
    paragraphs = story["content"].split("\n")
    kept = paragraphs[:3] + paragraphs[4:]
    return {"title": "Перепечатка: " + story["title"], "url": "https://kabar.example/reprint/1",
            "date": story["date"], "source": "Kabar",
            "content": "БИШКЕК, 20 марта — Кабар. Публикуем с сокращениями.\n" + "\n".join(kept)}


def words_of(story: dict) -> str:
    """A query only this story and its reprint answer: three long words of its second paragraph."""
    words = sorted({w for w in story["content"].split("\n")[1].split() if w.isalpha()}, key=len, reverse=True)
    return " ".join(words[:3])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("similar")
    story, *others = ng_stories(12)
    original = {**story, "source": "Nezavisimaya Gazeta"}
    archive = folder / "news.jsonl"
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [original, *others, reprint(story)]),
                       "utf-8")
    bbc = [shared_path("corpora", "bbc", name) for name in BAND_AID]
    rebuild(folder / "ix", [archive, *bbc])
    return {"index": folder / "ix", "story": original, "reprint": reprint(story), "folder": folder}


def test_the_edit_keeps_the_story_alike_and_other_stories_apart(corpus):
    """The premise, measured: the reprint resembles its story above the threshold, the two Band Aid
    articles below it."""
    story, copy = corpus["story"]["content"], corpus["reprint"]["content"]
    assert minhash.resemblance(minhash.signature(story), minhash.signature(copy)) >= similar.THRESHOLD
    one, two = (shared_path("corpora", "bbc", name).read_text("utf-8") for name in BAND_AID)
    assert 0.1 < minhash.resemblance(minhash.signature(one), minhash.signature(two)) < similar.THRESHOLD


def test_a_reprint_is_one_hit_with_one_similar(corpus):
    query = words_of(corpus["story"])
    with kgsearch.open_index(corpus["index"]) as ix:
        grouped = ix.search(query, limit=50, facets=True)
        every = ix.search(query, limit=50, all_versions=True)
        urls = {hit.url: hit for hit in every.hits}
        assert {corpus["story"]["url"], corpus["reprint"]["url"]} <= set(urls)
        assert every.total == grouped.total + 1 and grouped.similar_folded == 1 and grouped.copies_folded == 0
        hit = next(h for h in grouped.hits if h.url in (corpus["story"]["url"], corpus["reprint"]["url"]))
        other = corpus["reprint"] if hit.url == corpus["story"]["url"] else corpus["story"]
        assert [(s["id"], s["source"]) for s in hit.similar] == [(urls[other["url"]].id, other["source"])]
        assert hit.copies == []
        assert all(not h.similar for h in every.hits)
        assert sum(grouped.facets["lang"].values()) == grouped.total  # each story once, as the total


def test_different_stories_on_one_subject_are_not_grouped(corpus):
    with kgsearch.open_index(corpus["index"]) as ix:
        results = ix.search('"Band Aid"', limit=10)
    assert results.total == 2 and results.similar_folded == 0
    assert all(hit.similar == [] for hit in results.hits)


def test_the_command_lists_the_reprint_and_shows_both_with_all_versions(corpus):
    query = words_of(corpus["story"])
    shown = invoke("query", query, "--index", corpus["index"], "--limit", 50)
    assert shown.exit_code == 0
    listed_line = shown.output.split("+1 similar: ")[1].split("\n")[0]  # the other version, by its source
    assert listed_line in ("Kabar", "Nezavisimaya Gazeta")
    assert "(and 1 other version of them)" in shown.output
    grouped = json.loads(invoke("query", query, "--index", corpus["index"], "--limit", 50, "--json").output)
    every = json.loads(invoke("query", query, "--index", corpus["index"], "--limit", 50, "--json",
                              "--all-versions").output)
    assert every["total"] == grouped["total"] + 1 and grouped["similar_folded"] == 1
    listed = [s for hit in grouped["hits"] for s in hit["similar"]]
    assert len(listed) == 1 and listed[0]["source"] in ("Kabar", "Nezavisimaya Gazeta")
    assert listed[0]["id"] in {hit["id"] for hit in every["hits"]}
    assert listed[0]["id"] not in {hit["id"] for hit in grouped["hits"]}
    plain = invoke("query", query, "--index", corpus["index"], "--limit", 50, "--all-versions")
    assert "similar" not in plain.output and "Перепечатка" in plain.output


def test_an_update_signs_only_new_texts(corpus, tmp_path, monkeypatch):
    """Adding a file signs its texts and reuses the kept signatures of all the others; so does a rebuild."""
    archive = tmp_path / "more.jsonl"
    story = ng_stories(13)[-1]
    archive.write_text(json.dumps(story, ensure_ascii=False), "utf-8")
    signed = []
    sign = minhash.signature
    monkeypatch.setattr(minhash, "signature", lambda text: signed.append(text) or sign(text))
    index = tmp_path / "ix"
    rebuild(index, [corpus["folder"] / "news.jsonl"])
    first = len(signed)
    assert first >= 13  # every text, on a first build
    update(index, [corpus["folder"] / "news.jsonl", archive])
    assert [text[:200] for text in signed[first:]] == [story["content"][:200]]
    rebuild(index)  # a rebuild starts from the signatures of the generation it replaces
    assert len(signed) == first + 1
    with kgsearch.open_index(index) as ix:
        assert ix.search(words_of(corpus["story"]), limit=50).similar_folded == 1


def test_a_query_imports_no_signing(corpus):
    """Grouping is read from a file at query time: nothing of the signing is even imported."""
    code = ("import sys, kgsearch\n"
            f"with kgsearch.open_index({str(corpus['index'])!r}) as ix: ix.search('Band Aid', facets=True)\n"
            "print('kgsearch.index.minhash' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=corpus["folder"], check=True)
    assert out.stdout.split() == ["False", "False"]


def test_an_index_without_its_groups_folds_exact_copies_only(corpus, tmp_path):
    """An index written before grouping existed (no similar.json for its generation) answers as
    before, each version a hit, until its next update groups them."""
    import shutil

    index = tmp_path / "ix"
    shutil.copytree(corpus["index"], index)
    for kept in index.glob("gen-*/" + similar.FILE):
        kept.unlink()
    query = words_of(corpus["story"])
    with kgsearch.open_index(index) as ix:
        results = ix.search(query, limit=50)
        assert results.similar_folded == 0 and all(not hit.similar for hit in results.hits)
        assert results.total == ix.search(query, limit=50, all_versions=True).total
    update(index)
    with kgsearch.open_index(index) as ix:
        assert ix.search(query, limit=50).similar_folded == 1


def test_a_correction_keeps_the_versions_grouped(corpus, tmp_path):
    """``kgsearch edit`` writes a new generation of the index: its groups must come with it, or
    every story's versions come apart until the next update."""
    import shutil

    from kgsearch.index.build import correct

    index = tmp_path / "ix"
    shutil.copytree(corpus["index"], index)
    query = words_of(corpus["story"])
    with kgsearch.open_index(index) as ix:
        story = next(h for h in ix.search(query, limit=50, all_versions=True).hits if h.url == corpus["story"]["url"])
    correct(index, story.id, {"source": "Kabar"})
    with kgsearch.open_index(index) as ix:
        assert ix.search(query, limit=50).similar_folded == 1


def test_a_broken_corrections_file_stops_an_update_with_one_line(corpus, tmp_path):
    import shutil

    from conftest import invoke

    index = tmp_path / "ix"
    shutil.copytree(corpus["index"], index)
    (index / "overrides.json").write_text("garbage", "utf-8")
    result = invoke("index", "update", corpus["folder"] / "news.jsonl", "--index", index, "--quiet")
    assert result.exit_code == 2
    assert result.output.startswith("Error: cannot read the corrections in") and result.output.count("\n") == 1


def test_a_signature_is_the_least_hash_of_each_bins_shingles():
    """The signing, written for speed, gives what its definition does on real texts: each
    shingle hashed once (BLAKE2b, 8 bytes, of its UTF-8), the hash's top bits its bin, the
    bin's least hash kept by its low 32 bits."""
    import hashlib

    def by_definition(text):
        bins = [None] * minhash.BINS
        found = minhash.shingles(text)
        if len(found) >= minhash.MIN_SHINGLES:
            for shingle in found:
                h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "little")
                j = h >> (64 - (minhash.BINS.bit_length() - 1))
                bins[j] = h if bins[j] is None else min(bins[j], h)
        return b"".join((minhash.EMPTY if h is None else h & 0xFFFFFFFF).to_bytes(4, "little") for h in bins)

    texts = [story["content"] for story in ng_stories(20)] + ["Ёлка\u00a0и ёж, straße Ünïcödé " * 10, "", "a b"]
    assert all(minhash.signature(text) == by_definition(text) for text in texts)


def test_an_index_opened_before_an_update_keeps_folding_its_reprints(corpus, tmp_path):
    """An update writes the group files again for its own generation; an index opened before it and
    first searched after still folds by the groups of the generation it reads."""
    import shutil

    index = tmp_path / "ix"
    shutil.copytree(corpus["index"], index)
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps(ng_stories(14)[-1], ensure_ascii=False), "utf-8")
    query = words_of(corpus["story"])
    with kgsearch.open_index(index) as before:
        update(index, [corpus["folder"] / "news.jsonl", *corpus_bbc(), more])
        found = before.search(query, limit=50)
        assert found.similar_folded == 1 and len(found.hits) == 1
    with kgsearch.open_index(index) as after:
        assert after.search(query, limit=50).similar_folded == 1


def corpus_bbc():
    return [shared_path("corpora", "bbc", name) for name in BAND_AID]


def test_an_index_opened_before_its_groups_are_written_finds_them_once_they_are(corpus, tmp_path):
    """Opened between an update's commit and its group files (another generation's then), an index
    reads the files again when it first needs them."""
    import shutil

    index = tmp_path / "ix"
    shutil.copytree(corpus["index"], index)
    kept = next(index.glob("gen-*/" + similar.FILE))
    written = kept.read_text("utf-8")
    kept.write_text(json.dumps({**json.loads(written), "generation": -1}), "utf-8")
    with kgsearch.open_index(index) as opened:
        kept.write_text(written, "utf-8")
        assert opened.search(words_of(corpus["story"]), limit=50).similar_folded == 1


def test_a_group_file_that_is_not_text_is_only_a_shortcut_lost(corpus, tmp_path):
    import shutil

    index = tmp_path / "ix"
    shutil.copytree(corpus["index"], index)
    next(index.glob("gen-*/" + similar.FILE)).write_bytes(b"\xff\xfe{")
    with kgsearch.open_index(index) as opened:
        found = opened.search(words_of(corpus["story"]), limit=50)
        assert found.total >= 2 and found.similar_folded == 0
