"""Results on a terminal (rich styles) or in a pipe (plain text), shown literally.

Document text is never read as markup: every piece of it goes into a rich
``Text`` as plain content, and characters that act instead of showing are
replaced by visible symbols first: control characters (terminal escape
sequences among them), bidirectional and other format characters (U+202E
would display a file name reversed), line separators and lone surrogates.
So a document cannot restyle, reorder or move the terminal. JSON output
escapes the same characters as ``\\uXXXX``, which any JSON reader decodes
back to the text as indexed.
"""

from rich.console import Console
from rich.text import Text

from kgsearch.literal import dumps, printable

__all__ = ["console", "dumps", "join_names", "printable", "show_document", "show_facets", "show_related",
           "show_results"]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit with status 1; a reader that has read enough (``| head``) is the
        # command's to answer (``cli.Commands``: quietly, with 0).
        self.quiet = True
        raise BrokenPipeError


INDENT = 4  # where a hit's lines begin, after its number
MATCH_STYLE = "bold yellow"  # a matched word, in a snippet or a highlighted document
# A matched word in plain text (a pipe, a file), where there are no styles to mark it.
PLAIN_MARKS = ("**", "**")


def console(stream=None) -> Console:
    """Styles on a terminal, lines wrapped to its width; plain text, unwrapped, when piped.

    A pipe is not wrapped even where ``$COLUMNS`` is set: programs export it
    without a terminal (GNU readline does, once loaded), and scripts read a
    snippet a line. (``TTY_COMPATIBLE=1``, rich's switch, makes any output a terminal.)
    """
    out = _Console(file=stream, highlight=False, soft_wrap=True, emoji=False, markup=False)
    out.soft_wrap = not out.is_terminal
    return out


def print_hanging(out: Console, text: Text, first: Text | None = None, indent: int = INDENT) -> None:
    """``text`` wrapped at spaces to the console's width, every line after ``indent`` columns (the
    first after ``first``, such as a hit's number); a word longer than a line is folded. A console
    that does not wrap (``soft_wrap``: a pipe) gets one line."""
    first = first if first is not None else Text(" " * indent)
    if out.soft_wrap:
        out.print(first + text)
        return
    lines = text.wrap(out, max(1, out.width - max(indent, first.cell_len)), overflow="fold")
    for number, line in enumerate(lines):
        line.rstrip()
        out.print((first if number == 0 else Text(" " * indent)) + line, no_wrap=True, crop=False)


def join_names(names: list[str]) -> str:
    """Names on one line: between commas, or between semicolons when a name holds a comma.

    >>> join_names(["Wang Yi", "Ду Дэвэнь"]), join_names(["Smith, John", "Wang Yi"])
    ('Wang Yi, Ду Дэвэнь', 'Smith, John; Wang Yi')
    """
    return ("; " if any("," in name for name in names) else ", ").join(names)


def meta_line(hit) -> Text:
    parts = [hit.date or "no date", hit.lang or "?", hit.source or "source unknown"]
    if hit.speakers:
        parts.append(join_names(hit.speakers))
    line = Text(" · ".join(printable(p, lines=False) for p in parts), style="dim")
    if hit.score:  # a list of what filters select (no words) has nothing to score
        line.append(f" · score {hit.score:.2f}", style="dim")
    line.append(f" · id {printable(hit.id)}", style="dim")
    if hit.record_id:
        line.append(f" · record {printable(hit.record_id, lines=False)}", style="dim")
    if hit.url:
        line.append(f" · {printable(hit.url, lines=False)}", style="dim")
    if hit.copies:
        line.append(f" · +{len(hit.copies)} {'copy' if len(hit.copies) == 1 else 'copies'}", style="dim")
    return line


def similar_line(hit) -> Text:
    """The other versions of the hit's story by their sources: ``+3 similar: Kabar, 24.kg, AKIpress``
    (a version of no known source by its title)."""
    sources = dict.fromkeys(v["source"] or repr(v["title"] or v["id"]) for v in hit.similar)
    named = ", ".join(printable(source, lines=False) for source in sources)
    return Text(f"    +{len(hit.similar)} similar: {named}", style="dim")


LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "ky": "Kyrgyz"}


def translations_line(hit) -> Text:
    """The story's versions in other languages: ``also in Russian: «Title» (id 9f2c…)``."""
    shown = [f"{LANGUAGE_NAMES.get(v['lang'], v['lang'])}: {printable(v['title'] or '(untitled)', lines=False)} "
             f"(id {printable(v['id'])})" for v in hit.translations]
    return Text("    also in " + "; ".join(shown), style="dim")


def snippet_text(snippet) -> Text:
    text = Text()
    if snippet.page:
        text.append(f"p. {snippet.page}: ", style="dim")
    for segment, matched in snippet.segments:
        text.append(printable(segment), style=MATCH_STYLE if matched else None)
    return text


def marked_text(text: str, spans, plain: bool) -> Text:
    """``text`` with the ``spans`` (start, end) styled as matches; with ``plain``, also between
    ``PLAIN_MARKS``, which show where styles do not."""
    shown = Text()
    cursor = 0
    opening, closing = PLAIN_MARKS if plain else ("", "")
    for start, end in sorted(spans):
        if start < cursor:
            continue
        shown.append(printable(text[cursor:start]))
        shown.append(opening + printable(text[start:end]) + closing, style=MATCH_STYLE)
        cursor = end
    shown.append(printable(text[cursor:]))
    return shown


def _named(name: dict) -> str:
    """A recognised name, what it was known as and what it was linked to."""
    if not name["linked"]:
        return f"{name['name']} ({name['as']}; no form in the other script)"
    return f"{name['name']} ({name['as']}) → {', '.join(name['linked'])}"


