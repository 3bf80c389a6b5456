"""Write docs/cli.md, the command-line reference, from the help of every kgsearch command.

Run: python tools/make_cli_reference.py [OUTPUT]   (default: docs/cli.md)

The reference is click's own ``--help`` of ``kgsearch`` and of each command and
subcommand, walked from the click group (``kgsearch.cli.cli``), so a command or
an option added, renamed or moved is in it after one run; tests/test_cli_reference.py
fails, naming this command, while the file lags behind the code. The help is
laid out for a fixed width, whatever the terminal that runs this, so the file
only changes when the help does.
"""

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "cli.md"
WIDTH = 100
COMMAND = "python tools/make_cli_reference.py"

HEAD = f"""# Command-line reference

Every command's `--help`, as `kgsearch` prints it. Written by `{COMMAND}` from the
commands themselves: do not edit it by hand. The guides explain what the options are for:
[searching](searching.md), [indexing](indexing.md), the [Python API](api.md).
"""


def commands(command: click.Command, name: str = "kgsearch", parent: click.Context | None = None):
    """(context, command) for ``command`` and every command under it, depth first, by name."""
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH)
    yield ctx, command
    if isinstance(command, click.Group):
        for sub in command.list_commands(ctx):
            child = command.get_command(ctx, sub)
            if child is not None and not child.hidden:
                yield from commands(child, sub, ctx)


def reference() -> str:
    """The text of docs/cli.md for the commands as they are now."""
    from kgsearch.cli import cli

    parts = [HEAD]
    for ctx, command in commands(cli):
        parts.append(f"\n## {ctx.command_path}\n\n```text\n{command.get_help(ctx).rstrip()}\n```\n")
    return "".join(parts)


def main(argv: list[str]) -> None:
    output = Path(argv[0]) if argv else OUTPUT
    output.write_text(reference(), "utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
