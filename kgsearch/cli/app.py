"""The ``kgsearch`` command: a thin skin over the Python API.

Every command parses options, calls the library and prints. Errors the user
can fix are one line on stderr and exit status 2, never a traceback: usage
errors too (click's usage block is left to ``--help``), and a damaged index
says so. Every value printed goes through ``render.printable`` (or, as JSON,
``render.dumps``). A reader that closes the pipe early (``| head``) ends the
command quietly, with exit status 0.
"""

import gc
import os
import sys

import click

from kgsearch import __version__
from kgsearch.cli import base
from kgsearch.cli.base import Commands, UsageProblem, _not_empty
from kgsearch.cli.query import analyze, facets, query, show, similar, trend

# The commands that only a few runs ask for, by name: their modules load when one is asked for
# (or listed: help, completion), so that a query does not load the index, watch, edit and serve
# commands (5 ms of a 230 ms cold query).
LATER = {"index": ("kgsearch.cli.index", "index_group"), "serve": ("kgsearch.cli.serve", "serve"),
         "edit": ("kgsearch.cli.edit", "edit"), "watch": ("kgsearch.cli.watch", "watch"),
         "names": ("kgsearch.cli.names", "names")}


class KgsearchCommands(Commands):
    """The top group: the reading commands at hand, the others loaded when named."""

    def list_commands(self, ctx):
        return sorted({*self.commands, *LATER})

    def get_command(self, ctx, name):
        if name not in self.commands and name in LATER:
            from importlib import import_module

            module, attribute = LATER[name]
            self.add_command(getattr(import_module(module), attribute), name)
        return super().get_command(ctx, name)

@click.group(cls=KgsearchCommands)
@click.version_option(__version__, prog_name="kgsearch")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None, callback=_not_empty,
              help="Index folder (default: $KGSEARCH_INDEX, else the user data directory).")
@click.pass_context
def cli(ctx, index_dir):
    """Bilingual (Russian + English) full-text search for news and statements."""
    ctx.obj = {"index": index_dir}


for command in (analyze, query, show, similar, trend, facets):
    cli.add_command(command)


# A command is one short process: Python's cyclic collector, run after every 700 new objects by default,
# walked again and again what the imports and the index's first reads had made (a cold `query
# railway` on 100,000 documents spent about 15 of its 170 ms there). Cycles are still collected.
COLLECT_AFTER = 100_000


def main():
    gc.set_threshold(COLLECT_AFTER, 10, 10)
    base.read_and_done = False  # this run's command decides, not one an earlier run in this process ran
    if sys.stdout is None:  # started with its output closed (>&-): the output goes nowhere, as to /dev/null
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if (odd := _not_utf8(sys.argv[1:])) is not None:
        UsageProblem(f"the argument '{odd}' is not UTF-8 text; kgsearch reads its arguments, names of files "
                     "and folders too, as UTF-8").show()
        sys.exit(2)
    try:
        cli()
    except SystemExit as stop:
        if base.read_and_done and (stop.code is None or isinstance(stop.code, int)):
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
