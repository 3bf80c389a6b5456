"""People a story names, in base form, one entity per person: cases from real news (NG, factRuEval)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_path

from kgsearch.index.entities import entity_mentions, find_entities
from kgsearch.index.people import PeopleRegistry

REGISTRY = PeopleRegistry.load()
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text, person", [
    # NG: a first name that does not decline before a foreign surname in the genitive.
    ("экс-советник по внешней политике вице-президента Джо Байдена.", "Джо Байден"),
    ("представляет его в одной галерее с Мао Цзедуном и Мэрилин Монро.", "Мао Цзедун"),
    ("Суд оправдал Асию Биби. Асия Биби покинула тюрьму.", "Асия Биби"),
    ("Председатель постоянного комитета Совета министров Яцек Сасин заявил, что руководство Польши",
     "Яцек Сасин"),
])
def test_people_in_the_nominative(text, person):
    assert person in find_entities(text, REGISTRY, "ru").people


@pytest.mark.parametrize("text, wrong", [
    ("The Brexit Дэвид Дэвис заявил, что переговоры продолжатся.", "Brexit Дэвид Дэвис"),
    ("В этот раз за пультом стоял Яцек Каспшик, а окружал Кристиана Цимермана.", "Яцек"),
    ("Об этом рассказал Федор Михайлович на встрече.", "Федор"),
])
def test_no_glued_words_or_first_names_alone(text, wrong):
    assert wrong not in find_entities(text, REGISTRY, "ru").people


def test_a_surname_alone_after_the_full_name_is_that_person():
    text = ("На Мюнхенской конференции британский премьер Тереза Мэй заявила, что Лондон намерен обсуждать "
            "с ЕС договор. Мэй также отметила, что это в интересах обеих сторон.")
    mentions = [m for m in entity_mentions(text, REGISTRY, "ru") if m.name == "Тереза Мэй"]
    assert [text[m.start:m.end] for m in mentions] == ["Тереза Мэй", "Мэй"]


def test_two_people_of_one_surname_are_not_merged():
    text = "Лех Качиньский и Ярослав Качиньский встретились. Качиньский заявил, что выборы пройдут в срок."
    alone = [m for m in entity_mentions(text, REGISTRY, "ru") if m.start > text.index(".")]
    assert alone == []


def test_people_on_factrueval_beat_the_speaker_rules():
    """The issue measured 45% of a story's people found; the gold annotations judge both rules."""
    folder = shared_path("corpora", "factrueval_dev")
    script = ROOT / "benchmarks" / "entity_eval.py"
    out = subprocess.run([sys.executable, str(script), "--corpus", str(folder), "--only", "today",
                          "--only", "rules"], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines() if line.strip().startswith("PER per document")]
    (today, rules) = [(float(r[4].rstrip("%")), float(r[6].rstrip("%"))) for r in rows]
    assert rules[1] > max(60.0, today[1] + 20)  # recall
    assert rules[0] >= 90.0  # precision


@pytest.mark.parametrize("text, orgs, places", [
    # NG and BBC sentences: case forms and acronyms in both scripts, base form listed.
    ("Саммит ШОС прошел в Бишкеке, сообщили в МИД КНР.", ["Shanghai Cooperation Organisation",
                                                          "Ministry of Foreign Affairs of China"], ["Bishkek"]),
    ("Глава МИД России провел переговоры в Китае.", ["Ministry of Foreign Affairs of Russia"], ["China"]),
    ("Who decides? The UN said the EU should act, and it is up to us.", ["United Nations", "European Union"], []),
])
def test_organisations_and_places_in_base_form(text, orgs, places):
    found = find_entities(text, REGISTRY)
    assert (found.orgs, found.places) == (orgs, places)


def test_bundled_places_and_organisations_name_both_scripts():
    from kgsearch.index.people import parse_people
    for kind in ("places", "orgs"):
        entries = parse_people((ROOT / "index" / "data" / f"{kind}.json").read_text("utf-8"))
        for entry in entries:
            scripts = {any("а" <= c.lower() <= "я" for c in a) for a in entry.aliases}
            assert scripts == {True, False}, entry.name


