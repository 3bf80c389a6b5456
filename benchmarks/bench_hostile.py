"""Time and peak memory of indexing hostile files, each alone in a fresh process.

Run: python benchmarks/bench_hostile.py [--only NAME ...] [--no-large] [--timeout SECONDS]

The cases are the ones an archive nobody checked brings (issue 11): an
oversized text and a 10 MB line; HTML of 185,000 nested <span>s; a text of
nothing but capitalised words; JSON nested 100,000 deep, as a file and as a
line; extras nested 500 deep; CSV fields of megabytes; 50 MB of tiny records;
and a 400 MB JSON Lines archive; and the bombs of issue 23: a feed item of
31 MB of empty elements and a 126 MB feed of four such items, a .docx of 30
MB of elements in 31 KB, ZIPs of entries pointing at one member's bytes
(twelve nested three deep; six at one 8 MB text) and a PDF whose stream
inflates to 1.5 GB. Each file is made in a temporary folder (deleted
afterwards) and indexed by ``kgsearch index rebuild`` in a process of its
own; the peak printed is the resident memory of that process and its
children summed (sampled every 50 ms with benchmarks/process_tree.py: a PDF
is read in a child process), beside the process's own high-water mark.
"parse" cases only read the file into documents (``files.iter_documents``),
which is what bounds memory for records. A case that runs past
``--timeout`` is killed and reported as such.

``--pdf-cost N`` measures instead what reading each PDF in a child process
costs: N ordinary PDFs (three pages of text each) are read with and without
the child, and the time per PDF of each printed.

What bounds memory: a text file is read up to 32 MB and indexed up to 5
million characters; a records file is read a record at a time, each record
up to 32 MB, its body indexed up to 5 million characters (index/files.py).
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import process_tree

SHARED = Path(__file__).resolve().parents[2] / "shared"
WORDS = ("железная дорога Китай Кыргызстан Узбекистан строительство министр иностранных дел "
         "railway checkpoint Bishkek Beijing agreement cooperation summit Belt and Road").split()
CAPITALISED = ("Министр Иностранных Дел Кыргызской Республики Жээнбек Кулубаев Встретился Послом Китайской "
               "Народной Республики Railway Minister Foreign Affairs Bishkek Beijing Summit").split()


def text_file(path: Path, megabytes: float, newlines: bool = True) -> None:
    rng = random.Random(int(megabytes * 10))
    with path.open("w", encoding="utf-8") as out:
        written = 0
        out.write("Oversized file\n\n")
        while written < megabytes * 2**20:
            line = " ".join(rng.choice(WORDS) for _ in range(12)) + ("\n" if newlines else " ")
            out.write(line)
            written += len(line.encode())


def nested_html(path: Path) -> None:
    depth = 185_000  # 2.4 MB of <span>s opened and closed
    path.write_text("<html><body><p>Railway talks in Bishkek.</p>" + "<span>" * depth + "Railway"
                    + "</span>" * depth + "</body></html>", "utf-8")


def capitalised_text(path: Path) -> None:
    rng = random.Random(480)
    words, size = [], 0
    while size < 480_000:
        words.append(rng.choice(CAPITALISED))
        size += len(words[-1].encode()) + 1
    path.write_text("Capitalised Words\n\n" + " ".join(words) + "\n", "utf-8")


def deep_json(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")


def deep_line(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n"
                    + json.dumps({"title": "Railway talks", "body": "Railway talks in Bishkek."}) + "\n", "utf-8")


def deep_extras(path: Path) -> None:
    nested: dict = {}
    level = nested
    for _ in range(500):
        level["x"] = {}
        level = level["x"]
    with path.open("w", encoding="utf-8") as out:
        for i in range(1000):
            out.write(json.dumps({"id": str(i), "title": f"Railway talks {i}", "body": "Railway talks in Bishkek.",
                                  "meta": nested}) + "\n")


def huge_csv_fields(path: Path) -> None:
    rng = random.Random(5)
    with path.open("w", encoding="utf-8") as out:
        out.write("id,title,body\n")
        for i in range(8):  # 5 MB a field: forty times the csv module's default limit
            body = " ".join(rng.choice(WORDS) for _ in range(5 * 2**20 // 10))
            out.write(f'{i},Field of megabytes {i},"{body}"\n')


def tiny_records(path: Path) -> None:
    line = json.dumps({"title": "t", "body": "railway"}) + "\n"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(50 * 2**20 // len(line) // 1000):
            out.write(line * 1000)


def archive(path: Path) -> None:
    """400 MB of news records: ../shared/tools/make_archive.py when there, else repeated records."""
    tool = SHARED / "tools" / "make_archive.py"
    if tool.exists():
        subprocess.run([sys.executable, str(tool), "75000", str(path)], check=True)
        return
    rng = random.Random(400)
    with path.open("w", encoding="utf-8") as out:
        i = 0
        while out.tell() < 400 * 2**20:
            body = " ".join(rng.choice(WORDS) for _ in range(300))
            out.write(json.dumps({"id": f"a{i}", "title": f"Record {i}", "date": "2024-06-06", "text": body},
                                 ensure_ascii=False) + "\n")
            i += 1


def feed_item_bomb(path: Path, items: int = 1) -> None:
    """``items`` items of 31 MB of empty elements each, between ordinary ones."""
    with path.open("w", encoding="ascii") as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title>')
        for number in range(items):
            out.write(f"<item><title>Ordinary {number}</title><description>Railway {number}.</description></item>")
            out.write("<item><title>Bomb</title>")
            for _ in range(31):
                out.write("<a/>" * (2**20 // 4))
            out.write("</item>")
        out.write("<item><title>Last</title><description>Railway talks.</description></item></channel></rss>")


def docx_bomb(path: Path) -> None:
    """A .docx whose document.xml is one paragraph of 30 MB of empty runs, 31 KB packed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Railway talks</w:t></w:r>')
            block = b"<w:r/>" * 2**15
            for _ in range(30 * 2**20 // len(block)):
                part.write(block)
            part.write(b"</w:p></w:body></w:document>")


def _format_files():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import format_files

    return format_files


def zip_nested_overlap(path: Path) -> None:
    """Twelve entries pointing at one local header, nested three deep (1,728 documents unchecked)."""
    ff = _format_files()
    inner = ff.make_overlapping_zip(path.with_name("inner.bin"), "note.txt", b"Note\n\nRailway note.", 12)
    middle = ff.make_overlapping_zip(path.with_name("middle.bin"), "inner.zip", inner.read_bytes(), 12)
    ff.make_overlapping_zip(path, "middle.zip", middle.read_bytes(), 12)
    inner.unlink()
    middle.unlink()


def zip_overlap_text(path: Path) -> None:
    """Six entries pointing at one 8 MB text."""
    text_file(path.with_name("eight.bin"), 8)
    _format_files().make_overlapping_zip(path, "eight.txt", path.with_name("eight.bin").read_bytes(), 6)
    path.with_name("eight.bin").unlink()


def pdf_bomb(path: Path) -> None:
    """A PDF of one page whose content stream inflates to 1.5 GB (of spaces, after its text)."""
    _format_files().make_raw_pdf(path, ["Railway talks in Bishkek."], padding=1536 * 2**20)


# name, file maker, "index" (a rebuild) or "parse" (documents only), large
CASES = [
    ("text-50mb.txt", lambda p: text_file(p, 50), "index", False),
    ("line-10mb.txt", lambda p: text_file(p, 10, newlines=False), "index", False),
    ("nested-spans.html", nested_html, "index", False),
    ("capitalised.txt", capitalised_text, "index", False),
    ("deep.json", deep_json, "index", False),
    ("deep-line.jsonl", deep_line, "index", False),
    ("deep-extras.jsonl", deep_extras, "index", False),
    ("huge-fields.csv", huge_csv_fields, "index", False),
    ("tiny-records-50mb.jsonl", tiny_records, "parse", True),
    ("archive-400mb.jsonl", archive, "parse", True),
    ("archive-400mb.jsonl", archive, "index", True),
    ("feed-item-31mb.rss", feed_item_bomb, "index", False),
    ("feed-126mb.rss", lambda p: feed_item_bomb(p, 4), "index", False),
    ("elements.docx", docx_bomb, "index", False),
    ("nested-overlap.zip", zip_nested_overlap, "index", False),
    ("overlap-8mb.zip", zip_overlap_text, "index", False),
    ("inflate-1.5gb.pdf", pdf_bomb, "index", False),
]

# The peak is the process's own high-water mark (VmHWM). Its ru_maxrss would not do on
# Linux: it keeps the parent's peak across fork and exec, and this parent held the files it made.
CHILD = """
import resource, sys
mode, args = sys.argv[1], sys.argv[2:]
try:
    if mode == "parse":
        from pathlib import Path
        from kgsearch.index.files import iter_documents
        print(f"{sum(1 for _ in iter_documents([Path(args[0])])):,} documents read")
    else:
        from kgsearch.cli import cli
        cli(args, standalone_mode=False)
finally:
    try:
        peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("peak", peak, flush=True)
"""


def run_alone(path: Path, mode: str, workdir: Path, timeout: float):
    """Seconds, peak resident MB of the process and its children summed and of the process
    alone (None when killed), and output lines of one case in a fresh process."""
    args = [str(path)] if mode == "parse" else \
        ["index", "rebuild", str(path), "--index", str(workdir / f"ix-{path.stem}"), "--verbose"]
    with tempfile.TemporaryFile("w+") as output, tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        # Run beside the files: in the project folder, its kgsearch/ would shadow the installed package.
        process = subprocess.Popen([sys.executable, "-c", CHILD, mode, *args], stdout=output, stderr=errors,
                                   text=True, cwd=workdir)
        sampler = process_tree.Sampler(process.pid)
        while process.poll() is None:
            sampler.sample()
            if time.perf_counter() - started > timeout:
                process.kill()
                process.wait()
                return time.perf_counter() - started, None, None, [f"did not finish in {timeout:.0f} s (killed)"]
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        output.seek(0)
        errors.seek(0)
        lines = output.read().strip().splitlines()
        if process.returncode or not lines or not lines[-1].startswith("peak"):
            return seconds, None, None, [f"failed (exit {process.returncode}): {errors.read().strip()[-300:]}"]
    return seconds, sampler.peak_rss / 2**20, int(lines[-1].split()[1]) / 1024, lines[:-1]


PDF_COST = """
import sys, time
from pathlib import Path
from kgsearch.index.files import iter_documents
from kgsearch.index.readers import isolation
folder = Path(sys.argv[1])
def timed():
    started = time.perf_counter()
    count = sum(1 for _ in iter_documents([folder]))
    return count, time.perf_counter() - started
timed()  # warm: imports, PDFium loaded, the files in the page cache
count, isolated = timed()
isolation.run = lambda function, *args, memory, seconds: function(*args)
count_inside, inside = timed()
assert count == count_inside
print(f"{count} PDFs: {isolated / count * 1000:.1f} ms a PDF read in a child, {inside / count * 1000:.1f} ms "
      f"in this process: {(isolated - inside) / count * 1000:.1f} ms a PDF for the child")
"""


def pdf_cost(count: int) -> None:
    """The time per PDF of reading ``count`` ordinary PDFs in a child process each, and in this one."""
    ff = _format_files()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pdfs"
        folder.mkdir()
        for number in range(count):
            pages = [f"Report {number}, page {page}\n\n" + " ".join(rng.choice(WORDS) for _ in range(300))
                     for page in range(3)]
            ff.make_pdf(folder / f"{number:04d}.pdf", pages)
        result = subprocess.run([sys.executable, "-c", PDF_COST, str(folder)], capture_output=True, text=True,
                                cwd=tmp)
        print(result.stdout.strip() or result.stderr.strip()[-500:], flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--no-large", action="store_true", help="leave out the 50 MB and 400 MB records files")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a case is killed")
    parser.add_argument("--pdf-cost", type=int, metavar="N", help="time N ordinary PDFs read in a child process "
                        "each and in one process, instead of the cases")
    options = parser.parse_args()
    if options.pdf_cost:
        pdf_cost(options.pdf_cost)
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name, make, mode, large in CASES:
            if options.only and name not in options.only or options.no_large and large:
                continue
            path = workdir / name
            made = "made before"
            if not path.exists():
                started = time.perf_counter()
                make(path)
                made = f"made in {time.perf_counter() - started:.0f} s"
            seconds, tree, peak, lines = run_alone(path, mode, workdir, options.timeout * (4 if large else 1))
            size = path.stat().st_size / 2**20
            memory = (f"peak memory {tree:.0f} MB with its children ({peak:.0f} MB its own)" if peak is not None
                      else "no peak measured")
            print(f"{name} ({size:,.1f} MB, {made}), {mode}: {seconds:.1f} s, {memory}", flush=True)
            for line in lines[:4]:
                print(f"    {line[:160]}", flush=True)
            if len(lines) > 4:
                print(f"    … {len(lines) - 4} more lines", flush=True)


if __name__ == "__main__":
    main()
