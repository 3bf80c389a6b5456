"""Names between Cyrillic and Latin letters, with the spellings news actually uses.

``Жапаров`` is ``Japarov`` in one agency and ``Zhaparov`` in another;
``Kulubaev`` is ``Кулубаев``. Each letter that has several customary
spellings branches, and the caller keeps the spellings its index contains.
Russian and Kyrgyz letters are covered (ң ө ү included).
"""

from difflib import SequenceMatcher
from itertools import product


MAX_VARIANTS = 32

CYRILLIC_TO_LATIN = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "д": ("d",), "е": ("e", "ye"), "ё": ("yo", "e"),
    "ж": ("zh", "j"), "з": ("z",), "и": ("i",), "й": ("y", "i"), "к": ("k",), "л": ("l",), "м": ("m",),
    "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "у": ("u",),
    "ф": ("f",), "х": ("kh", "h"), "ц": ("ts", "c"), "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch"),
    "ъ": ("",), "ы": ("y",), "ь": ("",), "э": ("e",), "ю": ("yu", "iu"), "я": ("ya", "ia"),
    "ң": ("ng", "n"), "ө": ("o",), "ү": ("u", "ü"),
}
# Longest first: "shch" before "sh" before "s".
LATIN_TO_CYRILLIC = [
    ("shch", ("щ",)), ("sch", ("щ",)), ("zh", ("ж",)), ("kh", ("х",)), ("ts", ("ц",)), ("ch", ("ч",)),
    ("sh", ("ш",)), ("yu", ("ю",)), ("ya", ("я",)), ("yo", ("ё",)), ("ye", ("е",)), ("ee", ("ээ", "е")),
    ("ng", ("ң", "нг", "ңг")), ("dj", ("дж",)), ("j", ("ж", "дж")), ("a", ("а",)), ("b", ("б",)), ("c", ("ц", "к")),
    ("d", ("д",)), ("e", ("е", "э")), ("f", ("ф",)), ("g", ("г",)), ("h", ("х",)), ("i", ("и",)),
    ("k", ("к",)), ("l", ("л",)), ("m", ("м",)), ("n", ("н",)), ("o", ("о",)), ("p", ("п",)),
    ("q", ("к",)), ("r", ("р",)), ("s", ("с",)), ("t", ("т",)), ("u", ("у",)), ("v", ("в",)),
    ("w", ("в",)), ("x", ("кс",)), ("y", ("ы", "й")), ("z", ("з",)), ("ü", ("ү", "ю")), ("ö", ("ө", "ё")),
]
_VOWELS = set("aeiouyаеёиоуыэюяөү")


def to_latin(word: str) -> list[str]:
    """Latin spellings of a Cyrillic word, the customary one first.

    >>> to_latin("Кулубаев")[:2]
    ['kulubaev', 'kulubayev']
    >>> "japarov" in to_latin("Жапаров") and "zhaparov" in to_latin("Жапаров")
    True
    """
    options = []
    for i, ch in enumerate(word.lower()):
        choices = CYRILLIC_TO_LATIN.get(ch, (ch,))
        # "е" is "ye" only after a vowel (Атамбаев: Atambayev) or at the start.
        if ch == "е" and not (i == 0 or word[i - 1].lower() in _VOWELS):
            choices = ("e",)
        options.append(choices)
    return _spell(options)


def to_cyrillic(word: str) -> list[str]:
    """Cyrillic spellings of a Latin word, the customary one first.

    >>> to_cyrillic("Kulubaev")[0], "жапаров" in to_cyrillic("Japarov")
    ('кулубаев', True)
    >>> "жээнбеков" in to_cyrillic("Jeenbekov"), to_cyrillic("Aidarbekov")[0]
    (True, 'айдарбеков')
    """
    word = word.lower()
    options = []
    i = 0
    while i < len(word):
        for latin, cyrillic in LATIN_TO_CYRILLIC:
            if word.startswith(latin, i):
                if latin == "y":  # й after a vowel, ы after a consonant
                    cyrillic = ("й",) if i and word[i - 1] in _VOWELS else ("ы", "й")
                if latin == "e" and i:
                    cyrillic = ("е",)
                if latin == "i" and i and word[i - 1] in _VOWELS:  # Aidarbekov: Айдарбеков
                    cyrillic = ("й", "и")
                options.append(cyrillic)
                i += len(latin)
                break
        else:
            options.append((word[i],))
            i += 1
    return _spell(options)


def _spell(options) -> list[str]:
    spellings: list[str] = []
    for letters in product(*options):
        spelling = "".join(letters)
        if spelling not in spellings:
            spellings.append(spelling)
        if len(spellings) >= MAX_VARIANTS:
            break
    return spellings


