"""Each document's story stamped on the Xapian copy, so that Xapian folds a search itself.

A search shows each story once (``kgsearch.fold``). For Xapian to find the
page, and count the stories, without handing every match to Python, each
document with versions carries its group as a collapse key: the lowest
number among the group's members (``terms.sortable``), in ``STORY_SLOT``
for the story (copies, reprints, translations: ``index.stories``) and in
``COPY_SLOT`` for the text alone (``index.copies``), and the term
``VERSIONS``, so that counting what a fold takes away reads only them.
Documents without versions carry none, and Xapian never folds those.

The groups are found after the Whoosh commit, so the stamps are set on the
copy as written (joined, written whole, or brought up to date in place), before
its mark: a document whose group changed is written again with its new
stamps, the others are left alone. The copy's metadata keeps a fingerprint
of the groups stamped (``index.stories.fingerprint``); a reader folds from
the stamps only where its own groups have the same (translations are
linked only where the encoder is installed), else as Whoosh does.
"""

import json

import xapian

from kgsearch.index import stories
from kgsearch.index.copies import copy_groups
from kgsearch.index.engine.xapian import terms

STAMPED = "kgsearch:stories"  # the fingerprints of the groups stamped, by slot
VERSIONS = "KGSEARCH:versions"  # a boolean term on every document stamped: what a count of folds reads


def stamp(databases: list, reader, folder) -> int:
    """Stamp the copy in ``databases`` (its shards, in order: ``terms.docid`` deals the documents)
    with the groups of ``reader``'s generation (``folder``); returns the documents written again."""
    copies = copy_groups(reader, folder)
    groups = {terms.STORY_SLOT: stories.groups(reader, folder, copies), terms.COPY_SLOT: copies}
    shards = len(databases)
    wanted: list[dict[int, dict[int, bytes]]] = [{} for _ in databases]  # shard: {docid: {slot: key}}
    for slot, of in groups.items():
        for docnum, group in of.items():
            if not reader.is_deleted(docnum):
                shard = docnum % shards
                wanted[shard].setdefault(terms.docid(docnum, shard, shards), {})[slot] = terms.sortable(min(group))
    changed = 0
    for db, keys in zip(databases, wanted):
        changed += _restamped(db, keys)
        db.set_metadata(STAMPED, json.dumps({str(slot): stories.fingerprint(of) for slot, of in groups.items()}))
    return changed


def _restamped(db, keys: dict[int, dict[int, bytes]]) -> int:
    """Write again the documents of ``db`` whose stamps are not ``keys`` (none: no stamp)."""
    held: dict[int, dict[int, bytes]] = {}
    for slot in (terms.STORY_SLOT, terms.COPY_SLOT):
        for item in db.valuestream(slot):
            held.setdefault(item.docid, {})[slot] = item.value
    marked = {posting.docid for posting in db.postlist(VERSIONS)}
    changed = 0
    for docid in keys.keys() | held.keys() | marked:
        if keys.get(docid, {}) != held.get(docid, {}) or (docid in keys) != (docid in marked):
            doc = db.get_document(docid)
            for slot in (terms.STORY_SLOT, terms.COPY_SLOT):
                if slot in keys.get(docid, {}):
                    doc.add_value(slot, keys[docid][slot])
                elif slot in held.get(docid, {}):
                    doc.remove_value(slot)
            if docid in keys:
                doc.add_boolean_term(VERSIONS)
            elif docid in marked:
                doc.remove_term(VERSIONS)
            db.replace_document(docid, doc)
            changed += 1
    return changed


def grouped(query) -> "xapian.Query":
    """``query`` among the documents stamped (those with versions)."""
    return xapian.Query(xapian.Query.OP_FILTER, query, xapian.Query(VERSIONS))


def stamped(database) -> dict[int, str]:
    """The fingerprints of the groups stamped on ``database``'s copy, by slot ({}: none)."""
    try:
        return {int(slot): value for slot, value in json.loads(database.get_metadata(STAMPED) or "{}").items()}
    except ValueError:
        return {}
