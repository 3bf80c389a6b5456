"""The Universal Dependencies treebanks of ../shared/corpora/ud, read once for every test that
needs real sentences with their gold lemmas (a test skips where they are absent)."""

from dataclasses import dataclass
from functools import cache

from conftest import shared_path


@dataclass(frozen=True)
class Sentence:
    sent_id: str
    text: str
    words: tuple[tuple[str, str, str], ...]  # (form, lemma, part of speech)


@cache
def sentences(name: str) -> tuple[Sentence, ...]:
    """Every sentence of ``corpora/ud/NAME``, in file order."""
    found, sent_id, text, words = [], "", None, []
    with shared_path("corpora", "ud", name).open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            elif line.startswith("# text ="):
                text = line.split("=", 1)[1].strip()
            elif not line.strip():
                if text:
                    found.append(Sentence(sent_id, text, tuple(words)))
                text, words = None, []
            elif (cols := line.rstrip("\n").split("\t"))[0].isdigit():
                words.append((cols[1], cols[2], cols[3]))
    if text:
        found.append(Sentence(sent_id, text, tuple(words)))
    return tuple(found)


KYRGYZ = "ky_ktmu-ud-train.conllu"
