"""English given names, from the 1990 US Census lists (``data/given_names_en.txt``).

A Russian first name is known to the dictionary; an English one is not, so
English news had only offices and reporting verbs to find people by. The
list leaves out names English news writes mostly as common words, months or
places (may, will, June, Chelsea): ``tools/make_given_names.py`` says how.
"""

from functools import cache
from pathlib import Path


@cache
def given_names() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "given_names_en.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_given_name(word: str) -> bool:
    """A capitalised Latin word that is an English given name.

    >>> is_given_name("Theresa"), is_given_name("May"), is_given_name("theresa")
    (True, False, False)
    """
    return word[:1].isupper() and word[1:].islower() and word.isascii() and word.lower() in given_names()