def show_hits(out: Console, hits, first: int = 1) -> None:
    """Hits numbered from ``first``: title, metadata, versions, snippets."""
    for number, hit in enumerate(hits, first):
        title = Text(printable(hit.title, lines=False) or "(untitled)", style="bold cyan")
        print_hanging(out, title, Text(f"{number:>2}. ".ljust(INDENT), style="bold"))
        print_hanging(out, meta_line(hit))
        if hit.similar:
            print_hanging(out, similar_line(hit))
        if hit.translations:
            print_hanging(out, translations_line(hit))
        if hit.why:
            print_hanging(out, Text(f"    ({hit.why})", style="italic dim"))
        for snippet in hit.snippets:
            print_hanging(out, snippet_text(snippet))
        out.print()


def show_results(out: Console, results, expansions=None) -> None:
    """A numbered list: title, metadata, snippets; then the total and the time taken."""
    for note in results.notes:
        out.print(Text(f"Note: {printable(note)}", style="italic"))
    if results.corrected:
        out.print(Text(f"Showing results for {printable(results.corrected)}", style="bold"))
        out.print(Text(f"(nothing matched {printable(results.query)} as typed; --exact searches only as typed)",
                       style="italic"))
    elif results.suggestion:
        out.print(Text(f"Did you mean: {printable(results.suggestion)}", style="bold"))
    named = {n["name"] for n in results.names}
    # A name's forms are said once, on the Names line.
    expansions = [e for e in results.expansions if e.split(" → ", 1)[0] not in named]
    if expansions:
        out.print(Text("Also searched: " + "; ".join(printable(e) for e in expansions), style="italic"))
    if results.names:
        out.print(Text("Names: " + "; ".join(printable(_named(n)) for n in results.names), style="italic"))
    if results.untranslated and results.expansions:
        out.print(Text("Not translated (searched as typed): " + ", ".join(printable(w) for w in results.untranslated),
                       style="italic"))
    start = (results.page - 1) * results.limit
    show_hits(out, results.hits, start + 1)
    shown = f"{start + 1}–{start + len(results.hits)} of " if results.hits else ""
    folded = _folded(results.copies_folded, results.similar_folded)
    out.print(Text(f"{shown}{results.total} documents{folded} · {results.took_ms:.0f} ms", style="dim"))
    if results.facets:
        show_facets(out, results.facets)


def _folded(copies: int, similar: int) -> str:
    """`` (and 2 copies and 1 other version of them)``: what the total does not count."""
    parts = []
    if copies:
        parts.append("1 copy" if copies == 1 else f"{copies} copies")
    if similar:
        parts.append("1 other version" if similar == 1 else f"{similar} other versions")
    return f" (and {' and '.join(parts)} of them)" if parts else ""


def show_facets(out: Console, facets: dict, top: int = 10) -> None:
    """Each facet's most frequent values on a line; the years as a histogram."""
    from kgsearch.charts import year_histogram

    for name, counts in facets.items():
        if name == "year" and counts:
            year_histogram(out, counts)
            continue
        items = list(counts.items())
        line = Text(", ".join(f"{printable(str(value), lines=False)} {count}" for value, count in items[:top]))
        if len(items) > top:
            line.append(f", … ({len(items) - top} more)", style="dim")
        print_hanging(out, line, Text(f"{name:<8} ", style="bold"), indent=9)


def show_related(out: Console, related: list) -> None:
    """Related entities under the hits: each kind's most named, with the filter to type for each."""
    out.print(Text("Also named in these documents (add the filter to narrow the search):", style="bold"))
    width = max(len(printable(r.command_line(), lines=False)) for r in related)
    for entity in related:
        out.print(Text(f"  {printable(entity.command_line(), lines=False):<{width}}  {entity.count}"))


LABEL_WIDTH = len("record_id")  # the longest of show's own labels; a longer one (an extra field) pushes its value


def _field_line(label: str, value: str) -> Text:
    """``label`` and ``value`` on a line of ``show``, a space between them always: a label as wide as
    the column (``record_id``) ran into its value (``record_idbsnlp/…``)."""
    return Text(f"{label:<{LABEL_WIDTH}} {printable(value, lines=False)}", style="dim")


def show_document(out: Console, doc: dict) -> None:
    """Title, metadata, text; with ``doc["highlights"]`` (``Index.get(highlight=…)``), the matches
    marked: styled on a terminal, between ``PLAIN_MARKS`` in plain text."""
    out.print(Text(printable(doc["title"], lines=False) or "(untitled)", style="bold cyan"))
    for key in ("id", "record_id", "date", "lang", "source", "speakers", "people", "orgs", "places", "tags", "url",
                "path"):
        value = doc.get(key)
        if value:
            value = join_names(value) if isinstance(value, list) else str(value)
            if key == "date" and doc.get("date_source"):
                value += f" (from the {doc['date_source']})"
            out.print(_field_line(key, value))
    from kgsearch.index.overrides import CORRECTED  # the values a user's correction replaced

    for key, value in (doc.get("extras") or {}).items():
        if key == CORRECTED and isinstance(value, dict):
            found = "; ".join(f"{name.replace('_', ' ')} {_found(was)}" for name, was in value.items())
            out.print(_field_line("corrected", f"by hand; as found: {found}"))
            continue
        out.print(_field_line(printable(str(key), lines=False), str(value)))
    out.print()
    if "highlights" in doc:
        out.print(marked_text(doc["text"], doc["highlights"], plain=not out.is_terminal))
    else:
        out.print(Text(printable(doc["text"])))


def _found(value) -> str:
    """A value a correction replaced, as found: a list as names, nothing as 'none'."""
    if value in (None, "", []):
        return "none"
    return join_names(value) if isinstance(value, list) else str(value)
