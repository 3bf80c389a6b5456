"""The index's table of words and their terms, kept beside it so that queries need not load
nltk and pymorphy3 (see ``kgsearch.analyzers.wordterms``).

Each generation may hold ``words.sqlite``: one row per key, written by
whoever analysed the words. A rebuild's writer collects the words its
analyzer sees (``recording``) and writes them before the generation is
published; each worker of a parallel rebuild writes a part of its own, which
the parent merges; an update adds the words of the files it indexed. Rows
are only ever added: every row is what the analyzer gives for its word, so
a row no document needs any more is harmless, and a word the table lacks is
analysed as before. An index built before the table existed has none, and
its queries analyse every word.

SQLite (Python's own) because it opens without reading the table (about
0.3 ms, then some 20 µs a word), takes rows in batches from several writers,
and is smaller than Whoosh's hash files for the same rows. The table is read
in read-only mode, so an index on a read-only disk answers as before; any
error reading it makes the word a fallback, never a failed query.
"""

import os
from collections.abc import Iterable
from pathlib import Path

from kgsearch.analyzers.bilingual import MorphologyFilter
from kgsearch.analyzers.transliterate import phonetic_key
from kgsearch.analyzers.tokenize import WordTokenizer
from kgsearch.analyzers.wordterms import COMPLETE, Recorder, WordTerms, decode, entries, table_of

FILE = "words.sqlite"
PART = "words-{}.sqlite"  # a worker's part, merged into FILE by the parent
_TABLE = "CREATE TABLE IF NOT EXISTS words (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
# The terms by their phonetic key (``sounds``): a query's word the other language has no word for
# is searched through the term that sounds like it in the other script (Caledonia: каледония),
# found here in one look-up, where computing the keys of the whole vocabulary takes seconds.
_SOUNDS = "CREATE TABLE IF NOT EXISTS sounds (key TEXT, term TEXT, PRIMARY KEY (key, term)) WITHOUT ROWID"
SOUNDING = 4  # letters a term needs to be looked up by its sound: shorter ones collide too often
SPILL_WORDS = 100_000  # words a rebuild's recorder holds before it writes their entries (``recorder``)


def _filters(schema) -> list[MorphologyFilter]:
    """The schema's morphology stages (title and body share one analyzer; each is listed once)."""
    found = []
    for name in schema.names():
        analyzer = getattr(schema[name], "analyzer", None)
        for stage in getattr(analyzer, "items", ()):
            if isinstance(stage, MorphologyFilter) and all(stage is not f for f in found):
                found.append(stage)
    return found


def recording(schema, seen: Recorder | None = None) -> Recorder:
    """Make ``schema``'s analyzer collect every word it analyses, with its entries, into the
    ``Recorder`` returned (``seen``, where a writer of several segments gives one for all).

    ``schema`` is a writer's own (``writer.schema``: Whoosh reads a fresh one for
    each writer); the set is dropped when the schema is pickled into the index's
    table of contents.
    """
    seen = Recorder() if seen is None else seen
    for stage in _filters(schema):
        stage.seen = seen
    return seen


def recorder(folder: Path, name: str = FILE) -> Recorder:
    """A rebuild writer's ``Recorder``, whose entries go to the table ``name`` in ``folder`` each
    ``SPILL_WORDS`` words, for ``write`` to finish. Held until the end, a worker's words were
    88 MB of its memory after 30,000 documents of the synthetic archive, and grew with it."""
    return Recorder(spill=lambda rows: _put(folder / name, rows, new_only=True) is not None, limit=SPILL_WORDS)


def write(folder: Path, words: "Recorder | Iterable[str]", registry=None, name: str = FILE,
          complete: bool = False) -> int:
    """Add the entries of ``words`` (surface words, or a ``Recorder``) and of the registry's
    aliases to the table in ``folder``; the number of keys written (those it had already are
    left as they are). ``complete``: the table now holds every word the index writes (a
    rebuild says so, unless its recorder lost some; an update keeps what was).

    The aliases are words that queries analyse though no document may write
    them: a name's expansion searches every alias the registry knows.
    """
    rows = words.entries() if isinstance(words, Recorder) else entries(set(words))
    if registry is not None:
        aliases = {w for person in registry.people.values() for alias in (person.name, *person.aliases)
                   for w in _alias_words(alias)}
        rows = {**entries(aliases), **rows}
    if complete and not (isinstance(words, Recorder) and words.lost):
        rows[COMPLETE] = "yes"
    return _put(folder / name, rows) or 0


def _put(path: Path, rows: dict[str, str], new_only: bool = False) -> int | None:
    """Add ``rows`` and their sounds to the table at ``path``, in one transaction; the number of
    keys new to it, or ``None`` where it cannot be written (a full disk: the table is only
    slower, and the index says the rest).

    ``new_only``: the sounds of the rows whose keys the table has are there (a rebuild's table,
    whose rows and sounds were added together): a recorder's spill, mostly words it had written
    and saw again, makes the sounds of the new ones only. Made for every row, they were 0.9 s of
    a 100,000-word spill's 1.3 (NG's words), at each spill once the vocabulary was written.
    """
    import sqlite3

    try:
        with _connect(path) as db:  # one transaction: all the rows or none
            db.execute(_TABLE)
            if new_only:
                rows = _new_rows(db, rows)
            before = db.total_changes
            db.executemany("INSERT OR IGNORE INTO words VALUES (?, ?)", sorted(rows.items()))  # in order: 3x faster
            written = db.total_changes - before
            db.execute(_SOUNDS)
            db.executemany("INSERT OR IGNORE INTO sounds VALUES (?, ?)", sorted(_sounds(rows)))
        db.close()
    except sqlite3.Error:
        return None
    return written


