"""One or several Xapian databases searched as one: every document a query matches, and the best.

A location is a database's folder or ``tcp://HOST:PORT``, a database served
by ``xapian-tcpsrv``. Shards written by ``writing.write_twin`` and opened in
the same order number their documents as the Whoosh index does
(``terms.docid``), so that matched sets compare number for number; the
kgsearch ids compare wherever the documents went.
"""

import contextlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

import xapian

from kgsearch.index.engine.xapian import stamps, terms
from kgsearch.index.engine.xapian.queries import Translator

REMOTE_TIMEOUT_MS = 10_000
# Whoosh's BM25F constants (K1 1.2, B 0.75), where Xapian's own are 1 and 0.5: its ranking the nearer
# kgsearch's. Xapian's document length is every field's terms, not the field's own as in BM25F.
BM25 = dict(k1=1.2, k2=0.0, k3=1.0, b=0.75, min_normlen=0.5)
FIRST_BOUNDS = 64  # documents a page is first looked for among (``XapianSearcher.stories``), four times more each time
MOST_BOUNDS = 16_384  # past this, the query itself ranks every match
SLACK = 1 + 1e-9  # a bound and a weight added in another order may differ in their last bits


def _collapsed(mset) -> list:
    """(Whoosh's number, its story's stamp or b"", weight) of each of a collapsed match's documents."""
    return [(terms.docnum(m.docid), m.collapse_key, m.weight) for m in mset]


def _folded(spy) -> int:
    """The matches a fold takes away: of each group's (a value ``spy`` counted), all but one."""
    return sum(item.termfreq - 1 for item in spy.values())


def _copied(query) -> "xapian.Query":
    """``query`` rebuilt from its serialised form: a query of its own for another thread (Xapian counts
    the references to a query's parts without a lock)."""
    return xapian.Query.unserialise(query.serialise())


def _joined(locations) -> "xapian.Database":
    database = xapian.Database()
    for location in locations:
        opened = isinstance(location, xapian.Database)
        database.add_database(location if opened else open_database(location))
    return database


def open_database(location: str, writable: bool = False):
    """The database at ``location``: a folder, or ``tcp://HOST:PORT`` (a ``xapian-tcpsrv``)."""
    location = str(location)
    if location.startswith("tcp://"):
        parts = urlsplit(location)
        if not parts.hostname or not parts.port:
            raise ValueError(f"{location}: a remote database is tcp://HOST:PORT")
        if writable:
            return xapian.remote_open_writable(parts.hostname, parts.port, REMOTE_TIMEOUT_MS)
        return xapian.remote_open(parts.hostname, parts.port, REMOTE_TIMEOUT_MS)
    if writable:
        return xapian.WritableDatabase(location, xapian.DB_OPEN)
    return xapian.Database(location)


@dataclass
class FoldedPage:
    """A page of stories and its exact counts, as Xapian folded them (``XapianSearcher.folded_page``)."""

    stories: int  # what the query matches, each story once
    documents: int  # every document it matches
    texts: int  # each text once (copies folded, other versions not)
    hits: list  # (Whoosh's document number, its story's stamp or b"", weight), best first


@dataclass
class Hit:
    docnum: int  # Whoosh's number for it, where the shards were opened in the order they were written
    id: str  # its kgsearch id
    weight: float


