"""What the analyzer makes of a text, for users checking why a word matches."""

from dataclasses import dataclass

from kgsearch.analyzers import bilingual_analyzer
from kgsearch.index.language import detect_language


@dataclass(frozen=True)
class Term:
    """One index term with the word it came from and where that word stands."""

    term: str
    surface: str
    position: int
    start: int
    end: int


def analyze(text: str, ambiguity: str = "first", lang: str | None = None) -> list[Term]:
    """The terms kgsearch indexes for ``text`` as a document in ``lang`` ("ru" or "ky": how its
    Cyrillic words are read), by default the language the index would tell it is in.

    >>> [t.term for t in analyze("железной дороги")], [t.term for t in analyze("темир жолунун курулушу боюнча")]
    (['железный', 'дорога'], ['темир', 'жол', 'курулуш'])
    >>> [t.term for t in analyze("Жапаровдун", lang="ky")], [t.term for t in analyze("Жапаровдун", lang="ru")]
    (['жапаров'], ['жапаровдун'])
    """
    lang = lang or ("ky" if detect_language(text) == "ky" else "ru")
    return [
        Term(t.text, text[t.startchar : t.endchar], t.pos, t.startchar, t.endchar)
        for t in bilingual_analyzer(ambiguity)(text, positions=True, chars=True, lang=lang)
    ]
