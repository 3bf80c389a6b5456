"""Mail with headers the standard library's parser cannot take (``To: undisclosed-recipients@``,
``Message-ID: <>``): the header is read as raw text or left out, the message and every other
message of its mailbox are indexed."""

import codecs
import re
from pathlib import Path

import kgsearch
import pytest
from hypothesis import given, strategies as st

from conftest import invoke
from kgsearch.index import files
from kgsearch.index.documents import SkipFile

# Headers each of which made the email package raise (IndexError, AttributeError…) in Python 3.11.
BAD_HEADERS = [
    "To: undisclosed-recipients@",
    "Message-ID: <>",
    "To: a@[127.0.0.1",
    "From: <@>",
    "To: friends: a@b.c, d@e.f;",
    "Cc: =?utf-8?q?=?= <x@",
]
# A token of RFC 2045: US-ASCII but spaces, controls and ()<>@,;:\"/[]?=
TOKEN = r'[!#$%&\'*+.^_`{|}~0-9A-Za-z-]+'
STRUCTURED = ["To", "From", "Cc", "Message-ID", "Date", "Subject", "Content-Type"]
ODD = ["", "<>", "<@>", "@", ":;", "friends: a@b.c, d@e.f;", "undisclosed-recipients@", "a@[127.0.0.1",
       '"unterminated <a@b.c>', "=?utf-8?q?", "=?utf-8?b?!!!?=", "=?x-unknown?q?a?=", "((((", ")", "\\",
       "<<a@b>>", "[", "a@b.c,,,,", "Mon, 32 Foo 2024 99:99", "multipart/mixed", "text/plain; charset=\"",
       "text/plain; charset=x-unknown", "; ;", "Железная дорога <рельс@пример.рф>", "\x00", "\x7f\udc80"]


def _value():
    printable = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=40)
    pieces = st.lists(st.sampled_from(ODD + [" ", ",", ";", ":", "<", ">", "@", '"']), max_size=8)
    return st.one_of(st.sampled_from(ODD), printable, pieces.map("".join))


def _reads_as_text(name: str, value: str) -> bool:
    """Whether a body under this header is text a reader must find: a Content-Type that names
    another kind (``image/png``), or a charset that makes ASCII something else, would not be."""
    if name != "Content-Type":
        return True
    kind = value.split(";")[0].strip().lower()
    if re.fullmatch(rf"{TOKEN}/{TOKEN}", kind) and \
            not kind.startswith(("text/", "multipart/")):
        return False
    for charset in re.findall(r"charset\s*=\s*\"?([^\";\s]*)", value, re.I):
        try:
            if "railway".encode(codecs.lookup(charset).name) != b"railway":
                return False
        except (LookupError, ValueError, UnicodeError):
            pass
    return True


def _message(headers: list[tuple[str, str]], body: str) -> bytes:
    lines = [f"{name}: {value}" for name, value in headers]
    return ("\n".join(lines) + "\n\n" + body + "\n").encode("utf-8", "surrogateescape")


@given(st.lists(st.tuples(st.sampled_from(STRUCTURED), _value()), min_size=1, max_size=6))
def test_no_header_stops_a_message_from_being_read(headers):
    """Fuzzed structured headers: reading never raises, and the body is found. A message whose
    body is not text (``Content-Type: 0/0``, no subject) holds nothing to index: the file is
    skipped with its reason, which is what SkipFile is, never any other error."""
    text_body = all(_reads_as_text(name, value) for name, value in headers)
    data = _message(headers, "Fuzzed message about the fuzzrailway.")
    try:
        documents, _ = files.read_file(Path("fuzzed.eml"), data)
    except SkipFile:
        assert not text_body, headers
        return
    if text_body:
        assert any("fuzzrailway" in doc.body for doc in documents), (headers, documents)


@pytest.mark.parametrize("header", BAD_HEADERS)
def test_an_eml_with_a_bad_header_is_read(header):
    data = _message([(header.split(":", 1)[0], header.split(":", 1)[1].strip()), ("Subject", "Railway talks")],
                    "The ministers met about the railway.")
    (doc,), _ = files.read_file(Path("bad.eml"), data)
    assert (doc.title, doc.body) == ("Railway talks", "The ministers met about the railway.")


def test_a_bad_header_is_kept_as_its_raw_text():
    data = _message([("To", "undisclosed-recipients@"), ("Message-ID", "<>"), ("Subject", "Railway")], "Body.")
    (doc,), _ = files.read_file(Path("bad.eml"), data)
    assert doc.extras["to"] == "undisclosed-recipients@"


def _mbox(messages: list[tuple[str, str, str]]) -> bytes:
    return b"".join(b"From desk@example.org Mon Jan  1 00:00:00 2024\n" + _message([(name, value), ("Subject", title)],
                                                                                    f"{title} body.") + b"\n"
                    for (name, value), title in ((m[:2], m[2]) for m in messages))


def test_every_message_of_a_mailbox_after_a_bad_header_is_read():
    messages = [(*header.split(":", 1), f"Message{number}") for number, header in enumerate(BAD_HEADERS * 2)]
    documents, found = files.read_file(Path("box.mbox"), _mbox(messages))
    assert [d.title for d in documents] == [m[2] for m in messages], found
    assert not any("the rest of the file is not read" in w for w in found)


def test_a_folder_with_a_hostile_mailbox_builds(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain note\n\nThe plainrailway note.\n", "utf-8")
    (folder / "box.mbox").write_bytes(_mbox([("To", "undisclosed-recipients@", "First mailrailway"),
                                             ("Message-ID", "<>", "Second mailrailway"),
                                             ("From", "desk@example.org", "Third mailrailway")]))
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--verbose")
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output.split("\n", 1)[1], result.output
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert ix.search("plainrailway").total == 1
        assert ix.search("mailrailway").total == 3
