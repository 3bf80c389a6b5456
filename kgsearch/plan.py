"""The first stage of a query: what was asked, understood once, before anything is matched.

The query text is parsed, a person's name is widened to every name the
registry knows, the words are translated into the other language (the
glossary, the registry, transliteration) and compiled into a Whoosh query
for this index: a ``Plan``. The filters (years, dates, names, language,
source) become one Whoosh query, and names the index lacks are resolved to
the closest it has, said in notes. Bad option values are refused here,
before any work: the later stages take what this one gives them.
"""

from collections import Counter
from dataclasses import dataclass, field

from whoosh import query as wq

from kgsearch.analyzers import is_cyrillic
from kgsearch.analyzers.tagged import EITHER, KYRGYZ, RUSSIAN
from kgsearch.analyzers.wordterms import is_known
from kgsearch.budget import Budget, close_matches
from kgsearch.compiler import TEXT_FIELDS, Compiler, date_range, distinct, without_domain
from kgsearch.crosslingual import PUNCTUATION, REGISTRY_PERSON, Expander, node_text
from kgsearch.errors import QueryBudgetError, QueryError
from kgsearch.facets import shown_name, written_forms
from kgsearch.glossary import SIDES, Glossary
from kgsearch.index.entitykey import entity_key, matches
from kgsearch.index.language import query_language
from kgsearch.index.schema import ENTITY_FIELDS, term_text
from kgsearch.options import Filters
from kgsearch.query import Group, Phrase, Word, parse
from kgsearch.recent import Recent

SUGGESTION_SECONDS = 2.0  # at most, for "did you mean" and the closest names, within the search's budget
RECENT_PLANS = 64  # queries whose understanding an open index keeps (paging asks the same again)
RECENT_NAMES = 256  # names whose written forms an open index keeps


@dataclass
class Plan:
    """A query understood: as typed, as it will run, and the compiled Whoosh query."""

    typed: object
    node: object
    query: object
    compiler: Compiler
    expansions: list[str]
    untranslated: list[str] = field(default_factory=list)
    held: frozenset = frozenset()  # the terms of translations held by another (not searched): marked only
    names: list[dict] = field(default_factory=list)  # names recognised in the query, and what they were linked to


