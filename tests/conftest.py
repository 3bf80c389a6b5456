"""Shared fixtures: where ../shared lives, and skipping cleanly without it."""

import os
from pathlib import Path

import pytest

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