def _new_rows(db, rows: dict[str, str]) -> dict[str, str]:
    """Those of ``rows`` whose keys ``db``'s table lacks, found by SQLite in a table of this
    connection's own, in memory: 0.24 s for NG's 112,000 rows, where a look-up a key from Python took 0.54."""
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    db.execute("DELETE FROM temp.incoming")
    db.executemany("INSERT OR IGNORE INTO temp.incoming VALUES (?, ?)", sorted(rows.items()))
    new = dict(db.execute("SELECT key, value FROM temp.incoming WHERE key NOT IN (SELECT key FROM main.words)"))
    db.execute("DELETE FROM temp.incoming")
    return new


def _sounds(rows: dict[str, str]) -> set[tuple[str, str]]:
    """(phonetic key, term) of each term of ``rows``' values (the index mode's terms) that is a word
    of ``SOUNDING`` letters or more."""
    terms = set()
    for key, value in rows.items():
        if key != COMPLETE:
            forms, first, _ = decode(value)
            terms.update(forms[:first])
    return {(phonetic_key(term), term) for term in terms if len(term) >= SOUNDING and term.isalpha()}


def _alias_words(alias: str) -> list[str]:
    return [t.text for t in WordTokenizer()(alias)]


def merge_parts(folder: Path, workers: int) -> bool:
    """Merge the workers' parts into the table and remove them; False unless each of the
    ``workers`` wrote its part whole (a part holds the mark ``COMPLETE`` then), and all merged:
    else the table does not hold every word."""
    parts = sorted(folder.glob(PART.format("*")))
    if not parts:
        return workers == 0
    import sqlite3

    try:
        whole = 0
        with _connect(folder / FILE) as db:
            db.execute(_TABLE)
            for part in parts:
                db.execute("ATTACH DATABASE ? AS part", (str(part),))
                whole += db.execute("SELECT count(*) FROM part.words WHERE key = ?", (COMPLETE,)).fetchone()[0]
                db.execute("INSERT OR IGNORE INTO words SELECT key, value FROM part.words WHERE key != ?",
                           (COMPLETE,))
                db.execute(_SOUNDS)
                if db.execute("SELECT count(*) FROM part.sqlite_master WHERE name = 'sounds'").fetchone()[0]:
                    db.execute("INSERT OR IGNORE INTO sounds SELECT key, term FROM part.sounds")
                db.commit()
                db.execute("DETACH DATABASE part")
        db.close()
        merged = whole == len(parts) == workers
    except sqlite3.Error:
        merged = False  # as in ``write``: only slower
    for part in parts:
        part.unlink()
    return merged


def _connect(path: Path):
    import sqlite3

    return sqlite3.connect(path, timeout=30)


class _Reader:
    """Look-ups in one generation's table, opened on the first one; ``None`` for anything it
    cannot answer (no table, a damaged one, one being written too long)."""

    def __init__(self, path: Path):
        self.path = path
        self._db = None
        self._broken = False

    def __call__(self, key: str) -> str | None:
        if self._broken:
            return None
        import sqlite3

        try:
            if self._db is None:
                self._db = sqlite3.connect(self.path.as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            row = self._db.execute("SELECT value FROM words WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            self._broken = True
            return None
        return row[0] if row else None

    def sounding(self, key: str) -> list[str]:
        """The terms whose phonetic key is ``key``; none where the table has no such rows."""
        if self._broken:
            return []
        import sqlite3

        try:
            if self._db is None:
                self._db = sqlite3.connect(self.path.as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            return [row[0] for row in self._db.execute("SELECT term FROM sounds WHERE key = ?", (key,))]
        except sqlite3.Error:  # a table made before the sounds were kept: no counterparts
            return []


def sounds(generation: Path):
    """A look-up of ``generation``'s terms by phonetic key (``key -> [term, ...]``): empty for an
    index whose table lacks them."""
    path = Path(generation) / FILE
    return _Reader(path.absolute()).sounding if os.path.exists(path) else (lambda key: [])


def attach(schema, generation: Path) -> WordTerms | None:
    """Give ``schema``'s analyzer (an open searcher's) the table of ``generation``, if it has one.

    The table rides on the schema object of one open index, not on the
    process: two indexes open at once each read their own.
    """
    path = Path(generation) / FILE
    if not os.path.exists(path):
        return None
    words = WordTerms(_Reader(path.absolute()))
    for stage in _filters(schema):
        stage.words = words
    return words


def words_of(schema) -> WordTerms | None:
    """The table ``attach`` gave ``schema``'s analyzer, or ``None``."""
    return table_of(schema["body"].analyzer)
