"""Query trees to Whoosh queries, through the same analyzer as the documents.

A word becomes its lemma or stem in the title and the body; a phrase becomes
a chain of span queries that keeps the gaps stop words left (``Belt and
Road`` is ``belt`` and ``road`` two positions apart, in the index and here);
field values are matched the way the index stores them.
"""

from whoosh import query as wq
from whoosh.matching import WrappingMatcher

from kgsearch.analyzers import fold
from kgsearch.errors import QueryError
from kgsearch.index.dates import PartialDate
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.schema import term_text
from kgsearch.index.sources import canonical_source
from kgsearch.query import Group, Not, Phrase, Range, Word

TEXT_FIELDS = ("title", "body")
MAX_EXPANSIONS = 1000
PROXIMITY_SLOP = 3
PROXIMITY_BOOST = 2.0
# Query-time weight of title matches, on top of the schema's index-time title boost.
TITLE_WEIGHT = 2.0


def _weight(field: str, boost: float) -> float:
    return boost * TITLE_WEIGHT if field == "title" else boost


class Compiler:
    """Compiles query trees against one open index (its vocabulary, its sources)."""

    def __init__(self, searcher, registry: PeopleRegistry):
        self.reader = searcher.reader()
        self.analyzer = searcher.schema["body"].analyzer
        self.registry = registry
        self.notes: list[str] = []

    def compile(self, node, proximity_of=None):
        """The Whoosh query for ``node``, or ``None`` if it asks for nothing (stop words only).

        ``proximity_of`` is the query as typed, whose words earn a bonus for
        standing together (default: ``node`` itself).
        """
        q = self._node(node)
        if isinstance(q, wq.Not):
            q = wq.And([wq.Every(), q])
        bonus = self._proximity_bonus(proximity_of if proximity_of is not None else node)
        if q is not None and bonus is not None:
            q = wq.AndMaybe(q, bonus)
        return q

    def _node(self, node):
        if isinstance(node, Word):
            return self._word(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Range):
            return self._range(node)
        if isinstance(node, Not):
            inner = self._node(node.node)
            return wq.Not(inner) if inner is not None else None
        return self._group(node)

    def _group(self, group: Group):
        parts = [q for q in (self._node(n) for n in group.nodes) if q is not None]
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
        seen: dict[int, str] = {}
        for t in self.analyzer(text, positions=True, mode="query"):
            seen.setdefault(t.pos, t.text)
        return sorted(seen.items())

    def frequency(self, word: str) -> int:
        """How many documents have ``word``'s term in the title or the body (the larger)."""
        terms = self.key(word)
        if len(terms) != 1:
            return 0
        return max(self.reader.doc_frequency(f, terms[0]) for f in TEXT_FIELDS)

    def known(self, word: str) -> bool:
        """True when the index has ``word``'s term in a title or a body."""
        return self.frequency(word) > 0

    def weighted_terms(self, text: str) -> list[tuple[str, float]]:
        """The terms of a one-word ``text`` with their weights: its term, then the other
        normal forms the analyzer adds at query time (a compound's parts are not among them)."""
        weighted: list[tuple[str, float]] = []
        for t in self.analyzer(text, mode="query"):
            if weighted and t.boost >= 1.0:
                break
            if t.text not in (term for term, _ in weighted):
                weighted.append((t.text, t.boost))
        return weighted

    def _word(self, word: Word):
        if word.field in ("speakers", "lang", "source", "tags"):
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
            queries = [wq.FuzzyTerm(f, term, boost=_weight(f, word.boost), maxdist=word.fuzzy, prefixlength=1)
                       for f in fields]
            return queries[0] if len(queries) == 1 else wq.Or(queries)
        queries = [wq.Term(f, form, boost=_weight(f, word.boost) * weight)
                   for f in fields for form, weight in self.weighted_terms(word.text)]
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def _prefix(self, fields, word: Word):
        text = fold(word.text)
        queries = []
        for f in fields:
            expansions = []
            for term in self.reader.expand_prefix(f, text):
                expansions.append(term_text(term))
                if len(expansions) >= MAX_EXPANSIONS:
                    self.notes.append(f"{word.text}* matches more than {MAX_EXPANSIONS} terms; "
                                      f"only the first {MAX_EXPANSIONS} are searched")
                    break
            queries += [wq.Term(f, t, boost=word.boost) for t in expansions]
        return wq.Or(queries) if queries else wq.NullQuery

    def _phrase(self, phrase: Phrase):
        if phrase.field in ("speakers", "lang", "source", "tags"):
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
        terms = [t for w in words for _, t in self.positions(w.text)[:1]]
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
        if field == "speakers":
            name = self.registry.canonical(value) or value
            return wq.Term("speakers", " ".join(name.split()).lower())
        if field == "lang":
            return wq.Term("lang", value.lower())
        if field == "tags":
            return wq.Term("tags", value.strip().lower())
        return wq.Term("source", self.source_label(value))

    def source_label(self, value: str) -> str:
        """The source label the index uses for ``value``, matched without regard to case."""
        wanted = canonical_source(value)
        labels = set(map(term_text, self.reader.lexicon("source")))
        for label in labels:
            if label.lower() in (wanted.lower(), value.strip().lower()):
                return label
        return wanted

    def _range(self, r: Range):
        if r.field == "year":
            return wq.NumericRange("year", r.start.year if r.start else None, r.end.year if r.end else None)
        return date_range(r.start, r.end)


def date_range(start: PartialDate | None, end: PartialDate | None):
    """Documents dated within [start, end], each end taken at its precision."""
    return wq.DateRange("date", start.start() if start else None, end.end() if end else None)


class _SpanNear(wq.SpanNear):
    """Whoosh's SpanNear, able to estimate its size (``Or`` asks) and to honour a boost."""

    boost = 1.0

    def estimate_size(self, ixreader):
        return min(self.a.estimate_size(ixreader), self.b.estimate_size(ixreader))

    def matcher(self, searcher, context=None):
        m = super().matcher(searcher, context)
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 and m.is_active() else m


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
