"""Time and peak memory of indexing hostile files, each alone in a fresh process.

Run: python benchmarks/bench_hostile.py [--only NAME ...] [--no-large] [--timeout SECONDS]

The cases are the ones an archive nobody checked brings (issue 11): an
oversized text and a 10 MB line; HTML of 185,000 nested <span>s; a text of
nothing but capitalised words; JSON nested 100,000 deep, as a file and as a
line; extras nested 500 deep; CSV fields of megabytes; 50 MB of tiny records;
and a 400 MB JSON Lines archive. Each file is made in a temporary folder
(deleted afterwards) and indexed by ``kgsearch index rebuild`` in a process
of its own, so that the peak resident memory printed is that file's; "parse"
cases only read the file into documents (``files.iter_documents``), which is
what bounds memory for records. A case that runs past ``--timeout`` is
killed and reported as such.

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
from pathlib import Path

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


def run_alone(path: Path, mode: str, workdir: Path, timeout: float) -> tuple[float, float | None, list[str]]:
    """Seconds, peak resident MB (None when killed) and output lines of one case in a fresh process."""
    args = [str(path)] if mode == "parse" else \
        ["index", "rebuild", str(path), "--index", str(workdir / f"ix-{path.stem}"), "--verbose"]
    started = time.perf_counter()
    try:
        # Run beside the files: in the project folder, its kgsearch/ would shadow the installed package.
        result = subprocess.run([sys.executable, "-c", CHILD, mode, *args], capture_output=True, text=True,
                                timeout=timeout, cwd=workdir)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, None, [f"did not finish in {timeout:.0f} s (killed)"]
    seconds = time.perf_counter() - started
    lines = result.stdout.strip().splitlines()
    if result.returncode or not lines or not lines[-1].startswith("peak"):
        return seconds, None, [f"failed (exit {result.returncode}): {result.stderr.strip()[-300:]}"]
    return seconds, int(lines[-1].split()[1]) / 1024, lines[:-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--no-large", action="store_true", help="leave out the 50 MB and 400 MB records files")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a case is killed")
    options = parser.parse_args()
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
            seconds, peak, lines = run_alone(path, mode, workdir, options.timeout * (4 if large else 1))
            size = path.stat().st_size / 2**20
            memory = f"peak memory {peak:.0f} MB" if peak is not None else "no peak measured"
            print(f"{name} ({size:,.1f} MB, {made}), {mode}: {seconds:.1f} s, {memory}", flush=True)
            for line in lines[:4]:
                print(f"    {line[:160]}", flush=True)
            if len(lines) > 4:
                print(f"    … {len(lines) - 4} more lines", flush=True)


if __name__ == "__main__":
    main()
