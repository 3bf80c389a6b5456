"""Files to an index: the middle layer of kgsearch.

It reads documents and their metadata and builds the Whoosh index with the
analyzers below it; the query layer in ``kgsearch`` reads what it builds.
"""
