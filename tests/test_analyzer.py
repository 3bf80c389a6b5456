"""The bilingual analyzer on real phrases from the seed documents."""

import pickle

import pytest
from whoosh import fields, query
from whoosh.filedb.filestore import RamStorage

from kgsearch.analyzers import bilingual_analyzer
from kgsearch.analyzers.bilingual import terms_all, terms_first

analyzer = bilingual_analyzer()


def terms(text, mode="index"):
    """The full-weight terms (query mode adds other normal forms at a lower weight)."""
    return [t.text for t in analyzer(text, mode=mode) if t.boost == 1.0]


def positioned(text, mode="index"):
    return [(t.text, t.pos) for t in analyzer(text, positions=True, mode=mode) if t.boost == 1.0]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Russian: inflected forms meet at the normal form.
        ("железной дороги", ["железный", "дорога"]),
        ("железная дорога", ["железный", "дорога"]),
        ("министров иностранных дел", ["министр", "иностранный", "дело"]),
        ("министра иностранных дел КНР", ["министр", "иностранный", "дело", "кнр"]),
        ("Жээнбека Кулубаева", ["жээнбек", "кулубаев"]),
        ("Жээнбек Кулубаев", ["жээнбек", "кулубаев"]),
        ("с Кулубаевым", ["кулубаев"]),
        ("Садыра Жапарова", ["садыр", "жапаров"]),
        ("в Кыргызстане", ["кыргызстан"]),
        ("ШОС, ООН, КНР", ["шос", "оон", "кнр"]),
        ("Ёлка и елка", ["елка", "елка"]),
        ("контрольно-пропускных пунктов", ["контрольно-пропускной", "контрольный", "пропускной", "пункт"]),
        # Kyrgyz words pymorphy3 cannot know are kept, lower-cased.
        ("Өкмөт Төрагасы Кеңеш", ["өкмөт", "төрагасы", "кеңеш"]),
        # English: Snowball stems.
        ("railways", ["railway"]),
        ("Railway", ["railway"]),
        ("meetings", ["meet"]),
        ("China's core interests", ["china", "core", "interest"]),
        ("Kyrgyzstan’s foreign policy", ["kyrgyzstan", "foreign", "polici"]),
        ("COVID-19", ["covid-19", "covid", "19"]),
        ("good-neighborly", ["good-neighbor", "good", "neighbor"]),
        ("SCO summit", ["sco", "summit"]),
        # Words that look like stop words but carry meaning stay.
        ("the WHO and the U.S.", ["who", "u", "s"]),
        # Mixed text is routed word by word.
        ("Министр Wang Yi подчеркнул railways", ["министр", "wang", "yi", "подчеркнуть", "railway"]),
        ("2025 года 1,5 млрд", ["2025", "год", "1,5", "миллиард"]),
        ("в 2020–2022 гг. 3 млн долл.", ["2020", "2022", "год", "3", "миллион", "доллар"]),
        ("Университе́т, И́горь", ["университет", "игорь"]),
    ],
)
def test_terms(text, expected):
    assert terms(text) == expected


@pytest.mark.parametrize("a, b", [
    ("железной дороги", "железная дорога"),
    ("Жээнбека Кулубаева", "Жээнбек Кулубаев"),
    ("railways", "railway"),
    ("meetings", "meeting"),
    ("китайско-кыргызских", "китайско-кыргызский"),
])
def test_inflected_forms_share_terms(a, b):
    assert terms(a) == terms(b)


def test_stop_words_leave_gaps():
    assert positioned("Belt and Road") == [("belt", 0), ("road", 2)]
    assert positioned("инициативы «Один пояс – один путь»") == [
        ("инициатива", 0), ("один", 1), ("пояс", 2), ("один", 3), ("путь", 4)]
    assert positioned("министр иностранных дел Китая и Кыргызстана")[-1] == ("кыргызстан", 5)


@pytest.mark.parametrize("text", [
    "Главы МИД КР и КНР подчеркнули активизацию сотрудничества",
    "Belt and Road, China's COVID-19 railways, контрольно-пропускных пунктов",
])
def test_query_mode_gives_index_terms(text):
    assert positioned(text, mode="query") == positioned(text, mode="index")


def test_query_mode_adds_other_normal_forms_at_a_lower_weight():
    from kgsearch.analyzers.bilingual import OTHER_FORMS_WEIGHT

    tokens = [(t.text, t.pos, t.boost) for t in analyzer("стали railways", positions=True, mode="query")]
    assert tokens == [("стать", 0, 1.0), ("сталь", 0, OTHER_FORMS_WEIGHT), ("railway", 1, 1.0)]
    assert [t.text for t in analyzer("стали", mode="index")] == ["стать"]


def test_removestops_false_marks_instead_of_dropping():
    tokens = [(t.text, t.stopped) for t in analyzer("Belt and Road", removestops=False)]
    assert tokens == [("belt", False), ("and", True), ("road", False)]


def test_offsets_slice_back_on_every_seed(seeds):
    for text in seeds.values():
        tokens = list(analyzer(text, positions=True, chars=True))
        assert len(tokens) > 100
        for t in tokens:
            word = text[t.startchar : t.endchar]
            assert word and not word[0].isspace() and not word[-1].isspace()
            assert terms_first(word)[0] == t.text


def test_seed_003_names_and_compounds(seeds):
    found = set(terms(seeds["003"]))
    assert {"кулубаев", "жээнбек", "железный", "дорога", "контрольно-пропускной", "оон"} <= found
    assert "кулубаева" not in found and "дороги" not in found


def test_ambiguity_policy_all_keeps_every_normal_form():
    assert terms_first("стали") == ("стать",)
    assert terms_all("стали") == ("стать", "сталь")
    everything = bilingual_analyzer(ambiguity="all")
    assert [(t.text, t.pos) for t in everything("стали", positions=True)] == [("стать", 0), ("сталь", 0)]
    with pytest.raises(ValueError, match="ambiguity"):
        bilingual_analyzer(ambiguity="some")


def test_analyzer_pickles_small_and_works_after_unpickling():
    data = pickle.dumps(analyzer)
    assert len(data) < 1024
    assert [t.text for t in pickle.loads(data)("железной дороги")] == ["железный", "дорога"]


def test_whoosh_index_finds_inflected_forms_and_phrases():
    schema = fields.Schema(body=fields.TEXT(analyzer=analyzer, phrase=True, stored=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(body="Строительство железной дороги Китай – Кыргызстан – Узбекистан")
        w.add_document(body="Belt and Road railways cooperation")
        w.add_document(body="Belt roads and other ways")
    with ix.searcher() as s:
        def find(text):
            q = query.And([query.Term("body", t) for t in terms(text, mode="query")])
            return [hit["body"][:12] for hit in s.search(q)]

        assert find("железная дорога") == ["Строительство железной дороги Китай – Кыргызстан – Узбекистан"[:12]]
        assert find("railway") == ["Belt and Roa"]
        # The phrase keeps the stop word's gap: "Belt and Road" is at 0 and 2 in both.
        phrase = query.Ordered([query.Term("body", "belt"), query.Term("body", "road")])
        hits = s.search(phrase)
        assert len(hits) == 2
        reader = s.reader()
        assert list(reader.postings("body", "road").items_as("positions")) == [(1, [2]), (2, [1])]