class Planner:
    """Understands queries and filters for one open index, keeping the recent plans."""

    def __init__(self, searcher, registry, glossary_files, lookup: Compiler, sounding=lambda key: []):
        self.searcher = searcher
        self.sounding = sounding  # the index's terms by phonetic key (index.wordtable.sounds)
        self.registry = registry
        self.glossary_files = list(glossary_files)
        self._glossary = None
        self.lookup = lookup  # for keys and field values; a query compiles with its own
        self.recent = Recent(RECENT_PLANS)
        self._named = Recent(RECENT_NAMES)  # the forms of names asked recently
        self._parts: dict[tuple, dict] = {}  # each name field's keys (or their last words), for the closest

    def glossary(self) -> Glossary:
        """The bundled glossary with the user's files, loaded on first use."""
        if self._glossary is None:
            self._glossary = Glossary.load(*self.glossary_files)
        return self._glossary

    def understand(self, query: str, translate: bool, budget: Budget) -> Plan:
        """Parse the query, add its other-language forms, compile it for this index."""
        if (plan := self.recent.get((query, translate))) is not None:
            plan.compiler.budget = budget  # for the relaxed query it may compile
            return plan
        plan = self._plan(query, translate, budget)
        self.recent.put((query, translate), plan)
        return plan

    def _plan(self, query: str, translate: bool, budget: Budget) -> Plan:
        typed = distinct(parse(query, keep_as_word=self.name_pair))
        compiler = Compiler(self.searcher, self.registry, budget, lang=self.reading(query))
        node, expansions, untranslated, held, names = typed, [], [], frozenset(), []
        if (person := self._person_asked(typed)) is not None:
            node = self._as_person(person, compiler)
            others = [alias for alias in self._aliases(person) if compiler.key(alias) != compiler.key(query)]
            expansions = [f"{query} → {', '.join(others)} (the person, by every name the registry knows)"]
            names = [{"name": query.strip(), "linked": others, "as": REGISTRY_PERSON}]
        elif translate:
            expander = Expander(self.glossary(), self.registry, compiler.key, compiler.known, compiler.has_term,
                                sounding=self.sounding, frequency=self._frequency, named=self.named,
                                in_language=self._in_language, kyrgyz_word=self._kyrgyz_word(compiler.lang),
                                sides=SIDES if self._has_kyrgyz() else ("en", "ru"))
            node = expander.expand(typed)
            expansions = expander.expansions
            untranslated = [node_text(w).strip(PUNCTUATION) for w in expander.untranslated]
            held = frozenset(expander.held)
            names = expander.names
        compiled = compiler.compile(node, proximity_of=typed)
        if compiled is None:
            raise QueryError("the query has only stop words (and, the, и, в …); add a word that carries meaning")
        return Plan(typed, node, compiled, compiler, expansions, untranslated, held, names)

    def named(self, name: str) -> list[str]:
        """How the index writes the entity ``name`` names, in either script, the commonest form
        first ([]: no entity): the registry's full aliases, and the forms of the documents whose
        person, organisation or place field holds its key. The one place a query asks this."""
        if (known := self._named.get(name)) is None:
            forms = Counter()
            if (canonical := self.registry.canonical(name)) is not None:
                entry = self.registry.people[canonical]
                forms.update({alias: 1 for alias in (entry.name, *entry.aliases) if len(alias.split()) > 1})
            reader = self.searcher.reader()
            for field, kind in ENTITY_FIELDS.items():
                if field == "speakers" or not (key := entity_key(name, self.registry, kind)):
                    continue
                keys = [key]
                if kind == "person" and " " not in key and field in reader.indexed_field_names():
                    # A surname alone: every person of that surname (Scholz: Олаф Шольц).
                    keys = [t for t in map(term_text, reader.lexicon(field)) if matches(key, t, kind)]
                for each in keys:
                    forms += written_forms(reader, field, each, self.registry)
            known = [form for form, _ in forms.most_common()]
            self._named.put(name, known)
        return known

    def reading(self, query: str) -> str:
        """The language a query's Cyrillic words are read in (``analyzers.tagged``): Kyrgyz for a
        query of three words or more that shows itself Kyrgyz; Russian and Kyrgyz both for a shorter
        one, and for one that could be either (``Кытай``, ``темир жол``) where the index has Kyrgyz
        documents (a word or two of Kyrgyz shape may be a foreign name in Russian text); else Russian."""
        asked = query_language(query, lambda word: is_known(self.lookup.analyzer, word))
        if asked == "ky" and len(query.split()) >= 3:
            return KYRGYZ
        if asked == "ky" or (asked == "" and is_cyrillic(query) and self._has_kyrgyz()):
            return EITHER
        return RUSSIAN

    def reader(self, query: str) -> Compiler:
        """The index's terms as ``query``'s words are read (``reading``), for the suggestions."""
        return Compiler(self.searcher, self.registry, lang=self.reading(query))

    def _kyrgyz_word(self, reading: str):
        """Whether a query read in ``reading`` reads a word as Kyrgyz: every Cyrillic word of a Kyrgyz
        query; of one read both ways, those the Russian dictionary does not know."""
        analyzer = self.lookup.analyzer
        if reading == KYRGYZ:
            return is_cyrillic
        if reading == EITHER:
            return lambda word: is_cyrillic(word) and not is_known(analyzer, word)
        return lambda word: False

    def _has_kyrgyz(self) -> bool:
        return bool(self.searcher.reader().doc_frequency("lang", "ky"))

    def _in_language(self, cyrillic: bool) -> bool:
        """Whether the index has documents in Russian (``cyrillic``) or in English."""
        return bool(self.searcher.reader().doc_frequency("lang", "ru" if cyrillic else "en"))

    def _frequency(self, term: str) -> int:
        """How many documents have ``term`` in a title or a body (the more of the two)."""
        reader = self.searcher.reader()
        return max(reader.doc_frequency(f, term) for f in TEXT_FIELDS)

    def name_pair(self, previous: str, word: str) -> bool:
        """True when "previous word" is a name in the registry (Ван И), not an operator."""
        return self.registry.canonical(f"{previous} {word}") is not None

    def _person_asked(self, typed) -> str | None:
        """The registry's name for a query that is nothing but a person's name (Ван И, Wang Yi)."""
        words = [typed] if isinstance(typed, Word) else typed.nodes if isinstance(typed, Group) else []
        if not words or not all(isinstance(w, Word) and not (w.field or w.prefix or w.fuzzy) for w in words):
            return None
        if isinstance(typed, Group) and typed.op != "AND" or len(words) < 2:
            return None  # one word (Japarov) may be several people, and is searched as a word
        return self.registry.canonical(" ".join(w.text for w in words))

    def _aliases(self, person: str) -> list[str]:
        entry = self.registry.people[person]
        return list(dict.fromkeys([entry.name, *entry.aliases]))

    def _as_person(self, person: str, compiler: Compiler):
        """A person's name searched as that person: the people and speakers fields, and each
        alias as a phrase, never as its bare words (Ван И is not every Ван)."""
        nodes = [Word(person, field="people", boost=2.0), Word(person, field="speakers")]
        for alias in self._aliases(person):
            words = alias.split()
            # An alias the analyzer shortens (Ван И loses И, a stop word) would match its bare words.
            if len(words) >= 2 and len(compiler.positions(alias)) == len(words):
                nodes.append(Phrase(alias))
        return Group("OR", nodes)

    # -- filters -------------------------------------------------------------

    def filters(self, filters: Filters, notes: list[str]):
        """``filters`` as one Whoosh query (``None``: none), saying in ``notes`` what was made of names."""
        parts = []
        if filters.years:
            parts.append(wq.Or([wq.NumericRange("year", first, last) for first, last in filters.years]))
        if filters.date_from or filters.date_to:
            parts.append(date_range(filters.start, filters.end))
        for field_name, names in (("speakers", filters.speakers), ("people", filters.people),
                                  ("orgs", filters.orgs), ("places", filters.places)):
            if names:
                parts.append(wq.Or([q for name in names for q in self.name_filter(field_name, name, notes)]))
        if filters.lang:
            parts.append(wq.Term("lang", filters.lang.lower()))
        if filters.source:
            parts.append(self._source_filter(filters.source, notes))
        return wq.And(parts) if parts else None

    def _source_filter(self, source: str, notes: list[str]):
        """The query for a --source value: the label the index has for it, else the labels that are
        it with a domain ending (Regnum: regnum.ru, as archives store a site); else, with a note
        offering the closest labels, as for an unknown name, the value as typed (which finds nothing)."""
        query = self.lookup.keyword("source", source)
        reader = self.searcher.reader()
        if any(reader.doc_frequency("source", label) for label in self.lookup.source_labels(source)):
            return query
        labels = [term_text(t) for t in reader.lexicon("source")]
        wanted = source.strip().lower()
        from difflib import get_close_matches  # for a source the index lacks, seldom

        by_name = {}
        for known in labels:
            by_name.setdefault(known.lower(), known)
            by_name.setdefault(without_domain(known).lower(), known)
        close = dict.fromkeys(by_name[c] for c in get_close_matches(wanted, by_name, n=6, cutoff=0.6))
        offer = f"; the closest: {', '.join(list(close)[:3])}" if close else ""
        notes.append(f"no source called {source!r} is among the sources of this index{offer}")
        return query

    def name_filter(self, field_name: str, name: str, notes: list[str]) -> list:
        """The queries for one --speaker, --person, --org or --place value, saying what was made of
        it: a name several people share is searched for all of them, an unknown one offers the
        closest. Any alias, script or case form finds the entity (``index.entitykey``)."""
        candidates = self.registry.candidates(name) if field_name in ("speakers", "people") else []
        if len(candidates) > 1:
            notes.append(f"{name!r} could be {' or '.join(candidates)}: searched for each")
        terms = dict.fromkeys(t for value in (name, *candidates) for t in self.lookup.entity_terms(field_name, value))
        reader = self.searcher.reader()
        if not any(reader.doc_frequency(field_name, t) for t in terms):
            close = self._closest_names(field_name, next(iter(terms)))
            offer = f"; the closest: {', '.join(close)}" if close else ""
            notes.append(f"no one called {name!r} is among the {field_name} of this index{offer}")
        return [wq.Term(field_name, t) for t in terms]

    def _closest_names(self, field_name: str, key: str) -> list[str]:
        """The names in ``field_name`` whose keys are closest to ``key`` (a surname's, to their last
        words'), as a courtesy: within the search's budget (a request's, in a server), and none once
        it is spent (the search then stops)."""
        reader = self.searcher.reader()
        whole = " " in key
        by_part = self._parts.get((field_name, whole))
        if by_part is None:  # read once an open index: a list of names asks for many
            by_part = {}
            for term in map(term_text, reader.lexicon(field_name)):
                by_part.setdefault(term if whole else term.rsplit(" ", 1)[-1], []).append(term)
            self._parts[(field_name, whole)] = by_part
        try:
            close = close_matches(key, list(by_part), Budget().part(SUGGESTION_SECONDS))
        except QueryBudgetError:
            return []
        terms = [t for part in close for t in by_part[part]][:3]
        return [shown_name(reader, field_name, t, registry=self.registry) for t in terms]
