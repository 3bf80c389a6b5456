"""Which language a stream of Cyrillic words is read in, and text that carries it.

Russian and Kyrgyz share the Cyrillic alphabet, so a Cyrillic word cannot say
which lemmatizer it needs (``Кытайдын`` would get an invented Russian lemma):
its document can. Whoosh hands a field's analyzer the field's value and nothing
else, so the index gives a Kyrgyz document's title and body as ``TaggedText``,
a string that also says its language; a query, analysed word by word, passes
``lang=`` to the analyzer instead. Latin words are English whatever the tag.
"""

RUSSIAN = "ru"
KYRGYZ = "ky"
# A query whose Cyrillic words could be either (one or two words: ``Кытай``, ``темир жол``):
# each word searches its Russian and its Kyrgyz terms.
EITHER = "ru+ky"
STREAM_LANGUAGES = (RUSSIAN, KYRGYZ, EITHER)


class TaggedText(str):
    """A ``str`` that says which language its Cyrillic words are in.

    >>> text = TaggedText("Кытайдын элчиси", KYRGYZ)
    >>> text == "Кытайдын элчиси", language_of(text), language_of("Посол Китая")
    (True, 'ky', 'ru')
    """

    def __new__(cls, text: str, lang: str):
        tagged = super().__new__(cls, text)
        tagged.lang = lang
        return tagged

    def __reduce__(self):
        return TaggedText, (str(self), self.lang)


def tagged(text: str, lang: str) -> str:
    """``text`` tagged with ``lang`` where the analyzer reads it other than as Russian.

    >>> type(tagged("Бишкекте", "ky")).__name__, type(tagged("В Бишкеке", "ru")).__name__
    ('TaggedText', 'str')
    """
    return TaggedText(text, lang) if lang in (KYRGYZ, EITHER) else text


def language_of(value, asked: str | None = None) -> str:
    """The language a stream is read in: the one asked for, the one ``value`` carries, else Russian."""
    if asked in STREAM_LANGUAGES:
        return asked
    return getattr(value, "lang", RUSSIAN)
