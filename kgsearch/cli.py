"""The ``kgsearch`` command: a thin skin over the Python API.

Every command parses options, calls the library and prints. Errors the user
can fix are one line on stderr and exit status 2, never a traceback: usage
errors too (click's usage block is left to ``--help``), and a damaged index
says so. Every value printed goes through ``render.printable`` (or, as JSON,
``render.dumps``). A reader that closes the pipe early (``| head``) ends the
command quietly, with exit status 0.
"""

import errno
import os
import sys
from contextlib import contextmanager
from dataclasses import asdict

import click

from kgsearch import __version__
from kgsearch.choices import AMBIGUITY_POLICIES, FACET_FIELDS, LANGUAGES, SORTS, SYNTAX
from kgsearch.errors import KgsearchError

EXPORT_FORMATS = ("csv", "jsonl", "markdown")  # kgsearch.export.FORMATS, without importing it to start


class UsageProblem(click.ClickException, KgsearchError):
    """A one-line error with exit status 2, as grep and ripgrep use for errors."""

    exit_code = 2

    def format_message(self) -> str:
        from kgsearch.render import printable

        return printable(" ".join(self.message.splitlines()), lines=False)


ARGS = "kgsearch.args"  # the command line as typed, in the context's meta (click's errors keep only a piece)


@contextmanager
def _one_line_usage():
    """Click's usage errors (a bad option value, a missing argument) as one line, not its usage block."""
    try:
        yield
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "kgsearch"
        raise UsageProblem(f"{error.format_message().rstrip('.')}{_left_out_word(error)}; "
                           f"see `{command} --help`") from None


def _left_out_word(error: click.UsageError) -> str:
    """For a query that starts with - (``query "-Путин"``), which click takes for options (``-П``):
    how to write it. Empty for any other error."""
    if not isinstance(error, click.NoSuchOption) or error.option_name.startswith("--") or error.ctx is None:
        return ""
    if not any(isinstance(p, click.Argument) and p.name in ("query", "queries") for p in error.ctx.command.params):
        return ""
    import shlex

    typed = list(error.ctx.meta.get(ARGS, ()))
    token = next((arg for arg in typed if arg.startswith(error.option_name)), error.option_name)
    word = (token[1:].split() or [token[1:]])[0]
    rest = [arg for arg in typed if arg != token] if token in typed else ["…"]
    return (f"; a query that starts with - leaves a word out: write NOT {word}, or put it after -- "
            f"at the end ({shlex.join(['kgsearch', *rest, '--', token])})")


@contextmanager
def _one_line_errors():
    """Every error kgsearch raises for its user as one line with exit status 2: the one place
    where the library's errors become the command line's (a parameter named as the option that
    sets it: ``date_from`` as ``--from``, ``allow_empty=True`` as ``--allow-empty``)."""
    try:
        yield
    except UsageProblem:
        raise
    except KgsearchError as error:
        raise UsageProblem(_said(error)) from None


def _said(error: KgsearchError) -> str:
    from kgsearch.options import OPTION_OF

    return error.message(OPTION_OF.get(error.parameter, error.parameter)) if error.parameter else str(error)


