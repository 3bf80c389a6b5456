"""Kyrgyz words to their lemmas, learned from a treebank, behind a bounded cache.

Kyrgyz is agglutinative: ``мамлекет|тер|дин`` (of the states) is a stem and a
chain of suffixes, so a word has dozens of forms and indexing them as written
finds a fraction of them. No Kyrgyz morphology ships under a licence the
package can take (Apertium's is GPL), so this one is learned from the
UD Kyrgyz-KTMU treebank's manual lemmas by tools/make_kyrgyz_lexicon.py:

1. a form the treebank has is its gold lemma (``иштери`` is ``иш``);
2. otherwise a known lemma followed by a suffix chain seen after some lemma
   (in any vowel class), or by a plural and such a chain, the longest lemma
   first: ``келишим|дер|ге``;
   a Russian word stands for a lemma there too (``делегация|сы``), so a
   loanword reaches the term the Russian analyzer gives it;
3. otherwise the commonest way words with the same ending reach their lemma
   (the longest ending seen in enough words), and a plural that leaves
   before a chain seen after plurals (``окуя|лар|ында``).

A word Russian has as a lemma (``метро``) is a loanword and stays whole.

A name loses its suffixes as any word does (``Жапаров|дун``), and a woman's
surname takes the man's form (``Бактыгулова`` is ``бактыгулов``), as the
Russian analyzer writes surnames, so a name is one term in Kyrgyz and in
Russian text.
"""

import re
from functools import lru_cache
from pathlib import Path

from kgsearch.analyzers.letters import fold
from kgsearch.analyzers.names import is_capitalised

CACHE_SIZE = 200_000
_DATA = Path(__file__).parent / "data"
_VOWELS = frozenset("аеёиоөуүыэюя")
MIN_STEM = 2  # letters a lemma before a suffix chain has (иш|тери)
MIN_RULE_STEM = 3  # letters an ending rule leaves (авто is no ав)
MIN_LOAN = 5  # letters of a Russian word taken as a loanword's stem (not ал, бар)
# A voiced consonant before a suffix is the lemma's voiceless one: багы is бак, китеби китеп.
_DEVOICED = {"г": "к", "б": "п"}
_PLURAL = re.compile("[лдт]Aр")
_PLURAL_END = re.compile("(?P<stem>.{3,}?)[лдт][аеоө]р")
# A suffix's vowel is low (а е о ө) or high (ы и у ү); which of them follows
# from the vowels before it (vowel harmony), so a chain is learned by its shape.
# Checking that harmony, too, lost words: -луу and -уу are always rounded.
_LOW, _HIGH = "аеоө", "ыиуү"
_ABBREVIATION = re.compile("(?P<abbreviation>[А-ЯЁҢӨҮ]{2,})(?P<suffix>[а-яёңөү]+)")
_FEMININE = re.compile(r"(?P<stem>[а-яңөү-]{2,}(?:ов|ев|ин))а")
_FEMININE_FORM = re.compile(r"(?P<woman>(?P<stem>[а-яңөү-]{2,}(?:ов|ев|ин))а)(?P<suffix>[а-яңөү]+)")

_lexicon: dict[str, str] | None = None
_chains: frozenset[str] = frozenset()
_after_plural: frozenset[str] = frozenset()
_rules: dict[str, tuple[int, str]] = {}
_longest_ending = 0


def _load() -> dict[str, str]:
    global _lexicon, _chains, _after_plural, _rules, _longest_ending
    if _lexicon is None:
        lexicon = {}
        for line in (_DATA / "ky_lexicon.txt").read_text("utf-8").splitlines():
            if line and not line.startswith("#"):
                form, _, lemma = line.partition("\t")
                lexicon[form] = lemma or form
        chains, rules = set(), {}
        for line in (_DATA / "ky_suffixes.txt").read_text("utf-8").splitlines():
            if line.startswith("chain\t"):
                chains.add(line.split("\t")[1])
            elif line.startswith("rule\t"):
                _, ending, cut, add, *_ = line.split("\t")
                rules[ending] = (int(cut), add)
        _chains, _rules = frozenset(chains), rules
        _after_plural = frozenset(c[m.end():] for c in chains if (m := _PLURAL.match(c)) and m.end() < len(c))
        _longest_ending = max(map(len, rules), default=0)
        _lexicon = lexicon
    return _lexicon


def _has_vowel(stem: str) -> bool:
    return not _VOWELS.isdisjoint(stem)


def _as_lemma(stem: str, devoice: bool) -> str | None:
    """The lemma a stem before a suffix chain stands for, if it is one."""
    lexicon = _lexicon
    if devoice:
        if stem[-1] in _DEVOICED:
            lemma = stem[:-1] + _DEVOICED[stem[-1]]
            if lexicon.get(lemma) == lemma:
                return lemma
        return None
    if lexicon.get(stem) == stem:
        return stem
    if len(stem) >= MIN_LOAN and _is_russian_lemma(stem):
        return stem
    return None


