"""Names of people keep one term in every case form; names and common words stay apart.

The cases are names as they stand in real news (NG, Meduza, the seeds),
each against its nominative.
"""

import pytest

from kgsearch.analyzers import bilingual_analyzer

analyzer = bilingual_analyzer()


def surname_term(name: str) -> str:
    """The index term of the last word of ``name`` as written in a sentence."""
    tokens = [(t.pos, t.text) for t in analyzer(f"Об этом сказал {name}", positions=True)]
    last = max(pos for pos, _ in tokens)
    return next(text for pos, text in tokens if pos == last)


@pytest.mark.parametrize("inflected, nominative", [
    ("Дмитрия Пескова", "Дмитрий Песков"),
    ("Антона Силуанова", "Антон Силуанов"),
    ("Марии Захаровой", "Мария Захарова"),
    ("Марию Захарову", "Мария Захарова"),
    ("Ангелы Меркель", "Ангела Меркель"),
    ("Ангелой Меркель", "Ангела Меркель"),
    ("Шавката Мирзиёева", "Шавкат Мирзиёев"),
    ("Шавкатом Мирзиёевым", "Шавкат Мирзиёев"),
    ("Нурсултану Назарбаеву", "Нурсултан Назарбаев"),
    ("Дариги Назарбаевой", "Нурсултан Назарбаев"),
    ("Владимиром Путиным", "Владимир Путин"),
    ("Сергея Лаврова", "Сергей Лавров"),
    ("Садыра Жапарова", "Садыр Жапаров"),
    ("Садыром Жапаровым", "Садыр Жапаров"),
    ("Касым-Жомарта Токаева", "Касым-Жомарт Токаев"),
    ("Камчыбека Ташиева", "Камчыбек Ташиев"),
    ("Си Цзиньпина", "Си Цзиньпин"),
    ("Си Цзиньпином", "Си Цзиньпин"),
    ("Ричарда Гренелла", "Ричард Гренелл"),
    ("Доминика Рааба", "Доминик Рааб"),
])
def test_every_case_of_a_surname_has_the_nominatives_term(inflected, nominative):
    assert surname_term(inflected) == surname_term(nominative)


@pytest.mark.parametrize("name, not_this", [
    ("Дмитрий Песков", "песок"),
    ("Антон Силуанов", "силуановый"),
    ("Синдзо Абэ", "синдзый"),
    ("Садыр Жапаров", "жапар"),
    ("Касым-Жомарт Токаев", "токай"),
])
def test_a_name_is_not_indexed_first_as_a_common_word(name, not_this):
    first_terms = {}
    for t in analyzer(name, positions=True):
        first_terms.setdefault(t.pos, t.text)
    assert not_this not in first_terms.values()


def test_the_common_word_stays_findable_beside_the_name():
    # "Песков" is a name first, and "of sands" too: a search for песок still finds the word.
    assert [t.text for t in analyzer("Песков")] == ["песков", "песок"]


@pytest.mark.parametrize("text, terms", [
    ("много песков", ["много", "песок"]),
    ("Кабинета Министров", ["кабинет", "министров", "министр"]),
    ("Министерство иностранных дел", ["министерство", "иностранный", "дело"]),
    ("МИД КР", ["мид", "кр"]),
])
def test_common_words_are_not_made_names(text, terms):
    assert [t.text for t in analyzer(text)] == terms


def test_an_inflected_surname_finds_what_the_nominative_finds(demo):
    def found(query):
        return {h.id for h in demo.search(query, limit=100, snippets=False, translate=False).hits}

    nominative = found("Жапаров")
    assert nominative, "the demo corpus names Japarov"
    for form in ("Жапарова", "Жапарову", "Жапаровым"):
        assert found(form) == nominative, form


def test_a_capitalised_common_word_is_no_misspelling(tmp_path):
    # A real headline (wmt21) against NG articles that write "туристов" in lower case:
    # "Туристов" reads as a surname too, and is searched as one and as the common word.
    import json

    import kgsearch
    from conftest import shared_path
    from kgsearch.index import rebuild

    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = [r for r in map(json.loads, lines) if " туристов " in r["content"]][:20]
    assert records
    archive = tmp_path / "ng-part.jsonl"
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    rebuild(tmp_path / "ix", [archive])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        results = ix.search("Коронавирус: Туристов из Испании обязали соблюдать карантин", snippets=False)
        assert results.total and "Туристов" in (results.suggestion or "Туристов")
        assert ix._lookup.frequency("Туристов") == ix._lookup.frequency("туристов") > 0