def _quiet_stdout() -> None:
    """After the reader of a pipe has gone: send what is left to /dev/null, so that the final
    flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass  # not a real file (a test's capture): nothing will flush to a closed pipe


class Commands(click.Group):
    """kgsearch and its ``index`` group: help when called with nothing, usage errors in one line,
    and a closed pipe (``kgsearch query … | head -1``) ends the command with status 0.

    With nothing to do, the help goes to stdout with status 0: asking ``kgsearch``
    what it does is not an error (pip, docker and kubectl do the same; status 2
    stays the sign of a mistake, which scripts can rely on).
    """

    def parse_args(self, ctx, args):
        ctx.meta.setdefault(ARGS, list(args))  # the whole command line: the outermost group parses first
        if not args and not ctx.resilient_parsing:
            click.echo(ctx.get_help())
            ctx.exit(0)
        with _one_line_usage():
            return super().parse_args(ctx, args)

    def invoke(self, ctx):
        global _read_and_done
        try:
            with _one_line_usage(), _one_line_errors():
                try:
                    result = super().invoke(ctx)
                except click.exceptions.Exit:  # the end of a command that says its status
                    _read_and_done = ctx.invoked_subcommand in ENDS_AT_ONCE
                    raise
                finally:
                    sys.stdout.flush()
                _read_and_done = ctx.invoked_subcommand in ENDS_AT_ONCE
                return result
        except BrokenPipeError:
            _quiet_stdout()
            ctx.exit(0)
        except OSError as error:
            # A command that only reads writes nothing but its output: a full disk there (> /dev/full,
            # a quota) is the output's, said in one line, and what is left unwritten goes nowhere.
            if ctx.invoked_subcommand not in _ONLY_OUTPUT or error.errno not in _OUTPUT_FULL:
                raise
            _quiet_stdout()
            raise UsageProblem(f"cannot write the output: {error.strerror or error}") from None


# Commands that only read the index: once one has run and its output is flushed, the process
# ends without tearing the interpreter down (freeing each object of the index it read, closing
# its maps: 30 ms of a 250 ms query at 100,000 documents). Commands that write never do.
ENDS_AT_ONCE = frozenset({"query", "show", "trend", "facets", "analyze"})
_read_and_done = False
_ONLY_OUTPUT = ENDS_AT_ONCE | {"status"}  # commands that write nothing but their output
_OUTPUT_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _not_empty(ctx, param, value):
    if value is not None and not value.strip():
        raise click.BadParameter("is empty; name a folder, or leave --index out for the default "
                                 "($KGSEARCH_INDEX, else the user data directory)", ctx, param)
    return value


def index_option(command):
    """``--index DIR`` on every command, as well as before the command name."""
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False), default=None, expose_value=True,
        callback=_not_empty, help="Index folder (default: $KGSEARCH_INDEX, else the user data directory).",
    )(command)


def json_option(command):
    """``--json`` on every command whose output is data."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON (see the README for its fields).")(command)


def _index_dir(ctx, index_dir):
    return index_dir or (ctx.find_root().obj or {}).get("index")


def _registry(people):
    from kgsearch.index import PeopleRegistry

    return PeopleRegistry.load(*people)


@click.group(cls=Commands)
@click.version_option(__version__, prog_name="kgsearch")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None, callback=_not_empty,
              help="Index folder (default: $KGSEARCH_INDEX, else the user data directory).")
@click.pass_context
def cli(ctx, index_dir):
    """Bilingual (Russian + English) full-text search for news and statements."""
    ctx.obj = {"index": index_dir}


@cli.command()
@click.argument("text")
@click.option("--ambiguity", type=click.Choice(AMBIGUITY_POLICIES), default=AMBIGUITY_POLICIES[0],
              help="Russian forms with several lemmas: keep the first or all.")
@json_option
def analyze(text, ambiguity, as_json):
    """Show the index terms of TEXT: Russian lemmas, English stems.

    \b
    Examples:
      kgsearch analyze "железной дороги"
      kgsearch analyze "China's railways" --json
    """
    from kgsearch.analysis import analyze as run
    from kgsearch.render import dumps, printable

    terms = run(text, ambiguity)
    if as_json:
        click.echo(dumps([asdict(t) for t in terms]))
        return
    for t in terms:
        click.echo(f"{t.position:>4}  {printable(t.surface, lines=False):<24} {printable(t.term, lines=False)}")


@cli.group("index", cls=Commands)
def index_group():
    """Build, update, restore and inspect the index."""


