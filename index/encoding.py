"""Bytes to text for the encodings Russian and English archives are kept in.

Order matters: a BOM is certain; strict UTF-8 almost never decodes text in
another encoding by accident; UTF-16 without a BOM shows itself by its NUL
bytes and by reading as letters of one alphabet; Windows-1251 and KOI8-R
decode any byte, so the one whose letters read as Russian is taken (each
turns the other's lower case into upper case and scrambles the letters), and
only when the result reads as text at all.

Records files are decoded a piece at a time (``PieceDecoder``): an export
appended to by different tools holds lines in several encodings, and one
line in another encoding must not cost the whole file.

Text that was turned into mojibake before kgsearch saw it (UTF-8 read as
Windows-1251 and saved again, ``РњРёРЅ…``; KOI8-R read as Windows-1251,
``нЙОЙУФТ``) decodes cleanly; it is reported, not guessed back.
"""

import codecs
import math
import re
from collections import Counter

from kgsearch.analyzers import CYRILLIC_LETTER
from kgsearch.index.documents import SkipFile

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Share of invalid sequences up to which a file is UTF-8 with damage, not
# another encoding: a few bad bytes in a long UTF-8 file.
_DAMAGE = 0.01
# How much of a text its encoding and its look are judged on.
SAMPLE = 65_536
LEGACY = {"cp1251": "Windows-1251", "koi8_r": "KOI8-R"}
NAMES = {"utf-8": "UTF-8", **LEGACY}
NOT_TEXT = "not text in UTF-8, UTF-16, Windows-1251 or KOI8-R"
NOT_TEXT_LINE = "not text in UTF-8, Windows-1251 or KOI8-R"
MOJIBAKE = "text reads as mojibake: it may be in another encoding than the one it was read in"


def decode(data: bytes) -> tuple[str, str | None]:
    """The text of a file and a warning, or ``SkipFile`` when it is not text.

    >>> decode("Кыргызстан".encode("cp1251"))
    ('Кыргызстан', None)
    >>> decode("Кыргызстан".encode("koi8-r"))
    ('Кыргызстан', None)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise SkipFile(f"invalid {encoding} after its byte-order mark") from error
            return text, _look(text)
    if b"\x00" in data[:8192]:
        codec = utf16_codec(data[:SAMPLE])
        if codec is None:
            raise SkipFile("binary file (NUL bytes)")
        text = data.decode(codec, errors="replace")
        return text, _look(text)
    try:
        text, _, replaced = decode_piece(data)
    except SkipFile:
        codec = utf16_codec(data[:SAMPLE])  # UTF-16 of letters only has no NUL byte
        if codec is None:
            raise SkipFile(NOT_TEXT) from None
        text, replaced = data.decode(codec, errors="replace"), 0
    if replaced:
        return text, f"{replaced} invalid UTF-8 byte sequences replaced"
    return text, _look(text)


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names, if any."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode_piece(data: bytes, prefer: str | None = None) -> tuple[str, str, int]:
    """One piece of text (a line, a file), its encoding and how many bad UTF-8 sequences were replaced.

    ``prefer`` is the single-byte encoding the file's other pieces were in:
    it is kept unless the other reads clearly better (a short line in
    capitals, ``МИД КР``, reads about as well in either). ``SkipFile`` when
    the piece reads as none of UTF-8, Windows-1251, KOI8-R.
    """
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")
    bad = damaged.count("\ufffd")
    multibyte = len(data) - len(data.translate(None, _UTF8_LEADS))
    if multibyte and bad <= max(3, _DAMAGE * len(damaged)) and bad < multibyte:
        return damaged, "utf-8", bad
    candidates = []
    for codec in LEGACY:
        text = data.decode(codec, errors="replace")
        sample = text[:SAMPLE]
        if _reads_as_text(sample, _RARE[codec]):
            score = russian_score(sample) + (_PREFERENCE if codec == prefer else 0)
            candidates.append((score, text, codec))
    if not candidates:
        raise SkipFile(NOT_TEXT_LINE)
    _, text, codec = max(candidates, key=lambda c: c[0])  # on a tie, the first: Windows-1251
    return text, codec, 0


# How much better the other single-byte encoding must read to be taken over the file's own.
_PREFERENCE = 0.5


_UTF8_LEADS = bytes(range(0xC2, 0xF5))


def utf16_codec(sample: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``sample`` (a file's start) is UTF-16 text without a BOM.

    Taken only when it decodes to letters of the alphabets kgsearch reads
    (Latin, Cyrillic and their punctuation): random bytes and binary formats
    decode to scattered scripts, or not at all.
    """
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            try:
                text = sample[:-2].decode(codec)  # the sample may end inside a surrogate pair
            except UnicodeDecodeError:
                continue
        ours = sum(1 for ch in text if ch < "\u0530" or "\u2000" <= ch <= "\u206f")
        if ours >= 0.9 * len(text) and _reads_as_text(text, frozenset()):
            return codec
    return None


# Characters that Russian text almost never uses, in each single-byte encoding:
# many of them mean the bytes were something else.
_RARE = {
    "cp1251": frozenset("ЂЃѓ‰ЉЊЌЋЏђљњќћџЎўЈ¤Ґ¦"),
    "koi8_r": frozenset(bytes(range(0x80, 0xC0)).decode("koi8_r")) - frozenset("ёЁ\xa0©°²·÷"),
}


