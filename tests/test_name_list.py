"""A list of names at once (issue 25): ``Index.names`` and ``kgsearch names FILE``, on real NG
articles (Russian) and BBC stories (English), with names the archive itself names in both scripts."""

import csv
import io
import json

import pytest
from conftest import invoke
from news_sample import folder, news  # noqa: F401 (fixtures)

import kgsearch
from kgsearch.analyzers.letters import is_cyrillic
from kgsearch.names import MAX_NAMES

NOBODY = "Zebulon Quarterfield"  # named in no document of either corpus


@pytest.fixture(scope="module")
def named(news) -> list[str]:
    """The five people named most in each script, as the archive's person facet writes them."""
    people = list(news.facet_counts(fields=("person",))["person"])
    russian = [p for p in people if is_cyrillic(p)][:5]
    english = [p for p in people if not is_cyrillic(p)][:5]
    assert len(russian) == 5 and len(english) == 5
    return russian + english


def test_each_name_counts_what_its_person_filter_finds(news, named):
    counted = news.names([*named, NOBODY], top=3, by_year=True)
    assert [c.name for c in counted] == [*named, NOBODY]
    for name, row in zip(named, counted):
        found = news.search("", people=[name], limit=50, snippets=False)
        assert row.total == found.total > 0, name
        assert row.kind == "person" and row.entity
        assert 1 <= len(row.hits) <= 3
        assert [h["id"] for h in row.hits] == [h.id for h in found.hits[: len(row.hits)]]  # the newest first
        assert sum(row.years.values()) == row.total
    nobody = counted[-1]
    assert (nobody.total, nobody.kind, nobody.hits, nobody.years) == (0, None, [], {})


def test_a_registry_name_is_one_entity_in_either_script(news):
    english, russian = news.names(["Vladimir Putin", "Путин"])
    assert english.entity == russian.entity == "Vladimir Putin"
    assert russian.other and is_cyrillic(russian.other)
    assert russian.total > 0


def test_filters_narrow_each_name(news, named):
    everything = {c.name: c.total for c in news.names(named)}
    russian = {c.name: c.total for c in news.names(named, lang="ru")}
    english = {c.name: c.total for c in news.names(named, lang="en")}
    assert any(russian.values()) and any(english.values())
    for name in named:  # every document here is Russian (NG) or English (BBC)
        assert russian[name] + english[name] == everything[name], name


@pytest.mark.parametrize("names", [[], ["", "  "], ["x"] * (MAX_NAMES + 1)])
def test_no_names_or_too_many_is_an_error(news, names):
    with pytest.raises(kgsearch.ParameterError):
        news.names(names)


def test_csv_and_json_are_whole_and_agree(folder, named, tmp_path):
    listing = tmp_path / "names.txt"
    listing.write_text("# people of the archive\n\n" + "\n".join([*named, NOBODY]) + "\n", "utf-8")
    as_csv = invoke("names", listing, "--index", folder, "--format", "csv", "--top", "2", "--by-year")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["name"] for r in rows] == [*named, NOBODY]
    years = [field for field in rows[0] if field.isdigit() or field == "none"]
    for row in rows:
        assert sum(int(row[y]) for y in years) == int(row["documents"])
    as_json = invoke("names", "-", "--index", folder, "--format", "json", input=listing.read_text("utf-8"))
    assert as_json.exit_code == 0
    listed = json.loads(as_json.output)
    assert [(r["name"], r["total"]) for r in listed] == [(r["name"], int(r["documents"])) for r in rows]
    assert all(len(r["hits"]) <= 3 for r in listed) and listed[-1]["total"] == 0
    table = invoke("names", listing, "--index", folder)
    assert table.exit_code == 0 and all(name in table.output for name in named[:3])


def test_nobody_named_is_exit_status_1(folder, tmp_path):
    listing = tmp_path / "names.txt"
    listing.write_text(NOBODY + "\n", "utf-8")
    result = invoke("names", listing, "--index", folder, "--format", "json")
    assert result.exit_code == 1 and json.loads(result.output)[0]["total"] == 0


def bad_lists(tmp_path):
    (tmp_path / "comments.txt").write_text("# nothing but this\n\n", "utf-8")
    (tmp_path / "many.txt").write_text("\n".join(f"Name {n}" for n in range(MAX_NAMES + 1)), "utf-8")
    (tmp_path / "latin1.txt").write_bytes("Путин\n".encode("cp1251"))
    (tmp_path / "folder").mkdir()
    return {"missing": tmp_path / "absent.txt", "comments": tmp_path / "comments.txt",
            "many": tmp_path / "many.txt", "latin1": tmp_path / "latin1.txt", "folder": tmp_path / "folder"}


@pytest.mark.parametrize("kind", ["missing", "comments", "many", "latin1", "folder"])
def test_a_bad_list_is_one_line_and_status_2(folder, tmp_path, kind):
    result = invoke("names", bad_lists(tmp_path)[kind], "--index", folder)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_person_filter_beside_the_list_is_refused(folder, tmp_path):
    listing = tmp_path / "names.txt"
    listing.write_text("Путин\n", "utf-8")
    result = invoke("names", listing, "--index", folder, "--person", "Путин")
    assert result.exit_code == 2 and "--person" in result.output


def test_a_curated_place_or_organisation_is_counted_as_one(news):
    """China and NATO are a place and an organisation in the curated lists: a weak person match
    (a surname that sounds alike) was counted first."""
    rows = {row.name: row for row in news.names(["Китай", "China", "NATO", "НАТО", "Москва", "London"])}
    assert rows["Китай"].kind == rows["China"].kind == "place" and rows["Китай"].total == rows["China"].total > 0
    assert rows["NATO"].kind == rows["НАТО"].kind == "org" and rows["NATO"].total == rows["НАТО"].total > 0
    assert rows["Москва"].kind == rows["London"].kind == "place"
    assert all(" (" not in row.entity for row in rows.values())  # the other script's form in its own field


def test_a_byte_order_mark_and_control_characters_are_no_part_of_a_name(folder, tmp_path):
    listed = tmp_path / "names.txt"
    listed.write_bytes("\ufeffWang Yi\x00\r\nВан И\r\n".encode("utf-8"))
    rows = json.loads(invoke("names", str(listed), "--index", folder, "--format", "json").output)
    assert [row["name"] for row in rows] == ["Wang Yi", "Ван И"]
