"""Saved searches that report what is new: ``kgsearch watch add|list|remove|run``.

A watch is a query with its filters and a name. Running it reports the
documents that match it and that it has not reported before, newest first;
``kgsearch index update && kgsearch watch run`` is a daily digest.

"New" is remembered per watch as the kgsearch ids it has seen: when a watch
is added, every document that matches it then (so its first run reports only
what came after), and after each run, every document that matched. An id is
derived from a document's file and its key in that file, so a document that
an update reads again (its file touched, or a JSON Lines file with lines
added) keeps its id and is not new; nothing in the index had to change for
this (no schema change, and updates do no extra work). A document whose file
moved gets a new id, and is reported again.

Watches belong to an index (what they have seen are its ids), so they live
in its folder, in ``watches.json``, beside the generations rather than in
one: rebuilds keep them. Every change (add, remove, run) reads the file,
changes it and writes it back under the folder's lock for kept files
(``keptfiles.locked``), so that changes at the same moment all count and two
runs of one watch never report a document twice; the file is written whole
or not at all, and a disk that refuses it is a ``StoreError`` that names it.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from kgsearch.errors import KgsearchError, StoreError, UserFileError
from kgsearch.index import keptfiles, store
from kgsearch.options import FILTERS, Filters, Page

FILE = "watches.json"
FORMAT = 1
WHAT = "watches"  # what the file holds, as errors name it
NAME = re.compile(r"[\w.-]{1,64}\Z")


class WatchError(KgsearchError, ValueError):
    """A watch that cannot be added, found or read; the message says what to do."""


@dataclass
class Watch:
    name: str
    query: str
    filters: dict = field(default_factory=dict)
    translate: bool = True
    added: str = ""
    last_run: str | None = None
    # The ids of the documents this watch has seen: reported, or there when it was added.
    seen: set[str] = field(default_factory=set)

    def search_filters(self) -> Filters:
        """The filters as ``Index.search`` takes them (as the file keeps them: ``Filters.to_dict``)."""
        return Filters.from_dict(self.filters)

    def describe(self) -> dict:
        """The watch as ``watch list --json`` shows it (without the ids it has seen)."""
        filters = {k: v for k, v in self.filters.items() if k in FILTERS and v not in (None, [], "")}
        return {"name": self.name, "query": self.query, "filters": filters, "translate": self.translate, "added": self.added, "last_run": self.last_run, "seen": len(self.seen)}


def path(root) -> Path:
    return Path(root) / FILE


def load(root) -> dict[str, Watch]:
    """The watches of the index folder ``root`` by name (none when it has no watches file)."""
    file = path(root)
    data = keptfiles.read(file, WHAT)
    if data is None:
        return {}
    try:
        return {name: Watch(**{**entry, "seen": set(entry.get("seen", ()))}) for name, entry in data["watches"].items()}
    except (KeyError, TypeError, AttributeError):
        raise UserFileError(f"{file} is not a watches file kgsearch can read; fix or remove it") from None


def save(root, watches: dict[str, Watch]) -> None:
    """Write the watches whole or not at all, in a folder that is kgsearch's (``store.claim``);
    call it inside ``keptfiles.locked``, around the ``load`` whose watches it writes back."""
    root = Path(root)
    try:
        store.claim(root)
    except OSError as error:  # marking an index from before the marker, on a disk that refuses
        raise StoreError(f"cannot write the {WHAT} in {root}: {error.strerror or error}") from None
    entries = {name: {**asdict(w), "seen": sorted(w.seen)} for name, w in sorted(watches.items())}
    keptfiles.write(path(root), {"format": FORMAT, "watches": entries}, WHAT)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def add(index, name: str, query: str, filters: "Filters | dict", translate: bool = True) -> Watch:
    """Add a watch to the open ``index``; what matches it now counts as seen (``filters``: a
    ``Filters``, or a dict of its fields). A bad name, a name taken or a query that cannot run
    (``QueryError``, ``ParameterError``) changes nothing."""
    filters = filters if isinstance(filters, Filters) else Filters.from_dict(filters)
    if not NAME.match(name):
        raise WatchError(f"bad watch name {name!r}; use up to 64 letters, digits, '-', '_' or '.'")
    with keptfiles.locked(index.root, WHAT):
        watches = load(index.root)
        if name in watches:
            raise WatchError(f"there is a watch called {name!r} already; `kgsearch watch remove {name}` first")
        watch = Watch(name, query, filters.to_dict(), translate, added=_now())
        watch.seen = index.matching_ids(query, filters, translate=translate)
        watches[name] = watch
        save(index.root, watches)
    return watch


def remove(root, name: str) -> None:
    with keptfiles.locked(Path(root), WHAT):
        watches = load(root)
        if name not in watches:
            raise WatchError(f"no watch called {name!r}; `kgsearch watch list` shows them")
        del watches[name]
        save(root, watches)


class Report(NamedTuple):
    """What one run of one watch found."""

    watch: Watch
    new: object  # the ``Results`` of the documents it matches and had not seen, newest first
    first: bool  # its first run: everything it matched when it was added counted as seen
    matching: int  # the documents it matches now, new or not


def run(index, names=()) -> list[Report]:
    """Run the watches called ``names`` (all when none) on the open ``index``: a ``Report`` for
    each, with the documents it matches and has not seen, all on one page. What matched is then
    remembered as seen, and the run's time."""
    with keptfiles.locked(index.root, WHAT):
        watches = load(index.root)
        unknown = [name for name in names if name not in watches]
        if unknown:
            raise WatchError(f"no watch called {unknown[0]!r}; `kgsearch watch list` shows them")
        reports = [_new(index, watches[name]) for name in names or sorted(watches)]
        save(index.root, watches)
    return reports


def _new(index, watch: Watch) -> Report:
    """The documents ``watch`` matches and has not seen; then they count as seen."""
    filters, page = watch.search_filters(), Page(sort="newest")
    how = dict(translate=watch.translate, correct=False, skip_ids=watch.seen)
    matched = index.matching_ids(watch.query, filters, translate=watch.translate)
    counted = index.search(watch.query, filters, page.but(limit=1, snippets=False), **how)
    new = index.search(watch.query, filters, page.but(limit=max(1, counted.total)), **how)
    report = Report(watch, new, first=watch.last_run is None, matching=len(matched))
    watch.seen |= matched
    watch.last_run = _now()
    return report
