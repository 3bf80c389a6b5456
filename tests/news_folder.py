"""A small real archive to change and index again: the five seeds, 100 NG articles in one JSON
Lines file (with their repeated copies) and 60 BBC stories, in a folder of the test's own."""

import shutil
from pathlib import Path

from conftest import shared_path

NG_LINES = 100
BBC_EVERY = 20


def ng_lines(start: int, stop: int) -> str:
    """Lines ``start`` to ``stop`` of ng.jsonl, as they are."""
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        return "".join(line for n, line in enumerate(lines) if start <= n < stop)


def bbc_stories() -> list[Path]:
    """Every BBC story, in a fixed order (the folder's sections, then the files)."""
    return sorted(shared_path("corpora", "bbc").glob("*/*.txt"))


def make_news(folder: Path) -> Path:
    """Fill ``folder`` with the archive; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(shared_path("seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    (folder / "ng.jsonl").write_text(ng_lines(0, NG_LINES), "utf-8")
    for path in bbc_stories()[::BBC_EVERY]:
        shutil.copy(path, folder / f"bbc-{path.parent.name}-{path.name}")
    return folder


def stored_documents(location) -> list[dict]:
    """Every document's stored fields in the index at ``location``, read with Whoosh alone."""
    from whoosh import index as whoosh_index

    from kgsearch.index import store

    with whoosh_index.open_dir(store.current(Path(location))).reader() as reader:
        return [fields for _, fields in reader.iter_docs()]
