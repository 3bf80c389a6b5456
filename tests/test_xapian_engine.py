"""The Xapian engine (issue 28): a kgsearch index's twin matches every query as Whoosh does.

On a real mixed archive (NG, BBC and Meduza articles, the seeds) indexed by
kgsearch: the twin holds each document's very terms and positions; every
benchmark query, Russian names in their cases, a NOT and the filters match
in Xapian exactly the documents ``matchset.matching`` finds; shards, local
or served by ``xapian-tcpsrv``, match and rank as one database. Skipped
without the ``xapian`` extra or the shared corpora.
"""

import ast
import json
import shutil
import socket
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

xapian = pytest.importorskip("xapian")

from conftest import shared_path  # noqa: E402

from kgsearch.budget import Budget  # noqa: E402
from kgsearch.index.engine import spans  # noqa: E402
from kgsearch.matchset import matching  # noqa: E402
from kgsearch.options import Filters  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_query import QUERIES  # noqa: E402

from kgsearch.index.engine.xapian import queries, terms  # noqa: E402
from kgsearch.index.engine.xapian.searching import XapianSearcher  # noqa: E402
from kgsearch.index.engine.xapian.writing import TEXT_FIELDS, keyword_fields, write_twin  # noqa: E402

# Russian names in their cases (a name's forms share one position with its lemma), a NOT, and
# phrases whose words stand closer elsewhere than the stop word between them allows.
GAPPED = ['"prime the minister"', '"министерство и обороны"']
MORE_QUERIES = ["Путиным", "Китаем", "Трампа", "Навальным", "Шойгу", "Россия AND Китай NOT США",
                '"министерства обороны"~2', '"министерства обороны России"~1', 'Путин NOT "Государственной думы"',
                "Москв*", "нефть OR NOT газ", "NOT газ", "Кыргызстан", "zzzqqq*", "нефть OR zzzqqq*", *GAPPED]
