"""Watches (issue 15): a watch reports a document added to the index once, and then not again;
documents an update reads again unchanged are not new. On seeds, NG and BBC text, through the CLI."""

import json
import shutil

import pytest
from conftest import invoke
from news_folder import NG_LINES, bbc_stories, ng_lines, stored_documents


@pytest.fixture
def news(news_copy):
    """The news archive and its index, the test's own (a copy: see conftest.news_copy)."""
    return news_copy


def run(location, *names) -> tuple[int, list[dict]]:
    result = invoke("watch", "run", *names, "--index", location, "--json")
    return result.exit_code, json.loads(result.output)


def reported(report: dict) -> set[str]:
    """The ids a watch's report names: its hits and their copies."""
    return {h["id"] for h in report["hits"]} | {c["id"] for h in report["hits"] for c in h["copies"]}


def test_a_new_story_is_reported_once(news):
    folder, location = news
    indexed = {p.name for p in folder.iterdir()}
    story = next(p for p in bbc_stories()[1::20] if f"bbc-{p.parent.name}-{p.name}" not in indexed)
    title = story.read_text("utf-8", "replace").splitlines()[0]
    assert invoke("watch", "add", "story", title, "--index", location).exit_code == 0
    status, (report,) = run(location)
    assert status == 1 and report["new"] == 0  # what matched when it was added is not new

    shutil.copy(story, folder / "bbc-new.txt")
    assert invoke("index", "update", "--index", location).exit_code == 0
    new_id = next(d["id"] for d in stored_documents(location) if d["path"].endswith("bbc-new.txt"))
    status, (first,) = run(location, "story")
    assert status == 0 and first["new"] == 1 and reported(first) == {new_id}
    assert first["hits"][0]["title"] == title
    status, (again,) = run(location, "story")
    assert status == 1 and again["new"] == 0 and again["hits"] == []
    assert invoke("watch", "list", "--index", location, "--json").exit_code == 0


def test_records_read_again_are_not_new_and_added_ones_are(news):
    folder, location = news
    assert invoke("watch", "add", "russian", "", "--lang", "ru", "--index", location).exit_code == 0
    assert invoke("watch", "add", "english", "", "--lang", "en", "--index", location).exit_code == 0
    before = {d["id"] for d in stored_documents(location)}
    with (folder / "ng.jsonl").open("a", encoding="utf-8") as lines:  # the whole file is read again
        lines.write(ng_lines(NG_LINES, NG_LINES + 8))
    update = invoke("index", "update", "--index", location)
    assert "1 changed" in update.output
    added = {d["id"] for d in stored_documents(location) if d["lang"] == "ru"} - before
    assert added
    status, reports = run(location)
    by_name = {r["name"]: r for r in reports}
    assert status == 0 and reported(by_name["russian"]) == added
    assert by_name["english"]["new"] == 0
    dates = [h["date"] for h in by_name["russian"]["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)
    assert all(r["new"] == 0 for r in run(location)[1])


def test_a_rebuild_brings_nothing_new(news):
    folder, location = news
    assert invoke("watch", "add", "all-ru", "", "--lang", "ru", "--index", location).exit_code == 0
    assert invoke("index", "rebuild", "--index", location).exit_code == 0
    assert run(location, "all-ru")[1][0]["new"] == 0


def test_watch_errors_are_one_line(news):
    _, location = news
    assert invoke("watch", "add", "w", "Бишкек", "--index", location).exit_code == 0
    for args in (["watch", "add", "w", "Бишкек"], ["watch", "add", "two words", "x"], ["watch", "run", "nosuch"],
                 ["watch", "remove", "nosuch"], ["watch", "add", "x", "", "--year", "20x4"], ["watch", "add", "y", ""]):
        result = invoke(*args, "--index", location)
        assert result.exit_code == 2 and result.output.count("\n") == 1, (args, result.output)
    assert invoke("watch", "remove", "w", "--index", location).exit_code == 0
    assert json.loads(invoke("watch", "list", "--index", location, "--json").output) == []


def test_the_digest_prints_only_what_is_new(news):
    folder, location = news
    story = bbc_stories()[3]
    title = story.read_text("utf-8", "replace").splitlines()[0]
    assert invoke("watch", "add", "digest", title, "--index", location).exit_code == 0
    assert invoke("watch", "add", "quiet", "Бишкек", "--index", location).exit_code == 0
    shutil.copy(story, folder / "bbc-digest.txt")
    assert invoke("index", "update", "--index", location).exit_code == 0
    digest = invoke("watch", "run", "--index", location)
    assert digest.exit_code == 0 and "== digest:" in digest.stdout and "— 1 new" in digest.stdout
    assert title in digest.stdout and "quiet" not in digest.stdout
    assert digest.stderr.startswith("Watch quiet: first run,")  # once a watch, and not in the digest
    again = invoke("watch", "run", "--index", location)
    assert again.exit_code == 1 and again.output == ""  # from cron: no mail


def test_a_first_run_with_nothing_new_says_why_once(news):
    """Its first run has nothing new (all it matched when added counts as seen): exit 1, as for cron
    any run with nothing new, and one line that says so; later runs with nothing new print nothing."""
    _, location = news
    added = invoke("watch", "add", "w", "Бишкек", "--index", location)
    matching = int(added.output.split(": ")[1].split()[0])
    first = invoke("watch", "run", "--index", location)
    assert first.exit_code == 1 and first.stdout == ""
    assert first.stderr.splitlines() == [f"Watch w: first run, {matching} documents match it now, all there when "
                                         "it was added; later runs report the ones added since."]
    again = invoke("watch", "run", "--index", location)
    assert again.exit_code == 1 and again.output == ""
    status, (report,) = run(location, "w")
    assert status == 1 and report["first_run"] is False and report["new"] == 0
    assert invoke("watch", "add", "v", "railway", "--index", location).exit_code == 0
    status, (report,) = run(location, "v")
    assert status == 1 and report["first_run"] is True
