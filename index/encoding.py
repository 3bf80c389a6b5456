"""Bytes to text for the encodings Russian and English archives are kept in.

Order matters: a BOM is certain; strict UTF-8 almost never decodes text in
another encoding by accident; Windows-1251 decodes any byte, so it is taken
only when the result reads as Cyrillic text.
"""

import codecs

from kgsearch.index.documents import SkipFile

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Share of invalid sequences up to which a file is UTF-8 with damage, not
# another encoding: a few bad bytes in a long UTF-8 file.
_DAMAGE = 0.01


def decode(data: bytes) -> tuple[str, str | None]:
    """The text of a file and a warning, or ``SkipFile`` when it is not text.

    >>> decode("Кыргызстан".encode("cp1251"))
    ('Кыргызстан', None)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as error:
                raise SkipFile(f"invalid {encoding} after its byte-order mark") from error
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")
    bad = damaged.count("\ufffd")
    multibyte = sum(1 for b in data if b >= 0xC2 and b <= 0xF4)
    if multibyte and bad <= max(3, _DAMAGE * len(damaged)) and bad < multibyte:
        return damaged, f"{bad} invalid UTF-8 byte sequences replaced"
    text = data.decode("cp1251", errors="replace")
    if _reads_as_text(text):
        return text, None
    raise SkipFile("not text in UTF-8, UTF-16 or Windows-1251")


# Windows-1251 characters that Russian text almost never uses: many of them
# mean the bytes were something else.
_RARE_CP1251 = frozenset("ЂЃѓ‰ЉЊЌЋЏђљњќћџЎўЈ¤Ґ¦Ёё"[:-2])


def _reads_as_text(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return True
    letters = sum(ch.isalpha() for ch in visible)
    controls = sum(ch < " " for ch in visible)
    rare = sum(ch in _RARE_CP1251 for ch in visible)
    return controls == 0 and letters >= 0.6 * len(visible) and rare <= 0.01 * len(visible)
