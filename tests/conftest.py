"""Shared fixtures: where ../shared lives, and skipping cleanly without it."""

import os
import sys
from pathlib import Path

# The suite tests the installed package. ``python -m pytest`` run from the
# project folder puts that folder first on sys.path, where ``kgsearch/`` is
# only the top layer's source (the other layers install as kgsearch.index and
# kgsearch.analyzers from folders beside it): take it off before anything imports.
_PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _PROJECT]
if any(name == "kgsearch" or name.startswith("kgsearch.") for name in sys.modules):
    raise RuntimeError("kgsearch was imported from the source tree before the tests could prevent it")

import pytest  # noqa: E402

SHARED = Path(os.environ.get("KGSEARCH_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when this workplace's data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpora live beside the project)")
    return path


@pytest.fixture
def seeds() -> dict[str, str]:
    """The five real seed documents, by file-name prefix ("000" … "004")."""
    folder = shared_path("seeds")
    return {p.name[:3]: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory):
    """The bundled demo corpus indexed once for the whole session (read-only in tests)."""
    from kgsearch import index

    location = tmp_path_factory.mktemp("demo-index")
    index.rebuild(location, [index.demo_corpus()])
    return location


@pytest.fixture(scope="session")
def demo(demo_index):
    import kgsearch

    with kgsearch.open_index(demo_index) as ix:
        yield ix
