"""Arguments whose bytes are not UTF-8 are one line and exit status 2, never a traceback (issue 23).

Python hands such bytes over as lone surrogates, which nothing can write as
UTF-8: ``edit --title`` and ``watch add`` failed with a ``UnicodeEncodeError``
traceback. Run as a user runs it, with real bytes in argv (CliRunner takes
str, and would never see them).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kgsearch

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="bytes in argv are POSIX's")


def kgsearch_with(*args: bytes | str, location: Path):
    argv = [sys.executable, "-m", "kgsearch", *(os.fsencode(a) if isinstance(a, str) else a for a in args)]
    return subprocess.run(argv, capture_output=True, cwd=ROOT / "tests", timeout=120,
                          env={**os.environ, "KGSEARCH_INDEX": str(location)})


def test_bytes_that_are_not_utf8_are_one_line(demo_copy):
    with kgsearch.open_index(demo_copy) as ix:
        doc_id = ix.search("railway", limit=1).hits[0].id
    before = sorted(p.name for p in demo_copy.iterdir())
    cases = [
        (("edit", doc_id, "--title", b"x\xed\xa0\x80y"), b"'x\\xed\\xa0\\x80y'"),
        (("watch", "add", "w", b"rail\xedway"), b"'rail\\xedway'"),
        (("query", b"\xff"), b"'\\xff'"),
    ]
    for args, shown in cases:
        result = kgsearch_with(*args, location=demo_copy)
        assert result.returncode == 2, (args, result.stderr)
        assert b"Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and shown in lines[0] and b"is not UTF-8 text" in lines[0], lines
    assert sorted(p.name for p in demo_copy.iterdir()) == before  # nothing written: no corrections, no watches
    with kgsearch.open_index(demo_copy) as ix:
        assert ix.search("railway", limit=1).hits[0].id == doc_id


def test_utf8_arguments_still_work(demo_copy):
    result = kgsearch_with("query", "железная дорога", location=demo_copy)
    assert result.returncode == 0, result.stderr
    assert "дорог".encode() in result.stdout
