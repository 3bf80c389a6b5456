"""One entity across scripts: a name's key (index/entitykey.py), and the filters and facets over it,
on real news in both languages (BBC and the wmt21 English articles; NG and the wmt21 translations)."""

import json
import re

import pytest
from conftest import invoke, shared_path

import kgsearch
from kgsearch.analyzers import is_cyrillic
from kgsearch.index import PeopleRegistry, rebuild
from kgsearch.index.entitykey import entity_key, matches
from kgsearch.index.people import Person

# The people the issue names, each as English and Russian news write them.
PAIRS = [("Theresa May", "Тереза Мэй"), ("Boris Johnson", "Борис Джонсон"),
         ("Donald Trump", "Дональд Трамп"), ("Heiko Maas", "Хайко Маас")]
# What a Russian text writes for each in any case (Терезы Мэй, Борисом Джонсоном).
_MENTIONS = re.compile(r"Theresa May|Boris Johnson|Donald Trump|Heiko Maas|Терез\w* Мэй|Борис\w* Джонсон\w*"
                       r"|Дональд\w* Трамп\w*|Хайко Маас\w*")


@pytest.mark.parametrize(("name", "same"), [
    ("Theresa May", "Тереза Мэй"), ("Тереза Мэй", "Терезы Мэй"), ("Boris Johnson", "Бориса Джонсона"),
    ("Heiko Maas", "Хайко Маасом"), ("Donald Trump", "ДОНАЛЬД ТРАМП"), ("Scholz", "Шольц"),
    ("Mark Meadows", "Марк Медоуз"), ("Владимир Владимирович Путин", "Владимир Путин"),
    ("Nicola Sturgeon", "Никола Стерджен"), ("Theresa May (Тереза Мэй)", "Theresa May"),
])
def test_one_key_for_every_script_and_case_form(name, same):
    assert entity_key(name) == entity_key(same) != ""


@pytest.mark.parametrize(("one", "other"), [
    ("Boris Johnson", "Lyndon Johnson"), ("Борис Джонсон", "Борис Немцов"), ("Theresa May", "Brian May"),
    # Found merged in the mixed archive's person facet: a consonant repeated across a vowel is two sounds.
    ("Vladimir Putin", "Владимир Потанин"), ("Владимир Путин", "Vladimir Potanin"),
    # Merged there too: a surname in -вич is no patronymic; two short surnames apart by their syllables.
    ("Александр Сенкевич", "Александр Машкевич"), ("Andrew Marr", "Andrew Murray"),
])
def test_people_who_share_a_surname_or_a_first_name_stay_apart(one, other):
    assert entity_key(one) != entity_key(other)


def test_a_surname_alone_finds_everyone_of_that_surname_and_no_one_else():
    wanted = entity_key("Джонсон")
    assert matches(wanted, entity_key("Boris Johnson")) and matches(wanted, entity_key("Lyndon Johnson"))
    assert not matches(wanted, entity_key("Boris Nemtsov"))
    assert not matches(entity_key("Москва", kind="place"), entity_key("Московская область", kind="place"), "place")


def test_a_curated_alias_is_its_entrys_key_in_every_form():
    registry = PeopleRegistry.load()
    japarov = registry.people["Sadyr Japarov"]
    keys = {entity_key(alias, registry) for alias in (japarov.name, *japarov.aliases, "Садыра Жапарова")}
    assert keys == {entity_key("Sadyr Japarov", registry)}


