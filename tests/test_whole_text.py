"""Text with UTF-16 surrogates never stops a build (issue 23).

Word writes an emoji in RTF as two ``\\uN`` halves; JSON written by JavaScript
may hold one half of a pair cut off, which ``json.loads`` keeps. Such text
cannot be written as UTF-8, and stopped every rebuild and update with a
``UnicodeEncodeError`` traceback. A pair is now joined into its character, a
lone half replaced by U+FFFD, for every reader's documents.
"""

import json

import kgsearch
from kgsearch.index import readers
from kgsearch.index.documents import Document, made_whole
from conftest import invoke, stored

EMOJI = "\U0001f60a"  # Word's \u-10179?\u-8694?
# An RTF as Word writes it: the emoji as a pair of \uN halves, then one half alone.
RTF = (rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Calibri;}}{\info{\title Railway launch \u-10179?\u-8694?}}"
       rb"\f0 The railway opens today \u-10179?\u-8694? and a half \u-10179? was left.\par}")
# JSON Lines from JavaScript: a pair cut in two (json.dumps writes the escape as is).
JSONL = json.dumps({"title": "Railway \ud83d", "body": "The Railway \ud83d line to Osh opened."}) + "\n"
PLAIN = "Plain note\n\nA plain note about the railway station.\n"


def hostile_folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "launch.rtf").write_bytes(RTF)
    (folder / "export.jsonl").write_text(JSONL, "utf-8")
    (folder / "plain.txt").write_text(PLAIN, "utf-8")
    return folder


def found(location, query) -> set[str]:
    with kgsearch.open_index(location) as ix:
        return {hit.title for hit in ix.search(query, translate=False, limit=50).hits}


def test_a_rebuild_keeps_emoji_pairs_and_replaces_lone_halves(tmp_path):
    folder = hostile_folder(tmp_path)
    result = invoke("index", "rebuild", "--index", tmp_path / "ix", folder)
    assert result.exit_code == 0, result.output
    assert "0 skipped," in result.output
    docs = stored(tmp_path / "ix")
    rtf = docs[f"Railway launch {EMOJI}"]  # the pair, joined, in the \info title too
    assert f"opens today {EMOJI} and a half \ufffd was left" in rtf["body"]
    record = docs["Railway \ufffd"]
    assert record["body"] == "The Railway \ufffd line to Osh opened."
    assert found(tmp_path / "ix", "railway") == {f"Railway launch {EMOJI}", "Railway \ufffd", "Plain note"}


def test_an_update_reads_them_too(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plain.txt").write_text(PLAIN, "utf-8")
    assert invoke("index", "rebuild", "--index", tmp_path / "ix", folder).exit_code == 0
    (folder / "export.jsonl").write_text(JSONL, "utf-8")
    (folder / "launch.rtf").write_bytes(RTF)
    result = invoke("index", "update", "--index", tmp_path / "ix", folder)
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    assert found(tmp_path / "ix", "osh") == {"Railway \ufffd"}
    assert found(tmp_path / "ix", "today") == {f"Railway launch {EMOJI}"}


def test_every_field_of_every_reader_is_made_whole(tmp_path, monkeypatch):
    """Whatever the reader (a PDF's metadata, a mail header kept with surrogateescape…), its
    documents reach the index whole: the cleaning is where every reader's output passes."""
    half = "\udc80"  # as Python's surrogateescape keeps the byte 0x80 it could not decode

    def reader(kind, handle, context):
        yield Document(path=context.name, title=f"Odd{half} railway", body=f"Body \ud83d\ude84 {half}",
                       summary=f"s{half}", source=f"src{half}", url=f"https://x/{half}",
                       speakers=[f"Smith{half}"], tags=[f"tag{half}"], member=f"m{half}", key=f"k{half}",
                       extras={f"note{half}": [f"v{half}"]})

    monkeypatch.setattr(readers, "read", reader)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "paper.pdf").write_bytes(b"%PDF-1.7 whatever")
    result = invoke("index", "rebuild", "--index", tmp_path / "ix", folder)
    assert result.exit_code == 0, result.output
    [fields] = stored(tmp_path / "ix").values()
    assert fields["title"] == "Odd\ufffd railway" and fields["body"] == "Body \U0001f684 \ufffd"
    for name in ("summary", "source", "url", "speakers", "tags", "member", "key"):
        value = "".join(fields[name]) if isinstance(fields[name], list) else fields[name]  # names are lists
        assert "\ufffd" in value and json.dumps(fields[name], ensure_ascii=False).encode()
    assert fields["extras"] == {"note\ufffd": ["v\ufffd"]}


def test_made_whole_leaves_whole_text_alone():
    doc = Document("a.txt", "Железная дорога", f"Body {EMOJI}", speakers=["Ван И"])
    assert made_whole(doc) == Document("a.txt", "Железная дорога", f"Body {EMOJI}", speakers=["Ван И"])


def test_the_rtf_decoder_joins_the_halves_word_writes():
    from kgsearch.index.readers.rtf import rtf_text

    text, info = rtf_text(RTF)
    assert info["title"] == f"Railway launch {EMOJI}"
    assert text == f"The railway opens today {EMOJI} and a half \ufffd was left.\n"
