"""Telling Kyrgyz from Russian and English, on real text: treebank sentences and news corpora.

The Kyrgyz sentences are those of UD_Kyrgyz-KTMU train held out from what the
word lists were checked on (sent_id a multiple of 5), as in
benchmarks/language_routing.py. Russian is the side a doubt falls to, so the
Russian properties are "every one": a Russian document read as Kyrgyz loses its lemmas.
"""

import json
import re

import pytest
from conftest import shared_path
from treebanks import KYRGYZ
from treebanks import sentences as treebank

from kgsearch.index import language
from kgsearch.index.documents import Document
from kgsearch.index.language import detect_language, query_language
from kgsearch.index.metadata import complete
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.records import record_document

# The letters ң, ө, ү alone caught 71% of the held-out sentences; the issue asks for
# what a language identifier reaches (py3langid: 99.8%), less a margin for 249 sentences.
KYRGYZ_SENTENCES_ROUTED = 0.97


def sentences(name: str) -> list[tuple[str, str]]:
    return [(s.sent_id, s.text) for s in treebank(name)]


def kyrgyz_held_out() -> list[str]:
    return [text for sent_id, text in sentences("ky_ktmu-ud-train.conllu")
            if int(re.sub(r"\D", "", sent_id)) % 5 == 0]


def russian_documents() -> list[str]:
    """Every document of the Russian news corpora (ng's includes the articles on Kyrgyzstan)."""
    corpora = shared_path("corpora")
    texts = [p.read_text("utf-8") for folder in ("meduza", "factrueval_dev") for p in (corpora / folder).glob("*.txt")]
    for name, keys in (("ng/ng.jsonl", ("title", "summary", "content")), ("wmt21/collection.ru.jsonl", ("title", "text"))):
        with (corpora / name).open(encoding="utf-8") as lines:
            texts += ["\n".join(filter(None, (json.loads(line).get(k) for k in keys))) for line in lines if line.strip()]
    return texts


def test_held_out_kyrgyz_sentences_are_routed_to_kyrgyz():
    ky = kyrgyz_held_out()
    routed = sum(detect_language(text) == "ky" for text in ky)
    assert routed >= KYRGYZ_SENTENCES_ROUTED * len(ky), f"{routed} of {len(ky)}"
    documents = [" ".join(ky[i:i + 3]) for i in range(0, len(ky) - 2, 3)]
    assert [d for d in documents if detect_language(d) != "ky"] == []


def test_every_kyrgyz_sentence_of_ten_words_is_routed_to_kyrgyz():
    """The length of a short news item: the whole treebank, where Kyrgyz от (fire) and он (ten) must
    not pass for Russian function words."""
    long = [text for _, text in sentences("ky_ktmu-ud-train.conllu") if len(text.split()) >= 10]
    assert [text for text in long if detect_language(text) != "ky"] == []


def test_every_russian_document_stays_russian():
    documents = russian_documents()
    assert sum("Бишкек" in text or "Кыргыз" in text for text in documents) >= 10  # the sample is about us too
    assert [text[:80] for text in documents if detect_language(text) == "ky"] == []


def test_russian_text_naming_kyrgyz_people_and_places_in_their_spelling_stays_russian():
    """Russian dev sentences led by two names with ң, ө or ү from the Kyrgyz treebank (Төрөбаев,
    Ысык-Көл): the letters of names decide nothing."""
    names = list(dict.fromkeys(form for s in treebank(KYRGYZ) for form, _, pos in s.words
                               if pos == "PROPN" and re.search("[ңөүҢӨҮ]", form)))
    ru = [text for _, text in sentences("ru_gsd-ud-dev.conllu") if len(text.split()) >= 8]
    led = [f"{names[i % len(names)]} {names[(i + 1) % len(names)]}: {text}" for i, text in enumerate(ru)]
    assert [text for text in led if detect_language(text) == "ky"] == []


def test_russian_documents_are_mostly_told_without_the_dictionary(monkeypatch):
    """Their function words settle it: pymorphy3 is asked only about text short of them (a list,
    a table), one Russian document in a hundred at most."""
    asked = []
    monkeypatch.setattr(language, "is_known", lambda word: asked.append(word) or True)
    documents = [text for text in russian_documents() if text.strip()]
    looked_up = 0
    for text in documents:
        asked.clear()
        assert detect_language(text) != "ky"
        looked_up += bool(asked)
    assert looked_up <= len(documents) / 100


def test_russian_sentences_are_rarely_taken_for_kyrgyz():
    """A sentence is less than a document; still, at most one UD Russian dev sentence in 500."""
    ru = [text for _, text in sentences("ru_gsd-ud-dev.conllu")]
    taken = [text for text in ru if detect_language(text) == "ky"]
    assert len(taken) <= len(ru) / 500, taken


