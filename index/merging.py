"""When an update merges the index's segments, so that a year of updates reads like a rebuild.

Every commit that adds documents writes a segment; a query reads every
segment, and each holds a file open. Without merging, 300 small updates made
queries 44 times slower and about 1,000 exhausted the open files.

The policy (Whoosh calls it at every update's commit): a segment that holds
a quarter of the index or more is major, and majors are left alone, so that
a cron job never rewrites most of the index (merging the 2,000 documents of
the ng corpus takes 36 s, half a rebuild), and the segments of a rebuild on
up to three processes stay as they are; there are at most three. A segment
of at least ``LARGE`` documents is major too, whatever the index's size: a
rebuild closes its segments at ``sizing.SEGMENT_DOCUMENTS`` documents, so an
archive of a million documents is twenty or more such segments, none a
quarter of it, and merging them would rewrite the archive. The minor
ones are kept in tiers by size (1-9 documents, 10-99, …): when a tier holds
two, they and every smaller segment go into the commit's new segment, so a
document is rewritten a few times per tier and at most one minor segment a
tier is left. A major becomes minor as the index grows around it, and is
merged then. A segment that is mostly deleted documents is merged whatever
its size, which drops them.

Readers that have a merged segment open keep reading it (an open file
outlives its name); one that reads the table of contents just before the
merge removes a segment finds it gone and reads the table again (Whoosh's
``FileIndex.reader`` and ``store.open_current`` retry).
"""

from kgsearch.index.engine.writing import merge_segments
from kgsearch.index.sizing import SEGMENT_DOCUMENTS

FAN_IN = 2  # minor segments of one tier that are merged
MAJOR = 4  # a major segment holds at least 1/MAJOR of the documents, or LARGE documents
LARGE = SEGMENT_DOCUMENTS // 2
TIER_BASE = 10
MOSTLY_DELETED = 0.5


def tier(documents: int) -> int:
    """0 for 1-9 documents, 1 for 10-99, … (counted, not by a logarithm: log(1000, 10) < 3)."""
    level = 0
    while documents >= TIER_BASE:
        documents //= TIER_BASE
        level += 1
    return level


def _tier(segment) -> int:
    return tier(segment.doc_count_all())


def chosen(segments) -> list:
    """The segments this policy merges, of those an update's commit finds."""
    total = sum(s.doc_count_all() for s in segments)
    majors = [s for s in segments if s.doc_count_all() * MAJOR >= total or s.doc_count_all() >= LARGE]
    tiers: dict[int, list] = {}
    for segment in segments:
        if segment not in majors:
            tiers.setdefault(_tier(segment), []).append(segment)
    highest = max((tier for tier, members in tiers.items() if len(members) >= FAN_IN), default=-1)
    return [s for s in segments
            if s not in majors and _tier(s) <= highest
            or s.deleted_count() > MOSTLY_DELETED * max(1, s.doc_count_all())]


def merge_policy(writer, segments):
    """A Whoosh merge policy: add the segments to merge to ``writer``, return the others."""
    merged = chosen(segments)
    merge_segments(writer, merged)
    return [s for s in segments if s not in merged]
