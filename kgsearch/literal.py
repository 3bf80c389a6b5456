"""Text shown literally: what would act on a terminal instead of showing, shown as symbols.

Control characters (terminal escape sequences among them), bidirectional and
other format characters (U+202E would display a file name reversed), line
separators and lone surrogates become visible symbols (``printable``); JSON
escapes the same characters as ``\\uXXXX`` (``dumps``). Below the terminal's
renderers (``render``, ``charts``), which both print through it.
"""

import json
import re

# Unicode's format characters (category Cf) as of Unicode 15, bidirectional controls among them;
# tests/test_terminal_safety.py checks this list against the running Python's unicodedata.
_FORMAT = ("\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
           "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
           "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
# What acts instead of showing, besides C0 controls: DEL and C1 controls, format characters,
# the line and paragraph separators, and lone surrogates (a file name that is not UTF-8).
_ACTING = f"\x7f-\x9f{_FORMAT}\u2028\u2029\ud800-\udfff"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{_ACTING}]")
_CONTROL_AND_LINES = re.compile(f"[\x00-\x1f{_ACTING}]")
_JSON_UNSAFE = re.compile(f"[{_ACTING}]")


def _symbol(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC is ␛, a newline ␊
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"\u27e8U+{code:04X}\u27e9"  # ⟨U+202E⟩


def printable(text: str, lines: bool = True) -> str:
    """``text`` with what would act on a terminal shown as symbols; with ``lines=False``, newlines too.

    >>> printable("a\\x1b[31mred"), printable("odd\\nname", lines=False), printable("abc\\u202etxt.exe")
    ('a␛[31mred', 'odd␊name', 'abc⟨U+202E⟩txt.exe')
    """
    pattern = _CONTROL if lines else _CONTROL_AND_LINES
    return pattern.sub(lambda m: _symbol(m.group()), text)


def _json_escape(match) -> str:
    units = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def dumps(value, **options) -> str:
    """``value`` as JSON for a terminal or a program: UTF-8 text, with every character that
    would act on a terminal escaped (``\\u202e``); a non-finite number is an error, not JSON.

    >>> dumps({"title": "abc\\u202etxt", "c1": "\\x9b"})
    '{"title": "abc\\\\u202etxt", "c1": "\\\\u009b"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
    return _JSON_UNSAFE.sub(_json_escape, text)