def shape(chain: str) -> str:
    """A suffix chain with its vowels as low (A) or high (I): one shape for every vowel class.

    >>> shape("тердин"), shape("тордун")
    ('тAрдIн', 'тAрдIн')
    """
    return "".join("A" if c in _LOW else "I" if c in _HIGH else c for c in chain)


def _is_chain(chain: str) -> bool:
    """True for a chain seen after a lemma, or a plural and such a chain (мамлекет|тер|дин)."""
    form = shape(chain)
    if form in _chains:
        return True
    m = _PLURAL.match(form)
    return m is not None and form[m.end():] in _chains


def _split(word: str, devoice: bool) -> str | None:
    """The lemma of a word read as a lemma and a suffix chain, the longest lemma first;
    with ``devoice``, a lemma whose last consonant the suffix voiced (багы is бак)."""
    for i in range(len(word) - 1, MIN_STEM - 1, -1):
        stem = word[:i]
        if _has_vowel(stem) and _is_chain(word[i:]):
            lemma = _as_lemma(stem, devoice)
            if lemma is not None:
                return lemma
    return None


@lru_cache(maxsize=CACHE_SIZE)
def _is_russian_lemma(stem: str) -> bool:
    from kgsearch.analyzers import russian

    return russian.is_known(stem) and russian.lemmatize(stem) == stem


def _without_plural(lemma: str, rest: str) -> str:
    """A rule's lemma without the plural it kept (окуялар|ында is окуя), where a chain seen after
    a plural follows (not a verb's: кайтар|ып) and Russian has no such word (доллар)."""
    m = _PLURAL_END.fullmatch(lemma)
    if m and _has_vowel(m["stem"]) and shape(rest) in _after_plural and not _is_russian_lemma(lemma):
        return m["stem"]
    return lemma


@lru_cache(maxsize=CACHE_SIZE)
def _lemma(word: str) -> str:
    lexicon = _load()
    if word in lexicon:
        return lexicon[word]
    if len(word) >= MIN_LOAN and _is_russian_lemma(word):
        return word  # a loanword as Russian writes it (метро, бетон): no suffix of it is Kyrgyz
    lemma = _split(word, False) or _split(word, True)
    if lemma is not None:
        return lemma
    for n in range(min(_longest_ending, len(word) - 1), 0, -1):
        rule = _rules.get(word[-n:])
        if rule is not None:
            cut, add = rule
            lemma = word[: len(word) - cut] + add
            if len(lemma) >= MIN_RULE_STEM and _has_vowel(lemma):
                return _without_plural(lemma, word[len(word) - cut:])
            break
    return word


@lru_cache(maxsize=CACHE_SIZE)
def terms(word: str) -> tuple[str, ...]:
    """The index terms of a Kyrgyz word as written: its lemma, lower case.

    >>> terms("Жапаровдун"), terms("мамлекеттердин"), terms("Бактыгулова"), terms("ЕАЭБдин"), terms("2025")
    (('жапаров',), ('мамлекет',), ('бактыгулов',), ('еаэб',), ('2025',))
    """
    _load()
    if (m := _ABBREVIATION.fullmatch(word)) and _is_chain(m["suffix"]):
        return (fold(m["abbreviation"]),)  # ЕАЭБдин, ГЭСинде: the capitals are the word
    folded = fold(word)
    lemma = _lemma(folded)
    return (_mans_surname(folded, lemma) if is_capitalised(word) else lemma,)


def _mans_surname(folded: str, lemma: str) -> str:
    """The man's form of a woman's surname (``Бактыгулова`` is ``бактыгулов``), also before an
    ending the rules left on it or half took off (``Ибрагимова|ны``, ``Жапарова|ны`` was
    ``жапарован``); a name's ``lemma`` otherwise."""
    if (m := _FEMININE.fullmatch(lemma)) and not _is_place_or_given_name(lemma):
        return m["stem"]
    if ((m := _FEMININE_FORM.fullmatch(folded)) and _is_chain(m["suffix"])
            and not _is_place_or_given_name(m["woman"]) and not _is_word(lemma, m["woman"])):
        return m["stem"]
    return lemma


def _is_word(lemma: str, woman: str) -> bool:
    """A lemma the Russian dictionary has (Ереван|дын is no Ерева|ндын), or the treebank has, other
    than the surname with letters of its ending left on (its gold lemma of Жапарованы is Жапарован)."""
    from kgsearch.analyzers import russian

    return russian.is_known(lemma) or (lemma in _lexicon and not lemma.startswith(woman))


def _is_place_or_given_name(word: str) -> bool:
    """Украина and Марина end as a woman's surname does, and are none."""
    from kgsearch.analyzers import russian

    return word.endswith("ина") and russian.is_known(word)


def is_known(folded: str) -> bool:
    """True for a folded word the treebank has as a form or a lemma.

    >>> is_known("мамлекеттин"), is_known("государства")
    (True, False)
    """
    return folded in _load()
