"""``kgsearch names FILE``: a list of names searched at once (``Index.names``), as a table, CSV or JSON."""

import sys

import click

from kgsearch.cli.base import UsageProblem, _open, _reading, filter_options, index_option

FORMATS = ("table", "csv", "json")


@click.command()
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@index_option
@filter_options
@click.option("--top", type=click.IntRange(0, 100), default=3, show_default=True,
              help="The newest documents shown for each name.")
@click.option("--by-year", is_flag=True, help="Also count each name's documents by year.")
@click.option("--format", "form", type=click.Choice(FORMATS), default="table", show_default=True,
              help="A table on the terminal, CSV (a row a name) or JSON (a list, a name an object).")
@click.pass_context
def names(ctx, file, index_dir, filters, top, by_year, form):
    """For each name in FILE, how many documents name it, and the newest of them.

    FILE has one name a line, in either script: a person, an organisation
    or a place (- reads standard input; blank lines and lines starting with #
    are left out; at most 1,000 names). Each name is searched as
    --person searches it (then as an organisation and a place, where the
    index has them), within the filters, and shown as the registry or the
    index writes it, with its other script's form when known. A name no
    document names is counted 0.

    \b
    Examples:
      kgsearch names ministers.txt
      kgsearch names ministers.txt --year 2024 --by-year --format csv > counts.csv
      printf 'Wang Yi\\nВан И\\n' | kgsearch names - --format json

    Exit status: 0 when some name is named, 1 when none is, 2 on an error.
    """
    from kgsearch.names import read_names

    listed = read_names(_lines(file))
    if not listed:
        raise UsageProblem(f"{'standard input' if file == '-' else file} has no names; write one a line")
    with _open(ctx, index_dir) as index, _reading(index):
        counted = index.names(listed, filters, top=top, by_year=by_year)
    if form == "json":
        from kgsearch.render import dumps

        click.echo(dumps([c.to_json() for c in counted]))
    elif form == "csv":
        _write_csv(counted, top, by_year)
    else:
        from kgsearch.render import console

        _show_table(console(), counted, by_year)
    ctx.exit(0 if any(c.total for c in counted) else 1)


def _lines(file: str) -> list[str]:
    """The lines of ``file`` (``-``: standard input), or a one-line error saying why they cannot be read."""
    try:
        if file == "-":
            return click.get_text_stream("stdin", encoding="utf-8").read().splitlines()
        with open(file, encoding="utf-8") as handle:
            return handle.read().splitlines()
    except UnicodeDecodeError:
        raise UsageProblem(f"cannot read {file}: not UTF-8 text") from None
    except OSError as error:
        raise UsageProblem(f"cannot read {file}: {error.strerror or error}") from None


def _write_csv(counted, top: int, by_year: bool) -> None:
    """A row a name: the entity, the count, a column a year (with ``by_year``), then the hits."""
    import csv

    from kgsearch.render import printable

    years = sorted({y for c in counted for y in (c.years or {})}, reverse=True) if by_year else []
    table = csv.writer(sys.stdout)
    table.writerow(["name", "kind", "entity", "other_script", "documents", *years,
                    *(f"hit{n}_{part}" for n in range(1, top + 1) for part in ("id", "date", "title"))])
    for c in counted:
        hits = [h.get(part) or "" for h in c.hits for part in ("id", "date", "title")]
        row = [c.name, c.kind or "", c.entity or "", c.other or "", c.total,
               *((c.years or {}).get(y, 0) for y in years), *hits, *[""] * (3 * top - len(hits))]
        table.writerow([printable(str(value)) for value in row])


def _show_table(out, counted, by_year: bool) -> None:
    """A row a name; its newest documents a line each, cut short at the terminal's edge (the
    whole title is in the CSV and JSON), so that the name, the entity and the counts keep their width."""
    from rich.table import Table

    from kgsearch.render import printable

    rows = []
    for c in counted:
        entity = printable(c.entity or "—", lines=False)
        entity += f" ({printable(c.other, lines=False)})" if c.other else ""
        if c.kind and c.kind != "person":
            entity += f" [{c.kind}]"
        newest = "\n".join(printable(f"{h['id']}  {h['date'] or '(undated)'}  {h['title'] or '(untitled)'}",
                                     lines=False) for h in c.hits)
        years = ", ".join(f"{y} {n}" for y, n in (c.years or {}).items())
        rows.append([printable(c.name, lines=False), entity, str(c.total), *((years,) if by_year else ()),
                     newest or "; ".join(printable(n, lines=False) for n in c.notes)])
    table = Table(show_lines=True)
    columns = ("name", "entity", "documents", *(("by year",) if by_year else ()))
    used = 3 * len(columns) + 4  # the borders and padding, the last column's too
    for number, column in enumerate(columns):
        widest = max((len(line) for row in rows for line in row[number].splitlines()), default=0)
        width = min(max(widest, len(column)), 24 if column == "by year" else 32)
        used += width
        table.add_column(column, justify="right" if column == "documents" else "left", min_width=width)
    room = max(out.width - used, 24)
    table.add_column("newest", no_wrap=True)
    for row in rows:
        row[-1] = "\n".join(line if len(line) <= room else line[: room - 1] + "…" for line in row[-1].splitlines())
        table.add_row(*row)
    out.print(table)
