"""Phrase matches are highlighted whole, where they stand, also when reached through translation."""

import pytest

from kgsearch.analyzers import bilingual_analyzer


def marks(hit) -> list[str]:
    return [text for snippet in hit.snippets for text, is_match in snippet.segments if is_match]


def terms(text):
    return [t.text for t in bilingual_analyzer()(text) if t.boost == 1.0]


def shows(hit, phrase) -> bool:
    wanted = terms(phrase)
    return any(terms(mark)[i : i + len(wanted)] == wanted for mark in marks(hit) for i in range(len(terms(mark))))


@pytest.mark.parametrize("query, phrase", [
    ('"Belt and Road"', "Belt and Road"),
    ('"железная дорога"', "железная дорога"),
    ('"Belt Road"~3', "Belt and Road"),
])
def test_every_hit_shows_the_phrase_marked_whole(demo, query, phrase):
    hits = demo.search(query, limit=20, translate=False).hits
    assert hits
    assert all(shows(hit, phrase) for hit in hits), [(h.title, marks(h)) for h in hits if not shows(h, phrase)]


def test_a_translated_phrase_is_marked_in_the_other_language(demo):
    hits = demo.search('"Belt and Road"', limit=50).hits
    russian = [h for h in hits if h.lang == "ru"]
    assert russian and all(marks(h) for h in russian)


def test_phrases_in_the_seeds(tmp_path, seeds):
    """Real releases: "Minister of Foreign Affairs" in seed 002, "Кабинета министров" in seed 003."""
    import kgsearch
    from kgsearch.index import rebuild

    from conftest import shared_path

    rebuild(tmp_path / "ix", [shared_path("seeds")])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        for query in ('"Minister of Foreign Affairs"', '"Kyrgyz Republic"'):
            hits = ix.search(query, limit=10, translate=False).hits
            assert hits, query
            assert all(shows(h, query.strip('"')) for h in hits), query
