"""The relevance harness runs end to end on a tiny judged set of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_harness_on_a_tiny_judged_set(tmp_path):
    records = [
        {"id": "r1", "title": "Железная дорога", "body": "Строительство железной дороги Китай – Кыргызстан."},
        {"id": "r2", "title": "Выборы", "body": "Президентские выборы прошли в Бишкеке."},
        {"id": "r3", "title": "Railway", "body": "The railway will link China and Uzbekistan."},
        {"id": "r4", "title": "Погода", "body": "В Бишкеке тепло и солнечно."},
    ]
    collection = tmp_path / "news.jsonl"
    collection.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    judged = tmp_path / "judged.jsonl"
    queries = [
        {"id": "q1", "group": "as written", "query": "выборы", "relevant": ["r2"]},
        {"id": "q1", "group": "inflected", "query": "выборами", "relevant": ["r2"]},
        {"id": "q2", "group": "as written", "query": "железная дорога", "relevant": ["r1", "r3"]},
        {"id": "q3", "group": "typo", "query": "выбрры", "relevant": ["r2"]},
    ]
    judged.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in queries), "utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = subprocess.run([sys.executable, "benchmarks/eval_relevance.py", "--judged", str(judged),
                          "--collection", str(collection)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, env={**os.environ, "TMPDIR": str(temporary)})
    assert out.returncode == 0, out.stderr
    assert not list(temporary.iterdir())  # its indexes removed once measured
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in out.stdout.splitlines()
            if line.startswith(("as written", "inflected", "typo", "all"))}
    assert rows[("inflected", "kgsearch")][0] == "1.0000"  # MAP
    # "железная дорога" finds r1 as typed and r3 through the glossary: both relevant.
    assert rows[("all", "kgsearch")][0] == "1.0000"
    assert "judged queries: as written 2, inflected 1, typo 1" in out.stdout
