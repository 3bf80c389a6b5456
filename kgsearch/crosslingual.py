"""Cross-lingual expansion: an English query also finds Russian documents, and back.

Runs of query words that form a glossary term are searched also as that
term's translations (``railway`` as ``железная дорога``); a person's name as
every alias the registry knows (``Ван И`` as ``Wang Yi``); any other word as
its translations in the word list (``граждан`` as ``citizen``) and its
transliterations, those that the index contains (``Tashiev`` as ``Ташиев``); a
word with neither as the term of the other script that sounds like it in the
index's vocabulary (``Brexit`` as ``брексит``, ``Шольц`` as ``scholz``).
Translations weigh less than the words as typed, so that, all else equal, a
document matching the query as typed ranks first; the word list's less than
the glossary's, its second sense less than its first. Words with no
counterpart the index has are listed (``untranslated``); a short query
requires them of the other language's documents as typed, a headline does
not (``Expander._tolerant``). A run of capitalised words that the index
names, or with one that has no translation, is searched as a name: a
phrase, with its other-script forms (``Expander._name``); its bare words
asked "New Caledonia" of Russian documents as "новый", and "Boris Johnson"
as "Борис".
"""

from collections.abc import Callable
from itertools import combinations, product
from dataclasses import dataclass, field

from kgsearch import dictionary
from kgsearch.analyzers import is_cyrillic
from kgsearch.glossary import SIDES, Glossary, Variant
from kgsearch.index.people import PeopleRegistry
from kgsearch.query import Group, Not, Phrase, Word
from kgsearch.analyzers.transliterate import phonetic_key, sounds_alike, to_cyrillic, to_latin

TRANSLATION_BOOST = 0.5
# Alternatives searched for one run of words at most: each is a phrase whose words'
# positions a search reads, so a user's glossary entry of fifty spellings would cost
# fifty phrases. The bundled glossary gives at most 9 (Kyrgyzstan's names).
MAX_ALTERNATIVES = 12
# The word list's translations against the glossary's (which weigh TRANSLATION_BOOST):
# one gloss per word, sometimes an odd one (стать -> figure); a later sense weighs less still.
DICTIONARY_WEIGHT = 0.6
LATER_SENSE = 0.75
# Translated parts from which a query is a description (a headline): the other language's
# documents need only some of them (Expander._tolerant).
DESCRIPTION = 5
# What a name recognised in a query was known as (``Expander.names``, shown as "Names:").
REGISTRY_PERSON = "a person the registry knows"
PUNCTUATION = ".,:;!?«»\"'()[]"
# How alike a word and a term of the other script that shares its phonetic key must sound
# (difflib's ratio of their transcriptions, vowels kept): Caledonia/Каледония 1.0, Zelenskyy/
# Зеленский 1.0, Johnson/Дженсон 0.83, Omicron/Макрон 0.77.
ALIKE = 0.85
NAME_WORDS = 4  # words of a name at most
MAX_NAME_FORMS = 4  # a name's other-script forms searched, each a phrase
ENTITY_QUERY_FIELDS = ("people", "orgs", "places")  # where an entity the index names is listed
COUNTERPARTS = 2  # terms searched for one word: its closest in sound, the most frequent first
# A Russian adjective of a place is searched through the place (Торугартский: Torugart).
_ADJECTIVE_ENDINGS = ("ский", "цкий", "ской")


@dataclass
class Either(Group):
    """The query with all its parts (first), or the other language's looser form of it."""

    def __init__(self, whole: Group, other):
        super().__init__("OR", [whole, other])


