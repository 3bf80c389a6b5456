"""The values the API's options take, light enough for the command line to
read when it starts: its choices come from here, never from copies.

``SORTS`` and ``FACET_FIELDS`` belong to the search API; the languages, the
ambiguity policies and the engines live in the layers that define them.
"""

from kgsearch.analyzers.russian import AMBIGUITY_POLICIES
from kgsearch.index.engines import ENGINES
from kgsearch.index.language import LANGUAGES

SORTS = ("relevance", "newest", "oldest")
# The query language at a glance, for `kgsearch query --help` and the web page's help alike.
SYNTAX = """\
железная дорога            all words must match
"Belt and Road"            a phrase ("a b"~5: up to 5 words apart)
railway OR железная        AND, OR, NOT, ( ), -word; И, ИЛИ, НЕ too
title:SCO  speaker:Kazakbaev  person:"Wang Yi"  lang:ru  source:Xinhua
year:2025  year:2020-2022  date:2020-10  date:>2024
date:[2025-01-01 TO 2025-06-30]
rail*  railwya~  summit^2"""
FACET_FIELDS = ("year", "lang", "speaker", "person", "org", "place", "source", "tag")

__all__ = ["AMBIGUITY_POLICIES", "ENGINES", "FACET_FIELDS", "LANGUAGES", "SORTS", "SYNTAX"]
