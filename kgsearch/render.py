"""Results on a terminal (rich styles) or in a pipe (plain text), shown literally.

Document text is never read as markup: every piece of it goes into a rich
``Text`` as plain content, and control characters (terminal escape
sequences among them) are replaced by visible symbols first, so a document
cannot restyle or move the terminal.
"""

import re

from rich.console import Console
from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_AND_LINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, lines: bool = True) -> str:
    """``text`` with control characters shown as symbols (ESC as ␛); with ``lines=False``, newlines too.

    >>> printable("a\\x1b[31mred"), printable("odd\\nname", lines=False)
    ('a␛[31mred', 'odd␊name')
    """
    pattern = _CONTROL if lines else _CONTROL_AND_LINES
    return pattern.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "�", text)


def console(stream=None) -> Console:
    """Styles on a terminal; plain text, unwrapped, when piped."""
    return Console(file=stream, highlight=False, soft_wrap=True, emoji=False, markup=False)


def meta_line(hit) -> Text:
    parts = [hit.date or "no date", hit.lang or "?", hit.source or "source unknown"]
    if hit.speakers:
        parts.append(", ".join(hit.speakers))
    line = Text("    " + " · ".join(printable(p) for p in parts), style="dim")
    line.append(f" · score {hit.score:.2f} · id {hit.id}", style="dim")
    return line


def snippet_text(snippet) -> Text:
    text = Text("    ")
    for segment, matched in snippet.segments:
        text.append(printable(segment), style="bold yellow" if matched else None)
    return text


def show_results(out: Console, results, expansions=None) -> None:
    """A numbered list: title, metadata, snippets; then the total and the time taken."""
    for note in results.notes:
        out.print(Text(f"Note: {note}", style="italic"))
    if results.suggestion:
        out.print(Text(f"Did you mean: {printable(results.suggestion)}", style="bold"))
    if results.expansions:
        out.print(Text("Also searched: " + "; ".join(printable(e) for e in results.expansions), style="italic"))
    start = (results.page - 1) * results.limit
    for number, hit in enumerate(results.hits, start + 1):
        title = Text(f"{number:>2}. ", style="bold")
        title.append(printable(hit.title) or "(untitled)", style="bold cyan")
        out.print(title)
        out.print(meta_line(hit))
        for snippet in hit.snippets:
            out.print(snippet_text(snippet))
        out.print()
    shown = f"{start + 1}–{start + len(results.hits)} of " if results.hits else ""
    out.print(Text(f"{shown}{results.total} documents · {results.took_ms:.0f} ms", style="dim"))
    if results.facets:
        show_facets(out, results.facets)


def show_facets(out: Console, facets: dict, top: int = 10) -> None:
    for name, counts in facets.items():
        line = Text(f"{name:<8} ", style="bold")
        items = list(counts.items())
        line.append(", ".join(f"{printable(str(value), lines=False)} {count}" for value, count in items[:top]))
        if len(items) > top:
            line.append(f", … ({len(items) - top} more)", style="dim")
        out.print(line)


def show_document(out: Console, doc: dict) -> None:
    out.print(Text(printable(doc["title"], lines=False) or "(untitled)", style="bold cyan"))
    for key in ("id", "date", "lang", "source", "speakers", "people", "tags", "url", "path"):
        value = doc.get(key)
        if value:
            value = ", ".join(value) if isinstance(value, list) else str(value)
            if key == "date" and doc.get("date_source"):
                value += f" (from the {doc['date_source']})"
            out.print(Text(f"{key:<9}{printable(value, lines=False)}", style="dim"))
    for key, value in (doc.get("extras") or {}).items():
        out.print(Text(f"{printable(str(key), lines=False):<9}{printable(str(value), lines=False)}", style="dim"))
    out.print()
    out.print(Text(printable(doc["text"])))
