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


def every_rule(text: str) -> str:
    """``find_source`` with each rule scanning every text, as before rules named their words."""
    from kgsearch.index import sources

    where = text if len(text) < 4000 else text[:2500] + "\n" + text[-1500:]
    for pattern, label, _ in sources._compiled():
        for m in pattern.finditer(where):
            if label in sources.KYRGYZ_LABELS and not sources._tied_to_kyrgyzstan(where, m.start(), m.end()):
                continue
            return label or sources.canonical_source(m["name"])
    return ""


def test_a_rule_skips_only_texts_it_cannot_match():
    """On the seeds and real news (NG, BBC, Meduza), and on each seed's sentences cased otherwise,
    the source found is the one every rule scanning every text finds."""
    texts = [path.read_text("utf-8") for path in sorted(shared_path("seeds").glob("*.txt"))]
    texts += [text.upper() for text in texts] + [text.swapcase() for text in texts]
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        texts += [json.loads(line)["content"] for _, line in zip(range(600), lines)]
    texts += [p.read_text("utf-8", errors="replace") for p in sorted(shared_path("corpora", "bbc").glob("*/*.txt"))[::10]]
    texts += [p.read_text("utf-8", errors="replace") for p in sorted(shared_path("corpora", "meduza").rglob("*.*"))[:200]]
    found = [(find_source(text), every_rule(text)) for text in texts]
    assert all(gated == scanned for gated, scanned in found)
    # Not only texts with no source: the seeds' three are among them.
    assert {gated for gated, _ in found} >= {"MFA of the Kyrgyz Republic", "Xinhua", "Presidential Press Service"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """NG articles stored as an archive of sites stores them: the source a domain (regnum.ru)."""
    from kgsearch.index import rebuild

    folder = tmp_path_factory.mktemp("sites")
    with shared_path("corpora", "ng", "ng.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(60), lines)]
    labels = ("regnum.ru", "www.ng.ru", "Interfax")
    for number, record in enumerate(records):
        record["source"] = labels[number % len(labels)]
    (folder / "sites.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    rebuild(folder / "ix", [folder / "sites.jsonl"])
    return folder / "ix", {label: sum(r["source"] == label for r in records) for label in labels}


@pytest.mark.parametrize("typed, label", [("Regnum", "regnum.ru"), ("REGNUM", "regnum.ru"), ("regnum.ru", "regnum.ru"),
                                          ("ng", "www.ng.ru"), ("interfax", "Interfax")])
def test_a_source_is_found_by_its_name_without_the_domain(sites, typed, label):
    """--source Regnum found nothing where the archive says regnum.ru."""
    import kgsearch

    location, counts = sites
    with kgsearch.open_index(location) as ix:
        found = ix.search("", source=typed, limit=100, all_versions=True, snippets=False)
    assert found.total == counts[label] and {h.source for h in found.hits} == {label}


@pytest.mark.parametrize("typed, label", [("Regnum", "regnum.ru"), ("ng", "www.ng.ru")])
def test_a_source_field_in_the_query_matches_as_the_option_does(sites, typed, label):
    """source:Regnum inside the query is the same filter as --source Regnum."""
    import kgsearch

    location, counts = sites
    with kgsearch.open_index(location) as ix:
        found = ix.search(f"source:{typed}", limit=100, all_versions=True, snippets=False)
    assert found.total == counts[label] and {h.source for h in found.hits} == {label}


def test_an_unknown_source_offers_the_closest(sites):
    """As --person does: an unknown --source says so, with the labels nearest to it."""
    from conftest import invoke

    location, _ = sites
    result = invoke("query", "--source", "Regnm", "--index", location)
    assert result.exit_code == 1
    assert "no source called 'Regnm' is among the sources of this index; the closest: regnum.ru" in result.output
    unknown = invoke("query", "--source", "Reuters", "--index", location)
    assert "no source called 'Reuters'" in unknown.output and "closest" not in unknown.output
