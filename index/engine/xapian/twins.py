"""A generation's Xapian copy (its twin) as the commands keep it: where it is, written, checked, searched.

The twin is in the generation's folder (``xapian/<mark>/``) or spread over
remote shards (``tcp://HOST:PORT``, served writable by ``xapian-tcpsrv``).
Each copy written gets a new mark, kept in ``meta.json`` (``twin``) and in
every database of the copy (``writing.TWIN_OF``), with the Whoosh generation
it was written from. A search opens the copy only where the marks agree:
shards that hold another copy (another index's, a later rebuild's, one cut
short) are refused by name, never searched for a part of the answer. A
remote copy is blanked (its mark removed, committed) before it is rewritten,
so that Xapian's own intermediate commits are never taken for a whole copy.

A local copy is written into a new folder each time and the one before it
kept (a reader may still have it open); older ones are removed. An update
or an edit changes the copy where it is instead (``updating``), under a new
mark and the ``origin`` it was written whole under (its folder's name): a
reader of the index as it was finds a copy of its origin under another mark,
or one that changed under it (``xapian.DatabaseModifiedError``), and takes
its match sets from Whoosh, whose generation it still reads.
"""

import contextlib
import json
import shutil
import uuid
from pathlib import Path

import xapian

from kgsearch.index.engine.xapian import parts, stamps, terms
from kgsearch.index.engine.xapian.queries import Untranslatable
from kgsearch.index.engine.xapian.searching import XapianSearcher, open_database
from kgsearch.index.engine.xapian.writing import TWIN_OF, write_twin
from kgsearch.index.errors import ShardError, StoreError

TRANSLATED = 16  # translations an engine keeps, for a search's next question about the same query
FOLDER = "xapian"  # in the generation, a local copy's folders, one per copy written whole (its origin)


def message(error: Exception) -> str:
    return error.get_msg() if isinstance(error, xapian.Error) else str(error)


def opened(location: str, writable: bool = False):
    """The database at ``location``, or a ``ShardError`` that names it."""
    try:
        return open_database(location, writable)
    except (xapian.Error, ValueError) as error:
        what = "reach the Xapian shard" if str(location).startswith("tcp://") else "open the Xapian copy"
        raise ShardError(f"cannot {what} {location} ({message(error)})") from None


def check(shards) -> None:
    """Each of ``shards`` can be opened for writing now (a rebuild asks before it builds anything)."""
    for location in shards:
        try:
            db = opened(location, writable=True)
        except ShardError as error:
            raise ShardError(f"{error}; the index is unchanged") from None
        db.close()


def locations(generation: Path, meta: dict) -> list[str]:
    """Where the copy ``meta`` records is: its shards, else its folder in ``generation``."""
    twin = meta.get("twin") or {}
    return list(meta.get("shards") or []) or [str(generation / FOLDER / origin(twin))]


def origin(twin: dict) -> str:
    """The mark the copy ``twin`` was written whole under (a local copy's folder); the copy's own
    mark where it has not been updated in place since (``updating``)."""
    return twin.get("origin") or twin.get("mark", "")


def segment_copies(generation: Path) -> parts.SegmentCopies:
    """What a rebuild's segment writers copy each segment into, as they write it (``parts``)."""
    return parts.SegmentCopies(generation)


def write(generation: Path, reader, shards, whoosh_generation: int, keep: str | None = None) -> dict:
    """A new copy of ``reader``'s documents into ``shards`` (else a new folder in ``generation``,
    the copy ``keep`` names left there and older ones removed): joined from the parts a rebuild
    wrote into ``generation`` where they are whole (``parts.parts_of``), else written from
    ``reader``. Returns what ``meta.json`` keeps of it (``twin``). A shard that fails is a
    ``ShardError`` naming it."""
    mark = uuid.uuid4().hex[:16]
    source = {"mark": mark, "whoosh": whoosh_generation, "layout": layout(reader)}
    try:
        found = parts.parts_of(generation, reader)
        source["joined"] = found is not None  # from the rebuild's own analysis (else analysed again)
        if shards:
            _write_shards(reader, shards, source, None if found is None else parts.documents(found), generation)
        else:
            _write_local(generation, reader, source, found, keep)
    finally:
        parts.remove(generation)
    return source


def _write_local(generation: Path, reader, source: dict, found, keep: str | None) -> None:
    folder = generation / FOLDER / source["mark"]
    folder.parent.mkdir(exist_ok=True)
    try:
        if found is None:
            write_twin(reader, [folder], source=source, folder=generation)
        else:
            parts.join(found, folder)
            db = xapian.WritableDatabase(str(folder), xapian.DB_OPEN)
            stamps.stamp([db], reader, generation)
            db.set_metadata(TWIN_OF, json.dumps(source, sort_keys=True))
            db.commit()
            db.close()
    except xapian.Error as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"cannot write the Xapian copy at {folder} ({message(error)})") from None
    for old in folder.parent.iterdir():
        if old.name not in (source["mark"], keep):
            shutil.rmtree(old, ignore_errors=True)