@pytest.mark.parametrize("text, org", [
    # factRuEval, wmt21 and Meduza: a head word with its adjectives, chain or quoted name, in the nominative.
    ("Представитель Министерства сельского хозяйства Германии сообщил в субботу",
     "Министерство сельского хозяйства Германии"),
    ("Замглавы Федеральной миграционной службы России Михаил Тюркин заявил", "Федеральная миграционная служба России"),
    ("Барри Лоуенкрон подчеркнул позицию правительства США: «Мы не разрешаем»", "правительство США"),
    ("осмотра предназначенного для Конституционного суда комплекса зданий Сената", "Конституционный суд"),
    ("крупнейшего подрядчика программы «Моя улица»\u00a0— компании «Спецстрой»,  обнаружили", "компания «Спецстрой»"),
    ("Российский президент заявил, выступая на VII съезде партии «Единая Россия», где", "United Russia"),
    # BBC and wmt21 English: a capitalised run ending in, or headed by, an organisation word.
    ("will be the Department of Work and Pensions where 2,000 jobs are threatened", "Department of Work and Pensions"),
    ("The Aurora Police Department said on Twitter that protesters", "Aurora Police Department"),
    ("The Airport Operators Association said the new measure", "Airport Operators Association"),
    ("the International Federation of the Red Cross and Red Crescent Societies to",
     "International Federation of the Red Cross and Red Crescent Societies"),
    ("Trevor Phillips, chair of the Commission for Racial Equality, praised", "Commission for Racial Equality"),
    ("discussed with the head of the Russian Ministry of Energy Alexander Novak during", "Russian Ministry of Energy"),
    ("a game that marked the last in the Premier League for David Silva after 10 years", "Premier League"),
    ("A spokesman for the Association of British Travel Agents (Abta) said", "Association of British Travel Agents"),
])
def test_organisations_beyond_the_curated_list(text, org):
    assert org in find_entities(text, REGISTRY).orgs


@pytest.mark.parametrize("text, orgs", [
    # Meduza: a quoted name after the mayor's office is whom it answered, not its name.
    ("На\u00a0просьбу прокомментировать этот факт в\u00a0мэрии «Медузе» не\u00a0ответили.", []),
    ("Маршрутки, мусор и\u00a0прокуратура «Медуза» уже  писала  о\u00a0семье", []),
    # wmt21: two organisations joined by "and" stay two; a country is no organisation.
    ("Olga Baranets sent a complaint to the Ministry of Internal Affairs and Roskomnadzor.",
     ["Ministry of Internal Affairs", "Roskomnadzor"]),
    ("devoted attention to the Russian Federation's most effective defensive systems", []),
])
def test_organisations_not_glued_or_invented(text, orgs):
    assert find_entities(text, REGISTRY).orgs == orgs


@pytest.mark.parametrize("text, org, place, named", [
    # BBC: a place inside an organisation's own name is the organisation's...
    ("November's decision by the Paris Club of creditor nations to write off", "Paris Club", "Paris", False),
    ("According to its latest accounts, Media Lab Europe said it spent", "Media Lab Europe", "Europe", False),
    # ...but the country an office belongs to is named too (wmt21).
    ("Барри Лоуенкрон подчеркнул позицию правительства США: «Мы", "правительство США", "United States", True),
])
def test_a_place_inside_an_organisation(text, org, place, named):
    found = find_entities(text, REGISTRY)
    assert org in found.orgs and (place in found.places) == named


def test_organisations_on_factrueval_precision_first():
    """Gold organisations of Russian news: the rules find more than the curated list alone
    (6.8% of them) at a precision slovnet (60%) does not reach."""
    folder = shared_path("corpora", "factrueval_dev")
    script = ROOT / "benchmarks" / "entity_eval.py"
    out = subprocess.run([sys.executable, str(script), "--corpus", str(folder), "--only", "rules"],
                         capture_output=True, text=True, check=True).stdout
    row = next(line.split() for line in out.splitlines() if line.strip().startswith("ORG spans"))
    precision, recall = float(row[3].rstrip("%")), float(row[5].rstrip("%"))
    assert precision >= 85.0 and recall >= 3 * 6.8


@pytest.mark.parametrize("text, person", [
    # NG and wmt21: a foreign first name the dictionary only guesses, after an office.
    ("с французскими партнерами обрел министр иностранных дел ФРГ Хайко Маас. Едва получив", "Хайко Маас"),
    ("накануне встречи в Брюсселе глава МИД ФРГ Хайко Маас назвал Россию «сложным»", "Хайко Маас"),
])
def test_foreign_first_names_after_an_office(text, person):
    assert person in find_entities(text, REGISTRY, "ru").people


@pytest.mark.parametrize("text, wrong", [
    # NG: first names the dictionary guesses but that decline, or a particle for a surname.
    ("переговоров главы МИД РФ Сергея Лаврова и его французского коллеги Жан-Ива Ле Дриана в Москве.",
     "Жан-Ива Ле"),
    ("этапа визита президента Франции Эмманюэля Макрона в Москву", "Эмманюэля Макрона"),
])
def test_only_undeclined_guessed_first_names(text, wrong):
    assert wrong not in find_entities(text, REGISTRY, "ru").people


@pytest.mark.parametrize("text, org, wrong", [
    # BBC: words the speaker rules read as a name are an organisation's.
    ("A spokeswoman for Human Rights Watch said it was a \"basic principle\" that", "Human Rights Watch",
     "Human Rights Watch"),
    ("The Countryside Alliance said the meets would show the new law", "Countryside Alliance", "Countryside Alliance"),
    ("David Graham from the FDA's Office of Drug Safety told the", "Office of Drug Safety", "Drug Safety"),
    ("said Rob Schwartz, head of distribution for Newmarket Films, which", "Newmarket Films", "Newmarket Films"),
])
def test_a_name_inside_an_organisation_is_no_person(text, org, wrong):
    found = find_entities(text, REGISTRY)
    assert org in found.orgs and wrong not in found.people


