"""The README's examples run, and the docstring examples in the packages hold."""

import doctest
import importlib
import pkgutil
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


def test_readme_examples():
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module)
    assert failures == 0


def test_every_command_is_documented_in_the_readme():
    from kgsearch.cli import cli

    readme = (ROOT / "README.md").read_text("utf-8")
    commands = [name for name in cli.commands if name != "index"]
    commands += [f"index {name}" for name in cli.commands["index"].commands]
    for command in commands:
        assert f"kgsearch {command}" in readme, command
