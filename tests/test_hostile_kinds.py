"""The red team's hostile files of issue 23, each rebuilt simply: a folder with that file beside a
plain text file builds with exit status 0, the plain file and the hostile file's readable text are
found, and the summary names the part that was skipped, if any."""

import json
import multiprocessing
from dataclasses import dataclass
from pathlib import Path

import pytest

import kgsearch
from kgsearch.index import metadata
from conftest import invoke

PLAIN = "Plain note\n\nA plain note about the quokka enclosure.\n"
MARKER = "Ploughshare"  # the word that makes the metadata of its document raise


@dataclass
class Hostile:
    name: str
    data: bytes
    readable: str  # a word of the hostile file's readable text
    skipped: str | None = None  # what the summary says of the part skipped
    metadata_raises: bool = False


KINDS = {
    "rtf-surrogate-pair": Hostile(
        "emoji.rtf", rb"{\rtf1\ansi{\info{\title Smile \u-10179?\u-8694?}}Marmalade \u-10179?\u-8694? \u-10179?.\par}",
        "marmalade"),
    "jsonl-lone-surrogate": Hostile(
        "export.jsonl", (json.dumps({"title": "Railway \ud83d", "body": "Tamarind \ud83d cut off."}) + "\n").encode(),
        "tamarind"),
    "metadata-raises": Hostile(
        "two.jsonl", (json.dumps({"id": "bad", "title": f"{MARKER} notes", "body": "Whatever."}) + "\n"
                      + json.dumps({"id": "good", "title": "Kept", "body": "The saffron record."}) + "\n").encode(),
        "saffron", skipped="record bad: not indexed (RuntimeError: metadata tripped)", metadata_raises=True),
}
PROCS = ["1", pytest.param("2", marks=pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                                          reason="the parallel rebuild needs fork"))]


def found(location, word) -> bool:
    with kgsearch.open_index(location) as ix:
        return ix.search(word, translate=False).total > 0


@pytest.mark.parametrize("procs", PROCS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_file_beside_a_plain_one(tmp_path, monkeypatch, kind, procs):
    hostile = KINDS[kind]
    if hostile.metadata_raises:
        detect = metadata.detect_language

        def tripping(text):
            if MARKER in text:
                raise RuntimeError("metadata tripped")
            return detect(text)

        monkeypatch.setattr(metadata, "detect_language", tripping)  # before the workers fork
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "plain.txt").write_text(PLAIN, "utf-8")
    (folder / hostile.name).write_bytes(hostile.data)
    location = tmp_path / "ix"
    result = invoke("index", "rebuild", "--index", location, "--procs", procs, "--verbose", folder)
    assert result.exit_code == 0, result.output
    assert found(location, "quokka") and found(location, hostile.readable)
    status = invoke("index", "status", "--index", location).output
    if hostile.skipped:
        line = f"{Path(folder, hostile.name)}: {hostile.skipped}"
        assert "1 skipped," in result.output and f"skipped {line}" in result.output
        assert "skipped    1 (" in status and line in status
    else:
        assert "0 skipped," in result.output and "skipped    0 (" in status
