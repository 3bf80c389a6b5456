"""Counts drawn as bars on a terminal: a trend's series side by side, a year facet's histogram.

A bar is made of block characters to an eighth of a character, on one scale
for everything in a chart, so that series can be compared by length; a count
above zero always shows at least a sliver. Labels and queries are shown
through ``literal.printable``, as everything else that is printed.
"""

from rich.console import Console
from rich.text import Text

from kgsearch.literal import printable

EIGHTHS = " ▏▎▍▌▋▊▉"
COLORS = ("cyan", "magenta", "green", "yellow", "blue", "red")
FACET_BAR = 30  # characters for the longest bar of a facet's histogram, at most


def bar(count: int, most: int, width: int) -> str:
    """``count`` as a bar of up to ``width`` characters, ``most`` filling them all.

    >>> bar(8, 8, 4), bar(1, 8, 4), bar(0, 8, 4), bar(1, 1000, 4)
    ('████', '▌', '', '▏')
    """
    if count <= 0 or most <= 0 or width <= 0:
        return ""
    eighths = max(1, round(count / most * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + EIGHTHS[part].strip()


def show_trend(out: Console, trend) -> None:
    """The periods down the side, one column of bars per query, and what is in no period below."""
    series = trend.series
    names = [printable(s.query, lines=False) for s in series]
    for s, name in zip(series, names):
        for note in s.notes:
            out.print(Text(f"Note ({name}): {printable(note)}", style="italic"))
        if s.expansions:
            out.print(Text(f"Also searched for {name}: " + "; ".join(printable(e) for e in s.expansions),
                           style="italic"))
    label_width = max([len(p) for p in trend.periods] + [len("period")])
    most = max((n for s in series for n in s.counts), default=0)
    digits = len(str(most))
    column = max(digits + 3, (out.width - label_width - 1) // max(1, len(series)))
    bar_width = column - digits - 2
    header = Text(" " * label_width)
    for i, name in enumerate(names):
        header.append(" " + _fit(name, column - 1), style=f"bold {COLORS[i % len(COLORS)]}")
    header.rstrip()
    if trend.periods:
        out.print(header, no_wrap=True, crop=True)
    for row, period in enumerate(trend.periods):
        line = Text(f"{period:<{label_width}}", style="dim")
        for i, s in enumerate(series):
            count = s.counts[row]
            drawn = bar(count, most, bar_width)
            line.append(" ")
            line.append(drawn, style=COLORS[i % len(COLORS)])
            line.append(f" {count}".ljust(column - len(drawn) - 1), style=None if count else "dim")
        line.rstrip()
        out.print(line, no_wrap=True, crop=True)
    if not trend.periods:
        out.print(Text("No dated document matches.", style="italic"))
    totals = " · ".join(f"{name} {s.total}" for name, s in zip(names, series))
    out.print(Text(f"documents by {trend.by}; in all: {totals} · {trend.took_ms:.0f} ms", style="dim"))
    apart = [("undated, in no " + trend.by, [s.undated for s in series])]
    if trend.by != "year":
        apart.append((f"dated too coarsely for a {trend.by}, in none", [s.coarse for s in series]))
    for what, counts in apart:
        if any(counts):
            out.print(Text(f"{what}: " + " · ".join(f"{name} {n}" for name, n in zip(names, counts)), style="dim"))


def year_histogram(out: Console, counts: dict[str, int], label: str = "year") -> None:
    """A year facet as bars, oldest year first, documents without one last."""
    years = sorted((y for y in counts if y.isdigit()), key=int) + [y for y in counts if not y.isdigit()]
    most = max(counts.values(), default=0)
    digits = len(str(most))
    width = min(FACET_BAR, max(1, out.width - 9 - 5 - digits - 2))
    for i, year in enumerate(years):
        line = Text(f"{label if i == 0 else '':<8} ", style="bold")
        line.append(f"{printable(year, lines=False):<5}")
        line.append(f"{counts[year]:>{digits}} ")
        line.append(bar(counts[year], most, width), style="cyan")
        out.print(line, no_wrap=True, crop=True)


def _fit(text: str, width: int) -> str:
    """``text`` in ``width`` characters: padded, or cut with an ellipsis."""
    if width <= 0:
        return ""
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
