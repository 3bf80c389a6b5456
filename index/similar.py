"""Versions of one story: texts so alike (a reprint with a new first line, another dateline,
a paragraph cut) that a search shows them as one hit, the others listed as similar.

Like exact copies (``copies``), the groups are found by whoever writes the
index, after its commit, and kept beside it for that commit's generation in
``similar.json``, so a query reads a small file and computes nothing. Each
text's MinHash signature (``minhash``) is kept in ``signatures.bin``, keyed by
the text's ``content_hash``: an update signs only the texts it has not seen,
and a rebuild starts from the signatures of the generation it replaces.
A rebuild signs each text as it is written (``Signer``): each worker of a
parallel rebuild signs its own documents into a part of its own, side by
side with the other workers, and ``record`` reads the parts; signing every
text in the parent after the workers had finished left one of two cores
idle for 4 s of a 38 s build of the corpora.
A reader given a generation without its groups (an index written before
this file existed, or one caught between a commit and its file) groups
exact copies only.

A group joins texts whose estimated Jaccard similarity of five-word shingles
is at least ``THRESHOLD``, and the texts joined to those (connected
components); exact copies of any of them are in the group too. Only groups
of two texts or more are kept here: a group of copies alone is ``copies``'.
"""

import json
import os
from pathlib import Path

from kgsearch.index import copies, fingerprints, store

FILE = "similar.json"
SIGNATURES = "signatures.bin"
PART = "signatures-{}.part"  # a writer's signatures of the texts it added, read by ``record``
# Estimated Jaccard similarity of two texts' five-word shingles from which they are one
# story. Read pairs of ng.jsonl and the BBC folders (benchmarks/bench_similar.py --pairs 50)
# were the same story from 0.5 up, 50 of 50; below it, different stories sharing a paragraph
# reached 0.42 (two BBC articles on the Band Aid 20 single).
THRESHOLD = 0.5


def record(ix, previous: Path | None = None) -> dict:
    """Sign the texts of ``ix`` not signed yet, group the near copies, keep both beside the index.

    ``previous``: a generation whose signatures may be reused (the one a rebuild replaces).
    Returns counts of what was done (texts signed here, reused: kept, or signed by a rebuild's
    writers; groups). The signatures are read from their files as they are needed
    (``signatures``), never held all at once.
    """
    from kgsearch.index import minhash, signatures  # the build's, never a query's

    folder = Path(ix.storage.folder)
    parts = sorted(folder.glob(PART.format("*")))
    kept = [Path(previous) / SIGNATURES] if previous is not None and Path(previous) != folder else []
    signed = 0
    with signatures.Shelf([*kept, folder / SIGNATURES, *parts]) as known, \
            store.open_whoosh(folder).reader() as reader:
        generation = reader.generation()
        docs_of = copies.documents_by_text(reader)

        def records():
            nonlocal signed
            for key, docnums in docs_of.items():
                if (sig := known.get(key)) is None:
                    sig = minhash.signature(reader.stored_fields(docnums[0]).get("body") or "")
                    signed += 1
                yield key, sig

        signatures.write(folder / SIGNATURES, records())  # in the order of docs_of: positions below
    for part in parts:
        part.unlink()
    with signatures.Sequence(folder / SIGNATURES) as written:
        texts = minhash.clusters(minhash.near_pairs(written, THRESHOLD))
    keys = list(docs_of)
    groups = sorted(sorted(d for position in cluster for d in docs_of[keys[position]]) for cluster in texts)
    write_whole(folder / FILE, json.dumps({"generation": generation, "threshold": THRESHOLD, "groups": groups}))
    return {"texts": len(docs_of), "signed": signed, "reused": len(docs_of) - signed, "groups": len(groups),
            "grouped_documents": sum(map(len, groups))}


def story_groups(reader, folder=None, exact=None) -> dict[int, tuple[int, ...]]:
    """For every document with other versions (near or exact copies), the numbers of all of
    them: the kept groups when they are of ``reader``'s generation, else exact copies only.
    ``exact``: the copy groups, when the caller has them (``copies.copy_groups``)."""
    groups = exact if exact is not None else copies.copy_groups(reader, folder)
    kept = copies.kept_groups(folder, FILE, reader)
    if kept is not None:
        groups = dict(groups)
        for group in kept:
            group = tuple(group)
            groups.update((docnum, group) for docnum in group)
    return groups


class Signer:
    """Signs each text a rebuild's writer adds that is not signed yet, into a part file in
    ``folder`` that ``record`` reads after the commit. Made before a parallel rebuild's
    workers start: each signs its own documents, into a part named by its process.

    ``previous``: the generation the rebuild replaces; its texts are not signed again
    (``record`` reuses their signatures).
    """

    def __init__(self, folder: Path, previous: Path | None = None):
        from kgsearch.index import signatures

        self.folder = Path(folder)
        # A text whose fingerprint is another's goes unsigned here, and ``record`` signs it.
        self.done = fingerprints.Fingerprints()
        if previous is not None:
            with signatures.Shelf([Path(previous) / SIGNATURES]) as kept:
                self.done = fingerprints.Fingerprints(map(fingerprints.of_digest, kept))
        self._part = None

    def add(self, fields: dict) -> None:
        """Sign the text of a document's fields (as ``schema.to_fields`` gives them)."""
        from kgsearch.index import minhash, signatures

        key = bytes.fromhex(fields["content_hash"])
        if not self.done.add(fingerprints.of_digest(key)):
            return
        if self._part is None:
            self._part = open(self.folder / PART.format(os.getpid()), "wb")
            self._part.write(signatures.header())
        self._part.write(key + minhash.signature(fields.get("body") or ""))

    def close(self) -> None:
        if self._part is not None:
            self._part.close()
            self._part = None


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or none when it cannot be read (a kept file is only a shortcut)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


def write_whole(path: Path, data) -> None:
    """Write ``path`` whole or not at all (a reader never sees half a file)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    if isinstance(data, str):
        partial.write_text(data, encoding="utf-8")
    else:
        partial.write_bytes(data)
    os.replace(partial, path)
