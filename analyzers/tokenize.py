"""Splitting mixed Russian and English text into word tokens.

Whoosh's ``RegexTokenizer`` cuts ``контрольно-пропускных`` in two and
``1,5`` in three; news text needs compounds, decimals and possessives kept
whole, so this tokenizer knows those shapes. Every token carries the exact
character span of its surface form, which phrase search and highlighting
read back from the original text.
"""

import re

from whoosh.analysis import Token, Tokenizer

from kgsearch.analyzers.tagged import language_of

# A number keeps its decimal or thousands separators: 1,5  3.14  2,225.
_NUMBER = r"\d+(?:[.,]\d+)+"
# A word is letters and digits (30th, G20), with inner apostrophes (China's)
# and combining marks (the stress in Во́дская belongs to the word).
_WORD = r"(?:[^\W_]++[\u0300-\u036f]*+)++(?:['’][^\W_]+)*"
_PART = rf"(?:{_NUMBER}|{_WORD})"
# Hyphens that join a compound; en and em dashes separate words instead.
_HYPHENS = "-\u2010\u2011"
WORD_PATTERN = re.compile(rf"{_PART}(?:[{_HYPHENS}]{_PART})*")
_PART_PATTERN = re.compile(_PART)
_has_hyphen = re.compile(f"[{_HYPHENS}]").search


class WordTokenizer(Tokenizer):
    """Yields words, numbers and hyphenated compounds with their offsets.

    A compound yields itself and then each of its parts, all at one
    position, so that ``интернет-магазин`` is found by the whole word and
    by ``магазин`` alike without shifting the positions phrases rely on.

    >>> [t.text for t in WordTokenizer()("Китай – Кыргызстан, COVID-19")]
    ['Китай', 'Кыргызстан', 'COVID-19', 'COVID', '19']

    Every token says the language of its stream (``lang``: the one asked for,
    else the one the text carries, see ``tagged``), which the filters read.
    """

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        lang=None,
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.lang = language_of(value, lang)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.stopped = False
            t.pos = start_pos
            t.startchar = start_char
            t.endchar = start_char + len(value)
            yield t
            return

        pos = start_pos
        for match in WORD_PATTERN.finditer(value):
            word = match.group()
            start = match.start()
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            t.pos = pos
            t.startchar = start_char + start
            t.endchar = start_char + match.end()
            yield t
            if _has_hyphen(word):
                for part in _PART_PATTERN.finditer(word):
                    t.text = part.group()
                    t.boost = 1.0
                    t.stopped = False
                    if keeporiginal:
                        t.original = t.text
                    t.pos = pos
                    t.startchar = start_char + start + part.start()
                    t.endchar = start_char + start + part.end()
                    yield t
            pos += 1
