"""Where the benchmarks find ../shared/corpora, and how they read its texts.

Benchmarks read the corpora in place (never copied into the repository) and
stop with one line when they are absent.
"""

import json
import os
import sys
from pathlib import Path

SHARED = Path(os.environ.get("KGSEARCH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPORA = SHARED / "corpora"


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"{path} is absent: the benchmarks read ../shared/corpora beside the project")
    return path


def ng_texts() -> list[str]:
    """Title, summary and body of each Nezavisimaya Gazeta article."""
    with require(CORPORA / "ng" / "ng.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return ["\n".join(filter(None, (r.get("title"), r.get("summary"), r.get("content")))) for r in records]


def bbc_texts() -> list[str]:
    """The BBC articles, one string each."""
    folder = require(CORPORA / "bbc")
    return [p.read_text("utf-8", errors="replace") for p in sorted(folder.glob("*/*.txt"))]


def kyrgyz_texts(sentences: int = 8) -> list[str]:
    """The UD Kyrgyz treebank's sentences, ``sentences`` to a text: the only Kyrgyz prose here."""
    with require(CORPORA / "ud" / "ky_ktmu-ud-train.conllu").open(encoding="utf-8") as lines:
        found = [line[len("# text = "):].strip() for line in lines if line.startswith("# text = ")]
    return [" ".join(found[n:n + sentences]) for n in range(0, len(found), sentences)]


def ng_tagged(ng: Path) -> dict[str, set[str]]:
    """Each publisher tag of the NG corpus and the urls of the articles carrying it."""
    tagged: dict[str, set[str]] = {}
    with ng.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for tag in set(record.get("keywords") or []):
                tagged.setdefault(tag, set()).add(record["url"])
    return tagged