def _build_options(command):
    for option in reversed([
        index_option,
        click.option("--quiet", "-q", is_flag=True, help="Print nothing but the summary line."),
        click.option("--verbose", "-v", is_flag=True, help="List each skipped file with its reason."),
        click.option("--people", multiple=True, type=click.Path(dir_okay=False),
                     help="A people registry file of your own (JSON); repeatable. Also $KGSEARCH_PEOPLE."),
        click.option("--wait", type=click.FloatRange(0), default=30.0, show_default=True,
                     help="Seconds to wait for another kgsearch process that is writing the index."),
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
@click.pass_context
def rebuild(ctx, paths, index_dir, quiet, verbose, people, wait, procs, allow_empty, ocr):
    """Build a new index of PATHS (files or folders) and swap it in.

    The current index answers queries until the new one is complete; a build
    that fails leaves it whole, and the index it replaces is kept for
    `kgsearch index restore`. With no PATHS, rebuilds the paths the index was
    built from; where there is no index yet, indexes the bundled demo corpus.
    A PATH that does not exist changes nothing; a rebuild that finds no
    documents empties an index only with --allow-empty.

    \b
    Examples:
      kgsearch index rebuild
      kgsearch index rebuild ~/archive/releases ~/archive/wires.jsonl
    """
    import kgsearch

    def run(progress):
        location = _index_dir(ctx, index_dir)
        return kgsearch.rebuild(location, _paths_or_demo(location, paths), registry=_registry(people),
                                progress=progress, procs=procs, lock_timeout=wait, allow_empty=allow_empty,
                                ocr=ocr)

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
@click.option("--wait", type=click.FloatRange(0), default=30.0, show_default=True,
              help="Seconds to wait for another kgsearch process that is writing the index.")
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
    while the segments are written it pulses, having no total to show.
    """
    if quiet or not sys.stdout.isatty():
        return run(None)
    import time

    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description:<8}"), BarColumn(), DownloadColumn(),
               TextColumn("{task.fields[documents]:>9,} documents {task.fields[rate]:>6.0f}/s"),
               TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        shown = {"task": bar.add_task("reading", total=None, documents=0, rate=0.0), "phase": None, "at": 0.0}
        started = time.monotonic()

        def progress(event):
            now = time.monotonic()
            if event.phase == shown["phase"] and now - shown["at"] < 0.1:
                return  # a large build sends an event per document; the bar redraws ten times a second
            counts = {"documents": event.documents, "rate": event.documents / max(now - started, 1e-9)}
            if event.phase == "writing" and shown["phase"] != "writing":  # no total: a new, pulsing bar
                bar.update(shown["task"], visible=False)
                shown["task"] = bar.add_task("writing", total=None, completed=event.bytes, **counts)
            else:
                bar.update(shown["task"], description=event.phase, total=event.total_bytes or None,
                           completed=event.bytes, **counts)
            shown.update(phase=event.phase, at=now)

        return run(progress)


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
    click.echo(f"Index {verb}: {report.documents} documents{changes}, {skipped} skipped{hint}, "
               f"{report.seconds:.1f} s → {printable(report.location, lines=False)}")
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
        f"skipped    {len(info['skipped'])} (files or parts of files, each with its reason)",
    ]
    lines += [f"  {shown(s['path'])}: {shown(s['reason'])}" for s in info["skipped"]]
    click.echo("\n".join(lines))


def _open(ctx, index_dir, people=(), glossary=()):
    """The index to search; at the default location, the demo index is built when none exists."""
    import kgsearch

    explicit = _index_dir(ctx, index_dir)
    try:
        index = kgsearch.open_index(explicit, build_demo=explicit is None, people=people, glossary=glossary)
    except KgsearchError:
        raise
    except Exception as error:
        # Opening checks each segment's table of files; a segment damaged inside fails in Whoosh here.
        damage = _damage(explicit)
        if damage is not None:
            raise UsageProblem(str(damage)) from None
        if isinstance(error, OSError):
            raise UsageProblem(str(error)) from None
        raise
    if index.built_demo:
        click.echo(f"No index yet: built the demo index ({index.status()['documents']} documents) at "
                   f"{index.root}. Index your own files with `kgsearch index rebuild PATH`.", err=True)
    return index


def _damage(location):
    """A DamagedIndexError when the current generation at ``location`` cannot be read through, else None."""
    from kgsearch.index import store
    from kgsearch.index.errors import DamagedIndexError
    from kgsearch.index.integrity import problem

    root = store.resolve(location)
    generation = store.current(root)
    found = problem(generation) if generation is not None else None
    return DamagedIndexError(root, found) if found else None


@contextmanager
def _reading(index):
    """Reading an open index: a failure that damaged files explain is a ``DamagedIndexError``
    saying so (and what to do); kgsearch's own errors pass through; anything else is a bug."""
    from kgsearch.index.integrity import reading

    with reading(index.root, index.generation, expected=(click.ClickException, KgsearchError)):
        yield


def filter_options(command):
    """The filters ``query``, ``facets`` and ``watch add`` share, given to the command as one
    argument, ``filters``: a ``kgsearch.options.Filters``."""
    import functools

    @functools.wraps(command)
    def with_filters(*args, years, date_from, date_to, speakers, people, lang, source, **kwargs):
        from kgsearch.options import Filters

        filters = Filters.parse(years=years, date_from=date_from, date_to=date_to, speakers=speakers,
                                people=people, lang=lang, source=source)
        return command(*args, filters=filters, **kwargs)

    for option in reversed([
        click.option("--year", "years", multiple=True, metavar="YYYY[-YYYY]",
                     help="Only these years; repeatable, or a range."),
        click.option("--from", "date_from", metavar="DATE", help="Dated on or after YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--to", "date_to", metavar="DATE", help="Dated on or before YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--speaker", "speakers", multiple=True, metavar="NAME",
                     help="Said or met by this person (any alias, either script); repeatable."),
        click.option("--person", "people", multiple=True, metavar="NAME",
                     help="Names this person, as a speaker or in passing (any alias, either script); repeatable."),
        click.option("--lang", type=click.Choice(LANGUAGES), help="Only documents in this language."),
        click.option("--source", help="Only documents from this source (Xinhua, Kabar, 24.kg, …)."),
    ]):
        with_filters = option(with_filters)
    return with_filters


def _no_words(query, filters) -> None:
    """A query with no words lists what its filters select; with no filters either, say what to write."""
    if not (query or "").strip() and not filters.named():
        raise UsageProblem("give a QUERY, or filters (--source, --year, --speaker …) to list what they "
                           "select; see `kgsearch query --help`")


@cli.command()
@click.argument("query", required=False, default="")
@index_option
@filter_options
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--facets", is_flag=True,
              help="Also count the results by year, language, speaker, person and source.")
@json_option
@click.option("--no-translate", is_flag=True,
              help="Search only as typed: no translations, name variants or transliterations.")
@click.option("--exact", is_flag=True,
              help="No correction: when nothing matches, say so (with a suggestion), not the suggestion's results.")
@click.option("--glossary", "glossaries", multiple=True, type=click.Path(dir_okay=False),
              help="A glossary file of your own (TSV: English<TAB>Russian); repeatable. Also $KGSEARCH_GLOSSARY.")
@click.option("--format", "form", type=click.Choice(EXPORT_FORMATS),
              help="Write the hits for a report: title, date, source, url, speakers, path and the best snippet "
                   "as plain text.")
@click.option("--all", "every", is_flag=True, help="With --format: every hit, not a page.")
@click.option("--all-versions", is_flag=True,
              help="Every copy and reprint of a story as a hit of its own (by default: one hit, the others listed).")
@click.pass_context
def query(ctx, query, index_dir, filters, sort, limit, page, facets, as_json, no_translate, exact, glossaries, form,
          every, all_versions):
    """Search for QUERY; every word must match (as on web search engines).

    With no QUERY, lists what the filters select, the newest first
    (kgsearch query --source Kabar --year 2024).

    Russian words match in every inflected form, English words by stem.
    The query also runs in the other language (railway finds железная
    дорога, Kulubaev finds Кулубаев); --no-translate turns that off.
    A misspelt word gets a suggestion (goverment: government); when nothing
    matches as typed, the suggestion's results are shown, and said to be;
    --exact turns that off.

    \b
    Syntax:
    SYNTAX

    \b
    Examples:
      kgsearch query "railway"
      kgsearch query "железная дорога" --year 2024 --facets
      kgsearch query '"Belt and Road" OR "Один пояс"' --sort newest
      kgsearch query "checkpoint OR КПП" --speaker "Akylbek Japarov" --json
      kgsearch query --speaker "Sadyr Japarov" --year 2024
      kgsearch query "railway" --format csv --all

    A query that starts with - goes after --: kgsearch query -- "-railway".
    Exit status: 0 when the page has hits, 1 when nothing matched (or the
    page is past the end), 2 on an error.
    """
    from kgsearch.render import console, dumps, printable, show_results

    _no_words(query, filters)
    if every and not form:
        raise UsageProblem("--all goes with --format csv, jsonl or markdown (a terminal shows a page at a time)")
    if form and (as_json or facets):
        raise UsageProblem(f"--format {form} writes hits only; leave out {'--json' if as_json else '--facets'}")
    from kgsearch.options import Page

    shown = Page(page, limit, sort, facets=facets, all_versions=all_versions)
    how = dict(translate=not no_translate, correct=not exact)
    with _open(ctx, index_dir, glossary=glossaries) as index, _reading(index):
        if form:
            from kgsearch.export import write

            results = None if every else index.search(query, filters, shown, **how)
            hits = index.all_hits(query, filters, shown, **how) if every else results.hits
            written = write(hits, form, sys.stdout, 1 if every else (page - 1) * limit + 1)
        else:
            results = index.search(query, filters, shown, **how)
    if form:
        if results is not None and results.total and not written:  # a page past the end: said beside the data
            click.echo(f"kgsearch: {printable(results.notes[-1], lines=False)}", err=True)
        ctx.exit(0 if written else 1)  # outside ``_reading``, which takes any exception for a sign of damage
    if as_json:
        click.echo(dumps(results.to_json()))
    else:
        out = console()
        if results.total:
            show_results(out, results)
        else:
            hint = f" Did you mean: {printable(results.suggestion, lines=False)}" if results.suggestion else ""
            asked = f"No documents match {printable(repr(query), lines=False)}" if query.strip() else \
                "No documents match the filters"
            click.echo(f"{asked}.{hint}")
            for note in results.notes:
                click.echo(f"  ({printable(note, lines=False)})")
    ctx.exit(0 if results.hits else 1)  # a page past the end shows nothing, and says so in a note



query.help = query.help.replace("    SYNTAX", "\n".join("      " + line for line in SYNTAX.splitlines()))

@cli.command()
@click.argument("doc_id", metavar="ID")
@index_option
@json_option
@click.option("--highlight", metavar="QUERY",
              help="Mark where QUERY's words stand (any form, either language, as a query finds them).")
@click.option("--no-translate", is_flag=True, help="With --highlight: only the words as typed, not translations.")
@click.pass_context
def show(ctx, doc_id, index_dir, as_json, highlight, no_translate):
    """Show the whole document ID (the id a query prints) with its metadata.

    With --highlight, the matches of a query are marked: in colour on a
    terminal, between ** and ** in a pipe; --json gives their character
    spans in the text as "highlights".

    \b
    Example:
      kgsearch query "railway" --limit 1      (the id is on the second line)
      kgsearch show 51de7cefe552
      kgsearch show 51de7cefe552 --highlight "железная дорога"
    """
    from kgsearch.render import console, dumps, show_document

    with _open(ctx, index_dir) as index, _reading(index):
        doc = index.get(doc_id, highlight=highlight, translate=not no_translate)
    if doc is None:
        raise UsageProblem(f"no document with id {doc_id!r}; ids are shown by `kgsearch query`")
    if as_json:
        click.echo(dumps(doc, default=str))
    else:
        show_document(console(), doc)


@cli.command()
@click.argument("queries", nargs=-1, required=True, metavar="QUERY [QUERY]...")
@index_option
@click.option("--by", type=click.Choice(("year", "month", "week")), default="year", show_default=True,
              help="The periods to count by (weeks are ISO weeks: 2024-W05).")
@filter_options
@click.option("--no-translate", is_flag=True,
              help="Search only as typed: no translations, name variants or transliterations.")
@json_option
@click.option("--format", "form", type=click.Choice(("csv",)), help="Write the counts as CSV: a row a period.")
@click.option("--glossary", "glossaries", multiple=True, type=click.Path(dir_okay=False),
              help="A glossary file of your own (TSV: English<TAB>Russian); repeatable. Also $KGSEARCH_GLOSSARY.")
@click.pass_context
def trend(ctx, queries, index_dir, by, filters, no_translate, as_json, form, glossaries):
    """How many documents match each QUERY in each year, month or week.

    Each QUERY is counted as `kgsearch query` counts its total (in both
    languages unless --no-translate; copies of one text once), so a trend
    by year agrees with the query's year facet. Periods run from the first
    with a match to the last, empty ones as 0. Undated documents, and those
    dated only to the year (by month) or month (by week), are in no period:
    they are counted apart, below the chart.

    \b
    Examples:
      kgsearch trend Торугарт Иркештам --by month
      kgsearch trend "железная дорога" railway --from 2015 --json
      kgsearch trend Торугарт --by week --format csv
    """
    from kgsearch.render import console, dumps

    if as_json and form:
        raise UsageProblem("choose one of --json and --format csv")
    with _open(ctx, index_dir, glossary=glossaries) as index, _reading(index):
        counted = index.trend(list(queries), filters, by=by, translate=not no_translate)
    if as_json:
        click.echo(dumps(counted.to_json()))
    elif form == "csv":
        import csv

        from kgsearch.render import printable

        table = csv.writer(sys.stdout)
        for row in counted.rows():
            table.writerow([printable(str(value)) for value in row])
    else:
        from kgsearch.charts import show_trend

        show_trend(console(), counted)
    ctx.exit(0 if any(s.total for s in counted.series) else 1)


@cli.command()
@click.argument("field", type=click.Choice(FACET_FIELDS), metavar="FIELD")
@click.argument("query", required=False)
@index_option
@filter_options
@json_option
@click.pass_context
def facets(ctx, field, query, index_dir, filters, as_json):
    """Count documents by FIELD, over everything or over the results of QUERY and the filters
    (the same as `kgsearch query` takes).

    \b
    Examples:
      kgsearch facets speaker
      kgsearch facets year "железная дорога"
      kgsearch facets source --year 2024 --lang ru
    """
    from kgsearch.render import dumps, printable

    with _open(ctx, index_dir) as index, _reading(index):
        if query or filters.named():
            counts = index.search(query or "", filters, limit=1, snippets=False, facets=True).facets[field]
        else:
            counts = index.facet_counts(fields=(field,))[field]
    if as_json:
        click.echo(dumps(counts))
    else:
        shown = [(printable(str(value), lines=False), count) for value, count in counts.items()]
        width = max((len(value) for value, _ in shown), default=0)
        for value, count in shown:
            click.echo(f"{value:<{width}}  {count}")
    ctx.exit(0 if counts else 1)


@cli.command()
@index_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; any but this machine's lets others on the network read the archive.")
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in a web browser.")
@click.pass_context
def serve(ctx, index_dir, port, host, open_browser):
    """A read-only web page and JSON API (/api/search, /api/document/ID, /api/facets, /api/trend)
    over the index, on this machine only unless --host says otherwise.

    \b
    Example:
      kgsearch serve --open
      curl 'http://127.0.0.1:8765/api/search?q=railway&year=2025'
    """
    try:
        from kgsearch.web import serve as run
    except ImportError as error:
        raise UsageProblem(f"the web server needs {error.name}: pip install 'kgsearch[serve]'") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"kgsearch: warning: listening on {host}: anyone who can reach it on the network can read "
                   "the archive", err=True)
    with _open(ctx, index_dir) as index:
        run(index, host, port, open_browser)


