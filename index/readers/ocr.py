"""Scanned pages read by Tesseract, each page's text cached by the hash of its image.

Tesseract (Apache-2.0) is run as a program, as Debian installs it
(``tesseract-ocr`` with the ``-rus``, ``-eng`` and ``-kir`` languages): no
Python binding is needed, and a missing program is a message, not an import
error. A page is rendered by PDFium at 300 dpi in grey and handed over as a
PGM image on standard input; a page larger than A2 is rendered at the
resolution that keeps it to ``MAX_PIXELS`` (a PDF page may be 14,400 points
a side: at 300 dpi, a 3.6 gigapixel image), with a warning that says so. The text is kept under the user's cache folder
(``~/.cache/kgsearch/ocr``), named by the hash of the image and the
languages, so that a rebuild, or the same scan in another file, is not
recognised again.
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from kgsearch.index.errors import OcrUnavailable
from kgsearch.index.language import detect_language

INSTALL = ("OCR needs Tesseract: install it with `apt-get install tesseract-ocr tesseract-ocr-rus "
           "tesseract-ocr-eng tesseract-ocr-kir` (Debian, Ubuntu), then run the command again")
DPI = 300
# A2 at 300 dpi is 35 million pixels (A4 8.7, Letter 8.4, A3 17.4): every paper size a scanner
# or a printer takes is read at 300 dpi, and a page's image (grey, a byte a pixel) stays under 40 MB.
MAX_PIXELS = 40_000_000
PAGE_SECONDS = 300  # a page Tesseract has not read in this time is reported, not waited for
_CODES = {"ru": "rus", "en": "eng", "ky": "kir"}


def cache_folder() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kgsearch" / "ocr"


class Ocr:
    """Recognises pages with the Tesseract found on the PATH (``find``)."""

    def __init__(self, program: str, languages: set[str], cache: Path):
        self.program = program
        self.languages = languages
        self.cache = cache

    @classmethod
    def find(cls, cache: Path | None = None) -> "Ocr":
        """Tesseract as installed; ``OcrUnavailable`` when it, or every language kgsearch reads, is absent."""
        program = shutil.which("tesseract")
        if program is None:
            raise OcrUnavailable(INSTALL)
        try:
            listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError) as error:
            raise OcrUnavailable(f"Tesseract cannot be run ({error}); {INSTALL}") from None
        languages = {line.strip() for line in listed.splitlines()[1:]} & set(_CODES.values())
        if not languages:
            raise OcrUnavailable(f"Tesseract has none of the languages rus, eng, kir; {INSTALL}")
        return cls(program, languages, cache or cache_folder())

    def language(self, text: str) -> str:
        """Tesseract's languages for a document whose other pages read ``text``: that language
        when it can be told (and is installed), else Russian and English together."""
        code = _CODES.get(detect_language(text))
        if code in self.languages:
            return code
        return "+".join(sorted(self.languages & {"rus", "eng"})) or sorted(self.languages)[0]

    def page_text(self, page, language: str, warn=None) -> str:
        """The text of a PDF page (pypdfium2), from the cache or from Tesseract; ``warn`` is told
        when the page is too large to render at 300 dpi."""
        width, height = page.get_size()
        dpi = resolution(width, height)
        if dpi < DPI and warn is not None:
            warn(f"{width:,.0f} × {height:,.0f} pt, recognised at {dpi:.0f} dpi, not {DPI} "
                 f"(a page is rendered to at most {MAX_PIXELS:,} pixels)")
        image = _pgm(page.render(scale=dpi / 72, grayscale=True))
        digest = hashlib.sha1(image + b"\0" + language.encode()).hexdigest()
        cached = self.cache / digest[:2] / f"{digest}.txt"
        try:
            return cached.read_text("utf-8")
        except OSError:
            pass
        done = subprocess.run([self.program, "stdin", "stdout", "-l", language, "--dpi", str(round(dpi))],
                              input=image, capture_output=True, timeout=PAGE_SECONDS)
        if done.returncode:
            problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(problem[-1] if problem else f"tesseract exited with {done.returncode}")
        text = done.stdout.decode("utf-8", "replace")
        _keep(cached, text)
        return text


def resolution(width: float, height: float) -> float:
    """The dots per inch a page of ``width`` × ``height`` points is rendered at: ``DPI``, or
    less when that would be more than ``MAX_PIXELS``."""
    pixels = width * height * (DPI / 72) ** 2
    return DPI if pixels <= MAX_PIXELS else DPI * (MAX_PIXELS / pixels) ** 0.5


def _pgm(bitmap) -> bytes:
    """A grey PDFium bitmap as a PGM image (rows packed: PDFium pads them to its stride)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    data = bytes(bitmap.buffer)
    rows = data if stride == width else b"".join(data[y * stride: y * stride + width] for y in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + rows


def _keep(path: Path, text: str) -> None:
    """Cache a page's text; a cache that cannot be written only means reading it again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, "utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
