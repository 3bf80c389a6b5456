"""The same story in another language: a document's versions in the other languages, so
that a search shows the story once ("also in Russian: …") and a reader of one language
learns that the other's exists.

Two documents are versions of one story when each is the other's nearest document of
its language by the encoder's vectors (``vectors``), their cosine is at least
``THRESHOLD`` and ahead of the next nearest by ``MARGIN``, and the texts confirm it:
they name an entity in common (by its script-neutral key, ``entitykey``: Theresa May is
Тереза Мэй) or share ``NUMBERS`` numbers, unless the margin is so wide (``CLEAR``) that
nothing else comes near. A translation keeps names and figures; two stories on one
subject seldom share the nearest neighbour, a clear lead and them. Dated to the day more
than ``DAYS`` apart, they are not one story. The numbers behind each rule are in docs/design.md ("The same story
in another language").

Like the reprint groups (``similar``), the links are found by whoever writes the index,
after its commit, and kept in ``translations.json`` for that commit's generation; a
reader of another generation has none. Without the encoder there are none.
"""

import json
import os
import re
from datetime import date
from pathlib import Path

from kgsearch.index import copies, similar

FILE = "translations.json"
LANGUAGES = ("ru", "en", "ky")
THRESHOLD = 0.6
MARGIN = 0.05  # over the next nearest text of that language, on both sides
CLEAR = 0.15  # a margin that needs no names or numbers to confirm it
NUMBERS = 2  # numbers of two characters or more
DAYS = 3
_BLOCK = 512  # rows of one language scored against another's at a time (512 x 50,000 floats: 100 MB)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def record(reader, folder: Path, vectors, registry=None) -> dict:
    """Link the versions of each story across languages in ``reader``'s generation and keep the
    groups in ``folder``. Returns counts (candidate pairs, pairs linked)."""
    docs_of = vectors.docs_of_row()
    reprints = similar.story_groups(reader, folder)
    candidates = [pair for pair in mutual_nearest(reader, vectors, reprints)
                  if pair[2] >= THRESHOLD and pair[3] >= MARGIN]
    links = [(row, partner) for row, partner, _, margin in candidates
             if confirmed(evidence(reader, docs_of[row][0], registry), evidence(reader, docs_of[partner][0], registry),
                          margin)]
    groups = _components(links, docs_of)
    partial = Path(folder) / f".{FILE}.{os.getpid()}"
    partial.write_text(json.dumps({"generation": reader.generation(), "threshold": THRESHOLD, "groups": groups}),
                       encoding="utf-8")
    os.replace(partial, Path(folder) / FILE)
    return {"candidates": len(candidates), "linked": len(links)}


def mutual_nearest(reader, vectors, reprints: dict | None = None) -> list[tuple[int, int, float, float]]:
    """Pairs of texts (rows of ``vectors``) in two languages, each the other's nearest text of its
    language, with their cosine and its margin (over the next nearest, the smaller of the two
    sides'); each pair once. The next nearest is of another story than the nearest: a reprint of
    it (``reprints``, the documents' story groups, as ``similar.story_groups``) is nearly the same
    text, and measured against it no reprinted story would ever be linked."""
    import numpy as np

    kin = _kin(vectors, reprints or {})
    langs = _languages(reader, vectors)
    rows_of = {lang: np.asarray(sorted(rows), dtype=np.int64) for lang, rows in langs.items()}
    best = {}  # (row, other language) -> (row there, cosine, the next cosine there)
    for lang, rows in rows_of.items():
        for other, others in rows_of.items():
            if other == lang or not len(rows) or not len(others):
                continue
            theirs, their_kin = np.asarray(vectors.matrix[others]), kin[others]
            for start in range(0, len(rows), _BLOCK):
                block = rows[start : start + _BLOCK]
                scores = np.asarray(vectors.matrix[block]) @ theirs.T
                top = scores.argmax(axis=1)
                tops = scores[np.arange(len(block)), top]
                np.putmask(scores, their_kin[None, :] == their_kin[top][:, None], -np.inf)  # the nearest's story
                nexts = scores.max(axis=1)
                nexts = np.where(np.isfinite(nexts), nexts, -1.0)
                for row, column, score, after in zip(block.tolist(), top.tolist(), tops.tolist(), nexts.tolist()):
                    best[(row, other)] = (int(others[column]), score, after)
    lang_of = {row: lang for lang, rows in langs.items() for row in rows}
    found = []
    for (row, other), (partner, score, after) in best.items():
        back = best.get((partner, lang_of[row]))
        if row < partner and back is not None and back[0] == row:
            found.append((row, partner, score, min(score - after, score - back[2])))
    return found


