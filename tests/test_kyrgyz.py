"""The Kyrgyz analyzer on the treebank sentences it never learned from (every fifth of
UD Kyrgyz-KTMU train), on names and loanwords that must share a term with Russian
text, and the Kyrgyz stop words."""

import importlib.util
from pathlib import Path

import pytest
from conftest import shared_path

from kgsearch.analyzers import kyrgyz, names, russian
from kgsearch.analyzers.letters import fold
from kgsearch.analyzers.stopwords import StopFilter, stop_words
from kgsearch.analyzers.tokenize import WordTokenizer

ROOT = Path(__file__).resolve().parents[1]
CONTENT = {"NOUN", "PROPN", "ADJ", "VERB", "ADV"}


def tool():
    spec = importlib.util.spec_from_file_location("make_kyrgyz_lexicon", ROOT / "tools" / "make_kyrgyz_lexicon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def treebank():
    return shared_path("corpora", "ud", "ky_ktmu-ud-train.conllu")


@pytest.fixture(scope="module")
def held_out(treebank):
    """(form, lemma, UPOS) of each Kyrgyz word of the held-out sentences."""
    make = tool()
    _, held = make.split(treebank)
    return [(f, lemma, u) for words in held for f, lemma, u in words
            if u not in ("PUNCT", "NUM", "SYM") and make.WORD.fullmatch(fold(f))]


def same_term_rate(words, analyze):
    return sum(analyze(form) == analyze(lemma) for form, lemma, _ in words) / len(words)


def test_the_shipped_data_is_learned_from_the_train_part_alone(treebank):
    make = tool()
    train, held = make.split(treebank)
    assert len(held) * (make.HELD_OUT_EVERY - 1) <= len(train) < (len(held) + 1) * make.HELD_OUT_EVERY
    lexicon, suffixes = make.texts(*make.learn(make.pairs(train)))
    assert make.LEXICON.read_text("utf-8") == lexicon, f"run `{make.COMMAND}`"
    assert make.SUFFIXES.read_text("utf-8") == suffixes, f"run `{make.COMMAND}`"


def test_every_lemma_of_the_lexicon_is_its_own_lemma():
    """The treebank gives some lemmas a lemma of their own; a form and its lemma must still agree."""
    lexicon = kyrgyz._load()
    assert [f for f, lemma in lexicon.items() if lexicon.get(lemma) != lemma] == []


def test_a_form_and_its_lemma_share_a_term_far_more_often_than_as_written(held_out):
    """Half the way from the better baseline (as written, or the Russian lemmatizer) to all words."""
    content = [w for w in held_out if w[2] in CONTENT]
    for words in (held_out, content):
        baseline = max(same_term_rate(words, fold), same_term_rate(words, lambda w: russian.lemmatize(fold(w))))
        rate = same_term_rate(words, lambda w: kyrgyz.terms(w)[0])
        assert rate >= baseline + (1 - baseline) / 2, (rate, baseline)


def test_a_new_form_of_a_known_lemma_is_read_as_the_lemma_and_a_suffix_chain(held_out):
    """Four in five: the lemma and a chain learned after other lemmas (no form as written is its lemma)."""
    unseen = [(f, fold(lemma)) for f, lemma, _ in held_out
              if not kyrgyz.is_known(fold(f)) and kyrgyz.is_known(fold(lemma))]
    assert len(unseen) >= len(held_out) / 20
    assert sum(kyrgyz.terms(f)[0] == lemma for f, lemma in unseen) / len(unseen) >= 0.8


def test_a_word_of_a_new_lemma_is_reached_by_the_ending_rules(held_out):
    """A third of the way from the word as written to every word."""
    unseen = [(f, fold(lemma)) for f, lemma, _ in held_out
              if not kyrgyz.is_known(fold(f)) and not kyrgyz.is_known(fold(lemma))]
    assert len(unseen) >= len(held_out) / 20
    baseline = sum(fold(f) == lemma for f, lemma in unseen) / len(unseen)
    right = sum(kyrgyz.terms(f)[0] == lemma for f, lemma in unseen) / len(unseen)
    assert right >= baseline + (1 - baseline) / 3, (right, baseline)


def test_loanwords_reach_the_russian_nominative(held_out):
    """A held-out word whose lemma is a Russian lemma (президент, делегация) gets that lemma,
    the term the Russian analyzer gives the word in Russian text."""
    loans = [(f, fold(lemma)) for f, lemma, u in held_out if u == "NOUN" and len(lemma) >= kyrgyz.MIN_LOAN
             and russian.is_known(fold(lemma)) and russian.lemmatize(fold(lemma)) == fold(lemma)]
    assert len(loans) >= 10
    assert sum(kyrgyz.terms(f)[0] == lemma for f, lemma in loans) / len(loans) >= 0.9


@pytest.mark.parametrize("word, term", [
    ("Жапаровдун", "жапаров"), ("Жапаровго", "жапаров"), ("Жапаровду", "жапаров"),
    ("Бишкекте", "бишкек"), ("Бишкектен", "бишкек"), ("Кытайдын", "кытай"), ("Кытай", "кытай"),
    ("Кыргызстандын", "кыргызстан"), ("министрлиги", "министрлик"), ("президентинин", "президент"),
    ("мамлекеттердин", "мамлекет"), ("келишимдерге", "келишим"), ("делегациясы", "делегация"),
    ("министринин", "министр"), ("Ташиевдин", "ташиев"),
])
def test_inflected_words_reach_their_lemma(word, term):
    assert kyrgyz.terms(word) == (term,)


@pytest.mark.parametrize("word, term", [
    ("берилди", "бер"), ("ачылды", "ач"),  # a form the treebank has: its gold lemma, not a guess
    ("велосипеди", "велосипед"), ("метро", "метро"), ("фонтан", "фонтан"),  # Russian loanwords
    ("тилкелердеги", "тилке"), ("бөлүмдөрүнө", "бөлүм"),  # a plural, then a learned chain
    ("рыногунда", "рынок"), ("жээгине", "жээк"),  # к voiced before a suffix
    ("окуяларында", "окуя"), ("үлгүлөрдү", "үлгү"),  # an ending rule, then the plural it left
    ("авто", "авто"), ("мото", "мото"),  # no rule leaves two letters
])
def test_held_out_words_of_each_kind(word, term):
    """Words of the held-out sentences, each needing one step of the analyzer."""
    assert kyrgyz.terms(word) == (term,)


def test_an_abbreviation_with_a_suffix_is_its_capitals(held_out):
    """ЕАЭБдин, ГЭСинде: the held-out ones the lexicon lacks (the rules never see the capitals)."""
    found = {(f, fold(lemma)) for f, lemma, _ in held_out
             if kyrgyz._ABBREVIATION.fullmatch(f) and not kyrgyz.is_known(fold(f))}
    assert len(found) >= 5
    assert [(f, kyrgyz.terms(f)) for f, lemma in found if kyrgyz.terms(f) != (lemma,)] == []


@pytest.mark.parametrize("kyrgyz_word, russian_word", [
    ("Жапаровдун", "Жапаровым"), ("Жапарова", "Жапарова"), ("Бактыгулова", "Бактыгулова"),
    ("Ташиевге", "Ташиеву"), ("Кулубаевдин", "Кулубаевым"),
])
def test_a_surname_has_the_russian_analyzers_term(kyrgyz_word, russian_word):
    assert kyrgyz.terms(kyrgyz_word)[0] == names.name_terms(fold(russian_word))[0]


@pytest.mark.parametrize("word", ["Украина", "Марина"])
def test_a_place_or_given_name_in_ina_is_no_womans_surname(word):
    assert kyrgyz.terms(word) == (fold(word),)


# A woman's surname before an ending no rule takes off after -ова (24.kg: Халима Ибрагимованы,
# Асанованы, Жолдубаеваны; Жапарованы was жапарован): the man's form, as in Russian text.
@pytest.mark.parametrize("kyrgyz_word, russian_word", [
    ("Ибрагимованы", "Ибрагимову"), ("Жапарованы", "Жапаровой"), ("Жолдубаеваны", "Жолдубаевой"),
    ("Каримованы", "Каримовой"), ("Шайлдабекованы", "Шайлдабековой"),
])
def test_a_womans_surname_in_any_case_has_the_russian_analyzers_term(kyrgyz_word, russian_word):
    assert kyrgyz.terms(kyrgyz_word)[0] == names.name_terms(fold(russian_word))[0]


@pytest.mark.parametrize("word, term", [
    ("Украинаны", "украина"), ("Еревандын", "ереван"), ("Медициналык", "медицина"), ("Маринаны", "марина"),
])
def test_a_place_or_word_before_an_ending_is_no_womans_surname(word, term):
    assert kyrgyz.terms(word) == (term,)


@pytest.mark.parametrize("word", ["2025", "COVID-19", "Kabar"])
def test_numbers_and_latin_words_are_their_folded_text(word):
    assert kyrgyz.terms(word) == (fold(word),)


def test_is_known_answers_for_forms_and_lemmas():
    assert kyrgyz.is_known("мамлекеттин") and kyrgyz.is_known("мамлекет")
    assert not kyrgyz.is_known("государства")


def test_stop_words_are_the_function_words_of_kyrgyz_text(held_out):
    stops = stop_words("ky")
    conjunctions = [fold(f) for f, _, u in held_out if u == "CCONJ"]
    assert sum(w in stops for w in conjunctions) / len(conjunctions) >= 0.9
    names_and_adjectives = {fold(f) for f, _, u in held_out if u in ("PROPN", "ADJ")}
    assert not stops & names_and_adjectives
    tokens = [t.text for t in StopFilter(("ky",))(WordTokenizer()("Бишкек жана Ош менен келишим боюнча"))]
    assert tokens == ["Бишкек", "Ош", "келишим"]


def test_no_kyrgyz_stop_word_is_a_russian_common_word():
    russian_stops = stop_words("ru")
    assert [w for w in stop_words("ky") if russian.is_common_word(w) and w not in russian_stops] == []


def test_a_verb_ending_as_a_plural_keeps_it_before_a_verb_suffix(monkeypatch):
    """кайтар (return) ends as a plural does; a form of it the lexicon lacks is no plural of кай."""
    kyrgyz._load()
    monkeypatch.setattr(kyrgyz, "_lexicon", {k: v for k, v in kyrgyz._lexicon.items() if not k.startswith("кайтар")})
    kyrgyz._lemma.cache_clear()
    try:
        assert [kyrgyz._lemma(w) for w in ("кайтарып", "кайтарылган")] == ["кайтар", "кайтар"]
    finally:
        kyrgyz._lemma.cache_clear()


@pytest.mark.parametrize("form, lemma", [("Пекинде", "пекин"), ("Пекин", "пекин"), ("дыйкандар", "дыйкан"),
                                         ("шайлоого", "шайлоо"), ("казынасына", "казына")])
def test_a_word_the_treebank_gives_as_a_lemma_stays_one(form, lemma):
    """One mistagged form (Пекин as a form of "Пеки") or a derivation the treebank sometimes undoes
    (шайлоо, an election, from шайла, to elect) does not make every form of a lemma another word:
    each word the treebank gives as a lemma counts that many votes for being its own."""
    assert kyrgyz.terms(form) == (lemma,)
