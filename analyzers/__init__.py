"""Text to index terms: the bottom layer of kgsearch.

``bilingual_analyzer()`` is the one Whoosh analyzer for Russian and English;
the stages it is built from are importable for tests and for other fields.
"""

from analyzers.bilingual import MorphologyFilter, bilingual_analyzer
from analyzers.stopwords import StopFilter, stop_words
from analyzers.tokenize import WordTokenizer

__all__ = ["MorphologyFilter", "StopFilter", "WordTokenizer", "bilingual_analyzer", "stop_words"]