def translation_groups(reader, folder) -> list[list[int]]:
    """The groups kept for ``reader``'s generation (none when there are none of it, and none with the
    extra off or uninstalled: a search then folds as the default install does)."""
    from kgsearch.index import vectors

    if not vectors.available():
        return []
    return copies.kept_groups(folder, FILE, reader) or []


def confirmed(one: dict, other: dict, margin: float = 0.0) -> bool:
    """Whether two documents the vectors pair (``margin`` ahead of the next nearest) are one story
    by what their texts say: never when their dates are apart."""
    if one["day"] is not None and other["day"] is not None and abs(one["day"] - other["day"]) > DAYS:
        return False
    if one["year"] is not None and other["year"] is not None and abs(one["year"] - other["year"]) > 1:
        return False  # dated to the year only: a story of 2022 is not one of 2026
    if margin >= CLEAR:
        return True
    return bool(one["entities"] & other["entities"]) or len(one["numbers"] & other["numbers"]) >= NUMBERS


def evidence(reader, docnum: int, registry) -> dict:
    """The entity keys, numbers and day of a document, as ``confirmed`` compares them."""
    from kgsearch.index.entitykey import entity_key
    from kgsearch.index.schema import ENTITY_FIELDS, from_fields

    doc = from_fields(reader.stored_fields(docnum))
    entities = set()
    for field, kind in ENTITY_FIELDS.items():
        for name in getattr(doc, field):
            if key := entity_key(name, registry, kind):
                entities.add(key)
    text = f"{doc.title}\n{doc.body}"
    numbers = {number.replace(",", ".") for number in _NUMBER.findall(text) if len(number) > 1}
    day = date(doc.date.year, doc.date.month, doc.date.day).toordinal() if doc.date and doc.date.day else None
    return {"entities": entities, "numbers": numbers, "day": day, "year": doc.date.year if doc.date else None}


def _kin(vectors, reprints: dict):
    """Each row's story: the first row of its reprint group, else its own."""
    import numpy as np

    kin = np.arange(len(vectors.matrix))
    for group in set(reprints.values()):
        rows = sorted({int(vectors.rows[d]) for d in group if d < len(vectors.rows) and vectors.rows[d] >= 0})
        if rows:
            kin[rows] = rows[0]
    return kin


def _languages(reader, vectors) -> dict[str, set[int]]:
    """The rows of each language's texts (a text's first document tells its language)."""
    from kgsearch.index.columns import values

    langs = values(reader, "lang")
    found: dict[str, set[int]] = {}
    for row, docs in vectors.docs_of_row().items():
        lang = langs[docs[0]]
        lang = lang.decode() if isinstance(lang, bytes) else lang
        if lang in LANGUAGES:
            found.setdefault(lang, set()).add(row)
    return found


def _components(links: list[tuple[int, int]], docs_of: dict[int, list[int]]) -> list[list[int]]:
    """The documents of linked texts, in groups joined through any link (a story in three languages)."""
    parent: dict[int, int] = {}

    def find(row):
        while parent.setdefault(row, row) != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    for one, other in links:
        parent[find(one)] = find(other)
    groups: dict[int, list[int]] = {}
    for row in parent:
        groups.setdefault(find(row), []).extend(docs_of[row])
    return sorted(sorted(group) for group in groups.values())
