"""A small real index for the analyst's-workbench tests (trend, export, wrapping): 400 NG articles
(some with their dates cut to the year or the month, as archives often give them) and 300 BBC
stories (undated), built once per test session."""

import json

import pytest
from conftest import shared_path

import kgsearch

_BUILT: dict = {}
NG_ARTICLES = 400
BBC_STORIES = 300


def coarse_date(number: int, date: str) -> str:
    """Every 25th article's date cut to its year, every 30th (not also 25th) to its month."""
    if number % 25 == 0:
        return date[:4]
    if number % 30 == 0:
        return date[:7]
    return date


def news_index(tmp_path_factory):
    """The folder of the index (built on first use)."""
    if "index" not in _BUILT:
        from kgsearch.index import rebuild

        ng = shared_path("corpora", "ng", "ng.jsonl")
        bbc = sorted(shared_path("corpora", "bbc").glob("*/*.txt"))[::7][:BBC_STORIES]
        folder = tmp_path_factory.mktemp("workbench")
        records = []
        with ng.open(encoding="utf-8") as lines:
            for number, line in zip(range(NG_ARTICLES), lines):
                record = json.loads(line)
                if record.get("date"):
                    record["date"] = coarse_date(number, record["date"])
                records.append(json.dumps(record, ensure_ascii=False))
        (folder / "ng.jsonl").write_text("\n".join(records) + "\n", "utf-8")
        for path in bbc:
            (folder / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
        rebuild(folder / "ix", [folder / "ng.jsonl", *sorted(folder.glob("*.txt"))], procs=1)
        _BUILT["index"] = folder / "ix"
    return _BUILT["index"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The sample index's folder, for the commands (a test module imports this fixture)."""
    return news_index(tmp_path_factory)


@pytest.fixture(scope="module")
def news(folder):
    """The sample index, open."""
    with kgsearch.open_index(folder) as ix:
        yield ix
