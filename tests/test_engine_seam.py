"""The engine seam (index/engine/): no module outside it imports Whoosh's internal modules or
touches an attribute private to Whoosh.

What is checked, statically over the source of kgsearch/, index/ and analyzers/ (the seam's
own folder left out):
- no import of ``whoosh.codec``, ``whoosh.filedb``, ``whoosh.matching``, ``whoosh.reading``,
  ``whoosh.writing`` or ``whoosh.util`` (nor ``from whoosh import writing``, …);
- no ``something._name`` (``self``/``cls`` aside) and no ``getattr(x, "_name")`` where
  ``_name`` is private to Whoosh: a name Whoosh's installed source defines as a method or
  sets as an attribute (``def _name``, ``self._name = ``) and kgsearch's own source never
  defines. A name both define (``_lengths``) is not caught by this rule.
"""

import ast
import functools
import warnings
from pathlib import Path

import whoosh

ROOT = Path(__file__).resolve().parents[1]
SEAM = ROOT / "index" / "engine"
INTERNALS = ("whoosh.codec", "whoosh.filedb", "whoosh.matching", "whoosh.reading", "whoosh.writing", "whoosh.util")


def sources(*folders: Path):
    for folder in folders:
        yield from sorted(folder.rglob("*.py"))


def defined_private_names(paths) -> set[str]:
    """The names starting with one underscore that ``paths`` define: methods, functions,
    classes, and attributes set on ``self``/``cls`` or in a class body."""
    names = set()
    for path in paths:
        for node in ast.walk(parse(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def parse(path: Path) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # Whoosh's own source has old escapes
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(path.read_text("utf-8"))


def outside_the_seam():
    return [p for p in sources(ROOT / "kgsearch", ROOT / "index", ROOT / "analyzers") if SEAM not in p.parents]


def internal_import(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in INTERNALS)


def whoosh_internals_imported(path: Path) -> list[str]:
    found = []
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if internal_import(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            found += [name for name in names if internal_import(name)][:1]
    return found


def private_uses(path: Path, private: set[str]) -> list[str]:
    found = []
    for node in ast.walk(parse(path)):
        if (isinstance(node, ast.Attribute) and node.attr in private
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value in private):
            found.append(f"line {node.lineno}: {node.func.id}(…, {node.args[1].value!r})")
    return found


@functools.cache
def whoosh_private_names() -> frozenset[str]:
    ours = defined_private_names(outside_the_seam())
    return frozenset(defined_private_names(sources(Path(whoosh.__file__).parent)) - ours)


def test_only_the_seam_imports_whooshs_internal_modules():
    found = {str(p.relative_to(ROOT)): names for p in outside_the_seam() if (names := whoosh_internals_imported(p))}
    assert found == {}


def test_only_the_seam_touches_whooshs_private_attributes():
    private = whoosh_private_names()
    assert {"_perdoc", "_postfile", "_finalize_segment", "_btexts"} <= private  # the rule sees what moved
    found = {str(p.relative_to(ROOT)): uses for p in outside_the_seam() if (uses := private_uses(p, private))}
    assert found == {}


def test_the_rule_catches_a_private_use(tmp_path):
    """The check itself: a module that reaches into a reader is caught; one that keeps its
    own private names is not."""
    bad = tmp_path / "bad.py"
    bad.write_text("from whoosh.codec.whoosh3 import LENGTHS_COLUMN\n"
                   "def lengths(reader):\n    return reader._perdoc\n")
    good = tmp_path / "good.py"
    good.write_text("class A:\n    def __init__(self):\n        self._perdoc = 1\n")
    assert whoosh_internals_imported(bad) == ["whoosh.codec.whoosh3"]
    assert private_uses(bad, whoosh_private_names()) == ["line 3: ._perdoc"]
    assert private_uses(good, whoosh_private_names()) == []
