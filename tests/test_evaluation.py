"""The ranking measures against values computed by hand."""

import pytest

from kgsearch.evaluation import average_precision, ndcg_at, recall_at


@pytest.mark.parametrize("ranking, relevant, expected", [
    (["a", "b", "c"], {"a", "b", "c"}, 1.0),
    (["x", "a"], {"a"}, 0.5),
    (["a", "x", "b"], {"a", "b", "c"}, (1 + 2 / 3) / 3),
    (["x", "y", "z"], {"a"}, 0.0),
    ([], {"a"}, 0.0),
    (["a"], set(), 0.0),
    (["x", "a", "y", "b"], {"a", "b"}, (1 / 2 + 2 / 4) / 2),
])
def test_average_precision(ranking, relevant, expected):
    assert average_precision(ranking, relevant) == pytest.approx(expected)


@pytest.mark.parametrize("ranking, relevant, k, expected", [
    (["a", "b", "x"], {"a", "b"}, 10, 1.0),
    (["x", "a", "b"], {"a", "b"}, 2, 0.5),
    (["x"] * 10 + ["a"], {"a"}, 10, 0.0),
    (["a"], set(), 10, 0.0),
])
def test_recall(ranking, relevant, k, expected):
    assert recall_at(ranking, relevant, k) == pytest.approx(expected)


@pytest.mark.parametrize("ranking, relevant, k, expected", [
    (["a", "b"], {"a", "b"}, 10, 1.0),
    (["x", "a"], {"a"}, 10, 1 / 1.5849625007211563),
    (["b", "x", "a"], {"a", "b"}, 10, (1 + 1 / 2) / (1 + 1 / 1.5849625007211563)),
    (["x", "a"], {"a"}, 1, 0.0),
    ([], {"a"}, 10, 0.0),
])
def test_ndcg(ranking, relevant, k, expected):
    assert ndcg_at(ranking, relevant, k) == pytest.approx(expected)
