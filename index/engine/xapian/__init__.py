"""Xapian as a second engine: a kgsearch index's documents in a Xapian database, and its queries there.

Optional (``pip install 'kgsearch[xapian]'``): Xapian is GPL-2.0+ and
kgsearch MIT, so nothing the default install loads imports ``xapian``; only
these modules do, and only when they are imported themselves.

The contract is the matched set: a query compiled by kgsearch
(``kgsearch.compiler``) matches in the Xapian twin exactly the documents
``kgsearch.matchset.matching`` finds in the Whoosh index. So the twin holds
the very terms and positions Whoosh indexes (kgsearch's analyzer, its
several terms at one position included), and a phrase Xapian cannot say
exactly is narrowed by kgsearch's own positions rule (``queries``).

- ``terms``: how a field's term, a value and a document's number are written in Xapian;
- ``writing``: a Whoosh index's twin, in one database or spread over shards;
- ``queries``: a compiled Whoosh query as a ``xapian.Query``;
- ``searching``: one or several databases (local or ``tcp://``) searched as one;
- ``twins``: a generation's copy as the commands keep it (``index.engines`` loads it): written,
  written again after an update, checked to be the index's own, searched for match sets.
"""
