"""People named in Kyrgyz text (the UD Kyrgyz treebank's sentences, which no one here wrote):
found with their Kyrgyz endings taken off, and only where they read as people."""

import re

import pytest

from treebanks import KYRGYZ, sentences
from kgsearch.analyzers import fold
from kgsearch.index.entities import find_entities
from kgsearch.index.people import PeopleRegistry

_SURNAME_LEMMA = re.compile("(?:ов|ев|ова|ева)$")


@pytest.fixture(scope="module")
def treebank():
    """(text, [(form, lemma, part of speech)]) of each sentence."""
    return [(s.text, s.words) for s in sentences(KYRGYZ)]


@pytest.fixture(scope="module")
def found(treebank):
    registry = PeopleRegistry.load()
    people = []
    for n in range(0, len(treebank), 8):  # documents of eight sentences, as an archive holds them
        text = "\n".join(t for t, _ in treebank[n:n + 8])
        people += find_entities(text, registry, "ky").people
    return [p for p in people if re.search("[а-яА-Я]", p)]  # the registry's people are listed in English


# A surname with something after its -ов/-ев other than a woman's -а: a Kyrgyz case ending left on.
_ENDING_LEFT = re.compile(r"(?:ов|ев)(?!а$)[а-яөүң]+$")


def test_no_person_keeps_a_kyrgyz_ending(found):
    assert found
    assert [p for p in found if _ENDING_LEFT.search(fold(p.split()[-1]))] == []


def test_the_people_found_are_the_treebanks_names(treebank, found):
    # Every surname found is one the treebank's annotators lemmatized as a proper name.
    proper = {fold(lemma) for _, words in treebank for _, lemma, pos in words if pos == "PROPN"}
    wrong = [p for p in found if fold(p.split()[-1]) not in proper and fold(p.split()[-1])[:-1] not in proper]
    assert len(wrong) <= 0.1 * len(found), wrong


def test_most_first_name_and_surname_pairs_are_found(treebank, found):
    # A capitalised proper name before a surname the annotators lemmatized as -ов/-ев: a person.
    gold = {fold(f"{f1} {l2}") for _, words in treebank for (f1, _, p1), (_, l2, p2) in zip(words, words[1:])
            if p1 == "PROPN" == p2 and _SURNAME_LEMMA.search(fold(l2)) and f1[:1].isupper()}
    names = {fold(p) for p in found}
    assert len(gold) >= 30
    assert len(gold & names) >= 0.6 * len(gold), sorted(gold - names)