def test_a_users_place_or_organisation_is_found_in_text(tmp_path):
    """A user's registry file may add places and organisations ("kind"): extraction finds them as
    it finds the bundled ones (it read the bundled lists alone)."""
    users = tmp_path / "mine.json"
    users.write_text(json.dumps([
        {"name": "Naryn Free Economic Zone", "kind": "place", "aliases": ["СЭЗ Нарын", "свободная экономическая зона Нарын"]},
        {"name": "Kyrgyz Railways", "kind": "org", "aliases": ["Кыргыз темир жолу", "НК «Кыргыз темир жолу»"]}]), "utf-8")
    text = "Инвесторы из Китая придут в СЭЗ Нарын, сообщили в Кыргыз темир жолу."
    found = find_entities(text, PeopleRegistry.load(users), "ru")
    assert "Naryn Free Economic Zone" in found.places and "Kyrgyz Railways" in found.orgs
    assert "China" in found.places  # the bundled ones still


# Kyrgyz text: a name's case ending goes on its last word only, so a first name stays as written
# (the Russian rules read Динара as Динар, and Али lost its и as a Kyrgyz ending); a sentence's
# Ал (he, she) is no first name; a place with its endings is no surname (Украинадагы). The first
# sentence is the treebank's (UD Kyrgyz-KTMU); the others are written on 24.kg's.
@pytest.mark.parametrize("text, person, wrong", [
    ("Динара Кемелова Тажикстандын элчиси менен жолугушту.", "Динара Кемелова", "Динар Кемелова"),
    ("Жактоочу Али Касымовго карата көрсөтмө берилди.", "Али Касымов", "Ал Касымов"),
    ("Алия Шагиеванын пикиринде, бийлик жооп бериши керек.", "Алия Шагиева", "Ал Шагиева"),
    ("Сот Дина Масловага каршы арызды канааттандырды.", "Дина Маслова", "Дин Масловаг"),
])
def test_kyrgyz_first_names_as_written(text, person, wrong):
    people = find_entities(text, REGISTRY, "ky").people
    assert person in people and wrong not in people


@pytest.mark.parametrize("text", [
    "Ал Курманбек баатыр атындагы лицейде окуйт.",
    "Ал Беловодск айыл өкмөтүнө караштуу айылга барган.",
    "Президент Кыргызстандын Украинадагы элчисин бекитти.",
])
def test_no_kyrgyz_pronoun_or_place_taken_for_a_person(text):
    assert find_entities(text, REGISTRY, "ky").people == []


# A Kyrgyz first name the Russian dictionary lacks before a surname with its ending (24.kg writes
# Өмүрбек Текебаевди, Сапар Исаковдун: 267 of 618 such names were no one); a title or a common
# word before a surname is no first name.
@pytest.mark.parametrize("text, person", [
    ("«Ата Мекен» партиясынын лидери Өмүрбек Текебаевди бүгүн колонияга которушат.", "Өмүрбек Текебаев"),
    ("Мурдагы премьер-министр Сапар Исаковдун иши сотко жөнөтүлдү.", "Сапар Исаков"),
    ("Жазуучу Чыңгыз Айтматовдун чыгармалары окулду.", "Чыңгыз Айтматов"),
    ("Депутат Гүлназ Тороева мыйзам долбоорун сунуштады.", "Гүлназ Тороева"),
])
def test_kyrgyz_first_names_the_dictionary_lacks(text, person):
    assert person in find_entities(text, REGISTRY, "ky").people


@pytest.mark.parametrize("text", [
    "Министр Ташиевге кат жөнөтүлдү.",
    "Бирок Исаковдун адвокаты макул болгон жок.",
    "Президент Жапаровдун жарлыгы чыкты.",
])
def test_a_title_or_a_kyrgyz_word_before_a_surname_is_no_first_name(text):
    people = find_entities(text, REGISTRY, "ky").people
    assert not any(name.split()[0] in ("Министр", "Бирок", "Президент") for name in people), people


# 24.kg: a party's name in quotes begins with a first name (Ата); a quoted name is an organisation's.
@pytest.mark.parametrize("text, person", [
    ("«Ата Мекен» партиясынын лидери Өмүрбек Текебаев билдирди.", "Өмүрбек Текебаев"),
    ("Ал «Республика — Ата Журт» фракциясынын мүчөсү Нуржан Шайлдабекова менен сүйлөштү.", "Нуржан Шайлдабекова"),
])
def test_a_quoted_kyrgyz_name_is_no_person(text, person):
    assert find_entities(text, REGISTRY, "ky").people == [person]
