"""Dates as news text writes them, kept at the precision they were found.

A release dated "February 2025" is not dated 1 February: ``PartialDate``
remembers whether it knows a day, a month or only a year, so that ``date:2025-02``
finds it and ``date:2025-02-01`` does not pretend to.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
_EN_MONTH = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
             r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_RU_MONTH = (r"(?P<mon>январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|"
             r"июл[ьяе]|август[ае]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])(?!\w)")
# Kyrgyz writes the months as Russian does, with a hyphen after the day and case endings after the
# month (5-июнунда, 5-июнь), the year before or after with its own (2024-жылдын, 2024-ж.).
_KY_MONTH = (r"(?P<mon>январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
             r"(?:ь|[ыиуү])?(?:н)?(?:[дтнгк][аеоө]н?|[дтн]?[ыиуү]н|[дтн][ыиуү])?(?:[дт][аеоө])?(?!\w)")
_KY_YEAR = r"(?P<year>(?:19|20)\d\d)-?\s*(?:ж(?:ылы|ылдын|ылы|ыл)?\.?)"
# A year, not a time of day written like one ("2000 GMT").
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\s*(?:GMT|BST|UTC|CET|MSK|hrs)\b)"

# Each pattern names what it captures: day, mon, year (some optional).
_PHRASE_PATTERNS = [
    rf"\b{_EN_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?",
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}(?:,?\s+{_YEAR}\b)?",
    rf"\b(?P<day>\d{{1,2}})(?:\s*[-–—]\s*\d{{1,2}}|\s+по\s+\d{{1,2}})?\s+{_RU_MONTH}"
    rf"(?:\s+{_YEAR}(?:\s*(?:г\.?|года?))?)?",
    rf"\b{_KY_YEAR}\s+(?P<day>\d{{1,2}})(?:-\d{{1,2}})?-{_KY_MONTH}",
    rf"\b(?P<day>\d{{1,2}})(?:-\d{{1,2}})?-{_KY_MONTH}(?:,?\s+{_YEAR}(?:-?ж(?:ылы|ыл)?\.?)?)?",
    rf"\b{_EN_MONTH}\s+{_YEAR}\b",
    rf"\b{_RU_MONTH}\s+{_YEAR}(?:\s*(?:г\.?|года?))?",
    rf"\b{_KY_YEAR}\s+{_KY_MONTH}(?:\s+айында)?",
]
# A year alone counts only after a preposition that dates an event, and only
# when the opening passage gives nothing more precise.
# Kyrgyz says it with the year's own ending: 2023-жылы, "in 2023".
_YEAR_ONLY_PATTERN = (rf"\b(?:(?:in|during|since|throughout|в|во|за|течение)\s+|(?=(?:19|20)\d\d-жылы\b))"
                      rf"{_YEAR}\b(?!\s*[-–—]?\s*\d)")


@cache
def _phrases() -> list[re.Pattern]:
    """The dated phrases, compiled on first use: that takes 10 ms, which a query, reading only
    the ISO dates the index stores, should not pay."""
    return [re.compile(pattern, re.I) for pattern in _PHRASE_PATTERNS]


_ISO = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2})"
                  r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?)?)?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2})?")
_DOTTED = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})")
_HEADER = re.compile(r"\A\s*date\s+(?P<date>\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?)\s*", re.I)
_FILENAME = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)(?:-(?P<day>\d\d))?(?!\d)")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (and maybe the minute).

    >>> PartialDate(2020, 10).iso, PartialDate(2025, 11, 20, 10, 29).iso
    ('2020-10', '2025-11-20')
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None

    def __post_init__(self):
        # Raises ValueError for a month 13 or a 30 February.
        date(self.year, self.month or 1, self.day or 1)
        if self.hour is not None:
            datetime(self.year, self.month or 1, self.day or 1, self.hour, self.minute or 0)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def start(self) -> datetime:
        """The first moment the date covers, for sorting and ranges."""
        return datetime(self.year, self.month or 1, self.day or 1, self.hour or 0, self.minute or 0)

    def end(self) -> datetime:
        """The last moment the date covers (``datetime.max`` for the end of 9999, which has no next day)."""
        if self.year == datetime.max.year and (self.month or 12) == 12 and (self.day or 31) == 31:
            return datetime.max
        if self.day:
            nxt = datetime(self.year, self.month, self.day) + timedelta(days=1)
        elif self.month:
            nxt = datetime(self.year + self.month // 12, self.month % 12 + 1, 1)
        else:
            nxt = datetime(self.year + 1, 1, 1)
        return nxt - timedelta(microseconds=1)


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    for length in (7, 6, 5, 4, 3, 2):
        if name[:length] in MONTHS:
            return MONTHS[name[:length]]
    raise ValueError(name)


def _make(year, month=None, day=None, hour=None, minute=None) -> PartialDate | None:
    try:
        return PartialDate(*(int(v) if v is not None else None for v in (year, month, day, hour, minute)))
    except ValueError:
        return None


def parse_date(value: str) -> PartialDate | None:
    """A date written alone, as fields and datelines write it.

    >>> [parse_date(v).iso for v in ("2020-10-18T09:00:00Z", "Oct 18, 2020", "18.10.2020", "2025")]
    ['2020-10-18', '2020-10-18', '2020-10-18', '2025']
    >>> parse_date("20 ноября 2025 года").iso
    '2025-11-20'
    """
    value = value.strip()
    if m := _ISO.fullmatch(value):
        return _make(m["year"], m["month"], m["day"], m["hour"], m["minute"])
    if m := _DOTTED.fullmatch(value):
        return _make(m["year"], m["month"], m["day"])
    for pattern in _phrases():
        m = pattern.fullmatch(value.rstrip("."))
        if m and m["year"]:
            groups = m.groupdict()
            return _make(m["year"], _month(m["mon"]), groups.get("day"))
    return None


def header_date(text: str) -> tuple[PartialDate | None, str]:
    """A leading `` date YYYY-MM-DD HH:MM`` header and the text after it.

    >>> header_date(" date 2025-06-17 President of Kyrgyzstan met")
    (PartialDate(year=2025, month=6, day=17, hour=None, minute=None), 'President of Kyrgyzstan met')
    """
    m = _HEADER.match(text)
    if not m:
        return None, text
    return parse_date(m["date"]), text[m.end():]


def find_date(text: str, year_hint: int | None = None) -> PartialDate | None:
    """The first dated phrase in ``text`` (a short opening passage, not a whole article).

    A day and month without a year take ``year_hint``, or are not a date.

    >>> find_date("In October 29, 2020 the Ambassador met").iso
    '2020-10-29'
    >>> find_date("В период с 19 по 20 ноября 2025 года по приглашению").iso
    '2025-11-19'
    >>> find_date("taking place today, June 17, in Astana", year_hint=2025).iso
    '2025-06-17'
    """
    found = sorted((m for m in (p.search(text) for p in _phrases()) if m), key=lambda m: m.start())
    for m in found:
        year = m["year"] or year_hint
        if year is not None and (result := _make(year, _month(m["mon"]), m.groupdict().get("day"))):
            return result
    return None


# What may stand before the date a news text opens with: a preposition (In, On,
# В), or a dateline's place and agency (BISHKEK, ... ; Бишкек (Кабар), ...).
_LEAD_PREFIX = r"(?:in|on|в|во|[A-ZА-ЯЁ][\w.’'-]*(?:\s+[A-ZА-ЯЁ(][\w.’'()-]*){0,3}\s*[,:—–-]?)?"
_LEAD_SPAN = 120


def lead_date(text: str) -> PartialDate | None:
    """The day a text opens with, as a dateline or a lead puts it, with its year.

    A date deeper in a news text is the date of some event it recalls (the
    first time since 1917), not of the text: only the opening counts.

    >>> lead_date("In October 29, 2020 the Ambassador met").iso
    '2020-10-29'
    >>> lead_date("BISHKEK, Oct. 18, 2020 (Xinhua) -- Kyrgyzstan will").iso
    '2020-10-18'
    >>> lead_date("Бишкек, 20 ноября 2025 года. Главы МИД").iso
    '2025-11-20'
    >>> lead_date("The club won for the first time since October 1917.") is None
    True
    >>> lead_date("В ноябре 2015 года запустился «Матч ТВ»") is None
    True
    >>> lead_date("Ewood Park\\n\\nTuesday, 1 March\\n\\n2000 GMT\\n\\nHoward Webb") is None
    True
    """
    opening = text.lstrip()[:_LEAD_SPAN]
    found = sorted((m for m in (p.search(opening) for p in _phrases()) if m), key=lambda m: m.start())
    # A month or a year alone opens stories that recall ("В ноябре 2015 года запустился…").
    if not found or not found[0]["year"] or not found[0].groupdict().get("day"):
        return None
    first = found[0]
    if "\n" in first.group() or not re.fullmatch(_LEAD_PREFIX, opening[: first.start()].strip(), re.I):
        return None
    return _make(first["year"], _month(first["mon"]), first.groupdict().get("day"))


def find_year(text: str) -> PartialDate | None:
    """A year named alone as the time of an event (``In 2023, trade grew``).

    >>> find_year("In 2023, trade between Kyrgyzstan and China grew").iso
    '2023'
    >>> find_year("the 2030 agenda") is None
    True
    >>> find_year("2023-жылы соода 20 пайызга өстү").iso
    '2023'
    """
    m = re.search(_YEAR_ONLY_PATTERN, text, re.I)
    return _make(m["year"]) if m else None


_FOLDER = re.compile(r"(?P<year>(?:19|20)\d\d)(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?")


def folder_date(name: str) -> PartialDate | None:
    """The date of a folder named for it, as archives are kept (``2023/``, ``2024-06/``).

    >>> folder_date("2023").iso, folder_date("2024-06").iso, folder_date("politics")
    ('2023', '2024-06', None)
    """
    m = _FOLDER.fullmatch(name)
    return _make(m["year"], m["month"], m["day"]) if m else None


def filename_date(name: str) -> PartialDate | None:
    """A ``YYYY-MM-DD`` or ``YYYY-MM`` date in a file name.

    >>> filename_date("2016-11-07-Липы за 200 тысяч.txt").iso
    '2016-11-07'
    """
    m = _FILENAME.search(name)
    return _make(m["year"], m["month"], m["day"]) if m else None