class XapianSearcher:
    """Searches the databases at ``locations`` together (in the order given); a location may be
    a database already open (one checked first).

    ``reopen``: what opens the same databases again (as checked), or ``None``. With it, a page
    counts the matches with versions on a second handle, in a thread of its own, while this one
    finds the page and counts every match: Xapian lets go of Python's lock while it matches, and
    a handle serves one thread at a time."""

    def __init__(self, locations, reopen=None):
        self.database = _joined(locations)
        self._reopen = reopen
        self._second = None  # (the second handle, its thread), opened at the first page that counts

    def close(self):
        if self._second:
            self._second[1].shutdown()
            self._second[0].close()
        self._second, self._reopen = None, None
        self.database.close()

    def _counter(self):
        """The second handle and its thread; ``None`` where there is none (one that cannot be opened,
        or holds another copy now, is only slower: the counts are then made here)."""
        if self._second is None and self._reopen is not None:
            reopen, self._reopen = self._reopen, None
            try:
                self._second = (_joined(reopen()), ThreadPoolExecutor(1, thread_name_prefix="kgsearch-count"))
            except Exception:  # whatever opening and checking the copy again raises
                self._second = None
        return self._second

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def doc_count(self) -> int:
        return self.database.get_doccount()

    def query(self, q, budget=None, scored: bool = True, bound: bool = False) -> "xapian.Query":
        """The Xapian query for ``q``, a Whoosh query kgsearch compiled (its filters too); ``budget``
        as for ``matching``; ``scored=False``: only to match, ``bound``: its bound (``Translator``)."""
        return Translator(self.database, budget, scored, bound).translate(q)

    def _mset(self, query, count: int, weighted: bool, budget=None, collapse: int | None = None, spies=(),
              check: int | None = None, database=None):
        """The best ``count`` matches, every document checked: its counts of matches are exact.
        With a ``budget``, it is checked before the match and after it (Xapian's own time limit
        does not shorten a match asked for every document, nor should it: never fewer documents
        than the query matches); a match longer than what was left is the budget's error.
        ``collapse``: a slot whose value folds the documents that share it into their best (``stamps``);
        Xapian's counts after folding are estimates (it keeps the groups of the best alone);
        ``spies`` (``xapian.MatchSpy``) see every match before it is folded. ``check``: how many
        documents to check at least (else every one: the counts exact). ``database``: the handle
        to match on (this searcher's own by default)."""
        database = self.database if database is None else database
        enquire = xapian.Enquire(database)
        enquire.set_query(query)
        enquire.set_weighting_scheme(xapian.BM25Weight(*BM25.values()) if weighted else xapian.BoolWeight())
        if collapse is not None:
            enquire.set_collapse_key(collapse)
        for spy in spies:
            enquire.add_matchspy(spy)
        if budget is not None:
            budget.check()
        total = database.get_doccount() if check is None else check
        mset = enquire.get_mset(0, count, total)
        if budget is not None:
            budget.check()
        return mset

    def matching(self, query, budget=None) -> set[int]:
        """Every document ``query`` (a Xapian query) matches, by Whoosh's document number.
        ``budget``: a query's allowance (``kgsearch.budget.Budget``: ``check()`` raises past it),
        or ``None``."""
        mset = self._mset(query, self.database.get_doccount(), weighted=False, budget=budget)
        # Each number asked for by its place: iterating the MSet's items costs 4 us a match, 7 times as much.
        return set(map(terms.docnum, map(mset.get_docid, range(mset.size()))))

    def matching_ids(self, query) -> set[str]:
        """Every document ``query`` matches, by kgsearch id."""
        mset = self._mset(query, self.database.get_doccount(), weighted=False)
        return {m.document.get_value(terms.ID_SLOT).decode("utf-8") for m in mset}

    def top(self, query, limit: int = 10) -> tuple[int, list[Hit]]:
        """The exact number of matches, and the best ``limit`` by BM25."""
        mset = self._mset(query, limit, weighted=True)
        hits = [Hit(terms.docnum(m.docid), m.document.get_value(terms.ID_SLOT).decode("utf-8"), m.weight)
                for m in mset]
        return mset.get_matches_estimated(), hits

    def exists(self, query, budget=None) -> bool:
        """Whether ``query`` matches any document (Xapian stops at the first)."""
        enquire = xapian.Enquire(self.database)
        enquire.set_query(query)
        enquire.set_weighting_scheme(xapian.BoolWeight())
        if budget is not None:
            budget.check()
        return enquire.get_mset(0, 1).size() > 0

    def folded_page(self, ranked, matched, bound, first: int, limit: int, budget=None) -> "FoldedPage":
        """The best ``limit`` stories after the best ``first`` by BM25 of ``ranked``, each at its best
        document (folded by its stamp, ``stamps``), and exact counts of what ``matched`` (the same
        documents, without what only scores) matches; in C++, only the page comes back.

        Each match is as cheap as it can be. The page: Xapian ranks by ``bound`` (``Translator``:
        no positions read) and passes over what cannot reach the page; ``ranked`` is weighed only
        over the best of that, more of it while a document left out could still weigh more than the
        page's last (``stories``). The counts: every match counted, nothing weighed; and the matches
        with versions (``stamps.VERSIONS``, a few in a hundred) counted by their stamps, to take
        away what a fold does (Xapian's own counts, once folded, are estimates). The second count
        runs beside the rest where there is a second handle (``reopen``): at 1,000,000 documents
        each count of a common phrase reads positions for 90 ms."""
        stories, texts = xapian.ValueCountMatchSpy(terms.STORY_SLOT), xapian.ValueCountMatchSpy(terms.COPY_SLOT)
        grouped = stamps.grouped(matched)
        second = self._counter()
        if second is not None:
            database, thread = second
            counted = thread.submit(self._mset, _copied(grouped), 0, weighted=False, budget=budget,
                                    spies=(stories, texts), database=database)
        else:
            self._mset(grouped, 0, weighted=False, budget=budget, spies=(stories, texts))
        try:
            hits = self.stories(ranked, bound, first + limit, budget)[first:]
            documents = self._mset(matched, 0, weighted=False, budget=budget).get_matches_estimated()
        except BaseException:
            if second is not None:  # Xapian cannot stop a match: the next page would wait behind it
                with contextlib.suppress(Exception):
                    counted.result()
            raise
        if second is not None:
            counted.result()  # its error, if any, is raised here
        return FoldedPage(documents - _folded(stories), documents, documents - _folded(texts), hits)

    def stories(self, ranked, bound, wanted: int, budget=None) -> list:
        """The best ``wanted`` stories by ``ranked`` (each at its best document: (number, stamp,
        weight)), found over the best of ``bound`` (at least as heavy for every document,
        ``Translator``): exact once the last of them outweighs the best document not weighed, whose
        weight is at most its bound. A bound that weighs its best alike (a NOT alone, a year)
        cannot tell them from the rest: the query itself ranks every match."""
        wanted = min(wanted, self.database.get_doccount())  # never more stories than documents
        if wanted <= 0:
            return []
        count = max(FIRST_BOUNDS, wanted)
        while count <= MOST_BOUNDS:
            best = self._mset(bound, count, weighted=True, budget=budget, check=0)
            ids = [xapian.Query(terms.term("id", best.get_document(i).get_value(terms.ID_SLOT).decode("utf-8")))
                   for i in range(best.size())]
            weighed = self._mset(xapian.Query(xapian.Query.OP_FILTER, ranked, xapian.Query(xapian.Query.OP_OR, ids)),
                                 wanted, weighted=True, budget=budget, collapse=terms.STORY_SLOT, check=0)
            page = _collapsed(weighed)
            left = best.get_hit(best.size() - 1).weight if best.size() else 0.0  # the most one not weighed weighs
            if best.size() < count or (len(page) == wanted and page[-1][2] > left * SLACK):
                return page
            if best.get_hit(0).weight <= left * SLACK:
                break
            count *= 4
        return _collapsed(self._mset(ranked, wanted, weighted=True, budget=budget, collapse=terms.STORY_SLOT, check=0))

    def among_stories(self, query, keys, budget=None) -> dict[bytes, list[int]]:
        """The documents ``query`` matches in each of the stories stamped ``keys`` (``STORY_SLOT``)."""
        if not keys:
            return {}
        stories = xapian.Query(xapian.Query.OP_OR, [
            xapian.Query(xapian.Query.OP_VALUE_RANGE, terms.STORY_SLOT, key, key) for key in keys])
        mset = self._mset(xapian.Query(xapian.Query.OP_FILTER, query, stories), self.database.get_doccount(),
                          weighted=False, budget=budget)
        found: dict[bytes, list[int]] = {}
        for i in range(mset.size()):
            found.setdefault(mset.get_document(i).get_value(terms.STORY_SLOT), []).append(
                terms.docnum(mset.get_docid(i)))
        return found

    def stamped(self) -> dict[int, str]:
        """The fingerprints of the story groups the copy is stamped with (``stamps.stamped``)."""
        return stamps.stamped(self.database)

    def stored(self, docnum: int) -> dict:
        """A document's stored fields (dates as ISO text), from its data: a remote shard serves them."""
        return json.loads(self.database.get_document(terms.docid(docnum)).get_data())
