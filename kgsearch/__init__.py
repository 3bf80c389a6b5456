"""kgsearch: bilingual (Russian + English) full-text search for news and statements.

The top layer: it turns a question into results. It uses ``index`` (files to
an index) which uses ``analyzers`` (text to terms); imports never run upward.
"""

__version__ = "0.1.0"
