"""What a query is made of inside the engine: a range's terms, a range as simpler queries, a boost.

Whoosh answers these only through private methods (``TermRange._btexts``,
``NumericRange._compile_query``) or a matcher class of its own
(``whoosh.matching.WrappingMatcher``); the search layer asks for them here.
"""

from whoosh.matching import WrappingMatcher


def range_terms(q, reader):
    """The indexed terms (bytes) a ``TermRange`` covers in ``reader``."""
    return q._btexts(reader)


def range_query(q, reader):
    """A ``NumericRange`` (or ``DateRange``) as the OR of trie terms and term ranges it stands for."""
    return q._compile_query(reader)


def boosted(matcher, boost: float):
    """``matcher`` with every score multiplied by ``boost``."""
    return WrappingMatcher(matcher, boost=boost)
