"""Titles that are not in a title line: in the file name, or among a web page's several.

A file name is a title only when a tool that saves articles made it: a date
(``2016-12-05-300 миллионов патриарха.txt``, as ../shared/corpora/meduza is
kept) or a URL slug (``niderlandy-obvinili-…-Нидерланды обвинили ….txt``)
before words written with spaces, or before one word outside ASCII
(``2019-05-17-Выселяторы.txt``: URL slugs are transliterated, so a Russian
word is a headline). Latin slugs (``2024-06-06-railway-agreement-en``,
``IMG_0042``) and numbers (``001.txt``) are no titles, and a bare name with
spaces is as often ``New Text Document (2)`` as a headline, so it is none either.

A web page names itself up to three times: ``<title>``, ``og:title`` and its
``<h1>``. The ``<title>`` is often the site's (``Press release | MFA KR``,
``МИД КР``), so the publisher's headline (``og:title``, ``<h1>``) beats it,
but the ``<h1>`` is sometimes the site's logo or a section's name: see ``page_title``.
"""

import re
from pathlib import PurePath

_DATE_PREFIX = re.compile(r"(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?(?:[-_]|\s)+")
# A URL slug: three or more lower-case Latin words joined by hyphens, then the title.
_SLUG_PREFIX = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}-(?=\S)")
_COPY_MARK = re.compile(r"\s+\(\d{1,2}\)$")  # "… (1).txt", a browser's second download
# Where a page title joins the headline to the site's or section's name.
_SEPARATOR = re.compile(r"\s+(?:[|·•»«/—–-]|::)\s+")
_SEPARATOR_KEPT = re.compile(f"({_SEPARATOR.pattern})")
# Separators that headlines themselves hardly use (dashes they do: "Abortion not a poll issue - Blair").
_SITE_SEPARATOR = re.compile(r"\s(?:[|·•»«]|::)\s")


def filename_title(path: str) -> str:
    """The title a file's name carries, or ``""`` when the name is not a title.

    >>> filename_title("corpora/meduza/2016-12-05-300 миллионов патриарха.txt")
    '300 миллионов патриарха'
    >>> filename_title("2024-06-06-railway-agreement-en.txt"), filename_title("001.txt")
    ('', '')
    """
    stem = PurePath(path).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    prefixed = False
    for prefix in (_DATE_PREFIX, _SLUG_PREFIX):
        if m := prefix.match(stem):
            stem, prefixed = stem[m.end():], True
    title = " ".join(_COPY_MARK.sub("", stem.strip()).split())
    if not prefixed or not any(c.isalpha() for c in title):
        return ""
    if " " not in title and ("_" in title or all(c.isascii() for c in title if c.isalpha())):
        return ""  # one token: a slug, unless a word written in another alphabet than URLs use
    return title


def same_title(line: str, named: str) -> bool:
    """Whether a title line is the file name's title (a name loses ``:``, ``?``, ``/`` to file systems).

    >>> same_title("Новые «короли госзаказа»: кто они?", "Новые «короли госзаказа» кто они")
    True
    """
    return _key(line) == _key(named)


def page_title(title: str, h1: str = "", og_title: str = "", site: str = "") -> str:
    """The headline among a page's ``<title>``, ``<h1>`` and ``og:title`` (``site`` is ``og:site_name``).

    The publisher's headline (``og:title``, else the ``<h1>``) wins over a
    ``<title>`` that names the site: one joined by ``|`` and the like
    (``Press release | MFA KR``) or one whose every part, between dashes, is
    shorter than the ``<h1>`` (``МИД КР``, ``Пресс-релиз — МИД КР``). Another
    ``<title>`` is the headline, and the ``<h1>`` a section's name
    (``Новости``). An ``<h1>`` that is one short part
    of the ``<title>`` is the site's logo: the ``<title>`` without it is the headline.

    >>> page_title("Press release | MFA KR", h1="Japarov met Xi Jinping in Astana")
    'Japarov met Xi Jinping in Astana'
    >>> page_title("Japarov met Xi Jinping in Astana | MFA KR", h1="MFA KR")
    'Japarov met Xi Jinping in Astana'
    >>> page_title("Japarov met Xi Jinping in Astana", h1="News")
    'Japarov met Xi Jinping in Astana'
    """
    title, h1, og = (" ".join(s.split()) for s in (title, h1, og_title))
    site_key = _key(site)
    title, og = _without_site(title, site_key), _without_site(og, site_key)
    # og:title is often the <title> again, site and all: the <h1> then says where the headline ends.
    headline, chosen = og, True
    if _key(h1) and (not _key(og) or _key(og) == _key(title) or _key(h1) in map(_key, _parts(og))):
        headline, chosen = h1, False
    if not (_key(headline) and _key(title)):
        return headline if _key(headline) else title
    parts = _parts(title)
    others = [p for p in parts if _key(p) != _key(headline)]
    if len(others) < len(parts) and others and len(headline) < max(map(len, others)):
        return _drop(title, _key(headline))  # "Headline | Site" with the site's logo in <h1>
    if chosen or _SITE_SEPARATOR.search(title) or _key(headline) in _key(title) \
            or len(headline) >= max(map(len, parts)):
        return headline
    return title


def _without_site(text: str, site_key: str) -> str:
    return _drop(text, site_key) if site_key and text else text


def _drop(text: str, key: str) -> str:
    """``text`` without its parts whose key is ``key``, the other parts joined as they were."""
    pieces = _SEPARATOR_KEPT.split(text)  # part, separator, part, …
    kept = [(pieces[i - 1] if i else "", pieces[i])
            for i in range(0, len(pieces), 2) if _key(pieces[i]) != key]
    return "".join(sep + part for sep, part in kept)[len(kept[0][0]):] if kept else ""


def _parts(text: str) -> list[str]:
    return [p for p in _SEPARATOR.split(text) if p.strip()] or [text]


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())
