"""A search's options as values (issue 24): ``Filters`` and ``Page`` are checked once, when made,
and read the same from a command line, a URL and a watch's file."""

import pytest

from kgsearch.errors import ParameterError
from kgsearch.options import Filters, Page, parse_years, split


def test_filters_are_checked_when_made():
    with pytest.raises(ParameterError, match="bad date '2020-13' for date_from") as raised:
        Filters(date_from="2020-13")
    assert raised.value.message("--from").startswith("bad date '2020-13' for --from")
    with pytest.raises(ParameterError, match="runs backwards") as raised:
        Filters(date_from="2024-05", date_to="2023")
    assert raised.value.parameter == "date_to"
    with pytest.raises(ParameterError, match="takes years or"):
        Filters(years=["twenty"])


def test_typed_years_are_pairs_and_bad_ones_name_the_parameter():
    assert parse_years(["2025", "2020-2022"]) == [(2025, 2025), (2020, 2022)]
    for typed, said in (("20x", "bad --year '20x'"), ("2022-2020", "--year 2022-2020 runs backwards")):
        with pytest.raises(ParameterError) as raised:
            Filters.parse(years=[typed])
        assert raised.value.message("--year").startswith(said)


def test_filters_go_to_a_file_and_back_unchanged():
    filters = Filters.parse(years=["2020-2022"], date_from="2021-03", speakers=["Wang Yi", ""], lang="ru",
                            source="")
    kept = filters.to_dict()
    assert kept == {"years": [[2020, 2022]], "date_from": "2021-03", "speakers": ["Wang Yi"], "lang": "ru"}
    assert Filters.from_dict(kept) == filters
    assert Filters.from_dict({**kept, "a later filter": 1}) == filters
    assert filters.named() == ["years", "dates", "speakers", "language"] and not Filters().named()


def test_a_page_is_checked_when_made():
    for changes, parameter in (({"sort": "best"}, "sort"), ({"limit": 0}, "limit"), ({"number": 0}, "page"),
                               ({"number": True}, "page")):
        with pytest.raises(ParameterError) as raised:
            Page(**changes)
        assert raised.value.parameter == parameter


def test_keywords_set_the_fields_of_the_objects():
    filters, page = split(Filters(lang="en"), None, {"years": [2024], "page": 3, "limit": 5})
    assert filters == Filters(years=[(2024, 2024)], lang="en") and page == Page(3, 5)
    assert split(None, 2, {})[1] == Page(2)
    with pytest.raises(TypeError, match="colour"):
        split(None, None, {"colour": "red"})


def test_a_value_with_braces_is_said_as_typed():
    """A message is its template with the parameter put in, never ``str.format``: a value holding
    braces (``--from '{x}'``) raised KeyError instead of its one line."""
    with pytest.raises(ParameterError) as raised:
        Filters(date_from="{x}")
    assert raised.value.message("--from") == "bad date '{x}' for --from; write YYYY, YYYY-MM or YYYY-MM-DD"


@pytest.mark.parametrize("years, pairs", [("2017", ((2017, 2017),)), (2017, ((2017, 2017),)),
                                           ("2020-2022", ((2020, 2022),)), ([2017, (2019, 2020)], ((2017, 2017), (2019, 2020)))])
def test_one_year_alone_is_a_year_not_its_digits(years, pairs):
    """years="2017" was read digit by digit (years 2, 0, 1, 7) and matched nothing, silently."""
    assert Filters(years=years).years == pairs


@pytest.mark.parametrize("given, parameter", [({"lang": "xx"}, "lang"), ({"years": [(2020, 2018)]}, "years"),
                                              ({"years": "2020-2018"}, "years")])
def test_the_api_refuses_what_the_command_and_the_web_page_refuse(given, parameter):
    """Checked once, where the options are made: --lang xx and --year 2020-2018 were refused by the
    command and the web page, while the API searched for them and found nothing."""
    with pytest.raises(ParameterError) as refused:
        Filters(**given)
    assert refused.value.parameter == parameter


def test_an_object_in_the_wrong_place_says_so():
    """search(query, Page(...)) put the page where the filters go: an AttributeError deep inside."""
    with pytest.raises(TypeError, match="filters must be a Filters, not Page"):
        split(Page(limit=3), None, {})