def _reads_as_text(text: str, rare: frozenset) -> bool:
    counts = Counter(text)
    visible = sum(n for ch, n in counts.items() if not ch.isspace())
    if not visible:
        return True
    letters = sum(n for ch, n in counts.items() if ch.isalpha())
    controls = sum(n for ch, n in counts.items() if ch < " " and not ch.isspace())
    odd = sum(counts[ch] for ch in rare if ch in counts)
    return controls == 0 and letters >= 0.6 * visible and odd <= 0.01 * visible


# How often each letter occurs in Russian text (per thousand letters).
_FREQUENCY = dict(zip("оеаинтсрвлкмдпуяызьбгчйхжшюцщэфъё", (
    109.7, 84.5, 80.1, 73.5, 67.0, 62.6, 54.7, 47.3, 45.4, 44.0, 34.9, 32.1, 29.8, 28.1, 26.2, 20.1, 19.0,
    16.5, 17.4, 15.9, 17.0, 14.4, 12.1, 9.7, 9.4, 7.3, 6.4, 4.8, 3.6, 3.2, 2.6, 0.4, 0.4)))
_LOG_FREQUENCY = {letter: math.log(n / 1000) for letter, n in _FREQUENCY.items()}
# A small letter followed by a capital inside a word: "нЙОЙУФТ", "РёРЅ".
_FLIP = re.compile(r"[а-яё][А-ЯЁ]")


def russian_score(text: str) -> float:
    """How much ``text`` reads as Russian: the mean log frequency of its Cyrillic letters, with
    small letters rewarded and capitals inside words punished. 0 when it has no Cyrillic letter."""
    letters = small = 0
    likelihood = 0.0
    for ch, n in Counter(text).items():
        low = ch.lower()
        if low in _LOG_FREQUENCY:
            letters += n
            likelihood += n * _LOG_FREQUENCY[low]
            small += n if ch == low else 0
    if not letters:
        return 0.0
    flips = len(_FLIP.findall(text))
    return likelihood / letters + 0.5 * small / letters - 3 * flips / letters


# Serbian and Macedonian letters and typographic signs that Windows-1251 puts
# where UTF-8 has its second bytes: Russian and English text has none of them.
_ODD = frozenset("ЂђЃѓЉљЊњЌќЋћЏџЈјЅѕ‚„†‡€‰‹›™¤¦")


def reads_as_mojibake(text: str) -> bool:
    """True when Cyrillic ``text`` looks like a decoding gone wrong before it was saved.

    Two signs: characters no Russian text has (UTF-8 read as Windows-1251),
    or letters that read better with Windows-1251 and KOI8-R swapped.
    """
    sample = text[:SAMPLE]
    counts = Counter(sample)
    cyrillic = sum(n for ch, n in counts.items() if CYRILLIC_LETTER.match(ch))
    if cyrillic < 20:
        return False
    if sum(counts[ch] for ch in _ODD if ch in counts) > 0.02 * cyrillic:
        return True
    score = russian_score(sample)
    for wrong, right in (("cp1251", "koi8_r"), ("koi8_r", "cp1251")):
        swapped = sample.encode(wrong, errors="ignore").decode(right, errors="ignore")
        if russian_score(swapped) > score + 0.5:
            return True
    return False


def _look(text: str) -> str | None:
    return MOJIBAKE if reads_as_mojibake(text) else None


class PieceDecoder:
    """Decodes a records file a piece at a time (a line, or a chunk of a JSON file), each piece in the
    encoding it reads in; ``warnings`` sums up, once for the file, what the pieces were in."""

    def __init__(self):
        self.encodings: Counter = Counter()
        self.replaced = 0
        self._sample: list[str] = []
        self._sampled = 0

    def __call__(self, data: bytes) -> str:
        """The text of one piece; ``SkipFile`` when it is not text."""
        try:
            text, encoding, replaced = data.decode("utf-8"), "utf-8", 0  # most pieces: at once
        except UnicodeDecodeError:
            legacy = [e for e, _ in self.encodings.most_common() if e in LEGACY]
            text, encoding, replaced = decode_piece(data, legacy[0] if legacy else None)
            self.replaced += replaced
        if not data.isascii():  # plain ASCII reads the same in every encoding
            self.encodings[encoding] += 1
        if self._sampled < SAMPLE:
            self.look_at(text)
        return text

    def look_at(self, text: str) -> None:
        """Keep the start of the file's text, to judge its look at the end."""
        if self._sampled < SAMPLE:
            self._sample.append(text[: SAMPLE - self._sampled])
            self._sampled += len(self._sample[-1])

    def warnings(self) -> list[str]:
        found = []
        if len(self.encodings) > 1:
            found.append("lines in more than one encoding: "
                         + ", ".join(f"{n} {NAMES[e]}" for e, n in self.encodings.most_common()))
        if self.replaced:
            found.append(f"{self.replaced} invalid UTF-8 byte sequences replaced")
        if reads_as_mojibake("".join(self._sample)):
            found.append(MOJIBAKE)
        return found
