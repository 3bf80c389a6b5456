"""Text to index terms: the bottom layer of kgsearch.

``bilingual_analyzer()`` is the one Whoosh analyzer for Russian and English;
the stages it is built from are importable for tests and for other fields.
"""

from kgsearch.analyzers.bilingual import MorphologyFilter, bilingual_analyzer
from kgsearch.analyzers.stopwords import StopFilter, stop_words
from kgsearch.analyzers.tokenize import WordTokenizer

__all__ = ["MorphologyFilter", "StopFilter", "WordTokenizer", "bilingual_analyzer", "stop_words"]
