"""When an update merges the index's segments, so that a year of updates reads like a rebuild.

Every commit that adds documents writes a segment; a query reads every
segment, and each holds files open. Without merging, 300 small updates
made queries 44 times slower and about 1,000 exhausted the open files. Here
segments are kept in tiers by size (1-9 documents, 10-99, …): when a tier
holds ``FAN_IN`` segments, they and all smaller ones are merged into the
commit's new segment, as Lucene and Whoosh do, so a document is rewritten
about once per tier and an index of N documents has at most about
``FAN_IN`` segments per power of ten of N. A segment that is mostly deleted
documents is merged too, which drops them.

Readers that have a merged segment open keep reading it (an open file
outlives its name); one that reads the table of contents just before the
merge removes that segment finds it gone and opens the index again
(``store.open_current``).
"""

import math

from whoosh.reading import SegmentReader

FAN_IN = 3
TIER_BASE = 10
MOSTLY_DELETED = 0.5


def _tier(segment) -> int:
    return int(math.log(max(1, segment.doc_count_all()), TIER_BASE))


def merge_policy(writer, segments):
    """A Whoosh merge policy: add the segments to merge to ``writer``, return the others."""
    tiers: dict[int, list] = {}
    for segment in segments:
        tiers.setdefault(_tier(segment), []).append(segment)
    full = [tier for tier, members in tiers.items() if len(members) >= FAN_IN]
    top = max(full, default=-1)
    merged = [s for s in segments
              if _tier(s) <= top or s.deleted_count() > MOSTLY_DELETED * max(1, s.doc_count_all())]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in merged]
