"""What the analyzer makes of a text, for users checking why a word matches."""

from dataclasses import dataclass

from kgsearch.analyzers import bilingual_analyzer


@dataclass(frozen=True)
class Term:
    """One index term with the word it came from and where that word stands."""

    term: str
    surface: str
    position: int
    start: int
    end: int


def analyze(text: str, ambiguity: str = "first") -> list[Term]:
    """The terms kgsearch indexes (and queries) for ``text``.

    >>> [t.term for t in analyze("железной дороги")]
    ['железный', 'дорога']
    """
    return [
        Term(t.text, text[t.startchar : t.endchar], t.pos, t.startchar, t.endchar)
        for t in bilingual_analyzer(ambiguity)(text, positions=True, chars=True)
    ]
