"""docs/cli.md is the help of the commands as they are: tools/make_cli_reference.py wrote it from
the click commands, and a command or option changed since makes this fail with the command to run."""

import importlib.util
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]


def tool():
    spec = importlib.util.spec_from_file_location("make_cli_reference", ROOT / "tools" / "make_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cli_reference_is_current():
    make = tool()
    written = make.OUTPUT.read_text("utf-8")
    assert written == make.reference(), f"docs/cli.md is out of date with the commands: run `{make.COMMAND}`"


def test_the_reference_has_every_command_and_option():
    from kgsearch.cli import cli

    make = tool()
    text = make.reference()
    for ctx, command in make.commands(cli):
        assert f"\n## {ctx.command_path}\n" in text
        for option in command.params:
            if isinstance(option, click.Option) and not option.hidden:
                assert any(name in text for name in option.opts), (ctx.command_path, option.opts)