def _write_shards(reader, shards, source: dict, documents, generation: Path) -> None:
    databases = [opened(location, writable=True) for location in shards]
    try:
        for db in databases:  # blanked first: what Xapian commits on its own before the end is no copy
            db.set_metadata(TWIN_OF, "")
            db.commit()
        _remove_others(reader, databases)
        write_twin(reader, databases, source=source, documents=documents, folder=generation)
    except xapian.Error as error:
        raise shard_failure(shards, error) from None
    finally:
        close_all(databases)


def close_all(databases) -> None:
    """Close each of ``databases``; one that fails to close (a shard gone) is the error being
    handled already, or none worth raising."""
    for db in databases:
        with contextlib.suppress(xapian.Error):
            db.close()


def layout(reader) -> str:
    """What numbers the documents of a Whoosh index: its segments, in order, and how many of each
    are deleted. The same layout, the same documents under the same numbers: a copy written from
    one is the copy of the other (an update that changed nothing still commits a new generation)."""
    return " ".join(f"{offset}:{leaf.segment().segment_id()}:{leaf.segment().deleted_count()}"
                    for leaf, offset in reader.leaf_readers() if leaf.segment() is not None)  # none: no document


def _remove_others(reader, databases) -> None:
    """Delete from each shard the documents the copy will not write over (an earlier, larger copy's)."""
    shards = len(databases)
    written = [set() for _ in databases]
    for docnum in range(reader.doc_count_all()):
        if not reader.is_deleted(docnum):
            written[docnum % shards].add(terms.docid(docnum, docnum % shards, shards))
    for db, kept in zip(databases, written):
        for docid in [p.docid for p in db.postlist("") if p.docid not in kept]:
            db.delete_document(docid)


def shard_failure(shards, error: Exception) -> ShardError:
    """The error for a failure of the shards searched or written together: the first that cannot be
    reached named, else what Xapian said."""
    for location in shards:
        try:
            open_database(location).get_doccount()
        except (xapian.Error, ValueError) as probe:
            return ShardError(f"cannot reach the Xapian shard {location} ({message(probe)})")
    return ShardError(f"the Xapian shards {', '.join(shards)} failed ({message(error)})")


def holds(shards, mark: str) -> bool:
    """Whether every one of ``shards`` still holds the copy ``mark`` (none has been written over)."""
    return all(mark_of(opened(location), location) == mark for location in shards)


def mark_of(db, location: str) -> str | None:
    return _source(db, location).get("mark")


def _source(db, location: str) -> dict:
    """What the database at ``location`` records of the copy it holds (``writing.TWIN_OF``)."""
    try:
        return json.loads(db.get_metadata(TWIN_OF) or "{}")
    except (xapian.Error, ValueError) as error:
        raise ShardError(f"cannot read the Xapian shard {location} ({message(error)})") from None


class _MovedOn(Exception):
    """The copy was updated in place since the Whoosh generation an ``Engine`` reads."""


