"""--speaker and --person never fail in silence: shared names, unknown names, emptying filters."""

from conftest import invoke


def test_a_shared_surname_is_searched_for_everyone_who_has_it(demo):
    results = demo.search("China", speakers=["Japarov"], limit=100, snippets=False)
    both = {"Sadyr Japarov", "Akylbek Japarov"}
    assert results.total and {s for h in results.hits for s in h.speakers} & both == both
    assert any("Sadyr Japarov" in n and "Akylbek Japarov" in n for n in results.notes)


def test_an_unknown_speaker_is_said_so_with_the_closest_names(demo):
    results = demo.search("China", speakers=["Jabarov"], limit=5, snippets=False)
    assert results.total == 0
    assert any("Jabarov" in n and "Japarov" in n for n in results.notes)
    assert any("without the filters on speakers" in n for n in results.notes)


def test_the_command_names_the_filters_that_emptied_the_result(demo_index):
    result = invoke("query", "China", "--speaker", "Du Dewen", "--year", "2019", "--index", demo_index)
    assert result.exit_code == 1
    assert "without the filters on years, speakers" in result.output


def test_a_query_that_is_a_name_finds_the_person_not_the_bare_word(demo):
    hits = demo.search("Ван И", limit=50, snippets=False).hits
    assert hits and all("Wang Yi" in h.people for h in hits)
