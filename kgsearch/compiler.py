"""Query trees to Whoosh queries, through the same analyzer as the documents.

A word becomes its lemma or stem in the title and the body; a phrase becomes
a chain of span queries that keeps the gaps stop words left (``Belt and
Road`` is ``belt`` and ``road`` two positions apart, in the index and here);
field values are matched the way the index stores them.

A query is compiled within limits, so that no query can take minutes: a
word repeated is one word; all the words with ``*`` and ``~`` together
expand to at most ``MAX_EXPANSIONS`` index terms found in at most
``MAX_POSTINGS`` places (what matching costs), shared out among them, each
keeping its most frequent terms; loose (``~``) words, which walk the whole
vocabulary, are few; and every loop checks the search's ``Budget``.
"""

import re

from whoosh import query as wq

from kgsearch.analyzers import fold, positioned_terms
from kgsearch.analyzers.tagged import RUSSIAN
from kgsearch.budget import Budget
from kgsearch.errors import QueryError
from kgsearch.index.dates import PartialDate
from kgsearch.index.engine.queries import boosted
from kgsearch.index.entitykey import entity_key, matches
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.schema import ENTITY_FIELDS, name_term, term_text
from kgsearch.index.sources import canonical_source
from kgsearch.query import Group, Not, Phrase, Range, Word

TEXT_FIELDS = ("title", "body")
KEYWORD_FIELDS = ("speakers", "people", "orgs", "places", "lang", "source", "tags")
# What all the words with * or ~ of one query may expand to, together: index
# terms, and their documents summed over the terms (matching costs about 20 µs each).
MAX_EXPANSIONS = 300
MAX_POSTINGS = 100_000
MAX_EXAMINED = 20_000  # index terms read for one word in one field
MAX_PATTERN_WORDS = 100  # words with * or ~ in one query
MAX_FUZZY_WORDS = 20  # words with ~: each one walks the vocabulary of two fields
MAX_PROXIMITY_WORDS = 10  # words whose nearness earns a bonus
PROXIMITY_SLOP = 3
PROXIMITY_BOOST = 2.0
# Query-time weight of title matches, on top of the schema's index-time title boost.
TITLE_WEIGHT = 2.0


def _weight(field: str, boost: float) -> float:
    return boost * TITLE_WEIGHT if field == "title" else boost