# Sounds written differently in English, Russian transliteration and German (th, sch, dzh), reduced
# to one letter each before the vowels go: a skeleton of consonants survives both directions of
# transcription (Theresa/Тереза, Johnson/Джонсон, Scholz/Шольц), where the vowels do not
# (May/Мэй, Trump/Трамп, Biden/Байден). Order matters: longest first.
_SOUNDS = (("shch", "S"), ("sch", "S"), ("tsch", "C"), ("tch", "C"), ("dzh", "j"), ("dj", "j"), ("zh", "j"),
           ("sh", "S"), ("ch", "C"), ("kh", ""), ("ph", "f"), ("th", "t"), ("ck", "k"), ("tz", "s"),
           ("ts", "s"), ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("c", "k"), ("q", "k"), ("x", "ks"),
           ("w", "v"), ("z", "s"), ("h", ""))
_SKELETON_DROPS = set("aeiouy'’-")


def transcription(word: str) -> str:
    """A word's letters in Latin, each sound written one way (``sh`` as ``S``, ``dzh`` and ``j`` as
    ``j``, ``c`` and ``k`` as ``k``), vowels kept: what ``phonetic_key`` and a closer comparison of
    two names across scripts read.

    >>> transcription("Джонсон"), transcription("Johnson"), transcription("Каледония")
    ('jonson', 'jonson', 'kaledoniya')
    """
    word = word.lower().replace("ё", "е")
    latin = to_latin(word)[0] if any("а" <= ch <= "я" or ch in "ңөү" for ch in word) else word
    out, i = [], 0
    while i < len(latin):
        for sound, letter in _SOUNDS:
            if latin.startswith(sound, i):
                out.append(letter)
                i += len(sound)
                break
        else:
            out.append(latin[i])
            i += 1
    return "".join(out)


def phonetic_key(word: str) -> str:
    """A word's consonants as both scripts transcribe them: one key for a name in either script.

    A name crosses scripts by transcription, which keeps consonants and loses vowels; the key
    keeps the consonants, each sound as one letter, doubled ones once. Short words collide
    (May, Мэй and Мау are all ``m``): callers match whole names, never a short word alone.

    >>> [phonetic_key(w) for w in ("Theresa", "Тереза", "Johnson", "Джонсон", "Scholz", "Шольц")]
    ['trs', 'trs', 'jnsn', 'jnsn', 'Sls', 'Sls']
    >>> [phonetic_key(w) for w in ("Zelenskyy", "Зеленский", "Caledonia", "Каледония", "Brexit", "Брексит")]
    ['slnsk', 'slnsk', 'kldn', 'kldn', 'brkst', 'brkst']
    >>> phonetic_key("Ai"), phonetic_key("Мэй"), phonetic_key("Heiko") == phonetic_key("Хайко")
    ('ai', 'm', True)
    >>> phonetic_key("Maas"), phonetic_key("Эммануэль"), phonetic_key("Putin"), phonetic_key("Потанин")
    ('ms', 'mnl', 'ptn', 'ptnn')
    """
    sounds = transcription(word)
    # A doubled letter is one sound (Maas, Эммануэль); one repeated across a vowel is two
    # (Potanin is not Putin).
    letters = [ch for ch in sounds if ch.isalpha() or ch.isdigit()]
    single = [ch for i, ch in enumerate(letters) if i == 0 or ch != letters[i - 1]]
    key = "".join(ch for ch in single if ch not in _SKELETON_DROPS)
    return key or "".join(ch for ch in sounds if ch.isalnum())


_SOUND_VOWELS = "aeiou"


def sounds_alike(word: str, other: str) -> float:
    """How alike two words sound, 0 to 1: difflib's ratio of their transcriptions (vowels kept,
    ``y`` as ``i``, doubled letters once), 0 when they begin differently (Omicron, микрон)
    or have not as many syllables (Boris, Britz).

    >>> sounds_alike("caledonia", "каледония"), sounds_alike("omicron", "микрон"), sounds_alike("борис", "britz")
    (1.0, 0.0, 0.0)
    """
    a, b = _sound(word), _sound(other)
    if not a or not b or a[0] != b[0] or _syllables(a) != _syllables(b):  # Борис is not Britz
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _syllables(sound: str) -> int:
    return sum(1 for i, ch in enumerate(sound) if ch in _SOUND_VOWELS and (i == 0 or sound[i - 1] not in _SOUND_VOWELS))


def _sound(word: str) -> str:
    sounds = transcription(word).replace("'", "").replace("y", "i")
    if len(sounds) > 1 and sounds[0] == "i" and sounds[1] in "aeiou":  # Ердоган: yerdogan
        sounds = sounds[1:]
    return "".join(ch for i, ch in enumerate(sounds) if i == 0 or ch != sounds[i - 1])
