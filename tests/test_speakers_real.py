"""Speakers are people, written as people write them: cases from real news (NG, BBC)."""

import pytest

from kgsearch.index.people import PeopleRegistry
from kgsearch.index.speakers import find_speakers, russian_name

REGISTRY = PeopleRegistry.load()


@pytest.mark.parametrize("sentence, speakers", [
    ("«Кремль не относится к его позиции», – заявил пресс-секретарь президента Дмитрий Песков, очевидно, "
     "имея в виду, что никак не относится.", ["Дмитрий Песков"]),
    ("Официальный представитель МИД РФ Мария Захарова заявила о возможной причастности к давлению на "
     "американские соцсети со стороны спецслужб США.", ["Мария Захарова"]),
    ("28 февраля 2018 года президент Афганистана Ашраф Гани призвал «Талибан» к мирному диалогу.",
     ["Ашраф Гани"]),
    ("Немецкое государственное информационное агентство Deutsche Welle приводит в связи с этим пример "
     "одной израильской фирмы.", []),
    ("Проект газопровода Nord Stream, или «Северный поток», дорожает на глазах.", []),
    ("Anne Borthwick, of Campaign for Borders Rail, said reopening the Waverley Line would restore the "
     "area's prosperity.", []),
    ("The Washington Post said the talks had stalled.", []),
])
def test_speakers_in_real_sentences(sentence, speakers):
    assert find_speakers(sentence, REGISTRY) == speakers


@pytest.mark.parametrize("words, name", [
    (["Марии", "Захаровой"], "Мария Захарова"),
    (["Антона", "Силуанова"], "Антон Силуанов"),
    (["Дмитрия", "Пескова"], "Дмитрий Песков"),
    (["Владимир", "Владимирович", "Путин"], "Владимир Путин"),
    (["Касым-Жомарта", "Токаеву"], "Касым-Жомарт Токаев"),
    (["Дарига", "Назарбаева"], "Дарига Назарбаева"),
    (["Ашраф", "Гани"], "Ашраф Гани"),
])
def test_names_in_the_nominative_and_their_gender(words, name):
    assert russian_name(words) == name


def test_one_person_one_name():
    text = "Sir Ian Blair said the force was ready. Later Ian Blair told reporters he agreed."
    assert find_speakers(text, REGISTRY) == ["Ian Blair"]


def test_a_person_only_mentioned_is_one_of_the_people_not_a_speaker(seeds):
    """Seed 001: Wang Yi's congratulations are conveyed by someone else."""
    from kgsearch.index.speakers import find_people

    found = find_people(seeds["001"], REGISTRY)
    assert "Wang Yi" in found.people and "Wang Yi" not in found.speakers
    assert {"Ruslan Kazakbaev", "Du Dewen"} <= set(found.speakers) <= set(found.people)


@pytest.mark.parametrize("sentence, speaker", [
    ("Посол КНР в КР Ду Дэвэнь, вручая награды, отметила, что интерес молодежи растет.", "Du Dewen"),
    ("Министр иностранных дел КР Жээнбек Кулубаев принял посла КНР в КР Лю Цзянпин.", "Liu Jiangping"),
    ("Chinese Ambassador to Kyrgyzstan Liu Jiangping on Tuesday visited the construction site.", "Liu Jiangping"),
    ("Kyrgyz President Sadyr Japarov and Uzbek President Shavkat Mirziyoyev addressed the ceremony.",
     "Sadyr Japarov"),
])
def test_people_who_act_meet_or_are_met_are_speakers(sentence, speaker):
    assert speaker in find_speakers(sentence, REGISTRY)


def test_a_name_only_mentioned_is_written_as_people_write_it_too():
    from kgsearch.index.speakers import find_people

    found = find_people("– цитирует Томаса Грэма, старшего директора по России в Совете национальной "
                        "безопасности при Джордже Буше-младшем, Washington Post.", REGISTRY)
    assert found.people == ["Джордж Буш-младший"] and found.speakers == []