def test_a_users_file_gives_places_and_organisations_their_own_registry(tmp_path):
    users = tmp_path / "names.json"
    users.write_text(json.dumps([{"name": "Ministry of Foreign Affairs", "kind": "org",
                                  "aliases": ["Министерство иностранных дел", "МИД"]}]), "utf-8")
    registry = PeopleRegistry.load(users)
    assert entity_key("МИД", registry, "org") == entity_key("Ministry of Foreign Affairs", registry, "org")
    assert registry.canonical("МИД") is None  # not a person: the speaker rules never see it
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"name": "X", "kind": "planet"}]), "utf-8")
    with pytest.raises(kgsearch.KgsearchError, match="kind"):
        PeopleRegistry.load(bad)
    assert Person("Wang Yi").kind == "person"


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    """An index of the real news that names the people of ``PAIRS``: the BBC stories and NG articles
    that name one of them, and both wmt21 collections whole."""
    folder = tmp_path_factory.mktemp("names")
    bbc = [p for p in sorted(shared_path("corpora", "bbc").rglob("*.txt"))
           if _MENTIONS.search(p.read_text("utf-8", errors="replace"))]
    ng = folder / "ng.jsonl"
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        ng.write_text("".join(line for line in lines if _MENTIONS.search(line)), "utf-8")
    wmt = shared_path("corpora", "wmt21")
    rebuild(folder / "ix", [*map(str, bbc), str(ng), str(wmt / "collection.en.jsonl"),
                            str(wmt / "collection.ru.jsonl")], procs=1)
    with kgsearch.open_index(folder / "ix") as index:
        yield index


def _found(index, **filters) -> dict[str, str]:
    return {h.id: h.lang for h in index.all_hits("", all_versions=True, **filters)}


@pytest.mark.parametrize(("english", "russian"), PAIRS)
def test_either_scripts_name_finds_the_same_documents(bilingual, english, russian):
    by_english, by_russian = _found(bilingual, people=[english]), _found(bilingual, people=[russian])
    assert by_english and by_english == by_russian
    assert "ru" in by_english.values()  # NG writes all four in Russian
    inflected = " ".join(w + ("а" if w[-1] not in "аяйьо" else "") for w in russian.split())  # Бориса Джонсона (Хайко: indeclinable)
    assert _found(bilingual, people=[inflected]) == by_english


def test_the_documents_listing_a_name_in_either_script_are_found_by_both(bilingual):
    reader = bilingual.searcher.reader()
    keys = {entity_key(english): (english, russian) for english, russian in PAIRS}
    listed = {}  # (pair, script) -> the documents listing a form of that person in that script
    for docnum in range(reader.doc_count_all()):
        stored = reader.stored_fields(docnum)
        for name in stored.get("_stored_people", stored.get("people")) or ():
            if entity_key(name) in keys:
                listed.setdefault((keys[entity_key(name)], is_cyrillic(name)), set()).add(stored["id"])
    for (pair, _), documents in listed.items():
        for name in pair:
            assert documents <= set(_found(bilingual, people=[name])), name
    assert {cyrillic for _, cyrillic in listed} == {True, False}  # some are listed in English too


def test_the_query_field_and_the_speaker_filter_use_the_key(bilingual):
    by_field = {h.id for h in bilingual.all_hits('person:"Тереза Мэй"', all_versions=True)}
    assert by_field and by_field == set(_found(bilingual, people=["Theresa May"]))
    assert set(_found(bilingual, speakers=["Тереза Мэй"])) <= by_field


def test_the_person_facet_is_one_entry_per_entity_in_the_querys_script(bilingual):
    english = bilingual.search("Trump", facets=True, limit=1).facets["person"]
    russian = bilingual.search("Трамп", facets=True, limit=1).facets["person"]
    trump = entity_key("Donald Trump")
    trump_en = [name for name in english if entity_key(name) == trump]
    trump_ru = [name for name in russian if entity_key(name) == trump]
    assert trump_en == ["Donald Trump (Дональд Трамп)"], trump_en
    assert trump_ru == ["Дональд Трамп (Donald Trump)"], trump_ru
    # One entry counts every document of the entity, and is itself a filter that finds them.
    assert english[trump_en[0]] == russian[trump_ru[0]]
    assert _found(bilingual, people=[trump_en[0]]) == _found(bilingual, people=["Donald Trump"])


def test_the_command_filters_and_lists_entities(bilingual):
    result = invoke("query", "--person", "Хайко Маас", "--json", "--index", str(bilingual.root))
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)["hits"]
    assert hits and all("orgs" in h and "places" in h for h in hits)
    assert any(entity_key(p) == entity_key("Heiko Maas") for h in hits for p in h["people"])