class Compiler:
    """Compiles query trees against one open index (its vocabulary, its sources)."""

    def __init__(self, searcher, registry: PeopleRegistry, budget: Budget | None = None, lang: str = RUSSIAN):
        self.reader = searcher.reader()
        self.analyzer = searcher.schema["body"].analyzer
        self.lang = lang  # the language the query's Cyrillic words are read in (``analyzers.tagged``)
        self.registry = registry
        self.budget = budget or Budget(float("inf"), float("inf"))
        self.notes: list[str] = []
        self._share = (MAX_EXPANSIONS, MAX_POSTINGS)
        self._cut: list[str] = []  # words with * or ~ that had more terms than their share
        self._words: dict[tuple, object] = {}

    def compile(self, node, proximity_of=None):
        """The Whoosh query for ``node``, or ``None`` if it asks for nothing (stop words only).

        ``proximity_of`` is the query as typed, whose words earn a bonus for
        standing together (default: ``node`` itself).
        """
        node = distinct(node)
        self._plan_expansions(node)
        q = self._node(node)
        if isinstance(q, wq.Not):
            q = wq.And([wq.Every(), q])
        bonus = self._proximity_bonus(distinct(proximity_of) if proximity_of is not None else node)
        if q is not None and bonus is not None:
            q = wq.AndMaybe(q, bonus)
        if self._cut:
            shown = ", ".join(self._cut[:5]) + (" …" if len(self._cut) > 5 else "")
            self.notes.append(f"{shown} match{'es' if len(self._cut) == 1 else ''} more index terms than one "
                              f"query searches; only the most frequent are searched")
            self._cut = []
        return q

    def _plan_expansions(self, node) -> None:
        """Share the expansions out among the words with * or ~; refuse a query with too many."""
        patterns = [w for w in _words(node) if (w.prefix or w.fuzzy) and w.field not in KEYWORD_FIELDS]
        fuzzy = sum(1 for w in patterns if w.fuzzy and not w.prefix)
        if len(patterns) > MAX_PATTERN_WORDS:
            raise QueryError(f"the query has {len(patterns)} words with * or ~; "
                             f"one query can expand at most {MAX_PATTERN_WORDS}")
        if fuzzy > MAX_FUZZY_WORDS:
            raise QueryError(f"the query has {fuzzy} words with ~; one query can match at most "
                             f"{MAX_FUZZY_WORDS} loosely (the others can be written without ~)")
        words = max(1, len(patterns))
        self._share = (max(1, MAX_EXPANSIONS // words), MAX_POSTINGS // words)

    def _node(self, node):
        if isinstance(node, Word):
            # The relaxed search compiles the same words again: each is expanded once.
            key = (repr(node), self._share)
            if key not in self._words:
                self._words[key] = self._word(node)
            return self._words[key]
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Range):
            return self._range(node)
        if isinstance(node, Not):
            inner = self._node(node.node)
            return wq.Not(inner) if inner is not None else None
        return self._group(node)

    def _group(self, group: Group):
        parts = []
        for n in group.nodes:
            self.budget.check()
            if (q := self._node(n)) is not None:
                parts.append(q)
        parts = list(dict.fromkeys(parts))  # "railway railways": one term, searched once
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if group.op == "OR":
            return wq.Or(parts)
        if all(isinstance(p, wq.Not) for p in parts):
            parts.insert(0, wq.Every())
        return wq.And(parts)

    # -- words and phrases -------------------------------------------------

    def key(self, text: str) -> tuple[str, ...]:
        """The terms of ``text``, one per position: what glossary and registry keys compare."""
        return tuple(term for _, term in self.positions(text))

    def positions(self, text: str) -> list[tuple[int, str]]:
        """(position, term) for each position of ``text``: the first term where a compound has several."""
        return positioned_terms(self.analyzer, text, self.lang)

    def frequency(self, word: str) -> int:
        """How many documents have one of ``word``'s terms in the title or the body (the most).

        Every term the word searches counts: a capitalised word is searched as a name and as
        a common word (Туристов: туристов, турист), and either found means the word is known.
        """
        if len(self.key(word)) != 1:
            return 0
        return max(self.reader.doc_frequency(f, term) for f in TEXT_FIELDS for term, _ in self.weighted_terms(word))

    def has_term(self, term: str) -> bool:
        """True when the index has ``term`` (an analyzer's output) in a title or a body."""
        return any(self.reader.doc_frequency(f, term) for f in TEXT_FIELDS)

    def known(self, word: str) -> bool:
        """True when the index has ``word``'s term in a title or a body."""
        return self.frequency(word) > 0

    def weighted_terms(self, text: str) -> list[tuple[str, float]]:
        """The terms of a one-word ``text`` with their weights: its term, then the other
        normal forms the analyzer adds at query time (a compound's parts are not among them)."""
        weighted: list[tuple[str, float]] = []
        for t in self.analyzer(text, mode="query", lang=self.lang):
            if weighted and t.boost >= 1.0:
                break
            if t.text not in (term for term, _ in weighted):
                weighted.append((t.text, t.boost))
        return weighted

    def _word(self, word: Word):
        if word.field in KEYWORD_FIELDS:
            return self.keyword(word.field, word.text)
        fields = [word.field] if word.field else TEXT_FIELDS
        if word.prefix:
            return self._prefix(fields, word)
        terms = self.positions(word.text)
        if not terms:
            return None
        if len(terms) > 1:  # "U.S." is two words in the index: match them as a phrase
            return self._phrase(Phrase(word.text, word.field, 0, word.boost))
        term = terms[0][1]
        if word.fuzzy:
            return self._fuzzy(fields, word, term)
        queries = [wq.Term(f, form, boost=_weight(f, word.boost) * weight)
                   for f in fields for form, weight in self.weighted_terms(word.text)]
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def _prefix(self, fields, word: Word):
        found: dict[str, dict[str, int]] = {}
        for f in fields:
            found[f] = counts = {}
            # Segment by segment: a reader of several looks every term up in each.
            for leaf, _ in self.reader.leaf_readers():
                for n, (term, info) in enumerate(leaf.iter_prefix(f, fold(word.text))):
                    if n % 256 == 0:
                        self.budget.check()
                    if n >= MAX_EXAMINED:
                        self._note_cut(f"{word.text}*")
                        break
                    term = term_text(term)
                    counts[term] = counts.get(term, 0) + info.doc_frequency()
        return self._expanded(f"{word.text}*", found, lambda f: word.boost)

    def _fuzzy(self, fields, word: Word, term: str):
        """The index terms within ``word.fuzzy`` edits of ``term`` (the same first letter)."""
        found: dict[str, dict[str, int]] = {}
        for f in fields:
            found[f] = {}
            self.budget.check()
            for n, near in enumerate(self.reader.terms_within(f, term, word.fuzzy, prefix=1)):
                if n % 64 == 0:
                    self.budget.check()
                near = term_text(near)
                found[f][near] = self.reader.doc_frequency(f, near)
        return self._expanded(f"{word.text}~", found, lambda f: _weight(f, word.boost))

    def _expanded(self, label: str, found: dict[str, dict[str, int]], boost):
        """An OR of the word's share of terms, the most frequent in any field first.

        ``found`` holds each field's terms with their document counts.
        """
        frequency: dict[str, int] = {}
        for terms in found.values():
            for term, count in terms.items():
                frequency[term] = max(count, frequency.get(term, 0))
        most_terms, most_postings = self._share
        kept, postings = set(), 0
        for term in sorted(frequency, key=lambda t: (-frequency[t], t)):
            cost = sum(terms.get(term, 0) for terms in found.values())
            if kept and (len(kept) >= most_terms or postings + cost > most_postings):
                self._note_cut(label)
                break
            kept.add(term)
            postings += cost
        queries = [wq.Term(f, t, boost=boost(f)) for f, terms in found.items() for t in sorted(terms) if t in kept]
        if not queries:
            return wq.NullQuery
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def _note_cut(self, label: str) -> None:
        if label not in self._cut:
            self._cut.append(label)

    def _phrase(self, phrase: Phrase):
        if phrase.field in KEYWORD_FIELDS:
            return self.keyword(phrase.field, phrase.text)
        if phrase.field in ("date", "year"):
            raise QueryError(f"{phrase.field}: takes a date, not a phrase, e.g. date:2020-10")
        terms = list(phrase.terms) if phrase.terms is not None else self.positions(phrase.text)
        if not terms:
            return None
        fields = [phrase.field] if phrase.field else TEXT_FIELDS
        if len(terms) == 1:
            queries = [wq.Term(f, terms[0][1], boost=_weight(f, phrase.boost)) for f in fields]
        else:
            queries = [span_phrase(f, terms, phrase.slop, _weight(f, phrase.boost)) for f in fields]
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def _proximity_bonus(self, node):
        """Documents where several plain words stand close together score higher."""
        if not isinstance(node, Group) or node.op != "AND":
            return None
        words = [n for n in node.nodes if isinstance(n, Word) and not n.field and not n.prefix and not n.fuzzy]
        terms = [t for w in words[:MAX_PROXIMITY_WORDS] for _, t in self.positions(w.text)[:1]]
        if len(terms) < 2:
            return None
        spans = []
        for f in TEXT_FIELDS:
            span = wq.SpanNear2([wq.Term(f, t) for t in terms], slop=PROXIMITY_SLOP, ordered=False)
            span.boost = _weight(f, PROXIMITY_BOOST)
            spans.append(span)
        return wq.Or(spans)

    # -- fields ------------------------------------------------------------

    def keyword(self, field: str, value: str):
        """The query for ``value`` in a keyword field (speakers, lang, tags, source), as the index stores it."""
        if field in ENTITY_FIELDS:
            terms = self.entity_terms(field, value)
            return wq.Or([wq.Term(field, t) for t in terms]) if len(terms) > 1 else wq.Term(field, terms[0])
        if field == "lang":
            return wq.Term("lang", value.lower())
        if field == "tags":
            return wq.Term("tags", name_term(value))
        labels = self.source_labels(value)
        return wq.Or([wq.Term("source", label) for label in labels]) if len(labels) > 1 else wq.Term("source", labels[0])

    def entity_terms(self, field: str, value: str) -> list[str]:
        """The keys in ``field`` that ``value`` names in any script or case form: its own key, and for
        a person's one-word name (a surname) every person whose last word has that key
        (``entitykey.matches``). The key itself when the index has none (it finds nothing)."""
        kind = ENTITY_FIELDS[field]
        wanted = entity_key(value, self.registry, kind)
        found = []
        if wanted and kind == "person" and " " not in wanted and field in self.reader.indexed_field_names():
            found = [t for t in map(term_text, self.reader.lexicon(field)) if matches(wanted, t, kind)]
        return found or [wanted]

    def source_labels(self, value: str) -> list[str]:
        """The source labels the index uses for ``value``, matched without regard to case: the one
        it names, else the sites it names without their domain ending (Regnum: regnum.ru, as
        archives store a site), else the canonical form of ``value`` (which finds nothing)."""
        wanted = canonical_source(value)
        labels = set(map(term_text, self.reader.lexicon("source")))
        for label in labels:
            if label.lower() in (wanted.lower(), value.strip().lower()):
                return [label]
        sites = sorted(label for label in labels if without_domain(label).lower() == value.strip().lower())
        return sites or [wanted]

    def _range(self, r: Range):
        if r.field == "year":
            return wq.NumericRange("year", r.start.year if r.start else None, r.end.year if r.end else None)
        return date_range(r.start, r.end)


def distinct(node):
    """``node`` with every repeated part of an AND or an OR left out: ``п* п* п*`` is ``п*``."""
    if isinstance(node, Group):
        seen, nodes = set(), []
        for part in node.nodes:
            part = distinct(part)
            key = repr(part)
            if key not in seen:
                seen.add(key)
                nodes.append(part)
        return Group(node.op, nodes) if len(nodes) != 1 else nodes[0]
    if isinstance(node, Not):
        return Not(distinct(node.node))
    return node


def _words(node) -> list[Word]:
    """Every word of a query tree, negated ones too."""
    if isinstance(node, Word):
        return [node]
    if isinstance(node, Not):
        return _words(node.node)
    if isinstance(node, Group):
        return [w for n in node.nodes for w in _words(n)]
    return []


def date_range(start: PartialDate | None, end: PartialDate | None):
    """Documents dated within [start, end], each end taken at its precision."""
    return wq.DateRange("date", start.start() if start else None, end.end() if end else None)


class _SpanNear(wq.SpanNear):
    """Whoosh's SpanNear, able to estimate its size (``Or`` asks) and to honour a boost."""

    boost = 1.0
    applies_boost = True  # its matcher multiplies by its boost (Whoosh's span matchers do not)

    def estimate_size(self, ixreader):
        return min(self.a.estimate_size(ixreader), self.b.estimate_size(ixreader))

    def matcher(self, searcher, context=None):
        m = super().matcher(searcher, context)
        return boosted(m, self.boost) if self.boost != 1.0 and m.is_active() else m


def span_phrase(field: str, terms: list[tuple[int, str]], slop: int = 0, boost: float = 1.0):
    """A phrase whose words keep their distances (stop words leave gaps), ``slop`` more allowed."""
    span = wq.Term(field, terms[0][1])
    previous = terms[0][0]
    for position, term in terms[1:]:
        gap = position - previous
        span = _SpanNear(span, wq.Term(field, term), slop=gap + slop, mindist=1 if slop else gap, ordered=True)
        previous = position
    span.boost = boost
    return span


def without_domain(label: str) -> str:
    """A source label without a site's ``www.`` and domain ending: ``regnum.ru`` is ``regnum``."""
    site = re.fullmatch(r"(?:www\.)?(.+?)(?:\.(?:co|com|org|net|gov|ac|edu))?\.[^\W\d_]{2,}", label.strip())
    return site.group(1) if site else label