def test_english_is_told_by_letters_alone_as_before():
    """English detection did not change: Latin letters outnumbering Cyrillic ones, and only that."""
    texts = [text for _, text in sentences("en_ewt-ud-dev.conllu") + sentences("ru_gsd-ud-dev.conllu")]
    for text in texts:
        latin, cyrillic = len(re.findall("[A-Za-z]", text)), len(re.findall("[\u0400-\u04ff]", text))
        assert (detect_language(text) == "en") == (latin > cyrillic), text


@pytest.mark.parametrize(("given", "expected"), [("ru", "ru"), ("Kyrgyz", "ky"), ("", "ky")])
def test_a_records_own_language_wins_over_its_text(given, expected):
    """A Kyrgyz treebank sentence filed as Russian stays Russian; unfiled, it is found Kyrgyz."""
    text = kyrgyz_held_out()[0]
    doc, _ = record_document("news.jsonl", {"id": "1", "title": text, "body": text, "lang": given}, 1, 10_000)
    assert complete(doc, PeopleRegistry([])).lang == expected


def test_a_russian_language_field_holds_for_kyrgyz_looking_text():
    doc = Document("a.txt", "Кыргызстан", kyrgyz_held_out()[1], lang="ru")
    assert complete(doc, PeopleRegistry([])).lang == "ru"


def windows(texts: list[str], size: int) -> list[str]:
    found = []
    for text in texts:
        words = re.findall("[\u0400-\u04ff]+", text)
        found += [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]
    return found


def test_short_queries_are_rarely_routed_to_the_wrong_language():
    """Cut from held-out Kyrgyz and Russian sentences, 1-3 words: a wrong language is rare, an
    open one ("" searches both) is the answer when in doubt, and three words mostly decide."""
    ky = kyrgyz_held_out()
    ru = [text for _, text in sentences("ru_gsd-ud-dev.conllu")]
    for size in (1, 2, 3):
        ky_calls = [query_language(w) for w in windows(ky, size)]
        ru_calls = [query_language(w) for w in windows(ru, size)]
        assert ky_calls.count("ru") <= 0.005 * len(ky_calls)
        assert ru_calls.count("ky") <= 0.001 * len(ru_calls)
        assert ky_calls.count("ky") >= (0.1 + 0.2 * size) * len(ky_calls)
    assert ru_calls.count("ru") >= 0.85 * len(ru_calls)


@pytest.mark.parametrize(("query", "expected"), [
    ("Кытай", ""), ("Жапаров", ""), ("темир жол", ""), ("Китай", ""), ("Бишкек", ""),
    ("Кытай менен соода", "ky"), ("Тышкы иштер министрлиги", ""), ("Жапаровдун сапары", "ky"),
    ("Торугарт өткөрүү пункту", "ky"), ("визит Жапарова в Китай", "ru"), ("железная дорога Китай Кыргызстан", "ru"),
    ("назначен иеромонах Авраамий", ""), ("междуречье рек Ундытын", ""),  # UD Russian dev: names of Kyrgyz shape
    ("China Kyrgyzstan Uzbekistan railway", "en"), ("2024", ""),
])
def test_query_language_of_typed_queries(query, expected):
    assert query_language(query) == expected


def test_a_kyrgyz_release_quoting_a_russian_sentence_stays_kyrgyz():
    """Eight treebank sentences (a short release) quoting one Russian sentence of the UD Russian dev
    set: the quote's function words (и, в, не) were a twentieth of the words, and half the releases
    went to the Russian lemmatizer."""
    ky = [text for _, text in sentences("ky_ktmu-ud-train.conllu")]
    quotes = [text for _, text in sentences("ru_gsd-ud-dev.conllu") if 10 <= len(text.split()) <= 25]
    releases = [" ".join(ky[i:i + 4]) + f" «{quotes[n]}», — деди ал. " + " ".join(ky[i + 4:i + 8])
                for n, i in enumerate(range(0, 8 * 150, 8))]
    kyrgyz = sum(detect_language(text) == "ky" for text in releases)
    assert kyrgyz >= 0.9 * len(releases), f"{kyrgyz} of {len(releases)}"


def test_a_russian_document_quoting_a_kyrgyz_sentence_stays_russian():
    ky = [text for _, text in sentences("ky_ktmu-ud-train.conllu") if len(text.split()) >= 8]
    documents = [d for d in russian_documents() if len(d.split()) >= 60][:1500]
    quoted = [" ".join(d.split()[:30]) + f" «{ky[n % len(ky)]}», — сказал он. " + " ".join(d.split()[30:])
              for n, d in enumerate(documents)]
    assert [text[:80] for text in quoted if detect_language(text) != "ru"] == []
