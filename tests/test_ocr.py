"""Scanned PDFs: reported without OCR, recognised with it (Tesseract), recognised once (the cache);
``--ocr`` without Tesseract says how to install it. Tests that need Tesseract skip without it."""

import shutil
import subprocess

import pytest

import kgsearch
from kgsearch import index
from kgsearch.index import files
from kgsearch.index.errors import OcrUnavailable
from kgsearch.index.readers.ocr import Ocr
from conftest import invoke
from format_files import make_pdf, make_scanned_pdf

LINES = ["Железная дорога Бишкек", "Railway agreement signed"]


def tesseract() -> Ocr:
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng)")
    found = Ocr.find()
    if not {"rus", "eng"} <= found.languages:
        pytest.skip("Tesseract lacks its Russian or English data (tesseract-ocr-rus, tesseract-ocr-eng)")
    return found


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    make_scanned_pdf(folder / "scan.pdf", LINES)
    return folder


def test_a_scan_without_ocr_is_skipped_saying_how_to_read_it(scans, tmp_path):
    report = index.rebuild(tmp_path / "ix", [scans], allow_empty=True)
    assert report.skipped == [{"path": str(scans / "scan.pdf"),
                               "reason": "no text layer (a scanned PDF?): index it with --ocr"}]


def test_a_scanned_page_among_typed_ones_is_reported(scans, tmp_path):
    pypdfium2 = pytest.importorskip("pypdfium2")
    typed = make_pdf(tmp_path / "typed.pdf", ["A typed first page about the typedpage talks."])
    merged = pypdfium2.PdfDocument(str(typed))
    merged.import_pages(pypdfium2.PdfDocument(str(scans / "scan.pdf")))
    merged.save(str(tmp_path / "mixed.pdf"))
    documents, warnings = files.read_file(tmp_path / "mixed.pdf")
    assert "typedpage" in documents[0].title
    assert warnings == ["page 2 has no text layer (scanned?): index with --ocr to read it"]


def test_ocr_reads_the_scan_in_russian_and_english(scans, tmp_path):
    tesseract()
    location = tmp_path / "ix"
    report = index.rebuild(location, [scans], ocr=True)
    assert report.skipped == [] and report.documents == 1
    with kgsearch.open_index(location) as ix:
        assert ix.search("railway agreement").total == 1
        assert ix.search("железные дороги").total == 1  # the recognised text is lemmatised like any other


def test_ocr_results_are_cached_by_the_page_image(scans, tmp_path):
    pypdfium2 = pytest.importorskip("pypdfium2")
    first = Ocr(tesseract().program, {"rus", "eng"}, tmp_path / "cache")
    page = pypdfium2.PdfDocument(str(scans / "scan.pdf"))[0]
    text = first.page_text(page, "rus+eng")
    assert "Railway" in text and len(list((tmp_path / "cache").rglob("*.txt"))) == 1
    unable = Ocr("/nonexistent/tesseract", {"rus", "eng"}, tmp_path / "cache")
    assert unable.page_text(page, "rus+eng") == text  # from the cache: Tesseract is not run again
    with pytest.raises((OSError, subprocess.SubprocessError)):
        unable.page_text(page, "eng")  # another language is another result


def test_ocr_without_tesseract_says_how_to_install_it(scans, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr"):
        index.rebuild(tmp_path / "ix", [scans], ocr=True)
    result = invoke("index", "rebuild", scans, "--index", tmp_path / "ix", "--ocr")
    assert result.exit_code == 2 and "apt-get install tesseract-ocr tesseract-ocr-rus" in result.output
    assert not (tmp_path / "ix").exists()
