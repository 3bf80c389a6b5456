"""Which engine finds a query's matches in an index: Whoosh, always there, or Xapian, an extra.

Whoosh's generation is always built: ranking, folding, snippets and facets
read it. An index whose engine is ``xapian`` (``pip install
'kgsearch[xapian]'``, GPL, never imported otherwise) also has a Xapian copy of
each generation, its twin (``engine.xapian.twins``), from which the match sets
come; ``meta.json`` records the engine, the shards (``tcp://HOST:PORT``
databases served writable by ``xapian-tcpsrv``; none: a folder in the
generation) and the mark of the copy written last, so that every later
command follows the engine the index was built with. Nothing here imports
Xapian: ``xapian()`` loads the engine's module, and says how to install it.
"""

import time
from pathlib import Path
from urllib.parse import urlsplit

from kgsearch.index import store
from kgsearch.index.errors import EngineUnavailable, KgsearchError, ShardError, StoreError

ENGINES = ("whoosh", "xapian")
DEFAULT = "whoosh"


def engine_of(meta: dict) -> str:
    return meta.get("engine", DEFAULT)


def chosen(engine: str | None, shards, meta: dict | None) -> tuple[str, list[str]]:
    """The engine and shards a rebuild writes: those asked for, else the index's own (``meta``, the
    current generation's, if any), else Whoosh. Bad values are refused before anything is built."""
    if engine is None:
        engine = engine_of(meta) if meta else DEFAULT
        if shards is None and meta and engine == "xapian":
            shards = meta.get("shards", [])
    if engine not in ENGINES:
        raise KgsearchError(f"{{name}} is one of {', '.join(ENGINES)}, not {engine!r}", "engine")
    shards = list(shards or [])
    if shards and engine != "xapian":
        raise KgsearchError("shards hold a Xapian copy of the index: give them with {name}", "engine='xapian'")
    for address in shards:
        check_address(address)
    if len(set(shards)) < len(shards):
        raise ShardError(f"a shard is named twice in {', '.join(shards)}; the index is unchanged")
    return engine, shards


def check_address(address: str) -> None:
    """A shard's address is ``tcp://HOST:PORT``; anything else is a ``ShardError`` that says so."""
    try:
        parts = urlsplit(address)
        whole = parts.scheme == "tcp" and parts.hostname and parts.port and not (parts.path or parts.query)
    except ValueError:  # a port that is not a number, or out of range
        whole = False
    if not whole:
        raise ShardError(f"{address}: a shard's address is tcp://HOST:PORT (a database that xapian-tcpsrv serves "
                         "writable); the index is unchanged")


def xapian():
    """The Xapian engine's module (``engine.xapian.twins``); ``EngineUnavailable`` without the extra."""
    try:
        from kgsearch.index.engine.xapian import twins
    except ImportError:
        raise EngineUnavailable("xapian", "pip install 'kgsearch[xapian]'") from None
    return twins


def twins_of(meta: dict):
    """The Xapian engine's module where ``meta``'s engine is Xapian, else ``None``."""
    return xapian() if engine_of(meta) == "xapian" else None


def open_engine(generation: Path, meta: dict, searcher):
    """What finds an open index's match sets (``kgsearch.match.Matcher``): ``None`` for Whoosh
    (``kgsearch.matchset``), else the Xapian copy's ``twins.Engine``, opened at its first query."""
    twins = twins_of(meta)
    return None if twins is None else twins.Engine(generation, meta, searcher.reader().generation())


def close(engine) -> None:
    """Close what ``open_engine`` opened (``None``: nothing)."""
    if engine is not None:
        engine.close()


def current_meta(root: Path) -> dict | None:
    """The current generation's meta.json, or ``None`` (no index, or one a rebuild is to mend)."""
    generation = store.current(root)
    try:
        return store.read_meta(generation) if generation is not None else None
    except StoreError:
        return None


def write_twin(twins, generation: Path, ix, shards, report, keep: str | None = None) -> dict:
    """Write the Xapian copy of ``ix`` (the generation's Whoosh index as committed); timed in ``report``."""
    started = time.perf_counter()
    with ix.reader() as reader:
        twin = twins.write(generation, reader, shards, ix.latest_generation(), keep)
    report.twin_seconds += time.perf_counter() - started
    return twin


def rewrite_twin(twins, generation: Path, ix, meta: dict, report, tracker=None) -> StoreError | None:
    """After an update or a correction committed: the Xapian copy brought up to date (its mark in
    ``meta``), where it is when only some of its documents moved (``updating``), else written again
    whole. A copy that cannot be written costs the Whoosh index nothing: ``meta`` marks it out of
    date (searches refuse it, the next update writes it whole) and the error is returned, to be
    raised once ``meta`` is written."""
    from kgsearch.index.engine.xapian import updating  # Xapian's: ``twins`` is loaded

    old = meta.get("twin") or {}
    report.engine, report.shards = "xapian", list(meta.get("shards") or [])
    with ix.reader() as reader:
        if old and old.get("layout") == twins.layout(reader):  # the same documents under the same numbers
            meta["twin"] = {**old, "whoosh": ix.latest_generation()}
            return None
    written = dict(meta)  # as the copy was written: where it is, and its mark
    meta["twin"] = None
    if tracker:
        tracker.xapian()
    try:
        started = time.perf_counter()
        with ix.reader() as reader:
            meta["twin"] = updating.update(generation, reader, written, ix.latest_generation())
        report.twin_seconds += time.perf_counter() - started
        if meta["twin"] is None:
            meta["twin"] = write_twin(twins, generation, ix, report.shards, report, keep=twins.origin(old))
    except (StoreError, OSError) as error:
        reason = error.message() if isinstance(error, StoreError) else f"{error.strerror or error}"
        return StoreError(f"the index at {generation.parent} is updated, but its Xapian copy could not be written "
                          f"({reason}); searches refuse the copy until `kgsearch index update` writes it again")
    return None


def check_restorable(root: Path, back: Path) -> None:
    """A generation whose Xapian copy was on shards comes back only if they still hold it: a shard
    keeps only the copy written last, and a copy of another generation is never searched for it."""
    meta = store.read_meta(back)
    twins = twins_of(meta)
    shards = meta.get("shards") or []
    if twins and shards and not twins.holds(shards, (meta.get("twin") or {}).get("mark")):
        raise StoreError(f"cannot restore the previous index at {root}: its Xapian copy was on the shards "
                         f"{', '.join(shards)}, which hold only the copy written last, now another; "
                         "rebuild it instead: `kgsearch index rebuild`; the index is unchanged")
