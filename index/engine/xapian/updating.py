"""A Xapian copy brought up to date where it is after an update or an edit: only what moved is written.

Writing a copy whole costs about 5 ms a document (23 s for the 4,313
documents of the shared corpora, 9 minutes for 100,000), where an update of
one file or an edit of one document changes a handful. Whoosh numbers the
documents by segment (``twins.layout``), and an update's commit keeps the
segments it does not merge in order and under their ids (more of their
documents deleted, perhaps), then writes what it merged and what it added as
new segments after them. So the segments the copy's recorded layout shares
with the new reader, at the same offsets, are an unchanged prefix: their
documents keep their numbers, and the copy only loses those deleted since.
From the first segment that differs on, any number may have moved: the
copy's documents there are replaced by the new reader's, whose keyword terms
are read from their own segments (the whole index's lexicon would cost more
than a small tail's documents).

The copy is changed in the databases it is in (``twins.locations``, the
documents dealt as ``terms.docid`` deals them), not written anew beside it:
its mark is blanked first and a new one set with the last commit, so that a
copy cut short is never taken for whole. It keeps its ``origin``, the mark it
was written whole under, which names a local copy's folder: a reader that
opened the index before finds a copy of its own origin under another mark,
and answers from Whoosh (``twins.Engine``). What cannot be compared (no
layout recorded, no segment in common, deletions undone, a copy that is not
the one ``meta.json`` records) is left to the whole rewrite: ``update``
answers ``None``.
"""

import contextlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import xapian

from kgsearch.index.engine.xapian import stamps, terms, twins
from kgsearch.index.engine.xapian.writing import TWIN_OF, document, keyword_terms, write_twin
from kgsearch.index.errors import ShardError, StoreError


@dataclass
class Change:
    """What an update changed in the copy's numbering."""

    start: int  # Whoosh's number of the first document of the first segment that differs (the rest move)
    deleted: list[int]  # the prefix's deleted documents, in its segments with deletions since the copy


def change(recorded: str | None, reader) -> Change | None:
    """What changed between the layout ``recorded`` (``twins.layout``, the copy's) and ``reader``'s;
    ``None`` where the two cannot be compared, or share no segment."""
    try:
        old = [(int(offset), segment, int(deleted))
               for offset, segment, deleted in (part.split(":") for part in (recorded or "").split())]
    except ValueError:  # not three parts, or not numbers
        return None
    leaves = list(reader.leaf_readers())
    deleted, kept = [], 0
    for (offset, segment_id, before), (leaf, now_offset) in zip(old, leaves):
        segment = leaf.segment()
        if (offset, segment_id) != (now_offset, segment.segment_id()):
            break
        if segment.deleted_count() < before:  # Whoosh never takes a deletion back
            return None
        if segment.deleted_count() > before:
            deleted.extend(offset + docnum for docnum in segment.deleted_docs())
        kept += 1
    if kept == 0:
        return None
    start = leaves[kept][1] if kept < len(leaves) else reader.doc_count_all()
    return Change(start, deleted)


def update(generation: Path, reader, meta: dict, whoosh_generation: int) -> dict | None:
    """The copy ``meta`` records (``meta.json`` as it was when the copy was written) brought to
    ``reader``'s documents where it is: what ``meta.json`` keeps of it (``twin``), or ``None``
    where it cannot be (the caller writes it whole). A copy that fails on the way is left blank
    and is a ``StoreError`` (a ``ShardError`` naming a shard)."""
    old = meta.get("twin") or {}
    found = change(old.get("layout"), reader) if old.get("mark") else None
    if found is None:
        return None
    shards = list(meta.get("shards") or [])
    locations = twins.locations(generation, meta)
    databases = _opened(locations, old["mark"], remote=bool(shards))
    if databases is None:
        return None
    origin = twins.origin(old)
    source = {"mark": uuid.uuid4().hex[:16], "whoosh": whoosh_generation, "layout": twins.layout(reader),
              "origin": origin}
    try:
        for db in databases:  # blanked first: what is committed on the way is no copy
            db.set_metadata(TWIN_OF, json.dumps({"mark": "", "origin": origin}, sort_keys=True))
            db.commit()
        _delete(databases, found.deleted)
        _write_from(reader, databases, found.start)
        stamps.stamp(databases, reader, generation)  # groups an old document joined or left
        for db in databases:
            db.set_metadata(TWIN_OF, json.dumps(source, sort_keys=True))
            db.commit()
    except xapian.Error as error:
        if shards:
            raise twins.shard_failure(shards, error) from None
        raise StoreError(f"cannot write the Xapian copy at {', '.join(locations)} "
                         f"({twins.message(error)})") from None
    finally:
        twins.close_all(databases)
    return source


def _opened(locations: list[str], mark: str, remote: bool) -> list | None:
    """The copy's databases, writable; ``None`` where a local one is missing or cannot be opened, or
    any holds another copy than ``mark`` (one cut short). A shard that cannot be reached is a
    ``ShardError``: writing the copy whole would fail the same."""
    databases = []
    try:
        for location in locations:
            if not remote and not Path(location).is_dir():
                break
            databases.append(twins.opened(location, writable=True))
            if twins.mark_of(databases[-1], location) != mark:
                break
        else:
            return databases
    except ShardError:
        if remote:
            twins.close_all(databases)
            raise
    twins.close_all(databases)
    return None


def _delete(databases: list, docnums: list[int]) -> None:
    """Delete ``docnums`` from the copy where it still has them (a deletion before it was written
    left a gap already)."""
    shards = len(databases)
    for docnum in docnums:
        shard = docnum % shards
        with contextlib.suppress(xapian.DocNotFoundError):
            databases[shard].delete_document(terms.docid(docnum, shard, shards))


def _write_from(reader, databases: list, start: int) -> int:
    """Replace the copy's documents numbered ``start`` and after by ``reader``'s (``start`` is where
    a segment begins); returns the documents written."""
    shards = len(databases)
    before = [_docids_from(db, terms.docid(_first(start, shard, shards), shard, shards))
              for shard, db in enumerate(databases)]
    written: list[int] = []

    def tail():
        for leaf, offset in reader.leaf_readers():
            if offset < start:
                continue
            keywords = keyword_terms(leaf)  # the segment's own lexicon
            for local in range(leaf.doc_count_all()):
                if not leaf.is_deleted(local):
                    written.append(offset + local)
                    yield offset + local, document(reader.schema, leaf.stored_fields(local), keywords.get(local, {}))

    write_twin(reader, databases, documents=tail())
    for docnum in written:
        before[docnum % shards].discard(terms.docid(docnum, docnum % shards, shards))
    for db, gone in zip(databases, before):
        for docid in gone:
            db.delete_document(docid)
    return len(written)


def _first(start: int, shard: int, shards: int) -> int:
    """The first Whoosh number from ``start`` on that is dealt to ``shard``."""
    return start + (shard - start) % shards


def _docids_from(db, first: int) -> set[int]:
    """The document numbers ``db`` holds from ``first`` on."""
    postings = db.postlist("")
    try:
        found = {postings.skip_to(first).docid}
    except StopIteration:
        return set()
    found.update(item.docid for item in postings)
    return found
