"""``kgsearch watch``: saved searches that report what is new (see ``kgsearch.watches``).

The commands parse options, call ``kgsearch.watches`` and print; a watch's
filters are those of ``kgsearch query``.
"""

import sys

import click

from kgsearch.cli.base import (Commands, _index_dir, _no_words, _open, _reading, filter_options, index_option,
                               json_option, no_translate_option)


@click.group("watch", cls=Commands)
def watch():
    """Saved searches that report the documents added since they last ran.

    \b
    A daily digest, from cron:
      kgsearch index update -q && kgsearch watch run
    """


def _watch_names(ctx, param, incomplete):
    """The names of the watches of the index (``--index``, else the default), for shell completion."""
    from kgsearch import watches
    from kgsearch.index import store

    try:
        found = watches.load(store.resolve(_index_dir(ctx, ctx.params.get("index_dir"))))
    except Exception:  # completion must never fail a shell: no names is the answer
        return []
    return [name for name in found if name.startswith(incomplete)]


@watch.command("add")
@click.argument("name")
@click.argument("query")
@index_option
@filter_options
@no_translate_option("Match only as typed: no translations or name variants.")
@click.pass_context
def add(ctx, name, query, index_dir, filters, no_translate):
    """Save QUERY with its filters as the watch NAME.

    What matches it now counts as seen: its first run reports what is added
    after. QUERY may be "" when the filters say it all.

    \b
    Examples:
      kgsearch watch add torugart "Торугарт OR Torugart"
      kgsearch watch add kabar "" --source Kabar --lang ru
    """
    from kgsearch import watches
    from kgsearch.render import printable

    _no_words(query, filters)
    with _open(ctx, index_dir) as index, _reading(index):
        added = watches.add(index, name, query, filters, translate=not no_translate)
    click.echo(f"Watch {printable(name, lines=False)} added: {len(added.seen)} documents match it now; "
               "`kgsearch watch run` reports the ones added from now on.")


@watch.command("list")
@index_option
@json_option
@click.pass_context
def list_watches(ctx, index_dir, as_json):
    """The watches, their queries and filters, and when each last ran.

    \b
    Example:
      kgsearch watch list
    """
    from kgsearch import watches
    from kgsearch.index import store
    from kgsearch.render import dumps, printable


    found = watches.load(store.resolve(_index_dir(ctx, index_dir)))
    if as_json:
        click.echo(dumps([w.describe() for w in found.values()]))
        return
    if not found:
        click.echo("No watches yet; add one with `kgsearch watch add NAME QUERY [filters]`.", err=True)
    for w in found.values():
        info = w.describe()
        filters = " ".join(f"{k}={v}" for k, v in info["filters"].items())
        ran = f"last run {info['last_run']}" if info["last_run"] else "not run yet"
        click.echo(printable(f"{w.name}  {w.query!r} {filters}  ({ran}; added {info['added']})", lines=False))
    ctx.exit(0 if found else 1)


@watch.command("remove")
@click.argument("name", shell_complete=_watch_names)
@index_option
@click.pass_context
def remove(ctx, name, index_dir):
    """Remove the watch NAME.

    \b
    Example:
      kgsearch watch remove torugart
    """
    from kgsearch import watches
    from kgsearch.index import store


    watches.remove(store.resolve(_index_dir(ctx, index_dir)), name)
    click.echo(f"Watch {name} removed.")


@watch.command("run")
@click.argument("names", nargs=-1, metavar="[NAME]...", shell_complete=_watch_names)
@index_option
@json_option
@click.pass_context
def run(ctx, names, index_dir, as_json):
    """Report, for each watch (or those named), the documents that match it and were added to
    the index since it last ran, newest first; then remember them as reported.

    Only watches with something new are printed (on a terminal, the others
    are named in one line), so that cron mails only a digest with news in it.
    A watch's first run with nothing new says so in one line (everything it
    matched when it was added counts as seen). Exit status: 0 when some watch
    has something new, 1 when none has.

    \b
    Examples:
      kgsearch watch run
      kgsearch watch run torugart --json
    """
    from kgsearch import watches
    from kgsearch.render import console, dumps, printable, show_results

    with _open(ctx, index_dir) as index, _reading(index):
        reports = watches.run(index, names)
    if as_json:
        click.echo(dumps([{**r.watch.describe(), "first_run": r.first, "new": r.new.total,
                           "hits": [h.to_json() for h in r.new.hits]} for r in reports]))
    else:
        out = console()
        if not reports:
            click.echo("No watches yet; add one with `kgsearch watch add NAME QUERY [filters]`.", err=True)
        for r in reports:
            if r.new.total:
                click.echo(printable(f"== {r.watch.name}: {r.watch.query!r} — {r.new.total} new", lines=False))
                show_results(out, r.new)
            elif r.first:  # once a watch, so that a first run that prints nothing is not a puzzle
                click.echo(printable(f"Watch {r.watch.name}: first run, {r.matching} documents match it now, all "
                                     "there when it was added; later runs report the ones added since.",
                                     lines=False), err=True)
        quiet = [r.watch.name for r in reports if not r.new.total and not r.first]
        if quiet and sys.stdout.isatty():  # from cron, nothing new prints nothing: no mail
            click.echo(printable(f"Nothing new for {', '.join(quiet)}.", lines=False))
    ctx.exit(0 if any(r.new.total for r in reports) else 1)
