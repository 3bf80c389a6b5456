"""The README's examples run, and the docstring examples in the packages hold."""

import doctest
from pathlib import Path

import pytest

import analyzers.bilingual
import analyzers.english
import analyzers.russian
import analyzers.stopwords
import analyzers.tokenize
import kgsearch.analysis

ROOT = Path(__file__).resolve().parents[1]


def test_readme_examples():
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("module", [
    analyzers.bilingual, analyzers.english, analyzers.russian, analyzers.stopwords,
    analyzers.tokenize, kgsearch.analysis,
])
def test_docstring_examples(module):
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0