FILTERS = [Filters(years=(2017,)), Filters(date_from="2016-06", date_to="2017-03"), Filters(lang="en"),
           Filters(people=("Путин",)), Filters(years=((2004, 2005),), lang="en")]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A kgsearch index of a mixed subset of the corpora (read in place; NG's lines chosen into a
    file of the test's own), and its Xapian twin: (open kgsearch Index, twin path)."""
    import kgsearch
    from kgsearch.index import rebuild

    bbc = sorted(shared_path("corpora", "bbc").glob("*/*.txt"))
    ng = shared_path("corpora", "ng", "ng.jsonl")
    meduza, seeds = shared_path("corpora", "meduza"), shared_path("seeds")
    work = tmp_path_factory.mktemp("xapian")
    # Every 8th NG article, and those of the Belt and Road (a phrase with a gap, checked by positions).
    with ng.open(encoding="utf-8") as lines:
        chosen = [line for n, line in enumerate(lines) if n % 8 == 0 or "Пояс" in line]
    (work / "ng.jsonl").write_text("".join(chosen), encoding="utf-8")
    # Kyrgyz articles: the UD treebank's sentences, ten to a text (read as Kyrgyz, by their tag).
    with shared_path("corpora", "ud", "ky_ktmu-ud-train.conllu").open(encoding="utf-8") as lines:
        said = [line[len("# text = "):].strip() for line in lines if line.startswith("# text = ")]
    (work / "ky").mkdir()
    for n in range(3):
        (work / "ky" / f"{n}.txt").write_text(" ".join(said[n * 10:(n + 1) * 10]), encoding="utf-8")
    picked = [p for n, p in enumerate(bbc) if n % 8 == 0 or "Ministry of Defence" in p.read_text("utf-8", "replace")]
    rebuild(work / "ix", [str(work / "ng.jsonl"), *map(str, picked), str(meduza), str(seeds), str(work / "ky")], procs=1)
    ix = kgsearch.open_index(work / "ix")
    twin = work / "twin"
    write_twin(ix.searcher.reader(), [twin])
    yield ix, twin
    ix.close()


def compiled(ix, text):
    return ix._planner.understand(text, True, Budget()).query


def test_the_twin_holds_whooshs_terms_and_positions(archive):
    """Each document's terms in every field, and each text term's positions and frequency, are
    Whoosh's own (Xapian keeps a position once where the analyzer gives a term twice there, and
    counts it twice, as Whoosh does)."""
    ix, twin = archive
    reader = ix.searcher.reader()
    expected = defaultdict(dict)
    for field in TEXT_FIELDS:
        for btext in reader.lexicon(field):
            postings = reader.postings(field, btext)
            while postings.is_active():
                positions = postings.value_as("positions")
                expected[postings.id()][terms.term(field, btext)] = (len(positions), sorted(set(positions)))
                postings.next()
    for field in keyword_fields(reader.schema):
        for btext in reader.lexicon(field):
            for docnum in reader.postings(field, btext).all_ids():
                expected[docnum][terms.term(field, btext)] = (int(bool(reader.schema[field].scorable)), [])
    db = xapian.Database(str(twin))
    assert db.get_doccount() == reader.doc_count() > 500
    assert reader.doc_frequency("lang", "ky") == 3  # text that the analyzer reads by its tag
    for docnum in range(reader.doc_count_all()):
        found = {t.term.decode("utf-8"): (t.wdf, list(t.positer)) for t in db.termlist(terms.docid(docnum))}
        assert found == expected[docnum], reader.stored_fields(docnum)["path"]
    # Somewhere the analyzer gives several terms at one position (a name's form and its lemma).
    assert any(len({p for _, ps in doc.values() for p in ps}) < sum(len(ps) for _, ps in doc.values())
               for doc in expected.values())


def test_the_twin_keeps_values_and_stored_fields(archive):
    ix, twin = archive
    reader = ix.searcher.reader()
    with XapianSearcher([twin]) as xs:
        for docnum in range(0, reader.doc_count_all(), 37):
            stored = reader.stored_fields(docnum)
            kept = xs.stored(docnum)
            assert kept["id"] == stored["id"] and kept["body"] == stored["body"]
            assert kept.get("date") == (stored["date"].isoformat() if stored.get("date") else None)


@pytest.mark.parametrize("text", QUERIES + MORE_QUERIES)
def test_a_query_matches_the_same_documents(archive, text):
    ix, twin = archive
    q = compiled(ix, text)
    with XapianSearcher([twin]) as xs:
        assert xs.matching(xs.query(q)) == matching(ix.searcher, q)


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_filters_match_the_same_documents(archive, filters):
    from whoosh import query as wq

    ix, twin = archive
    where = ix._planner.filters(filters, [])
    with XapianSearcher([twin]) as xs:
        assert xs.matching(xs.query(where)) == matching(ix.searcher, where)
        q = wq.And([compiled(ix, "выборы OR elections"), where])
        assert xs.matching(xs.query(q)) == matching(ix.searcher, q)


def test_other_nodes_match_the_same_documents(archive):
    """The nodes a compiled query may hold that the queries above do not all give: a dismax, an
    AND NOT, ranges with excluded ends, every document; and the matches by kgsearch id."""
    from datetime import datetime

    from whoosh import query as wq

    ix, twin = archive
    body = [wq.Term("body", "нефть"), wq.Term("body", "oil"), wq.Term("title", "газ")]
    nodes = [wq.DisjunctionMax(body), wq.AndNot(wq.Or(body), wq.Term("body", "газ")), wq.Every(),
             wq.NumericRange("year", 2016, 2018, startexcl=True, endexcl=True), wq.NumericRange("year", None, 2005),
             wq.DateRange("date", datetime(2017, 3, 1), None), wq.DateRange("date", None, datetime(2017, 3, 1),
                                                                            endexcl=True)]
    with XapianSearcher([twin]) as xs:
        for q in nodes:
            expected = matching(ix.searcher, q)
            assert expected, q
            assert xs.matching(xs.query(q)) == expected, q
            assert xs.matching_ids(xs.query(q)) == {ix.searcher.stored_fields(d)["id"] for d in expected}, q
        assert matching(ix.searcher, nodes[3]) == matching(ix.searcher, wq.NumericRange("year", 2017, 2017))


def test_the_queries_reach_what_they_test(archive):
    """The sets compared are not empty, a NOT takes documents away, and a phrase with a gap is
    narrowed by its positions: the comparisons above can fail."""
    ix, twin = archive
    with XapianSearcher([twin]) as xs:
        found = {text: matching(ix.searcher, compiled(ix, text)) for text in QUERIES + MORE_QUERIES}
        assert sum(1 for ids in found.values() if ids) >= 0.9 * len(found)
        assert found["Россия AND Китай NOT США"] < matching(ix.searcher, compiled(ix, "Россия AND Китай"))
        translator = queries.Translator(xs.database)
        window = translator.translate(compiled(ix, '"Belt and Road"'))
        assert translator.checked_phrases and found['"Belt and Road"']
        assert xs.matching(window) == found['"Belt and Road"']
        for text in GAPPED:  # the window alone matches more than the phrase
            assert xs.matching(translator._node(compiled(ix, text), exact=False)) > found[text], text


PHRASE_WORDS = ("a", "b", "c")


@given(gaps=st.lists(st.integers(1, 3), min_size=1, max_size=3), slop=st.integers(0, 2),
       words=st.lists(st.sampled_from(PHRASE_WORDS), min_size=4, max_size=4), near=st.booleans(),
       doc=st.dictionaries(st.sampled_from(PHRASE_WORDS), st.lists(st.integers(0, 7), min_size=1, max_size=5)))
def test_a_phrase_matches_where_kgsearchs_rule_holds(gaps, slop, words, near, doc):
    """Any phrase kgsearch compiles (its words' distances, a slop, a word repeated), and a nearness
    of words in any order: Xapian matches a document where ``engine.spans`` says the words stand
    so, whether its window says it exactly or the candidates it gives are checked."""
    from whoosh import query as wq

    from kgsearch.compiler import span_phrase

    offsets = [0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    if near:
        q = wq.SpanNear2([wq.Term("body", w) for w in words[:len(offsets)]], slop=slop + 1, ordered=False)
    else:
        q = span_phrase("body", list(zip(offsets, words)), slop)
    db = xapian.WritableDatabase("", xapian.DB_BACKEND_INMEMORY)
    document = xapian.Document()
    for word, positions in doc.items():
        for position in positions:
            document.add_posting(terms.term("body", word), position)
    document.add_boolean_term(terms.term("id", "x"))
    document.add_value(terms.ID_SLOT, b"x")
    db.add_document(document)
    enquire = xapian.Enquire(db)
    enquire.set_query(queries.Translator(db).translate(q))
    found = enquire.get_mset(0, 1, 1).size() == 1
    assert found == spans.holds(spans.shape(q), {("body", w): sorted(set(doc.get(w, []))) for w in PHRASE_WORDS})


def test_an_unknown_node_is_refused_by_name(archive):
    from whoosh import query as wq

    _, twin = archive
    with XapianSearcher([twin]) as xs:
        with pytest.raises(queries.Untranslatable, match="Wildcard"):
            xs.query(wq.And([wq.Term("body", "нефть"), wq.Wildcard("body", "neft*")]))
        with pytest.raises(queries.Untranslatable, match="Every"):
            xs.query(wq.Every("body"))


def test_two_local_shards_match_and_rank_as_one(archive, tmp_path):
    ix, twin = archive
    write_twin(ix.searcher.reader(), [tmp_path / "a", tmp_path / "b"])
    assert 0 < xapian.Database(str(tmp_path / "a")).get_doccount() < ix.searcher.reader().doc_count()
    with XapianSearcher([twin]) as one, XapianSearcher([tmp_path / "a", tmp_path / "b"]) as two:
        compare_engines(ix, one, two)


def compare_engines(ix, one, two):
    for text in QUERIES + MORE_QUERIES:
        q = compiled(ix, text)
        assert two.matching(two.query(q)) == one.matching(one.query(q)), text
        total, hits = one.top(one.query(q), 10)
        total2, hits2 = two.top(two.query(q), 10)
        assert total2 == total == len(matching(ix.searcher, q)), text
        assert [(h.docnum, h.id) for h in hits2] == [(h.docnum, h.id) for h in hits], text
        assert [h.weight for h in hits2] == pytest.approx([h.weight for h in hits]), text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def tcp_servers(tmp_path):
    """Two ``xapian-tcpsrv --writable`` servers on 127.0.0.1, each over a database of its own."""
    server = shutil.which("xapian-tcpsrv")
    if server is None:
        pytest.skip("xapian-tcpsrv is not on PATH (Debian: xapian-tools)")
    started, locations = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            started.append(subprocess.Popen([server, "--writable", "--quiet", "--interface", "127.0.0.1",
                                             "--port", str(port), str(tmp_path / name)],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            locations.append(f"tcp://127.0.0.1:{port}")
        for location, process in zip(locations, started):
            wait_for(location, process)
        yield locations
    finally:
        for process in started:
            process.kill()
            process.wait(timeout=10)


def wait_for(location: str, process, seconds: float = 10.0) -> None:
    from kgsearch.index.engine.xapian.searching import open_database

    deadline = time.monotonic() + seconds
    while True:
        try:
            open_database(location).close()
            return
        except xapian.NetworkError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{location} did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.05)


def test_two_remote_shards_match_and_rank_as_one(archive, tcp_servers):
    from kgsearch.index.engine.xapian.searching import open_database

    ix, twin = archive
    writers = [open_database(location, writable=True) for location in tcp_servers]
    write_twin(ix.searcher.reader(), writers)
    for writer in writers:
        writer.close()
    with XapianSearcher([twin]) as one, XapianSearcher(tcp_servers) as two:
        compare_engines(ix, one, two)
        docnum = ix.searcher.reader().doc_count_all() - 1
        assert two.stored(docnum)["id"] == ix.searcher.reader().stored_fields(docnum)["id"]


def test_a_bad_remote_location_is_one_clear_error():
    from kgsearch.index.engine.xapian.searching import open_database

    with pytest.raises(ValueError, match="tcp://HOST:PORT"):
        open_database("tcp://nowhere")


def test_the_default_install_never_imports_xapian(demo_index):
    """Only the engine's own folder imports xapian, and a search never loads it. The commands reach
    the engine through one seam, ``index/engines.py``, which imports it inside a function (``xapian()``,
    called only for an index whose engine is Xapian) and never ``xapian`` itself."""
    found = []
    for folder in ("kgsearch", "index", "analyzers"):
        for path in (ROOT / folder).rglob("*.py"):
            if ROOT / "index" / "engine" / "xapian" in path.parents:
                continue
            tree = ast.parse(path.read_text("utf-8"))
            lazy = set()
            if path == ROOT / "index" / "engines.py":
                lazy = {id(node) for function in ast.walk(tree) if isinstance(function, ast.FunctionDef)
                        for node in ast.walk(function)}
            for node in ast.walk(tree):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                found += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n == "xapian" or "engine.xapian" in n and id(node) not in lazy]
    assert found == []
    code = ("import sys, kgsearch\nwith kgsearch.open_index(sys.argv[1]) as ix:\n    ix.search('railway')\n"
            "print(json.dumps(sorted(m for m in sys.modules if 'xapian' in m)))")
    # Run outside the source tree: from it, ``python -c`` would import the folders, not the installed package.
    result = subprocess.run([sys.executable, "-c", "import json\n" + code, str(demo_index)], capture_output=True,
                            text=True, timeout=120, cwd=str(Path(demo_index).parent))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_deleted_document_leaves_a_gap(tmp_path):
    """After an update removes a document, the others keep Whoosh's numbers (plus one) in the twin."""
    import kgsearch
    from kgsearch.index import rebuild, update

    folder = tmp_path / "docs"
    folder.mkdir()
    for path in sorted(shared_path("corpora", "meduza").glob("*.txt"))[:8]:
        (folder / path.name).write_bytes(path.read_bytes())
    rebuild(tmp_path / "ix", [str(folder)], procs=1)
    gone = sorted(folder.iterdir())[2]
    gone.unlink()
    update(tmp_path / "ix", [str(folder)])
    with kgsearch.open_index(tmp_path / "ix") as ix:
        reader = ix.searcher.reader()
        deleted = [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]
        assert len(deleted) == 1 and deleted[0] < reader.doc_count_all() - 1
        assert write_twin(reader, [tmp_path / "twin"]) == reader.doc_count()
        with XapianSearcher([tmp_path / "twin"]) as xs:
            for docnum in range(reader.doc_count_all()):
                if docnum not in deleted:
                    assert xs.stored(docnum)["id"] == reader.stored_fields(docnum)["id"]
            for text in ("Москва", "NOT Москва", "рублей OR Путин"):
                q = compiled(ix, text)
                assert xs.matching(xs.query(q)) == matching(ix.searcher, q), text


def test_a_twin_is_never_written_over_other_things(archive, tmp_path):
    ix, _ = archive
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("the user's own")
    with pytest.raises(FileExistsError, match="not empty"):
        write_twin(ix.searcher.reader(), [tmp_path / "mine"])
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_a_match_past_its_budget_ends_with_the_budgets_error(archive):
    """Xapian's matching spends the query's budget as Whoosh's does: never a set cut short."""
    from kgsearch.errors import QueryBudgetError

    ix, twin = archive
    with XapianSearcher([twin]) as xs:
        query = xs.query(compiled(ix, "Путин OR Россия OR the"))
        assert xs.matching(query, Budget(5.0))  # within it: the whole set
        with pytest.raises(QueryBudgetError):
            xs.matching(query, Budget(0.0))

        class SpentDuringTheMatch:  # within the budget before Xapian's match, past it after
            looks = 0

            def check(self):
                self.looks += 1
                if self.looks > 1:
                    raise QueryBudgetError("the query needs more than its time")

        with pytest.raises(QueryBudgetError):
            xs.matching(query, SpentDuringTheMatch())


def test_a_phrases_positions_are_checked_within_the_budget(archive, monkeypatch):
    """Narrowing a phrase checks each candidate's positions in Python: a slow check is stopped."""
    from kgsearch.errors import QueryBudgetError

    ix, twin = archive
    checked = []

    def slow(offsets, positions):
        checked.append(1)
        time.sleep(0.002)
        return True

    monkeypatch.setattr(spans, "holds_at", slow)
    monkeypatch.setattr(queries, "CHECK_EVERY", 4)
    q = compiled(ix, '"prime the minister"')
    with XapianSearcher([twin]) as xs:
        candidates = len(xs.matching(queries.Translator(xs.database)._node(q, exact=False)))
        assert candidates > 40
        with pytest.raises(QueryBudgetError):
            xs.query(q, Budget(0.03))
    assert len(checked) < candidates