@dataclass
class Expander:
    """Expands query trees; ``known(word)`` tells whether the index has a word's term."""

    glossary: Glossary | None
    registry: PeopleRegistry
    key_of: Callable[[str], tuple[str, ...]]
    known: Callable[[str], bool]
    has_term: Callable[[str], bool] = lambda term: True  # whether the index has a term (any field searched)
    sounding: Callable[[str], list[str]] = lambda key: []  # the index's terms with a phonetic key
    frequency: Callable[[str], int] = lambda term: 1  # how many documents have a term
    in_language: Callable[[bool], bool] = lambda cyrillic: True  # whether the index has documents in Russian (True) or English
    named: Callable[[str], list[str]] = lambda name: []  # how the index writes an entity so named (plan.Planner.named)
    names: list[dict] = field(default_factory=list)  # the names recognised: as typed, and what they were linked to
    words: dictionary.Dictionary | None = None  # the word list; the bundled one when None
    expansions: list[str] = field(default_factory=list)
    untranslated: list[Word] = field(default_factory=list)  # words with no counterpart the index has
    _optional: list[Word] = field(default_factory=list)  # those of them the index has
    _translated: set[int] = field(default_factory=set)  # the ORs this expander made (word OR its translations)
    held: set[str] = field(default_factory=set)  # the terms of translations held by another: not searched, but marked
    kyrgyz_word: Callable[[str], bool] = lambda word: False  # whether the query reads a word as Kyrgyz
    sides: tuple = SIDES  # the glossary's languages the index has documents in (no Kyrgyz names without Kyrgyz)
    _kyrgyz: set[str] = field(default_factory=set)  # the Kyrgyz alternatives' texts

    def expand(self, node):
        if isinstance(node, Word):
            return self._run([node])[0] if _plain(node) else node
        if isinstance(node, Phrase):
            return self._phrase(node) if node.field is None else node
        if isinstance(node, Not):  # a NOT's words are not marked: nor are its held translations'
            held = set(self.held)
            negated = Not(self.expand(node.node))
            self.held = held
            return negated
        if isinstance(node, Group):
            if node.op == "AND":
                return self._tolerant(self._sequence(node.nodes))
            return Group("OR", [self.expand(n) for n in node.nodes])
        return node

    def _tolerant(self, nodes: list):
        """All the parts; or, for the other language's documents, the other-language translations,
        with the words that have none there as typed in a short query (fewer than ``DESCRIPTION``
        words: "нефтегазовый кредит" is not "credit") and without them in a headline (a
        translation lacks some of its words), and not every translation either: a word
        list's sense is not always the document's word. Of two translated parts both are
        asked, of three or four all but one, of five or more (a description, a headline) any,
        ranked by how many a document has. (The query's own language is asked every word: a
        document in it that lacks one is found only when no document has them all.)"""
        translated = [n for n in nodes if id(n) in self._translated]
        alone = [n for n in nodes if any(n is w for w in self._optional)]
        # Only the other language's words: a same-language synonym (rail for railway) would let
        # this form's looser rule rank the query's own language above its exact matches.
        others = {id(n): [a for a in n.nodes[1:] if self._language(node_text(a)) != self._language(node_text(n.nodes[0]), True)]
                  for n in translated}
        parts = [o[0] if len(o) == 1 else Group("OR", o) for o in others.values() if o]
        dropped = len(parts) < len(translated)  # translated within its own language only: as untranslated
        if not parts or (not alone and not dropped and len(parts) < 3):
            return Group("AND", nodes)
        if len(parts) >= DESCRIPTION:
            core = Group("OR", parts)
        elif len(parts) >= 3:
            core = Group("OR", [Group("AND", list(some)) for some in combinations(parts, len(parts) - 1)])
        else:
            core = parts[0] if len(parts) == 1 else Group("AND", parts)
        # A short query's untranslated word is required as typed (New Caledonia: never "новый" alone);
        # a headline's is not (a translation lacks some of its words), though it still ranks.
        short = sum(not isinstance(n, Word) or bool(self.key_of(n.text)) for n in nodes) < DESCRIPTION
        required = [n for n in nodes if id(n) not in self._translated and (short or not any(n is a for a in alone))]
        other = Group("AND", [core, *required]) if required else core
        return Either(Group("AND", nodes), other)

    def _language(self, text: str, typed: bool = False) -> str:
        """The language of an alternative (Kyrgyz for the glossary's Kyrgyz names, else by script),
        or of what was ``typed`` (Kyrgyz where the query is read as Kyrgyz)."""
        kyrgyz = self.kyrgyz_word(text) if typed else text in self._kyrgyz
        return ("ky" if kyrgyz else "ru") if is_cyrillic(text) else "en"

    def _sequence(self, nodes):
        """Expand runs of plain words together, so that multi-word terms are found."""
        out, run = [], []
        for node in nodes:
            if isinstance(node, Word) and _plain(node):
                run.append(node)
                continue
            out += self._run(run)
            run = []
            out.append(self.expand(node))
        return out + self._run(run)

    def _run(self, words: list[Word]) -> list:
        out = []
        keyed = [(i, key[0]) for i, w in enumerate(words) if (key := self.key_of(w.text))]
        i = 0
        while i < len(words):
            # A name first: "Ван И" is a person before it is a glossary word.
            person = self.registry.match([w.text for w in words[i:]])
            if person:
                n, name = person
                span = words[i : i + n]
                aliases = self._aliases(name, span)
                self.names.append({"name": " ".join(w.text.strip(PUNCTUATION) for w in span), "linked": aliases,
                                   "as": REGISTRY_PERSON})
                out.append(self._alternatives(span, aliases))
                i += n
                continue
            if n := self._name_length(words, i):
                out.append(self._name(words[i : i + n]))
                i += n
                continue
            k = next((n for n, (index, _) in enumerate(keyed) if index >= i), None)
            length = self.glossary.match([key for _, key in keyed[k:]]) if self.glossary and k is not None else 0
            if length:
                last = keyed[k + length - 1][0]
                span = words[i : last + 1]
                key = tuple(key for _, key in keyed[k : k + length])
                found = [v for v in self.glossary.translations(key, self.sides) if not self._ordinary_acronym(v)]
                weights = [1.0] * len(found)
                # A word the glossary knows in one sense (безопасность: security) gets the word list's
                # others; a name does not (China is not china, фарфоровый).
                if len(span) == 1 and not span[0].text[:1].isupper():
                    known = {variant.key for variant in found}
                    more = [t for t in self._translations(span[0].text) if t.key not in known]
                    found, weights = found + more, weights + [DICTIONARY_WEIGHT * LATER_SENSE**n for n in range(len(more))]
                out.append(self._alternatives(span, found, weights))
                i = last + 1
                continue
            if not self.key_of(words[i].text):  # a stop word (will, have): no terms, so no counterpart either
                out.append(words[i])
                i += 1
                continue
            translated = self._translations(words[i].text)
            # A Kyrgyz common word has no spellings in another script (ырайы is not hirai); a name has.
            common = self.kyrgyz_word(words[i].text) and not words[i].text[:1].isupper()
            spelt = [] if common else self._transliterations(words[i].text) or self._counterparts(words[i].text)
            weights = [DICTIONARY_WEIGHT * LATER_SENSE**n for n in range(len(translated))] + [1.0] * len(spelt)
            if not translated and not spelt:
                self.untranslated.append(words[i])
                if self.known(words[i].text):  # a word the index lacks is a typo more likely: asked of all
                    self._optional.append(words[i])
            out.append(self._alternatives([words[i]], translated + spelt, weights))
            i += 1
        return out

    def _phrase(self, phrase: Phrase):
        key = self.key_of(phrase.text)
        if self.glossary and key and tuple(key) in self.glossary:
            return self._alternatives([phrase], self.glossary.translations(tuple(key), self.sides))
        canonical = self.registry.canonical(phrase.text)
        if canonical:
            return self._alternatives([phrase], self._aliases(canonical, [phrase]))
        return phrase

    def _aliases(self, name: str, typed) -> list[str]:
        person = self.registry.people.get(name)
        typed_key = self.key_of(" ".join(n.text for n in typed))
        aliases = [name, *(person.aliases if person else ())]
        seen, out = {typed_key}, []
        for alias in aliases:
            key = self.key_of(alias)
            if key and key not in seen and len(alias.split()) >= 1 and not alias.isupper():
                seen.add(key)
                out.append(alias)
        return out

    def _translations(self, word: str) -> list[Variant]:
        """The word list's translations of a one-term word that the index has, surest first; none
        for an acronym (ВОЗ is the WHO, not a cart), nor for a Kyrgyz word (the word list is
        Russian: a Kyrgyz lemma that spells a Russian one, кол "hand", is not a stake)."""
        key = self.key_of(word)
        if len(key) != 1 or _acronym(word) or self.kyrgyz_word(word):
            return []
        words = self._words()
        found = []
        for variant in words.translations("ru" if is_cyrillic(word) else "en", key[0]):
            if variant.key not in ((), key) and variant not in found and all(map(self.has_term, variant.key)):
                found.append(variant)
        return found

    def _words(self) -> dictionary.Dictionary:
        return self.words if self.words is not None else dictionary.bundled()

    def _ordinary_acronym(self, variant: Variant) -> bool:
        """An acronym that is also an ordinary word of its language (WHO: who; US: us): searched
        as a term, it would match the word, in every document that has it."""
        return (_acronym(variant.text) and len(variant.key) == 1
                and bool(self._words().translations("ru" if is_cyrillic(variant.text) else "en", variant.key[0])))

    def _transliterations(self, word: str, shortest: int = 4) -> list[str]:
        """The spellings of ``word`` in the other script that the index has (at most 3); a word
        shorter than ``shortest`` has none, unless in a name, whose other words confirm it (Ted Cruz)."""
        if not any(ch.isalpha() for ch in word) or len(word) < shortest:
            return []
        spellings = to_latin(word) if is_cyrillic(word) else to_cyrillic(word)
        found, seen = [], {self.key_of(word)}
        for spelling in spellings:
            key = self.key_of(spelling)
            if key and key not in seen and self.known(spelling):
                seen.add(key)
                found.append(spelling)
        return found[:3]

    def _name_length(self, words: list[Word], start: int) -> int:
        """How many words from ``start`` make a name searched as a name (0: none): the longest run of
        two to ``NAME_WORDS`` capitalised words that the index names (a person), or of which one
        word has no translation (Boris Johnson, New Caledonia, Credit Suisse): its bare words
        would match anything (Борис, новый, кредит)."""
        run = 0
        for word in words[start : start + NAME_WORDS]:
            text = word.text.strip(PUNCTUATION)
            if not (text[:1].isupper() and text[1:2].islower() and _plain(word) and self.key_of(text)):
                break
            run += 1
            if word.text != text and word.text.rstrip(PUNCTUATION) != word.text:  # "Raab:" ends a run
                break
        # In a headline of capitalised words (Title Case) a run of them is no sign of a name.
        titled = len(words) > NAME_WORDS and sum(w.text[:1].isupper() for w in words) > len(words) / 2
        for n in range(run, 1, -1):
            span = [w.text.strip(PUNCTUATION) for w in words[start : start + n]]
            if self.named(" ".join(span)) or self._glossed(" ".join(span)) or not titled and any(not self._translations(w) and not self._glossed(w) for w in span):
                return n
        return 0

    def _glossed(self, text: str) -> bool:
        key = self.key_of(text)
        return bool(self.glossary and key and tuple(key) in self.glossary)

    def _name(self, span: list[Word]):
        """A name as a name: the phrase as typed OR its forms in the other script, each a phrase of
        its words' spellings (transliterations, sound-alike terms, else translations: Новая
        Каледония), those the index names first (Тереза Мэй); never its bare words. Where a
        first word has no such form (Jamie: Джейми), the last word's spelling stands for the
        name when it has no translation: a surname crosses scripts by sound, a first name
        often by custom."""
        text = " ".join(w.text.strip(PUNCTUATION) for w in span)
        options = []
        for word in span:
            shown = word.text.strip(PUNCTUATION)
            spelt = [Variant(t, ((0, self.key_of(t)[0]),)) for t in self._transliterations(shown, 3)]
            sounding = spelt or self._counterparts(shown)
            translated = [v for v in self._translations(shown) if len(v.key) == 1][:2]
            options.append(list({v.key: v for v in sounding + translated}.values())[:3])
        forms = []
        entity = self.named(text)
        if entity:  # an entity the index names: every other way its documents write it (Хейко Мас)
            forms = [Variant(f, tuple(enumerate(self.key_of(f)))) for f in entity
                     if self.key_of(f) and self.key_of(f) != self.key_of(text)]
            forms.sort(key=lambda v: is_cyrillic(v.text) == is_cyrillic(text))  # the other script's first
        if self._glossed(text):  # a curated name (Theresa May: Тереза Мэй)
            forms += [v for v in self.glossary.translations(self.key_of(text), self.sides) if is_cyrillic(v.text) != is_cyrillic(text)]
        for combo in product(*options) if not forms else ():  # a word with no form in the other script: the name has none
            words_ = [v.key[0] for v in combo]
            if all(map(self.has_term, words_)):
                forms.append(Variant(" ".join(v.text for v in combo), tuple(enumerate(words_))))
        if not forms and not translated:  # the last word, a surname (it has no translation): its spellings,
            # but not a word of the other language's own (Маас is not "mass")
            forms = [Variant(v.text, ((0, v.key[0]),)) for v in sounding
                     if self.has_term(v.key[0]) and not self._translations(v.text)]
        named = [f for f in forms if self.named(f.text)]
        forms = list({f.text.lower(): f for f in named or forms}.values())
        if len(span) > 1 and any(len(f.text.split()) > 1 for f in forms):
            # A whole name is asked whole in both scripts, the same forms either way: a surname alone
            # (the glossary's Trump) is a word of its own elsewhere (to trump).
            forms = [f for f in forms if len(f.text.split()) > 1]
        forms = forms[:MAX_NAME_FORMS]
        typed = Phrase(text, None, 0, min(getattr(w, "boost", 1.0) for w in span))
        self.names.append({"name": text, "linked": [f.text for f in forms],
                           "as": "a name the index has" if entity or named else "a name"})
        # A name the index knows is held to the forms its documents write; another is asked in its
        # own language as its words in any order (Цзиньтао Ху finds Ху Цзиньтао).
        asked = typed if entity or named or self._glossed(text) else Group("AND", list(span))
        if not forms and not entity:  # as an untranslated word: listed, and asked of the other half as one is
            self.untranslated.append(asked)
            if all(self.known(w.text) for w in span):
                self._optional.append(asked)
            return asked
        boost = typed.boost * TRANSLATION_BOOST
        # And the documents that list the entity, however their text writes it (Роальд Зиннурович Сагдеев).
        listed = [Phrase(text, f, 0, boost) for f in ENTITY_QUERY_FIELDS] if entity else []
        expanded = Group("OR", [asked, *(Phrase(f.text, None, 0, boost, f.terms) for f in forms), *listed])
        self._translated.add(id(expanded))
        if forms:
            self.expansions.append(f"{text} → {', '.join(f.text for f in forms)}")
        return expanded

    def _counterparts(self, word: str) -> list[Variant]:
        """The other script's terms in the index that sound like ``word``'s (Brexit: брексит): those
        sharing its phonetic key whose transcription is closest to its own (``ALIKE`` or more,
        the same first letter), the most frequent first. A key is a skeleton of consonants and
        collides (Omicron, Macron, микрон: mkrn), hence the closer comparison. A word no
        document of its language writes, where the index has some, has none: a typo more likely
        (Кыргызтан), which the spelling correction mends, where its sound-alike (kyrgyzstan)
        would answer in one language only. (An index of Russian alone still finds Тахо for Tahoe.)"""
        key = self.key_of(word)
        if len(key) != 1 or not key[0].isalpha() or _acronym(word):
            return []
        if not self.known(word) and self.in_language(is_cyrillic(key[0])):
            # Likelier a typo, unless a person the index names has a surname that sounds so (Scholz:
            # Олаф Шольц, where no English document writes Scholz).
            if not word[:1].isupper():
                return []
            surnames = {form.split()[-1] for form in self.named(word)
                        if is_cyrillic(form) != is_cyrillic(word) and len(form.split()) > 1}
            alike = [s for s in surnames if sounds_alike(word, s) >= ALIKE and self.key_of(s)]
            return [Variant(s, ((0, self.key_of(s)[0]),)) for s in alike[:COUNTERPARTS]]
        term, cyrillic = key[0], is_cyrillic(key[0])
        sources = [term] + [term[: -len(e)] for e in _ADJECTIVE_ENDINGS if cyrillic and term.endswith(e)]
        scored = {}
        for source in sources:
            if len(source) < 4:
                continue
            for candidate in self.sounding(phonetic_key(source)):
                if is_cyrillic(candidate) != cyrillic:
                    alike = sounds_alike(source, candidate)
                    if alike >= ALIKE:
                        scored[candidate] = max(scored.get(candidate, 0.0), alike)
        if not scored:
            return []
        best = max(scored.values())
        closest = sorted((c for c, alike in scored.items() if alike == best), key=lambda c: (-self.frequency(c), c))
        return [Variant(c, ((0, c),)) for c in closest[:COUNTERPARTS] if self.frequency(c)]

    def _alternatives(self, typed: list, alternatives: list, weights: list[float] | None = None):
        """``typed`` OR each alternative (a text, or a glossary ``Variant`` analysed already),
        each weighing its weight (1 by default) times TRANSLATION_BOOST."""
        original = typed[0] if len(typed) == 1 else Group("AND", typed)
        if not alternatives:
            return original
        shown = " ".join(n.text for n in typed).strip(PUNCTUATION)
        left = len(alternatives) - MAX_ALTERNATIVES
        alternatives = alternatives[:MAX_ALTERNATIVES]
        weights = weights or [1.0] * len(alternatives)
        typed_key = self.key_of(shown)
        worded = []
        for alternative, weight in zip(alternatives, weights):
            if isinstance(alternative, Variant):
                worded.append((alternative.text, alternative.terms, weight))
                if alternative.lang == "ky":
                    self._kyrgyz.add(alternative.text)
            else:
                worded.append((alternative, tuple(enumerate(self.key_of(alternative))), weight))
        # The typed word finds what any alternative of its own script holding its term would
        # (not one of the other's: the other language's looser form, _tolerant, asks only those).
        single = len(typed) == 1 and isinstance(typed[0], Word) and _plain(typed[0]) and len(typed_key) == 1
        kept = _unsubsumed(worded, [(shown, ((0, typed_key[0]),))] if single else [])
        self.held.update(term for entry in worded if entry not in kept for _, term in entry[1])
        worded = kept
        if not worded:  # its own language's only, all held by the typed word: translated, as before
            expanded = Group("OR", [original])
            self._translated.add(id(expanded))
            return expanded
        more = f" (and {left} more, not searched: at most {MAX_ALTERNATIVES} are)" if left > 0 else ""
        self.expansions.append(f"{shown} → {', '.join(text for text, _, _ in worded)}{more}")
        boost = min(getattr(n, "boost", 1.0) for n in typed) * TRANSLATION_BOOST
        # A phrase scores the sum of its words: weigh a translation by its length,
        # so that "железная дорога" counts as much as the one word "railway".
        typed_terms = max(1, len(typed_key))
        phrases = [Phrase(text, None, 0, weight * boost * typed_terms / max(1, len(terms)), terms)
                   for text, terms, weight in worded]
        expanded = Group("OR", [original, *phrases])
        self._translated.add(id(expanded))
        return expanded


