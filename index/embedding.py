"""What a build keeps for ``kgsearch[semantic]``: each text's vector (``vectors``) and the
versions of each story in other languages (``translations``), after the commit, as the
copy and reprint groups are. Without the encoder installed a build is what it always was:
its texts are signed for reprints alone and nothing more is written.
"""

from pathlib import Path

from kgsearch.index import similar, store, translations, vectors


class _Signers:
    """A rebuild writer's signers as one: each text signed for reprints and embedded."""

    def __init__(self, *signers):
        self.signers = signers

    def add(self, fields: dict) -> None:
        for signer in self.signers:
            signer.add(fields)

    def close(self) -> None:
        for signer in self.signers:
            signer.close()


def signers(building: Path, previous: Path | None = None):
    """What signs each text a rebuild's writer adds: for reprints, and with the encoder for meaning."""
    signer = similar.Signer(building, previous=previous)
    if not vectors.available():
        return signer
    return _Signers(signer, vectors.Embedder(building, previous=previous))


def record(ix, registry=None, tracker=None, previous: Path | None = None) -> dict:
    """Keep the vectors and translation links of ``ix`` as its last commit left it (nothing
    without the encoder). ``tracker`` hears of texts embedded here (an update's)."""
    if not vectors.available():
        return {}
    folder = Path(ix.storage.folder)
    progress = tracker.embedding if tracker is not None else None
    with store.open_whoosh(folder).reader() as reader:
        counts = vectors.record(reader, folder, previous, progress)
        kept = vectors.open_vectors(folder, reader)
        if kept is not None:
            counts |= translations.record(reader, folder, kept, registry)
    return counts
