"""``kgsearch index``: build, update, restore and inspect the index."""

import sys

import click

from kgsearch.choices import ENGINES
from kgsearch.cli.base import Commands, _index_dir, _registry, index_option, json_option, wait_option


@click.group("index", cls=Commands)
def index_group():
    """Build, update, restore and inspect the index."""


def _build_options(command):
    for option in reversed([
        index_option,
        click.option("--quiet", "-q", is_flag=True, help="Print nothing but the summary line."),
        click.option("--verbose", "-v", is_flag=True, help="List each skipped file with its reason."),
        click.option("--people", multiple=True, type=click.Path(dir_okay=False),
                     help="A people registry file of your own (JSON); repeatable. Also $KGSEARCH_PEOPLE."),
        wait_option,
    ]):
        command = option(command)
    return command


OCR_HELP = ("Recognise scanned PDF pages (no text layer) with Tesseract, in the document's language; "
            "results are cached. Without it such pages are reported.")


@index_group.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_build_options
@click.option("--procs", default="auto", show_default=True, callback=lambda ctx, param, value: _procs(value),
              help="Processes that analyze documents in parallel: a number, or auto (the usable CPUs, "
                   "fewer for a small input).")
@click.option("--allow-empty", is_flag=True, help="Replace an index that has documents with an empty one.")
@click.option("--ocr", is_flag=True, help=OCR_HELP)
@click.option("--engine", type=click.Choice(ENGINES),
              help="What finds the matches: whoosh, or xapian (a Xapian copy of the index; needs "
                   "pip install 'kgsearch[xapian]'). Default: the index's own, else whoosh.")
@click.option("--shard", "shards", multiple=True, metavar="tcp://HOST:PORT",
              help="With --engine xapian: write the Xapian copy into this database, served by "
                   "`xapian-tcpsrv --writable DBPATH`, instead of the index folder; repeatable, the "
                   "documents spread over them. Default: the index's own shards.")
@click.pass_context
def rebuild(ctx, paths, index_dir, quiet, verbose, people, wait, procs, allow_empty, ocr, engine, shards):
    """Build a new index of PATHS (files or folders) and swap it in.

    The current index answers queries until the new one is complete; a build
    that fails leaves it whole, and the index it replaces is kept for
    `kgsearch index restore`. With no PATHS, rebuilds the paths the index was
    built from; where there is no index yet, indexes the bundled demo corpus.
    A PATH that does not exist changes nothing; a rebuild that finds no
    documents empties an index only with --allow-empty. With --engine xapian
    the new index gets a Xapian copy, which finds the matches of every later
    query, update and edit until a rebuild with --engine whoosh.

    \b
    Examples:
      kgsearch index rebuild
      kgsearch index rebuild ~/archive/releases ~/archive/wires.jsonl
      kgsearch index rebuild ~/archive --engine xapian --shard tcp://10.0.0.5:8100
    """
    import kgsearch

    def run(progress):
        location = _index_dir(ctx, index_dir)
        return kgsearch.rebuild(location, _paths_or_demo(location, paths), registry=_registry(people),
                                progress=progress, procs=procs, lock_timeout=wait, allow_empty=allow_empty,
                                ocr=ocr, engine=engine, shards=list(shards) or None)

    _report(_with_progress(run, quiet), quiet, verbose, "rebuilt")


def _procs(value: str):
    """``--procs``: ``auto`` or a whole number from 1 to 64."""
    if value == "auto":
        return value
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 64:
        raise click.BadParameter(f"{value!r} is neither auto nor a number from 1 to 64")
    return number


def _paths_or_demo(location, paths):
    """PATHS as typed; with none, the paths the index has (None), or the demo corpus where nothing is."""
    from kgsearch.index import demo_corpus, store

    if paths:
        return list(paths)
    return [str(demo_corpus())] if store.vacant(store.resolve(location)) else None


@index_group.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_build_options
@click.option("--ocr", is_flag=True, help=OCR_HELP)
@click.pass_context
def update(ctx, paths, index_dir, quiet, verbose, people, wait, ocr):
    """Index new and changed files under PATHS; drop documents whose files are gone.

    With no PATHS, updates the paths the index was built from (a cron line
    needs no arguments). A PATH that does not exist (a renamed folder, a disk
    not mounted) changes nothing; files behind a folder that cannot be read
    keep what was indexed of them.

    \b
    Examples:
      kgsearch index update ~/archive/releases
      kgsearch index update
    """
    import kgsearch

    run = lambda progress: kgsearch.update(_index_dir(ctx, index_dir), list(paths) or None,
                                          registry=_registry(people), progress=progress, lock_timeout=wait,
                                          ocr=ocr)
    _report(_with_progress(run, quiet), quiet, verbose, "updated")


@index_group.command()
@index_option
@wait_option
@click.pass_context
def restore(ctx, index_dir, wait):
    """Swap back the previous index: the one the last rebuild replaced.

    One level: the index swapped out is kept, so restoring again brings it
    back. Updates made since go with the index they were made to.

    \b
    Example:
      kgsearch index restore
    """
    import kgsearch

    report = _with_progress(lambda progress: kgsearch.restore(_index_dir(ctx, index_dir), lock_timeout=wait),
                            quiet=True)
    from kgsearch.render import printable

    click.echo(f"Index restored: {report.documents} documents from {report.files} files → "
               f"{printable(report.location, lines=False)}; `kgsearch index restore` again brings back the index "
               "it replaced.")


