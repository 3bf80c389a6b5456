"""How fast each reader of issue 14 reads, and in how much memory: pages per second for PDF text,
documents per second for every other format, on files generated here.

Run: python benchmarks/bench_formats.py [--only NAME ...] [--scale N]

Needs the test extra (fpdf2, python-docx, odfpy) and a DejaVu font, as the tests do. Each case
is read (``files.read_path``: the reader and the text rules, not the metadata rules or Whoosh)
in a process of its own, so that the peak resident memory printed is that case's. The hostile
cases (a feed of 100,000 items, a ZIP of 10,000 files, a ZIP bomb, an mbox of a gigabyte of
sparse zeros) show that memory stays bounded by one item, not the file.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
PARAGRAPH = ("Министры иностранных дел Кыргызстана и Китая обсудили строительство железной дороги "
             "Китай — Кыргызстан — Узбекистан и открытие пунктов пропуска на границе. The ministers "
             "discussed the railway, the checkpoints and trade between Bishkek and Beijing. ")
WHEN = datetime(2024, 6, 6, 9, 30, tzinfo=timezone(timedelta(hours=6)))


def make(name: str, folder: Path, scale: int) -> tuple[Path, str]:
    """The file of case ``name`` and what its count counts."""
    sys.path.insert(0, str(TESTS))
    import format_files as ff

    if name == "pdf":
        pages = [f"Страница {n}.\n" + PARAGRAPH * 12 for n in range(50 * scale)]
        return ff.make_pdf(folder / "report.pdf", pages, title="Годовой отчёт"), "pages"
    if name in ("docx", "odt", "rtf"):
        zipped = {}
        for n in range(50 * scale):
            path = folder / f"{n}.{name}"
            if name == "docx":
                ff.make_docx(path, f"Меморандум {n}", [PARAGRAPH] * 10, header="Пресс-служба МИД КР",
                             table=[["a", "b"], ["c", "d"]])
            elif name == "odt":
                ff.make_odt(path, f"Нота {n}", [PARAGRAPH] * 10)
            else:
                ff.make_rtf(path, f"Заявление {n}", PARAGRAPH * 10)
            zipped[path.name] = path.read_bytes()
        return ff.make_zip(folder / f"{name}s.zip", zipped), "documents"
    if name == "eml":
        attachment = ff.make_pdf(folder / "a.pdf", [PARAGRAPH]).read_bytes()
        messages = [ff.make_message(f"Сообщение {n}", PARAGRAPH * 5, WHEN + timedelta(hours=n),
                                    attachments=[("a.pdf", attachment)] if n % 10 == 0 else [])
                    for n in range(200 * scale)]
        return ff.make_mbox(folder / "wires.mbox", messages), "documents"
    if name in ("rss", "atom"):
        items = [{"title": f"Item {n}", "link": f"https://kabar.kg/{n}", "date": WHEN + timedelta(minutes=n),
                  "description": f"<p>{PARAGRAPH}</p>"} for n in range(2000 * scale)]
        maker = ff.make_rss if name == "rss" else ff.make_atom
        return maker(folder / f"feed.{name}", "Kabar", items), "documents"
    if name == "zip":
        return ff.make_zip(folder / "notes.zip", {f"notes/{n}.txt": f"Note {n}\n\n{PARAGRAPH}".encode()
                                                  for n in range(2000 * scale)}), "documents"
    if name == "feed-100k":
        path = folder / "big.rss"
        with open(path, "w", encoding="utf-8") as feed:
            feed.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title>')
            for n in range(100_000):
                feed.write(f"<item><title>Item {n}</title><link>https://kabar.kg/{n}</link>"
                           f"<pubDate>Thu, 06 Jun 2024 09:30:00 +0600</pubDate><description>{PARAGRAPH}"
                           "</description></item>")
            feed.write("</channel></rss>")
        return path, "documents"
    if name == "zip-10k":
        return ff.make_zip(folder / "many.zip", {f"n/{n:05d}.txt": f"Note {n}\n\nTiny note {n}.".encode()
                                                 for n in range(10_000)}), "documents"
    if name == "zip-bomb":
        path = folder / "bomb.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
            for n in range(10):
                bomb.writestr(f"zeros{n}.txt", b"\0" * (100 * 2**20))  # 1 GB unpacked, 1 MB packed
            bomb.writestr("kept.txt", f"Kept\n\n{PARAGRAPH}")
        return path, "documents"
    if name == "mbox-1gb":
        path = folder / "zeros.mbox"
        with open(path, "wb") as sparse:
            sparse.write(b"From desk@example.org Mon Jan  1 00:00:00 2024\n")
            sparse.truncate(2**30)
        return path, "documents"
    raise SystemExit(f"unknown case {name}")


CASES = ["pdf", "docx", "odt", "rtf", "eml", "rss", "atom", "zip", "feed-100k", "zip-10k", "zip-bomb", "mbox-1gb"]


def measure(path: Path, unit: str) -> dict:
    """Read the file (in this process) and say how many, how fast, in how much memory (the
    process's own high-water mark: ``ru_maxrss`` would include the parent's, kept across exec)."""
    from kgsearch.index.documents import SkipFile
    from kgsearch.index.files import read_path

    started = time.perf_counter()
    documents = pages = 0
    try:
        reading = read_path(path)
        for doc in reading:
            documents += 1
            pages += len(doc.pages)
        warnings = reading.warnings
    except SkipFile as reason:
        warnings = [f"skipped: {reason}"]
    seconds = time.perf_counter() - started
    count = pages if unit == "pages" else documents
    return {"count": count, "unit": unit, "seconds": round(seconds, 2),
            "per_second": round(count / seconds) if seconds else None,
            "peak_mb": _peak_mb(),
            "size_mb": round(path.stat().st_size / 2**20, 1), "warnings": warnings[:2]}


def _peak_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=CASES, choices=CASES)
    parser.add_argument("--scale", type=int, default=1, help="multiply the generated files' sizes")
    parser.add_argument("--measure", nargs=2, metavar=("PATH", "UNIT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1])))
        return
    print(f"{'case':<10} {'size':>8} {'count':>8} {'unit':<9} {'seconds':>8} {'per second':>11} {'peak':>7}")
    for name in args.only:
        with tempfile.TemporaryDirectory(prefix="bench-formats-") as folder:
            path, unit = make(name, Path(folder), args.scale)
            done = subprocess.run([sys.executable, __file__, "--measure", str(path), unit],
                                  capture_output=True, text=True, cwd=folder)
            if done.returncode:
                print(f"{name:<10} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            result = json.loads(done.stdout)
            print(f"{name:<10} {result['size_mb']:>6} MB {result['count']:>8} {unit:<9} {result['seconds']:>8} "
                  f"{result['per_second'] or '-':>11} {result['peak_mb']:>4} MB  {'; '.join(result['warnings'])}")


if __name__ == "__main__":
    main()