from kgsearch.cli_edit import edit  # noqa: E402  (commands in modules of their own, using the above)
from kgsearch.cli_watch import watch  # noqa: E402

cli.add_command(edit)
cli.add_command(watch)


def main():
    global _read_and_done
    _read_and_done = False  # this run's command decides, not one an earlier run in this process ran
    if sys.stdout is None:  # started with its output closed (>&-): the output goes nowhere, as to /dev/null
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if (odd := _not_utf8(sys.argv[1:])) is not None:
        UsageProblem(f"the argument '{odd}' is not UTF-8 text; kgsearch reads its arguments, names of files "
                     "and folders too, as UTF-8").show()
        sys.exit(2)
    try:
        cli()
    except SystemExit as stop:
        if _read_and_done and (stop.code is None or isinstance(stop.code, int)):
            _end_now(stop.code or 0)
        raise


def _not_utf8(arguments: list[str]) -> str | None:
    """The first argument whose bytes are not UTF-8, as text with those bytes written ``\\xNN``.

    Python hands them over with each such byte as a lone surrogate (``surrogateescape``), which
    cannot be written anywhere as UTF-8: a title, a watch, a query or a path stored that way
    failed later with a traceback, or stopped a build.
    """
    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            try:
                return argument.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            except UnicodeEncodeError:
                return argument.encode("utf-8", "backslashreplace").decode("utf-8")
    return None


def _end_now(status: int) -> None:
    """Flush what the command printed, then end the process at once (``ENDS_AT_ONCE``)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a reader that has gone, or a stream closed: nothing more can reach them
    os._exit(status)
