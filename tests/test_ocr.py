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
from format_files import make_pdf, make_raw_pdf, make_scanned_pdf

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


def test_paper_sizes_are_read_at_300_dpi_and_a_giant_page_within_the_pixel_cap():
    from kgsearch.index.readers import ocr

    for width, height in [(595, 842), (612, 792), (842, 1191), (1191, 1684)]:  # A4, Letter, A3, A2
        assert ocr.resolution(width, height) == ocr.DPI
    dpi = ocr.resolution(14_400, 14_400)  # the largest page a PDF may have: 200 inches a side
    assert dpi < ocr.DPI and (14_400 * dpi / 72) ** 2 <= ocr.MAX_PIXELS * 1.0001


def test_a_giant_page_is_recognised_scaled_down_and_says_so(tmp_path, monkeypatch):
    """A typed page, then a blank page of 14,400 pt: at 300 dpi 3.6 gigapixels (the red team's
    331-byte PDF took 6.9 GB). The cap is made 2 million pixels here, to run Tesseract cheaply."""
    tesseract()
    pypdfium2 = pytest.importorskip("pypdfium2")
    from kgsearch.index.readers import ocr

    monkeypatch.setattr(ocr, "MAX_PIXELS", 2_000_000)
    typed = make_raw_pdf(tmp_path / "typed.pdf", ["A typed first page about the giantpage talks."])
    giant = make_raw_pdf(tmp_path / "giant.pdf", [""], size=(14_400, 14_400))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain note\n\nThe plainrailway note.\n", "utf-8")
    merged = pypdfium2.PdfDocument(str(typed))
    merged.import_pages(pypdfium2.PdfDocument(str(giant)))
    merged.save(str(folder / "giant.pdf"))
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--ocr", "--verbose")
    assert result.exit_code == 0, result.output
    assert "page 2: 14,400 × 14,400 pt, recognised at 7 dpi, not 300" in result.output, result.output
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert ix.search("plainrailway").total == 1
        assert ix.search("giantpage").total == 1
