"""Kyrgyz in the bundled data: the demo corpus's Kyrgyz releases and the glossary's Kyrgyz names.

glossary_ky.tsv gives Kyrgyz names to entries of glossary.tsv, joined on the
English main term; the demo corpus has Kyrgyz releases on subjects its Russian
and English releases cover, so that a query on one subject in any of the three
languages has documents in all three to find.
"""

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import kgsearch
from kgsearch.analyzers import bilingual_analyzer, positioned_terms
from kgsearch.glossary import parse_glossary
from kgsearch.index import demo_corpus
from kgsearch.index.files import read_file
from conftest import DEMO_ROWS

DATA = Path(kgsearch.__file__).parent / "data"
RUSSIAN = parse_glossary((DATA / "glossary.tsv").read_text("utf-8"))
KYRGYZ = [(english, kyrgyz) for english, kyrgyz, _ in parse_glossary((DATA / "glossary_ky.tsv").read_text("utf-8"), "glossary_ky.tsv")]
MAIN = {english[0]: (english, russian) for english, russian, _ in RUSSIAN}
KY = {english[0]: kyrgyz for english, kyrgyz in KYRGYZ}


def test_every_kyrgyz_entry_names_one_main_english_term_of_the_glossary():
    assert all(len(english) == 1 for english, _ in KYRGYZ)
    assert [english for (english,), _ in KYRGYZ if english not in MAIN] == []
    assert [term for term, n in Counter(english for (english,), _ in KYRGYZ).items() if n > 1] == []


def test_no_kyrgyz_name_stands_for_two_entries():
    names = Counter(name.casefold() for _, kyrgyz in KYRGYZ for name in kyrgyz)
    assert [name for name, n in names.items() if n > 1] == []


def test_the_kyrgyz_names_are_cyrillic():
    latin = [name for _, kyrgyz in KYRGYZ for name in kyrgyz if re.search("[A-Za-z]", name)]
    assert latin == []


@pytest.mark.parametrize("english, kyrgyz", [
    ("China", "Кытай"), ("China", "Кытай Эл Республикасы"), ("Kyrgyzstan", "Кыргыз Республикасы"),
    ("Ministry of Foreign Affairs", "Тышкы иштер министрлиги"), ("foreign minister", "тышкы иштер министри"),
    ("Bishkek", "Бишкек"), ("Torugart", "Торугарт"), ("Uzbekistan", "Өзбекстан"), ("Kazakhstan", "Казакстан"),
    ("Russia", "Орусия"), ("United States", "АКШ"), ("Beijing", "Бээжин"), ("Osh", "Ош"),
    ("railway", "темир жол"), ("checkpoint", "өткөрүү пункту"), ("ambassador", "элчи"), ("embassy", "элчилик"),
    ("agreement", "келишим"), ("memorandum", "меморандум"), ("visit", "сапар"), ("meeting", "жолугушуу"),
    ("cooperation", "кызматташтык"), ("investment", "инвестиция"), ("trade", "соода"), ("border", "чек ара"),
    ("president", "президент"), ("minister", "министр"), ("road", "жол"),
    ("Shanghai Cooperation Organisation", "ШКУ"), ("Belt and Road", "Бир алкак – бир жол"),
    ("Jogorku Kenesh", "Жогорку Кеңеш"), ("Cabinet of Ministers", "Министрлер Кабинети"),
])
def test_the_core_terms_have_their_kyrgyz_names(english, kyrgyz):
    assert kyrgyz in KY.get(english, [])


@cache
def _demo() -> list[tuple[str, str]]:
    """Each demo document's language and text, read as the index reads it."""
    documents, files = [], {}
    for row in DEMO_ROWS:
        path = demo_corpus() / row["file"]
        if path not in files:
            docs, _ = read_file(path, path.read_bytes())
            files[path] = {d.key: d for d in docs}
        docs = files[path]
        doc = docs[row["record_id"]] if row["record_id"] else next(iter(docs.values()))
        documents.append((row["lang"], f"{doc.title}\n{doc.body}"))
    return documents


ANALYZER = bilingual_analyzer()


def _analysed(text: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for t in ANALYZER(text, positions=True):
        found.setdefault(t.pos, set()).add(t.text)
    return found


@cache
def _analysed_demo() -> list[tuple[str, dict[int, set[str]]]]:
    return [(lang, _analysed(text)) for lang, text in _demo() if lang in ("ru", "en")]


def _says(analysed: dict[int, set[str]], name: str) -> bool:
    """Whether a Russian or English text has ``name`` in some case form, as a query phrase finds it."""
    terms = positioned_terms(ANALYZER, name)
    first = terms[0][0]
    return any(all(term in analysed.get(start + pos - first, ()) for pos, term in terms)
               for start in analysed if terms[0][1] in analysed[start])


def _stem_pattern(name: str) -> re.Pattern:
    """A Kyrgyz name followed by any suffixes (``темир жолунун``, ``Кытайдын``), until the Kyrgyz
    analyzer can say: each word's stem less a final letter or two, which suffixes may change."""
    stems = [w[:-2] if len(w) > 5 else w[:-1] if len(w) > 3 else w for w in re.findall(r"\w+", name.casefold())]
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(s) + r"\w*" for s in stems))


# Subjects of the Kyrgyz releases, by their glossary entries.
SUBJECTS = ["China–Kyrgyzstan–Uzbekistan railway", "Torugart", "checkpoint", "ambassador", "state visit",
            "Jeenbek Kulubaev", "Wang Yi", "Sadyr Japarov", "Beijing", "Belt and Road"]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_subject_of_the_kyrgyz_releases_is_in_all_three_languages(subject):
    english, russian = MAIN[subject]
    kyrgyz = [_stem_pattern(name) for name in KY[subject]]
    languages = {lang for lang, text in _demo() if lang == "ky" and any(p.search(text.casefold()) for p in kyrgyz)}
    languages |= {lang for lang, analysed in _analysed_demo()
                  if any(_says(analysed, name) for name in (english if lang == "en" else russian))}
    assert languages == {"ky", "ru", "en"}


def test_the_kyrgyz_releases_are_a_few_of_many():
    kyrgyz = sum(lang == "ky" for lang, _ in _demo())
    assert 4 <= kyrgyz <= len(_demo()) // 5
