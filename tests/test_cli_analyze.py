"""`kgsearch analyze` shows the terms a text is indexed under."""

import json

from conftest import invoke


def test_analyze_prints_surface_and_term():
    result = invoke("analyze", "железной дороги railways")
    assert result.exit_code == 0
    rows = [line.split() for line in result.output.splitlines()]
    assert rows == [["0", "железной", "железный"], ["1", "дороги", "дорога"], ["2", "railways", "railway"]]


def test_analyze_json_has_offsets():
    text = "Жээнбека Кулубаева и Ван И"
    result = invoke("analyze", text, "--json")
    terms = json.loads(result.output)
    assert [t["term"] for t in terms] == ["жээнбек", "кулубаев", "ван"]
    assert all(text[t["start"] : t["end"]] == t["surface"] for t in terms)


def test_analyze_ambiguity_all():
    result = invoke("analyze", "стали", "--ambiguity", "all", "--json")
    assert [t["term"] for t in json.loads(result.output)] == ["стать", "сталь"]


def test_analyze_reads_kyrgyz_text_as_kyrgyz_and_obeys_lang():
    # A Kyrgyz release's sentence is read as the index reads a Kyrgyz document; --lang overrides.
    told = invoke("analyze", "Тышкы иштер министрлигинин басма сөз кызматы билдирди", "--json")
    assert [t["term"] for t in json.loads(told.output)][2] == "министрлик"
    as_kyrgyz = json.loads(invoke("analyze", "Жапаровдун", "--lang", "ky", "--json").output)
    as_russian = json.loads(invoke("analyze", "Жапаровдун", "--lang", "ru", "--json").output)
    assert [t["term"] for t in as_kyrgyz] == ["жапаров"] and [t["term"] for t in as_russian] != ["жапаров"]
