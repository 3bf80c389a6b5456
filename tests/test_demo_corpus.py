"""The bundled demo corpus reads exactly as its manifest says.

tests/data/demo_manifest.tsv was written with the corpus, by hand, from the
texts: language, date at its precision, title, source as written, speakers.
"""

import csv
from pathlib import Path

import pytest

from kgsearch.index import demo_corpus
from kgsearch.index.files import read_file, walk
from kgsearch.index.metadata import complete
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.sources import canonical_source

MANIFEST = Path(__file__).parent / "data" / "demo_manifest.tsv"
ROWS = list(csv.DictReader(MANIFEST.open(encoding="utf-8"), delimiter="\t"))
REGISTRY = PeopleRegistry.load()
_documents: dict[Path, dict] = {}


def document(row):
    path = demo_corpus() / row["file"]
    if path not in _documents:
        docs, _ = read_file(path, path.read_bytes())
        _documents[path] = {d.key: complete(d, REGISTRY) for d in docs}
    docs = _documents[path]
    return docs[row["record_id"]] if row["record_id"] else next(iter(docs.values()))


def test_every_demo_file_is_in_the_manifest_and_read():
    files = [path for path, reason in walk([demo_corpus()])]
    assert all(reason is None for _, reason in walk([demo_corpus()]))
    assert {str(p.relative_to(demo_corpus())) for p in files} == {row["file"] for row in ROWS}
    assert 40 <= len(ROWS) <= 80


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['file']}#{r['record_id']}")
def test_demo_document_metadata(row):
    doc = document(row)
    assert doc.lang == row["lang"]
    assert (doc.date.iso if doc.date else "") == row["date"]
    if row["title"]:
        assert doc.title == row["title"]
    assert doc.source == (canonical_source(row["source"]) if row["source"] else "")
    assert set(doc.speakers) == {s for s in row["speakers"].split("; ") if s}


def test_demo_corpus_spreads_over_years_languages_and_speakers():
    years = {row["date"][:4] for row in ROWS if row["date"]}
    assert set(map(str, range(2019, 2027))) <= years
    assert {row["lang"] for row in ROWS} == {"en", "ru", "ky"}
    assert sum("railway" in document(row).body.lower() or "железн" in document(row).body.lower()
               for row in ROWS) >= 8