def test_a_curated_person_is_shown_in_the_querys_script(bilingual):
    """The documents store a registry entry's own name (Vladimir Putin) in either language: a
    Russian question shows the entry's Russian form first."""
    putin = entity_key("Vladimir Putin", bilingual.registry)
    russian = [n for n in bilingual.search("Путин", facets=True, limit=1).facets["person"]
               if entity_key(n, bilingual.registry) == putin]
    english = [n for n in bilingual.search("Putin", facets=True, limit=1).facets["person"]
               if entity_key(n, bilingual.registry) == putin]
    assert russian == ["Владимир Путин (Vladimir Putin)"] and english == ["Vladimir Putin (Владимир Путин)"]


def test_a_curated_entitys_other_form_is_a_whole_name_not_initials():
    """The registry lists "Ж. Кулубаев" before "Жээнбек Кулубаев"; a facet shows the whole name."""
    from collections import Counter

    from kgsearch.facets import _curated_forms
    from kgsearch.index.people import PeopleRegistry
    registry = PeopleRegistry.load()
    entry = registry.people[registry.canonical("Кулубаев")]
    assert any(a.endswith(".") or ". " in a for a in entry.aliases if is_cyrillic(a))  # the trap is there
    shown = _curated_forms(Counter({entry.name: 1}), registry, "person")
    assert list(shown) == ["Жээнбек Кулубаев"]
    # A place's usual name is one word as often as not (China: Китай, not its first long alias).
    china = registry.of("place").people[registry.of("place").canonical("China")]
    assert list(_curated_forms(Counter({china.name: 1}), registry, "place")) == ["Китай"]


def test_a_facet_of_an_index_keyed_otherwise_shows_names_not_keys(bilingual, monkeypatch):
    """An index built with another registry (or an older key) holds terms today's keys do not
    make: its facets still show the names its documents write, and never fail."""
    from kgsearch import facets
    monkeypatch.setattr(facets, "entity_key", lambda name, registry=None, kind="person": name.upper())
    counter = facets.FacetCounter(bilingual.searcher.reader(), bilingual.registry)
    few = bilingual.matching_ids("Brexit")
    docnums = [bilingual.searcher.reader().first_id("id", i) for i in list(few)[:20]]
    shown = counter.counts(docnums, fields=("person",), query="Brexit")["person"]
    assert shown and all(name != name.upper() for name in shown)  # as the documents write them, no key



@pytest.mark.parametrize("word", ["Zzz", "ӨҮҢ", "Китай", "Ли"])
def test_a_short_word_alone_finds_no_person(bilingual, word):
    """A one-word name of two consonants or fewer is too short a key to match surnames: "Китай" as a
    person found Jose Mourinho's story (Keith Hackett), Zzz found 26 documents."""
    assert _found(bilingual, people=[word]) == {}


@pytest.mark.parametrize(("english", "russian"), PAIRS)
def test_a_name_as_a_query_finds_the_same_documents_in_either_script(bilingual, english, russian):
    """Both scripts ask the same forms of a whole name: "Дональд Трамп" asked the glossary's bare
    "Trump" too (the verb to trump), "Donald Trump" the bare "Трамп" (24 documents apart)."""
    def found(query):
        return {h.id for h in bilingual.all_hits(query, all_versions=True)}
    assert found(english) and found(english) == found(russian)


def test_a_curated_entity_is_shown_as_its_entry_writes_it_over_a_stray_stored_form():
    # Kyrgyz documents store the registry's "Sooronbay Jeenbekov"; a Russian rule once kept the
    # genitive "Сооронбая Жеенбекова" in more documents: the facet shows "Сооронбай Жээнбеков".
    from collections import Counter

    from kgsearch.facets import _curated_forms
    from kgsearch.index.people import PeopleRegistry

    stored = Counter({"Sooronbay Jeenbekov": 3, "Сооронбая Жеенбекова": 5})
    curated = _curated_forms(stored, PeopleRegistry.load(), "person")
    assert "Сооронбай Жээнбеков" in curated
    assert min(curated.values()) > max(stored.values())
