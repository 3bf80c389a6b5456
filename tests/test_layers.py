"""The three layers: kgsearch → kgsearch.index → kgsearch.analyzers, never upward;
and one top-level name in what pip installs."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Folder → the layers of kgsearch its modules may not import.
FORBIDDEN = {
    "analyzers": {"kgsearch.index", "kgsearch"},
    "index": {"kgsearch"},
    "kgsearch": set(),
}
LAYERS = ("kgsearch.analyzers", "kgsearch.index")


def layer_of(module: str) -> str | None:
    """The layer an absolute import names: kgsearch.analyzers, kgsearch.index, kgsearch or None."""
    if module != "kgsearch" and not module.startswith("kgsearch."):
        return None
    return next((layer for layer in LAYERS if module == layer or module.startswith(layer + ".")), "kgsearch")


def imported_layers(path: Path) -> set[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # ``from kgsearch import index`` imports the layer kgsearch.index.
            modules += [f"{node.module}.{alias.name}" if node.module == "kgsearch" else node.module
                        for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path.relative_to(ROOT)}: relative import; name the layer")
    return {layer for layer in map(layer_of, modules) if layer}


def test_layer_of():
    assert layer_of("kgsearch.index.store") == "kgsearch.index"
    assert layer_of("kgsearch.analyzers") == "kgsearch.analyzers"
    assert layer_of("kgsearch.search") == "kgsearch"
    assert layer_of("index") is None


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_imports_run_one_way(folder):
    modules = sorted((ROOT / folder).rglob("*.py"))
    assert modules, f"{folder}/ has no modules"
    for module in modules:
        upward = imported_layers(module) & FORBIDDEN[folder]
        assert not upward, f"{module.relative_to(ROOT)} imports {upward}"


def test_what_pip_installs_has_one_top_level_name():
    from importlib import metadata

    dist = metadata.distribution("kgsearch")
    if dist.read_text("direct_url.json") and '"editable": true' in dist.read_text("direct_url.json"):
        pytest.skip("an editable install maps the source folders; CI checks a real install")
    installed = {str(f).split("/")[0] for f in dist.files if not str(f).startswith("..")}
    assert {name for name in installed if not name.endswith(".dist-info")} == {"kgsearch"}
    names = {str(f) for f in dist.files}
    assert "kgsearch/index/store.py" in names and "kgsearch/analyzers/data/stopwords_ru.txt" in names


def test_python_m_kgsearch_ignores_the_users_own_modules(tmp_path, demo_index):
    for name in ("index.py", "analyzers.py", "search.py"):
        (tmp_path / name).write_text("raise SystemExit('the user\\'s own module was imported')\n")
    result = subprocess.run([sys.executable, "-m", "kgsearch", "--index", str(demo_index), "query", "railway",
                             "--limit", "1"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "railway" in result.stdout.lower() and "Traceback" not in result.stderr
