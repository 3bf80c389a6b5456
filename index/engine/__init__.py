"""The engine seam: everything that reads or writes Whoosh's own structures, and nothing else.

The layers above ask the engine for what a search and a build need, in
their own words, and never for Whoosh's private parts:

- ``blocks.term_blocks(reader, field, term)``: a term's postings in one
  segment as blocks of (document numbers, weights, raw values), each block's
  last document known before it is decoded; ``blocks.positions_decoder``
  reads positions from a raw value.
- ``lengths.field_lengths(reader, field)``: every document's stored length
  byte; ``LENGTH_OF_BYTE`` and ``bm25_b`` score with them.
- ``columns.column_values(leaf, field)``: a column for every document at
  once; ``sortable_range`` and ``sortable_int``: numbers in column order.
- ``queries``: a range's terms, a range as simpler queries, a boosted matcher.
- ``writing``: a rebuild's series of segments and their one commit, an
  update's writer, a write abandoned, segments merged.
- ``spans``: a phrase's steps and Whoosh's rule for them, checked on positions already
  read (kgsearch's matching and ranking, and the Xapian engine's narrowed phrases).
- ``mapped.MappedStorage``: an index's files read through memory maps;
  ``mapped.check_segment_files``: every segment's files there, at open.

Whoosh's public API (``whoosh.query``, ``whoosh.fields``, ``open_dir``,
searchers and their collectors) is used above too; its private attributes
and its internal modules (``whoosh.codec``, ``whoosh.filedb``,
``whoosh.matching``, ``whoosh.reading``, ``whoosh.writing``, ``whoosh.util``)
only here, which ``tests/test_engine_seam.py`` checks. Nothing is imported
here: each caller imports the module it needs, so a query does not load the
writing side.
"""
