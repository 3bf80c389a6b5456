"""The tokenizer on the shapes news text has, in both languages."""

import pytest

from kgsearch.analyzers.tokenize import WordTokenizer


def surface(text):
    return [(t.text, t.pos) for t in WordTokenizer()(text, positions=True, chars=True)]


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("Китай – Кыргызстан – Узбекистан", [("Китай", 0), ("Кыргызстан", 1), ("Узбекистан", 2)]),
        ("Central Asia — China summit", [("Central", 0), ("Asia", 1), ("China", 2), ("summit", 3)]),
        ("в 2025-2026 годах", [("в", 0), ("2025-2026", 1), ("2025", 1), ("2026", 1), ("годах", 2)]),
        ("1,5 млрд", [("1,5", 0), ("млрд", 1)]),
        ("3.14 and 2,225", [("3.14", 0), ("and", 1), ("2,225", 2)]),
        ("the 30th anniversary", [("the", 0), ("30th", 1), ("anniversary", 2)]),
        ("КНР, ШОС и SCO", [("КНР", 0), ("ШОС", 1), ("и", 2), ("SCO", 3)]),
        ("COVID-19 pandemic", [("COVID-19", 0), ("COVID", 0), ("19", 0), ("pandemic", 1)]),
        ("China's core", [("China's", 0), ("core", 1)]),
        ("Kyrgyzstan’s foreign", [("Kyrgyzstan’s", 0), ("foreign", 1)]),
        (
            "контрольно-пропускных пунктов",
            [("контрольно-пропускных", 0), ("контрольно", 0), ("пропускных", 0), ("пунктов", 1)],
        ),
        ("интернет-магазин", [("интернет-магазин", 0), ("интернет", 0), ("магазин", 0)]),
        ("good-neighborly relations", [("good-neighborly", 0), ("good", 0), ("neighborly", 0), ("relations", 1)]),
        ("«Один пояс – один путь»", [("Один", 0), ("пояс", 1), ("один", 2), ("путь", 3)]),
        ("K.Baktygulova informed", [("K", 0), ("Baktygulova", 1), ("informed", 2)]),
        ("under_score", [("under", 0), ("score", 1)]),
        ("Бишкек шаарында өкмөт", [("Бишкек", 0), ("шаарында", 1), ("өкмөт", 2)]),
        ("", []),
        (" – — ... ", []),
    ],
)
def test_tokens_and_positions(text, tokens):
    assert surface(text) == tokens


@pytest.mark.parametrize(
    "text",
    [
        "В период с 19 по 20 ноября 2025 года, КНР и контрольно-пропускных пунктов.",
        "China-Kyrgyzstan-Uzbekistan railway, China’s COVID-19 «Один пояс – один путь»",
    ],
)
def test_offsets_slice_back_to_the_surface_form(text):
    for t in WordTokenizer()(text, positions=True, chars=True):
        assert text[t.startchar : t.endchar] == t.text


def test_offsets_honour_start_char():
    tokens = list(WordTokenizer()("Бишкек", chars=True, start_char=10))
    assert (tokens[0].startchar, tokens[0].endchar) == (10, 16)
