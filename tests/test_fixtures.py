"""The shared fixture indexes (conftest): a test's copy of one is what a build of it would be,
whatever the test before did to it; the read-only ones are not changed by the tests that copy."""

import shutil

from conftest import invoke, put_back, stored
from news_folder import bbc_stories


def test_a_put_back_copy_is_unchanged_to_an_update(news_built, news_archive):
    live, pristine = news_built
    folder, location = live / "news", live / "ix"
    put_back(live, pristine)
    before = stored(location)
    # what a test may do: add a file, remove one, update, rebuild, edit
    shutil.copy(bbc_stories()[1], folder / "added.txt")
    next(folder.glob("bbc-*.txt")).unlink()
    assert invoke("index", "update", "--index", location, "-q").exit_code == 0
    assert stored(location) != before

    put_back(live, pristine)
    assert stored(location) == before
    result = invoke("index", "update", "--index", location)
    assert result.exit_code == 0
    assert "0 added" in result.output and "0 changed" in result.output and "0 removed" in result.output, result.output
    assert stored(news_archive[1]) == before  # the read-only one is the same archive
