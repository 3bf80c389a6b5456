"""English people by a given name (index/data/given_names_en.txt), on sentences from BBC news."""

import pytest
from conftest import shared_path

from kgsearch.index.entities import entity_mentions, find_entities
from kgsearch.index.given_names import given_names
from kgsearch.index.people import PeopleRegistry

REGISTRY = PeopleRegistry.load()
LIB_DEMS = ("Others targeted include Oliver Letwin, David Davis and Theresa May, Lib Dem's elections chief "
            "Lord Rennard said.")


@pytest.mark.parametrize("text, people", [
    (LIB_DEMS, ["Oliver Letwin", "David Davis", "Theresa May", "Lord Rennard"]),
    ("Prince Charles and Camilla Parker Bowles are awaiting the nation's reaction.", ["Camilla Parker Bowles"]),
    ("The first was Denis Hickie's brilliant double tackle in the first half.", ["Denis Hickie"]),
    ("England coach Andy Robinson said Mark Cueto's first-half effort was ruled out.", ["Mark Cueto"]),
])
def test_a_given_name_before_a_surname_is_a_person(text, people):
    found = find_entities(text, REGISTRY, "en").people
    assert all(p in found for p in people), found


@pytest.mark.parametrize("text, right, wrong", [
    ("But general secretary of the public services union Unison Dave Prentis criticised the plans.",
     "Dave Prentis", "Unison Dave Prentis"),
    ("strike a deal at a June summit. Earlier Conservative Graham Brady said the rebate was crucial.",
     "Graham Brady", "Conservative Graham Brady"),
])
def test_a_word_before_the_given_name_is_not_the_names(text, right, wrong):
    found = find_entities(text, REGISTRY, "en").people
    assert right in found and wrong not in found, found


@pytest.mark.parametrize("text, wrong", [
    ("Krispy Kreme said accounting errors had forced it to restate its results.", "Krispy Kreme"),
    ("\"2004 reinforces the trend towards higher losses,\" said Swiss Re.", "Swiss Re"),
    ("In May, the party will hold its conference in Blackpool.", "May"),
    ("a drug smuggler in the Colombian drama Maria Full of Grace.", "Maria Full"),
    ("Reinsurance firms such as Swiss Re and Munich Re lost value in London trading.", "Swiss Re"),
])
def test_companies_months_and_titles_are_no_people(text, wrong):
    assert wrong not in find_entities(text, REGISTRY, "en").people


def test_the_surname_alone_is_that_person_but_not_the_month():
    text = "Theresa May spoke in Blackpool. May said the Tories would win in May."
    mentions = [text[m.start:m.end] for m in entity_mentions(text, REGISTRY, "en") if m.name == "Theresa May"]
    assert mentions == ["Theresa May"]
    text = "Oliver Letwin spoke on Monday. Letwin said taxes would fall."
    mentions = [text[m.start:m.end] for m in entity_mentions(text, REGISTRY, "en") if m.name == "Oliver Letwin"]
    assert mentions == ["Oliver Letwin", "Letwin"]


def test_the_list_leaves_out_common_words_and_months():
    names = given_names()
    assert {"theresa", "david", "oliver", "sergei", "vladimir"} <= names
    assert not {"may", "will", "june", "rose", "grant", "chelsea"} & names


def test_the_bbc_story_on_the_lib_dem_hit_list_names_its_people():
    path = shared_path("corpora", "bbc", "politics", "416.txt")
    text = path.read_text("utf-8")
    people = find_entities(text, REGISTRY, "en").people
    for name in ("Oliver Letwin", "David Davis", "Theresa May", "Lord Rennard"):
        assert name in people


def test_a_latin_name_glossing_a_russian_one_is_not_a_second_person():
    text = ("американского министерства иностранных дел Барри Лоуенкрон (Barry Lowenkron) подчеркнул "
            "позицию правительства США")
    assert "Barry Lowenkron" not in find_entities(text, REGISTRY, "ru").people
