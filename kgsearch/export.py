"""Hits written out for a report: CSV, JSON Lines or Markdown, one hit at a time.

Each hit becomes the fields a citation needs (title, date, source, url,
speakers, organisations, places, path) and its best snippet as plain text, without marks or markup.
The writers take any iterable of hits and write as they go, so every hit of
a common word (``query --all``) streams through without being held. Text
goes through ``render.printable`` (JSON through ``render.dumps``): a file
written to a terminal cannot act on it.
"""

import csv
from collections.abc import Iterable

from kgsearch.render import dumps, join_names, printable

FORMATS = ("csv", "jsonl", "markdown")
FIELDS = ("rank", "id", "title", "date", "source", "lang", "speakers", "orgs", "places", "url", "path", "snippet")
NAME_LISTS = ("speakers", "orgs", "places")


def best_snippet(hit) -> str:
    """The snippet with the most distinct matched words (then the most matches, then the first), as
    plain text; "" for a hit without snippets.

    >>> from kgsearch.snippets import Snippet
    >>> class Hit: snippets = [Snippet((("a ", False), ("rail", True))),
    ...                        Snippet((("rail", True), (" and ", False), ("road", True)))]
    >>> best_snippet(Hit)
    'rail and road'
    """
    if not hit.snippets:
        return ""

    def weight(item):
        position, snippet = item
        matched = [text.lower() for text, hit in snippet.segments if hit]
        return len(set(matched)), len(matched), -position

    _, best = max(enumerate(hit.snippets), key=weight)
    return best.plain()


def record(rank: int, hit) -> dict:
    """The fields of one hit, in ``FIELDS``' order; speakers, organisations and places as lists."""
    return {"rank": rank, "id": hit.id, "title": hit.title, "date": hit.date or None, "source": hit.source or None,
            "lang": hit.lang, "speakers": list(hit.speakers), "orgs": list(hit.orgs), "places": list(hit.places),
            "url": hit.url, "path": hit.path,
            "snippet": best_snippet(hit)}


def write(hits: Iterable, form: str, out, first_rank: int = 1) -> int:
    """Write ``hits`` to the text stream ``out`` in ``form`` (one of ``FORMATS``); the number written."""
    writer = {"csv": _csv, "jsonl": _jsonl, "markdown": _markdown}[form]
    return writer((record(rank, hit) for rank, hit in enumerate(hits, first_rank)), out)


def _csv(records, out) -> int:
    table = csv.writer(out)
    table.writerow(FIELDS)
    count = 0
    for row in records:
        for name in NAME_LISTS:
            row[name] = "; ".join(row[name])
        table.writerow([printable("" if row[name] is None else str(row[name])) for name in FIELDS])
        count += 1
    return count


def _jsonl(records, out) -> int:
    count = 0
    for row in records:
        out.write(dumps(row) + "\n")
        count += 1
    return count


def _markdown(records, out) -> int:
    """A numbered list: the title in bold, then source, date, speakers and the link; the snippet
    quoted; the path and id last, for finding the document again."""
    count = 0
    for row in records:
        line = lambda value: _escape(printable(value, lines=False))
        cited = [line(row[name]) for name in ("source", "date") if row[name]]
        if row["speakers"]:
            cited.append(line(join_names(row["speakers"])))
        title = line(row["title"]) or "(untitled)"
        out.write(f"{row['rank']}. **{title}**" + (f" — {', '.join(cited)}" if cited else "") + "\n")
        if row["url"]:
            out.write(f"   <{printable(row['url'], lines=False).replace('>', '%3E')}>\n")
        if row["snippet"]:
            out.write(f"   > {line(row['snippet'])}\n")
        out.write(f"   `{printable(row['path'], lines=False).replace('`', '')}` · id {row['id']}\n\n")
        count += 1
    return count


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def _escape(text: str) -> str:
    """``text`` read literally by a Markdown renderer.

    >>> _escape("*Breaking*: [AKIpress] <b>")
    '\\\\*Breaking\\\\*: \\\\[AKIpress\\\\] \\\\<b\\\\>'
    """
    return text.translate(_MARKDOWN)
