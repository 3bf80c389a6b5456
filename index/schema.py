"""The one Whoosh schema for Russian and English documents.

``SCHEMA_VERSION`` changes whenever an index built before would be read
wrongly; such an index is refused with a message that says to rebuild.
"""

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kgsearch.analyzers import bilingual_analyzer

SCHEMA_VERSION = 1
TITLE_BOOST = 2.0
FACETS = ("year", "lang", "source", "speakers")


def make_schema() -> Schema:
    analyzer = bilingual_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        key=STORED(),
        title=TEXT(analyzer=analyzer, stored=True, phrase=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True),
        summary=STORED(),
        date=DATETIME(stored=True, sortable=True),
        date_text=STORED(),
        year=NUMERIC(int, stored=True, sortable=True),
        lang=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
        speakers=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        url=STORED(),
        extras=STORED(),
        content_hash=ID(stored=True),
    )