class Engine:
    """An index's match sets from its Xapian copy; opened at the first query (a document's page, its
    facets need none), checked to be the copy ``meta`` records, from the Whoosh generation read."""

    def __init__(self, generation: Path, meta: dict, whoosh_generation: int):
        self.root = generation.parent
        self.twin = meta.get("twin")
        self.locations = locations(generation, meta)
        self.remote = bool(meta.get("shards"))
        self.whoosh_generation = whoosh_generation
        self._searcher = None
        self._moved_on = False
        self._stamped = None  # the copy's stamps (``stamps.stamped``), read at its first page
        self._translated: dict = {}  # (query, filter, how): its translation (``_filtered``)

    def searcher(self) -> XapianSearcher:
        if self._searcher is None:
            self._searcher = XapianSearcher(self._checked(), reopen=self._checked)
        return self._searcher

    def _checked(self) -> list:
        if not self.twin:
            raise StoreError(f"the Xapian copy of the index at {self.root} is out of date (writing it after "
                             "the last change failed); `kgsearch index update` writes it again")
        databases = []
        try:
            for location in self.locations:
                if not self.remote and not Path(location).is_dir():
                    raise StoreError(f"the index at {self.root} is damaged (its Xapian copy {location} is "
                                     "missing); rebuild it with `kgsearch index rebuild`")
                databases.append(opened(location))
                source = _source(databases[-1], location)
                if source.get("mark") != self.twin["mark"] and source.get("origin") == origin(self.twin):
                    raise _MovedOn()
                if source.get("mark") != self.twin["mark"]:
                    raise ShardError(f"the Xapian shard {location} holds another copy than the index at "
                                     f"{self.root} (a later rebuild's, another index's, or one cut short); "
                                     "rebuild the index: `kgsearch index rebuild`")
        except (StoreError, _MovedOn):
            for db in databases:
                db.close()
            raise
        return databases

    def matching(self, q, budget=None) -> set[int] | None:
        """The Whoosh numbers of the documents ``q`` (a compiled Whoosh query) matches; ``None`` for a
        query the engine has no exact translation of, and for a Whoosh index read that is not the one
        the copy was written from (opened between an update's commit and its new copy), or whose
        copy was updated in place since: ``matchset`` answers those, with the same sets.
        ``budget``: the query's (``XapianSearcher.matching``)."""
        return self._asked(lambda searcher: searcher.matching(searcher.query(q, budget), budget))

    def exists(self, q, where=None, budget=None) -> bool | None:
        """Whether ``q`` matches any document ``where`` (a compiled filter, or ``None``) selects;
        ``None`` as ``matching`` says."""
        return self._asked(lambda searcher: searcher.exists(self._filtered(searcher, q, where, budget, False), budget))

    def folded_page(self, q, where, first: int, limit: int, folds: dict[str, str], budget=None):
        """The page ``limit`` stories long after the best ``first`` that ``q`` matches ``where``
        selects, folded and counted by Xapian (``XapianSearcher.folded_page``), with each of its
        stories' other matches: ``(FoldedPage, {docnum: [its versions]})``. ``folds``: the
        fingerprints of the story and copy groups the search folds by (``index.stories``); ``None``
        where the copy is stamped with other groups, and as ``matching`` says."""
        def page(searcher):
            if not self._stamped_with(searcher, folds):
                return None
            ranked, matched, bound = (self._filtered(searcher, q, where, budget, **how)
                                      for how in ({}, {"scored": False}, {"bound": True}))
            found = searcher.folded_page(ranked, matched, bound, first, limit, budget)
            members = searcher.among_stories(stamps.grouped(matched), {key for _, key, _ in found.hits if key}, budget)
            versions = {docnum: [m for m in members.get(key, ()) if m != docnum]
                        for docnum, key, _ in found.hits if key}
            return found, versions
        return self._asked(page)

    def story_order(self, q, where, count: int, folds: dict[str, str], budget=None) -> list | None:
        """The best ``count`` stories ``q`` matches ``where`` selects, by Xapian's BM25, each at its
        best document: (Whoosh's number, weight); ``None`` as ``folded_page`` says."""
        def order(searcher):
            if not self._stamped_with(searcher, folds):
                return None
            ranked, bound = (self._filtered(searcher, q, where, budget, **how) for how in ({}, {"bound": True}))
            return [(docnum, weight) for docnum, _, weight in searcher.stories(ranked, bound, count, budget)]
        return self._asked(order)

    def _stamped_with(self, searcher, folds: dict[str, str]) -> bool:
        """Whether the copy is stamped with the groups ``folds`` fingerprints (``stamps``)."""
        if self._stamped is None:
            self._stamped = searcher.stamped()
        return self._stamped == {terms.STORY_SLOT: folds["stories"], terms.COPY_SLOT: folds["copies"]}

    def _filtered(self, searcher, q, where, budget, scored: bool = True, bound: bool = False):
        """``q`` translated (``XapianSearcher.query``) and filtered by ``where``; kept for the search's
        next question about the same query (whether it matches anything, then its page): a
        translation costs a millisecond or more of Python for each of Xapian's query objects."""
        key = (id(q), id(where), scored, bound)
        if (kept := self._translated.get(key)) is not None and kept[0] is q and kept[1] is where:
            return kept[2]
        query = searcher.query(q, budget, scored, bound)
        if where is not None:
            query = xapian.Query(xapian.Query.OP_FILTER, query, searcher.query(where, budget))
        if len(self._translated) >= TRANSLATED:
            self._translated.clear()
        self._translated[key] = (q, where, query)  # the objects kept, so that their ids are not reused
        return query

    def _asked(self, ask):
        """What ``ask`` (given the open ``XapianSearcher``) answers; ``None`` where the copy cannot
        answer for the Whoosh generation read (``matching``)."""
        if self._moved_on or (self.twin and self.twin.get("whoosh") != self.whoosh_generation):
            return None
        try:
            return ask(self.searcher())
        except Untranslatable:
            return None
        except (_MovedOn, xapian.DatabaseModifiedError):
            self._moved_on = True
            self.close()
            return None
        except xapian.Error as error:
            self.close()  # opened again, and checked, by the next query
            raise shard_failure(self.locations, error) from None

    def close(self):
        if self._searcher is not None:
            with contextlib.suppress(xapian.Error):
                self._searcher.close()
            self._searcher = None
            self._stamped = None
            self._translated.clear()
