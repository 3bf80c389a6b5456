"""Which documents are versions of one story: the groups a search folds into one hit.

Three kinds of link make a story: the same text (``copies``), a reprint
lightly edited (``similar``) and a translation (``translations``, with the
encoder). Two groups that share a document are one, so the groups are a
partition of the documents that have versions. Folding a search's matches
(``kgsearch.fold``) and an engine that folds them itself (the Xapian copy's
collapse key, ``engine.xapian.stamps``) read them here, so that both count
each story alike.
"""

import hashlib
import json

from kgsearch.index import copies, similar, translations
from kgsearch.index.copies import copy_groups
from kgsearch.index.similar import story_groups
from kgsearch.index.translations import translation_groups


def kept(folder) -> copies.Kept:
    """The files of every kind of group in ``folder``, read now (``copies.Kept``)."""
    return copies.Kept(folder, (copies.FILE, similar.FILE, translations.FILE))


def groups(reader, folder, copies: dict[int, tuple[int, ...]] | None = None) -> dict[int, tuple[int, ...]]:
    """For every document with other versions, all of them: copies, reprints, translations.
    ``copies``: the copy groups, when the caller has them (``copies.copy_groups``)."""
    copies = copy_groups(reader, folder) if copies is None else copies
    return joined(story_groups(reader, folder, copies), translation_groups(reader, folder))


def joined(groups: dict[int, tuple[int, ...]], more: list[list[int]]) -> dict[int, tuple[int, ...]]:
    """``groups`` with ``more`` groups joined in: two groups that share a document are one."""
    if not more:
        return groups
    joined = dict(groups)
    for group in more:
        members = set(group)
        for docnum in group:
            members.update(joined.get(docnum, ()))
        merged = tuple(sorted(members))
        for docnum in merged:
            joined[docnum] = merged
    return joined


def fingerprint(groups: dict[int, tuple[int, ...]]) -> str:
    """A short digest of ``groups``: the same for the same partition, however it was found."""
    shared = {id(group): group for group in groups.values()}.values()  # a group's members share its tuple
    canonical = sorted({tuple(sorted(group)) for group in shared})
    return hashlib.sha1(json.dumps(canonical).encode("ascii")).hexdigest()[:16]
