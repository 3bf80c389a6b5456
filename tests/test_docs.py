"""The examples in the README and the guides run, and the docstring examples in the packages hold."""

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each layer's folder and the name it installs under.
PACKAGES = {"analyzers": "kgsearch.analyzers", "index": "kgsearch.index", "kgsearch": "kgsearch"}
MODULES = sorted(
    f"{package}.{info.name}"
    for folder, package in PACKAGES.items()
    for info in pkgutil.iter_modules([str(ROOT / folder)])
    if info.name != "__main__"
)


GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# The reference is the commands' own --help (tools/make_cli_reference.py): it lists every option
# whether or not anyone explained it, so it does not count as documenting one.
REFERENCE = ROOT / "docs" / "cli.md"
EXPLAINED = [guide for guide in GUIDES if guide != REFERENCE]


def test_guide_examples():
    tried = 0
    for guide in GUIDES:
        failures, count = doctest.testfile(str(guide), module_relative=False)
        assert failures == 0, guide.name
        tried += count
    assert tried > 0


def test_readme_starts_with_the_two_set_up_commands():
    """CI runs the second line of the README's first sh block; the first installs only what a user needs."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert len(block) == 2
    install, tests = block
    assert "pip install ." in install and "[test]" not in install and install.endswith('kgsearch query "railway"')
    assert "[test]" in tests and "pytest" in tests


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text("utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    assert links
    for link in links:
        assert (ROOT / link).exists(), link


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module)
    assert failures == 0


def commands():
    """(``kgsearch …`` as typed, the click command) for every command and subcommand."""
    import click

    from kgsearch.cli import cli

    def walk(command, path):
        yield path, command
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):  # a group may load a command when named
                sub = command.get_command(ctx, name)
                if not sub.hidden:
                    yield from walk(sub, f"{path} {name}")

    return list(walk(cli, "kgsearch"))


def sections() -> list[str]:
    """The guides' sections (from one heading to the next; a ``#`` line in a code block is not one)."""
    found = []
    for guide in EXPLAINED:
        section, fenced = [], False
        for line in guide.read_text("utf-8").splitlines():
            fenced ^= line.startswith("```")
            if line.startswith("#") and not fenced and section:
                found.append("\n".join(section))
                section = []
            section.append(line)
        found.append("\n".join(section))
    return found


def test_every_command_is_documented_in_the_guides():
    text = "\n".join(sections())
    for path, _ in commands():
        assert re.search(re.escape(path) + r"(?![\w-])", text), f"{path} is in no guide"


def test_every_option_is_documented_with_its_command():
    """Each option of each command is named in a section of the guides that names the command
    (``kgsearch watch add``, or ``watch add`` in backquotes), not only in the generated reference."""
    import click

    guides = sections()
    missing = []
    for path, command in commands():
        short = path.removeprefix("kgsearch ")
        about = [s for s in guides if re.search(f"(kgsearch {re.escape(short)}|`{re.escape(short)})(?![\\w-])", s)]
        for option in command.params:
            if not isinstance(option, click.Option) or option.hidden or option.name == "help":
                continue  # --help is click's own, on every command
            if not any(re.search(re.escape(name) + r"(?![\w-])", s) for s in about for name in option.opts):
                missing.append(f"{path} {'/'.join(option.opts)}")
    assert not missing, "options no guide explains beside their command: " + ", ".join(missing)


def test_the_api_page_names_every_public_name():
    """docs/api.md explains each name ``import kgsearch`` offers, and each keyword of a search."""
    import inspect

    import kgsearch

    page = (ROOT / "docs" / "api.md").read_text("utf-8")
    missing = [name for name in kgsearch.__all__ if not re.search(rf"\b{name}\b", page)]
    options = inspect.signature(kgsearch.Index.search).parameters
    missing += [f"search({name}=)" for name, p in options.items()
                if p.kind is p.KEYWORD_ONLY and not name.startswith("_") and f"`{name}`" not in page]
    assert not missing, "docs/api.md does not name: " + ", ".join(missing)


def test_every_file_the_guides_name_exists():
    """A guide that names a module, a test or a benchmark names one that is there (files move)."""
    import re

    named = {path for guide in GUIDES
             for path in re.findall(r"(?<![\w/.])((?:kgsearch|index|analyzers|tests|benchmarks|tools)/[\w/]+\.py)\b",
                                    guide.read_text("utf-8"))}
    assert named
    assert sorted(path for path in named if not (ROOT / path).exists()) == []
