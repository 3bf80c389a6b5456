"""What a document holds reaches a screen as text, never as an action (issue 11, items 17-19).

Records can carry anything in any field: an OSC 52 clipboard write, an OSC 8
hyperlink, a C1 control, a bidirectional override that shows a file name
reversed. Every command prints every value through the same escaping
(``render.printable``); JSON escapes the same characters as ``\\uXXXX`` and
stays strict JSON (no ``Infinity`` from a huge boost).
"""

import json
import os
import pty
import subprocess
import sys
import unicodedata

import pytest

from kgsearch import index
from kgsearch import render
from conftest import invoke

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: write to the clipboard
LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # OSC 8: a hyperlink
CSI = "\x9b31m"  # C1 CSI: red, without an ESC
RLO = "\u202e"  # right-to-left override: "abc\u202etxt.exe" shows as "abcexe.txt"
ISOLATE = "\u2067"  # right-to-left isolate, another bidirectional control


def acting(text: str) -> list[str]:
    """The characters of ``text`` that would act on a terminal instead of showing (newlines aside)."""
    return [c for c in text if c not in "\n" and (unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs"))]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """An index of records whose every field tries something, and a file whose name does."""
    folder = tmp_path_factory.mktemp("hostile")
    records = [
        {"id": "a", "title": f"Railway {RLO}txt.exe news{CSI}", "body": f"The railway {LINK} opened {ISOLATE}today.",
         "source": f"Xinhua{CLIPBOARD}", "lang": f"en{CLIPBOARD}", "date": "2024-06-06",
         "speakers": [f"Sadyr Japarov{CSI}"], "tags": [f"rail{RLO}way"], "url": f"https://x.example/{LINK}",
         "extra": f"note{CLIPBOARD}"},
        {"id": "b", "title": "Железная дорога", "body": f"Железная дорога {CSI}построена{RLO}.",
         "source": f"Kabar{LINK}", "lang": "ru", "date": "2024-12-27"},
    ]
    (folder / f"wire{RLO}lmth.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    location = tmp_path_factory.mktemp("hostile-index") / "ix"
    index.rebuild(location, [folder])
    return location


def outputs(location) -> dict[str, str]:
    import kgsearch

    with kgsearch.open_index(location) as ix:
        doc_id = ix.search("railway").hits[0].id
    commands = {
        "status": ["index", "status"], "status --json": ["index", "status", "--json"],
        "query": ["query", "railway OR железная", "--facets"], "query --json": ["query", "railway", "--json", "--facets"],
        "show": ["show", doc_id], "show --json": ["show", doc_id, "--json"],
        "facets source": ["facets", "source"], "facets lang": ["facets", "lang"],
        "facets --json": ["facets", "source", "--json"],
    }
    shown = {}
    for name, args in commands.items():
        result = invoke(*args, "--index", location)
        assert result.exit_code == 0, (name, result.output)
        shown[name] = result.output
    return shown


def test_no_command_prints_a_control_or_format_character_of_a_document(hostile):
    for name, text in outputs(hostile).items():
        assert acting(text) == [], name


def test_the_hostile_values_are_shown_not_dropped(hostile):
    shown = outputs(hostile)
    assert "Xinhua␛]52;c;" in shown["status"] and "⟨U+202E⟩" in shown["query"]
    assert "⟨U+009B⟩31m" in shown["show"] and "wire⟨U+202E⟩lmth.jsonl" in shown["show"]


def test_json_escapes_them_and_reads_back_as_indexed(hostile):
    shown = outputs(hostile)
    hit = json.loads(shown["query --json"])["hits"][0]
    assert hit["title"] == f"Railway {RLO}txt.exe news{CSI}"
    assert "\\u202e" in shown["query --json"] and "\\u009b" in shown["query --json"]
    assert json.loads(shown["status --json"])["by_source"][f"Xinhua{CLIPBOARD}"] == 1
    assert json.loads(shown["show --json"])["extras"]["extra"] == f"note{CLIPBOARD}"


def test_on_a_terminal_too(hostile):
    """On a pty rich adds its own styles (CSI ... m); nothing of the documents' acts."""
    for args in (["index", "status"], ["query", "railway", "--facets"]):
        controller, terminal = pty.openpty()
        process = subprocess.Popen([sys.executable, "-m", "kgsearch", *args, "--index", str(hostile)],
                                   stdout=terminal, stderr=subprocess.PIPE, cwd=hostile.parent)
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the pty closes when the command ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(controller)
        stderr = process.communicate(timeout=120)[1].decode()
        assert process.returncode == 0 and "Traceback" not in stderr, stderr
        text = b"".join(chunks).decode("utf-8")
        assert "\x1b]" not in text and "\x07" not in text, args  # no OSC: no clipboard, no hyperlink
        assert [c for c in acting(text) if c not in "\x1b\r"] == [], args
        assert "Railway ⟨U+202E⟩txt.exe" in text or "Xinhua␛]52" in text


def test_every_format_character_is_shown():
    """The table of format characters in render.py against this Python's Unicode."""
    missed = [f"U+{c:04X}" for c in range(0x110000)
              if unicodedata.category(chr(c)) in ("Cf", "Zl", "Zp", "Cc") and render.printable(chr(c), lines=False) == chr(c)]
    assert missed == []


def test_json_escapes_what_would_act():
    value = {f"k{RLO}": [f"a{CSI}b", "\u2028", "\ud800", "\U000e0041", LINK]}
    text = render.dumps(value)
    assert acting(text) == [] and json.loads(text) == value


def test_a_huge_boost_is_an_error_not_infinity(demo_index):
    result = invoke("query", "выборы^" + "9" * 400, "--json", "--index", demo_index)
    assert result.exit_code == 2 and "boost" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_scores_stay_finite_at_the_largest_boost(demo_index):
    from kgsearch.query import MAX_BOOST

    query = " OR ".join([f"railway^{MAX_BOOST}", f'"railway agreement"^{MAX_BOOST}'] * 40)
    result = invoke("query", query, "--json", "--limit", "1000", "--index", demo_index)
    assert result.exit_code == 0

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    hits = json.loads(result.output, parse_constant=refuse)["hits"]
    assert hits and all(hit["score"] > 0 for hit in hits)


def test_json_output_refuses_infinity():
    with pytest.raises(ValueError):
        render.dumps({"score": float("inf")})
