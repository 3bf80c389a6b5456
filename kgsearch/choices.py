"""The values the API's options take, light enough for the command line to
read when it starts: its choices come from here, never from copies.

``SORTS`` and ``FACET_FIELDS`` belong to the search API; the languages and
the ambiguity policies live in the layers that define them.
"""

from kgsearch.analyzers.russian import AMBIGUITY_POLICIES
from kgsearch.index.language import LANGUAGES

SORTS = ("relevance", "newest", "oldest")
FACET_FIELDS = ("year", "lang", "speaker", "person", "source", "tag")

__all__ = ["AMBIGUITY_POLICIES", "FACET_FIELDS", "LANGUAGES", "SORTS"]
