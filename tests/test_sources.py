"""A Kyrgyz office's label only where the text ties the press service to Kyrgyzstan.

Cases from Nezavisimaya Gazeta (ng.jsonl) and the seeds.
"""

import json

import pytest
from conftest import shared_path

from kgsearch.index.sources import find_source


def ng_article(url_end: str) -> str:
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["url"].endswith(url_end):
                return record["content"]
    raise AssertionError(f"{url_end} is not in ng.jsonl")


@pytest.mark.parametrize("url_end, source", [
    ("2018-03-06/5_7185_turkmenistan.html", ""),                        # Turkmenistan's head of state
    ("2017-12-11/1_7133_afgan.html", ""),                               # Tajikistan's MFA
    ("2018-03-13/1_7188_siria.html", ""),                               # «пресс-службе МИД Турции»
    ("2018-03-14/5_7189_kirgisia.html", "Presidential Press Service"),  # «Президент Киргизии … пресс-службе»
])
def test_press_services_of_other_countries_are_not_kyrgyz(url_end, source):
    assert find_source(ng_article(url_end)) == source


@pytest.mark.parametrize("seed, source", [("001", "MFA of the Kyrgyz Republic"), ("002", "Xinhua"),
                                          ("004", "Presidential Press Service")])
def test_seed_sources(seed, source):
    (path,) = shared_path("seeds").glob(seed + "_*.txt")
    assert find_source(path.read_text("utf-8")) == source
