"""The examples in the README and the guides run, and the docstring examples in the packages hold."""

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


GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


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
    import re

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


def test_every_command_is_documented_in_the_guides():
    from kgsearch.cli import cli

    readme = "\n".join(guide.read_text("utf-8") for guide in GUIDES)
    commands = [name for name in cli.commands if name != "index"]
    commands += [f"index {name}" for name in cli.commands["index"].commands]
    for command in commands:
        assert f"kgsearch {command}" in readme, command