def _with_progress(run, quiet):
    """Run a build with a progress bar on a terminal, silently otherwise.

    The bar follows the bytes of the files (a single large file moves it
    too), names the phase (reading, indexing, writing) and counts documents;
    while the segments are written it pulses, having no total to show; texts
    embedded after the commit (kgsearch[semantic], an update's) are counted
    on a bar of their own.
    """
    if quiet or not sys.stdout.isatty():
        return run(None)
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description:<9}"), BarColumn(), TextColumn("{task.fields[amount]:>15}"),
               TextColumn("{task.fields[documents]:>9,} documents {task.fields[rate]:>6.0f}/s"),
               TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        shown = {"task": bar.add_task("reading", total=None, documents=0, rate=0.0, amount=""), "phase": None,
                 "at": 0.0}
        started = time.monotonic()

        def progress(event):
            now = time.monotonic()
            if event.phase == shown["phase"] and now - shown["at"] < 0.1:
                return  # a large build sends an event per document; the bar redraws ten times a second
            counts = {"documents": event.documents, "rate": event.documents / max(now - started, 1e-9)}
            if event.phase == "embedding":
                counts["amount"] = f"{event.texts:,}/{event.total_texts:,} texts"
                if shown["phase"] != "embedding":
                    bar.update(shown["task"], visible=False)
                    shown["task"] = bar.add_task("embedding", total=event.total_texts, **counts)
                bar.update(shown["task"], completed=event.texts, **counts)
            elif event.phase in ("writing", "xapian") and shown["phase"] != event.phase:  # no total: pulsing
                bar.update(shown["task"], visible=False)
                shown["task"] = bar.add_task(event.phase, total=None, completed=event.bytes,
                                             amount=_megabytes(event.bytes, event.total_bytes), **counts)
            else:
                bar.update(shown["task"], description=event.phase, total=event.total_bytes or None,
                           completed=event.bytes, amount=_megabytes(event.bytes, event.total_bytes), **counts)
            shown.update(phase=event.phase, at=now)

        return run(progress)


def _megabytes(done: int, total: int) -> str:
    return f"{done / 1e6:.1f}/{total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"


def _report(report, quiet, verbose, verb):
    changes = ""
    if verb == "updated":
        kept = f"; kept {report.kept} files it could not read" if report.kept else ""
        changes = (f" ({report.added} added, {report.changed} changed, {report.removed} removed, "
                   f"{report.unchanged} unchanged{kept})")
    from kgsearch.render import printable

    for name in report.recovered:
        click.echo(f"Removed {name}, left behind by a build that was interrupted.", err=True)
    skipped = len(report.skipped)
    hint = "" if verbose or not skipped else "; --verbose lists them"
    twin = ""
    if report.engine == "xapian" and report.twin_seconds:
        where = f" on {len(report.shards)} shards" if report.shards else ""
        how = {True: " joined", False: " written from the index"}.get(report.twin_joined, "")
        twin = f" (the Xapian copy{where}{how} {report.twin_seconds:.1f} s)"
    click.echo(f"Index {verb}: {report.documents} documents{changes}, {skipped} skipped{hint}, "
               f"{report.seconds:.1f} s{twin} → {printable(report.location, lines=False)}")
    if verbose:
        for item in report.skipped:
            click.echo(f"  skipped {printable(item['path'], lines=False)}: {printable(item['reason'], lines=False)}")
        for item in report.warnings:
            click.echo(f"  warning {printable(item['path'], lines=False)}: {printable(item['warning'], lines=False)}")


@index_group.command()
@index_option
@json_option
@click.pass_context
def status(ctx, index_dir, as_json):
    """Documents by language, year and source; dates covered; skipped files.

    \b
    Example:
      kgsearch index status --json
    """
    import kgsearch
    from kgsearch.render import dumps, printable

    info = kgsearch.status(_index_dir(ctx, index_dir))
    if as_json:
        click.echo(dumps(info, indent=2))
        return

    def shown(value) -> str:
        return printable(str(value), lines=False)

    def counts(by: dict) -> str:
        return ", ".join(f"{shown(value)} {count}" for value, count in by.items())

    first, last = info["date_range"] or ("–", "–")
    lines = [
        f"index      {shown(info['location'])}",
        f"documents  {info['documents']} from {info['files']} files; dates {first} … {last}",
        f"built      {shown(info['built_at'])} (updated {shown(info['updated_at'])}) "
        f"from {', '.join(map(shown, info['paths']))}",
        f"languages  {counts(info['by_lang'])}",
        f"years      {counts(info['by_year'])}",
        f"sources    {counts(info['by_source'])}",
        f"speakers   {info['speakers']}",
        f"engine     {info['engine']}" + (f" (shards {', '.join(map(shown, info['shards']))})" if info["shards"] else ""),
        f"skipped    {len(info['skipped'])} (files or parts of files, each with its reason)",
    ]
    lines += [f"  {shown(s['path'])}: {shown(s['reason'])}" for s in info["skipped"]]
    click.echo("\n".join(lines))

