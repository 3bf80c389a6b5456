"""Updates merge segments, so a year of cron updates reads like a rebuild (issue 11, item 9).

Every update that changed anything added a segment and none merged: after
300 small updates queries were 44 times slower, and around 1,000 they failed
with "Too many open files" (a reader holds a file per segment). Timing is
too noisy for a test here; what made it slow is counted instead: segments,
the files a reader opens, and deleted documents still carried.
"""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import kgsearch
from kgsearch import index
from kgsearch.index import merging, store
from kgsearch.index.people import PeopleRegistry

ROOT = Path(__file__).resolve().parents[1]
UPDATES = 300


def segments(location) -> int:
    with whoosh_index.open_dir(store.current(location)).reader() as reader:
        return len(reader.leaf_readers())


def most_segments(documents: int) -> int:
    """The policy's bound: ``MAJOR`` majors at most, fewer than ``FAN_IN`` minors a tier, the newest."""
    tiers = merging.tier(documents) + 1
    return merging.MAJOR + (merging.FAN_IN - 1) * tiers + 1


def stored(location) -> set[tuple]:
    with whoosh_index.open_dir(store.current(location)).searcher() as searcher:
        return {(f["path"], f["content_hash"], f["title"]) for f in searcher.all_stored_fields()}


def change(extra: Path, n: int) -> None:
    """The n-th small change a cron job would see: a note written, rewritten or removed."""
    note = extra / f"note-{n % 7}.txt"
    if n % 5 == 4 and note.exists():
        note.unlink()
    else:
        note.write_text(f"Note {n}\n\nA railway note, version {n}, about Kyrgyzstan and China.", "utf-8")


def test_300_updates_stay_a_few_segments_deep(demo_copy, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    registry = PeopleRegistry.load()
    deepest = 0
    for n in range(UPDATES):
        change(extra, n)
        report = index.update(demo_copy, [extra], registry=registry)
        deepest = max(deepest, segments(demo_copy))
    assert deepest <= most_segments(report.documents) <= 7

    # The same documents as a rebuild of the same files, without the dead ones a merge drops.
    rebuilt = tmp_path / "rebuilt"
    index.rebuild(rebuilt, [index.demo_corpus(), extra], registry=registry)
    assert stored(demo_copy) == stored(rebuilt)
    with whoosh_index.open_dir(store.current(demo_copy)).reader() as reader:
        assert reader.doc_count_all() - reader.doc_count() <= reader.doc_count() // 2

    # A reader holds a file per segment, not per update ever made.
    generation = store.current(demo_copy)
    assert len([p for p in generation.iterdir() if p.suffix == ".seg"]) == segments(demo_copy)
    if os.path.isdir("/proc/self/fd"):
        gc.collect()
        before = len(os.listdir("/proc/self/fd"))
        with kgsearch.open_index(demo_copy) as ix:
            assert ix.search("railway", snippets=True).total > 0
            opened = len(os.listdir("/proc/self/fd")) - before
        assert opened <= segments(demo_copy) + 2


def test_readers_keep_answering_while_updates_merge(demo_copy, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    baseline = kgsearch.open_index(demo_copy).search("railway", limit=500, snippets=False).total
    writer = subprocess.Popen([sys.executable, "-c", (
        "import pathlib\n"
        "from kgsearch import index\n"
        "from kgsearch.index.people import PeopleRegistry\n"
        f"loc, extra = {str(demo_copy)!r}, pathlib.Path({str(extra)!r})\n"
        "registry = PeopleRegistry.load()\n"
        "for n in range(25):\n"
        "    (extra / f'r{n}.txt').write_text(f'Extra {n}\\n\\nA railway extra {n}.', 'utf-8')\n"
        "    index.update(loc, [extra], registry=registry)\n")], cwd=ROOT / "tests")
    errors, totals = [], []
    try:
        while writer.poll() is None:
            try:
                with kgsearch.open_index(demo_copy) as ix:
                    totals.append(ix.search("railway", limit=500, snippets=True).total)
            except Exception as error:  # any error at all is a failure of this test
                errors.append(repr(error))
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0
    assert not errors, errors[:3]
    assert len(totals) >= 5
    # Every answer is a state the index was in, and they only grow: no merge lost or doubled a document.
    assert set(totals) <= set(range(baseline, baseline + 26)) and totals == sorted(totals)
    assert segments(demo_copy) <= most_segments(baseline + 100)


@pytest.mark.parametrize("sizes, merged", [
    ([60, 1, 1], [1, 1]),  # two small segments of one tier: merged into the commit's new one
    ([60, 1], []),
    ([600, 5, 12, 15], [5, 12, 15]),  # tier 10-99 full: merged with everything smaller
    ([1000, 1000, 3], []),  # a parallel rebuild's halves are majors: never rewritten by a cron job
    ([1000, 1000, 1000, 200, 300], [200, 300]),  # a rebuild on three processes, then updates
    ([4000, 1500, 1000, 30], [1500, 1000, 30]),  # 1,500 of 6,530 is no longer major: its tier is full
    # A large archive's rebuild: segments closed at SEGMENT_DOCUMENTS, none a quarter of the index,
    # are never rewritten by a cron job; the workers' last, smaller segments may be.
    ([merging.LARGE * 2] * 20 + [merging.LARGE - 1, 300, 200], [300, 200]),
    ([merging.LARGE * 2] * 20 + [merging.LARGE] * 2 + [7, 8], [7, 8]),
])
def test_the_policy_merges_full_tiers_and_leaves_majors(sizes, merged):
    class Segment:
        def __init__(self, documents, deleted=0):
            self.documents, self.deleted = documents, deleted

        def doc_count_all(self):
            return self.documents

        def deleted_count(self):
            return self.deleted

    chosen = merging.chosen([Segment(n) for n in sizes])
    assert sorted(s.documents for s in chosen) == sorted(merged)
    # A segment that is mostly deleted documents is merged whatever its size, which drops them.
    assert [s.documents for s in merging.chosen([Segment(600, deleted=400), Segment(3)])] == [600]
