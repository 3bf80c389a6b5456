"""What every command of the ``kgsearch`` command line shares: its group class (help with nothing
to do, usage errors and kgsearch's own errors as one line with exit status 2, a closed pipe as
status 0), the options it defines once (``--index``, ``--json``, the filters, ``--wait``,
``--no-translate``, ``--glossary``) and opening the index to read.
"""

import errno
import os
import sys
from contextlib import contextmanager

import click

from kgsearch.choices import LANGUAGES
from kgsearch.errors import KgsearchError

EXPORT_FORMATS = ("csv", "jsonl", "markdown")
MAX_NAME = 200  # characters of a name a filter takes  # kgsearch.export.FORMATS, without importing it to start


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
        global read_and_done
        try:
            with _one_line_usage(), _one_line_errors():
                try:
                    result = super().invoke(ctx)
                except click.exceptions.Exit:  # the end of a command that says its status
                    read_and_done = ctx.invoked_subcommand in ENDS_AT_ONCE
                    raise
                finally:
                    sys.stdout.flush()
                read_and_done = ctx.invoked_subcommand in ENDS_AT_ONCE
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
read_and_done = False  # set by the command that ran (Commands.invoke), read by main
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
                        help="Print JSON (docs/searching.md lists its fields).")(command)


def _index_dir(ctx, index_dir):
    return index_dir or (ctx.find_root().obj or {}).get("index")


def _registry(people):
    from kgsearch.index import PeopleRegistry

    return PeopleRegistry.load(*people)



def wait_option(command):
    """``--wait``, on every command that writes the index."""
    return click.option("--wait", type=click.FloatRange(0), default=30.0, show_default=True,
                        help="Seconds to wait for another kgsearch process that is writing the index.")(command)


def no_translate_option(help="Search only as typed: no translations, name variants or transliterations."):
    """``--no-translate``, on every command that runs a query (each says what it leaves out)."""
    return click.option("--no-translate", is_flag=True, help=help)


def glossary_option(command):
    """``--glossary``, on every command that translates a query."""
    return click.option("--glossary", "glossaries", multiple=True, type=click.Path(dir_okay=False),
                        help="A glossary file of your own (TSV: English<TAB>Russian); repeatable. "
                             "Also $KGSEARCH_GLOSSARY.")(command)


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
    def with_filters(*args, years, date_from, date_to, speakers, people, orgs, places, lang, source, **kwargs):
        from kgsearch.options import Filters

        for option, values in (("--speaker", speakers), ("--person", people), ("--org", orgs), ("--place", places)):
            for value in values:
                if not value.strip():
                    raise UsageProblem(f"{option} is empty: give a name, in either script")
                if len(value) > MAX_NAME:
                    raise UsageProblem(f"{option} is {len(value):,} characters long: a name is under {MAX_NAME}")
        filters = Filters.parse(years=years, date_from=date_from, date_to=date_to, speakers=speakers,
                                people=people, orgs=orgs, places=places, lang=lang, source=source)
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
        click.option("--org", "orgs", multiple=True, metavar="NAME",
                     help="Names this organisation (any alias, either script); repeatable."),
        click.option("--place", "places", multiple=True, metavar="NAME",
                     help="Names this place (any alias, either script); repeatable."),
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

