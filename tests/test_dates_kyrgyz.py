"""Kyrgyz dates (5-июнунда, 2024-жылдын 5-июну) on real Kyrgyz sentences: the UD Kyrgyz
treebank's, which no one here wrote."""

import re

import pytest

from treebanks import KYRGYZ, sentences
from kgsearch.index.dates import find_date, lead_date

_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_DAY_MONTH = re.compile(r"(?<![\d-])(\d{1,2})(?:-\d{1,2})?-(" + "|".join(_STEMS) + r")[а-яңөү]*", re.I)


def _sentences():
    return [s.text for s in sentences(KYRGYZ)]


def test_a_day_and_month_of_real_kyrgyz_sentences_is_read_with_its_month():
    dated = [(s, m) for s in _sentences() if (m := _DAY_MONTH.search(s))]
    assert len(dated) >= 10, "the treebank has dated sentences"
    wrong = []
    for sentence, m in dated:
        found = find_date(sentence, year_hint=2024)
        month = next(i for i, stem in enumerate(_STEMS, 1) if m[2].lower().startswith(stem))
        if found is None or (found.month, found.day) != (month, int(m[1])):
            wrong.append((sentence, found))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("lead, iso", [
    ("Бишкек, 2024-жылдын 5-июну. Кыргыз Республикасынын Тышкы иштер министри", "2024-06-05"),
    ("2023-жылы 12-сентябрда Бишкекте жолугушуу өттү", "2023-09-12"),
    ("5-июнь 2024-ж. Тышкы иштер министрлиги", "2024-06-05"),
])
def test_a_kyrgyz_dateline_dates_the_release(lead, iso):
    assert lead_date(lead).iso == iso


def test_a_day_without_a_year_opening_a_kyrgyz_text_is_no_date():
    # 15-октябрда: the day of an event, not the text's date, without its year.
    assert lead_date("15-октябрда Бишкектин айрым райондорунда суу токтойт.") is None