def _unsubsumed(worded: list[tuple], found_by: list[tuple]) -> list[tuple]:
    """The alternatives (text, terms, weight) that find a document no other does: a phrase
    holding another alternative's words as they stand (``political party`` beside ``party``,
    ``инициатива Пояса и пути`` beside ``Пояс и путь``), or the typed word's (``found_by``),
    only adds to the score of documents found already, yet a search reads its words'
    positions in every one of them: on a large archive, the better part of a common word's
    cost. Of two the same, the first stays. Only an alternative of the same script holds
    another (``found_by``: (text, terms)): the other language's looser form (``_tolerant``)
    searches the other script's alternatives alone, so one dropped there must be held there.
    """
    kept = []
    for n, (text, terms, weight) in enumerate(worded):
        script = is_cyrillic(text)
        others = [t for shown, t in found_by if is_cyrillic(shown) == script]
        others += [t for m, (other, t, _) in enumerate(worded)
                   if m != n and is_cyrillic(other) == script and (len(t) < len(terms) or (m < n and _same(t, terms)))]
        if terms and not any(_holds(terms, other) for other in others):
            kept.append((text, terms, weight))
    return kept


def _same(a: tuple, b: tuple) -> bool:
    return _holds(a, b) and len(a) == len(b)


def _holds(terms: tuple, part: tuple) -> bool:
    """True when ``part``'s words stand in ``terms`` at the same distances from each other."""
    if not part:
        return False
    have = set(terms)
    first, word = part[0]
    return any(all((p - first + at, t) in have for p, t in part) for at, term in terms if term == word)


def _acronym(text: str) -> bool:
    return len(text) <= 6 and text.isupper() and text.isalpha()


def node_text(node) -> str:
    """What a query node says, for telling its language: a word's or phrase's text, a group's words."""
    if isinstance(node, Group):
        return " ".join(node_text(n) for n in node.nodes)
    return getattr(node, "text", "") or ""


def _plain(word: Word) -> bool:
    return word.field is None and not word.prefix and not word.fuzzy
