"""PDFs that crash PDFium or inflate past any document's size cost that file only: each is read
in a child process with a memory limit (index/readers/isolation.py). The bomb here inflates to
150 MB under a limit made 32 MB, to show cheaply what a 1.5 GB stream does under the real one;
its memory is measured by benchmarks/bench_hostile.py."""

import os

import kgsearch
import pytest
from conftest import invoke
from format_files import make_pdf, make_raw_pdf
from kgsearch.index import files
from kgsearch.index.documents import SkipFile
from kgsearch.index.readers import isolation, pdf

BOMB_TEXT = "Bomb cover page about the bombrailway."


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_MEMORY", 32 * 2**20)  # the limit, made small to test cheaply


def test_a_pdf_whose_stream_inflates_past_the_limit_is_skipped_with_its_reason(tmp_path, small_limit):
    path = make_raw_pdf(tmp_path / "bomb.pdf", [BOMB_TEXT], padding=150 * 2**20)
    assert path.stat().st_size < 200_000
    with pytest.raises(SkipFile, match="decompression bomb over the limit of 32 MB"):
        files.read_file(path)


def test_a_folder_with_a_pdf_bomb_builds(tmp_path, small_limit):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain note\n\nThe plainrailway note.\n", "utf-8")
    make_raw_pdf(folder / "bomb.pdf", [BOMB_TEXT], padding=150 * 2**20)
    make_pdf(folder / "good.pdf", ["Good report\n\nThe goodpdfrailway report is read after the bomb."])
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--verbose")
    assert result.exit_code == 0, result.output
    assert "bomb.pdf: the reader crashed on it (SIGABRT" in result.output, result.output
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert ix.search("plainrailway").total == 1
        assert ix.search("goodpdfrailway").total == 1


def test_a_crash_in_the_child_is_a_reason_and_this_process_goes_on():
    with pytest.raises(SkipFile, match=r"crashed on it \(SIGABRT"):
        isolation.run(os.abort, memory=2**20, seconds=60)
    assert isolation.run(sum, [1, 2, 3], memory=2**30, seconds=60) == 6


def test_a_title_with_a_lone_surrogate_keeps_the_pdf(tmp_path):
    """/Title in UTF-16 that begins with half an emoji: the title, with U+FFFD for the half."""
    title = "Railway report of the ministry".encode("utf-16-be").hex().upper()
    path = make_raw_pdf(tmp_path / "surrogate.pdf", ["The ministers met about the surrogaterailway."],
                        info=b"/Title <FEFFD83D%s>" % title.encode())
    (doc,), _ = files.read_file(path)
    assert doc.title == "\ufffdRailway report of the ministry"
    assert "surrogaterailway" in doc.body
