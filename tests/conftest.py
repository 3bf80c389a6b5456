"""Shared fixtures and helpers: the demo index and the news archive built once, the CLI run so
that a crash fails the test, an environment that writes nowhere real, hypothesis profiles, and
../shared.

Building an index is most of what the suite waits for: a fixture index is built once per run and
shared. A test that only reads takes the shared one; a test that changes an index (or its folder)
takes a copy, which costs a fraction of a build.
"""

import csv
import os
import shutil
import sys
import threading
from collections import Counter
from pathlib import Path

# The suite tests the installed package. ``python -m pytest`` run from the
# project folder puts that folder first on sys.path, where ``kgsearch/`` is
# only the top layer's source (the other layers install as kgsearch.index and
# kgsearch.analyzers from folders beside it): take it off before anything imports.
_PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _PROJECT]
if any(name == "kgsearch" or name.startswith("kgsearch.") for name in sys.modules):
    raise RuntimeError("kgsearch was imported from the source tree before the tests could prevent it")

import pytest  # noqa: E402
from hypothesis import HealthCheck, Phase, settings  # noqa: E402

SHARED = Path(os.environ.get("KGSEARCH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
# The demo corpus as written down by hand, one row a document (see test_demo_corpus.py).
MANIFEST = Path(__file__).resolve().parent / "data" / "demo_manifest.tsv"
with MANIFEST.open(encoding="utf-8") as _handle:
    DEMO_ROWS = list(csv.DictReader(_handle, delimiter="\t"))
DEMO_DOCUMENTS = len(DEMO_ROWS)
DEMO_BY_LANG = dict(Counter(row["lang"] for row in DEMO_ROWS))
DEMO_BY_YEAR = dict(Counter(row["date"][:4] or "none" for row in DEMO_ROWS))

# The user's own kgsearch settings must not reach the tests: an index, a people
# registry or a glossary of theirs would change what the tests find. Removed
# here, before the test modules are imported (some load the registry then).
for _name in ("KGSEARCH_INDEX", "KGSEARCH_PEOPLE", "KGSEARCH_GLOSSARY"):
    os.environ.pop(_name, None)
# kgsearch[semantic] (an encoder) is in the test extras, but every test builds and searches as the
# default install does unless it asks for the encoder (the ``semantic`` fixture): the default
# install's results are the ones most tests pin, and an embedding build costs seconds more.
os.environ["KGSEARCH_SEMANTIC"] = "off"

# Hypothesis: a modest number of examples on every run; HYPOTHESIS_PROFILE=thorough
# for many more (before a release, or after touching the query parser). The default
# skips the explain phase, which traces every line of a failing example: a bug that
# fails every query took 90 s to report with it, 8 s without.
_HYPOTHESIS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("default", max_examples=60, phases=[p for p in Phase if p is not Phase.explain],
                          **_HYPOTHESIS)
settings.register_profile("thorough", max_examples=1000, **_HYPOTHESIS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session", autouse=True)
def private_environment(tmp_path_factory):
    """Caches and data in temporary folders: the tests never write to ~/.cache or ~/.local/share.

    Set in os.environ, so that subprocesses and CliRunner see the same.
    """
    home = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(home / "cache"))
        patch.setenv("XDG_DATA_HOME", str(home / "data"))
        for name in ("KGSEARCH_INDEX", "KGSEARCH_PEOPLE", "KGSEARCH_GLOSSARY"):
            patch.delenv(name, raising=False)
        yield home


def invoke(*args, env=None, input=None):
    """Run the ``kgsearch`` command in-process, as a user would; a crash fails the test.

    Click's CliRunner turns any exception into exit status 1 and keeps it in
    ``result.exception``; with ``catch_exceptions=False`` it lets everything but
    SystemExit through (a ClickException, such as the CLI's usage errors, exits
    through SystemExit and stays a result, exit status and message included).
    """
    from click.testing import CliRunner

    from kgsearch.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input, catch_exceptions=False)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def stored(location) -> dict[str, dict]:
    """Every stored document of the index at ``location``, by title."""
    from whoosh import index as whoosh_index

    from kgsearch.index import store

    with whoosh_index.open_dir(store.current(location)).reader() as reader:
        return {fields["title"]: fields for _, fields in reader.iter_docs()}


def warnings_of(report) -> list[str]:
    """The warnings of a build's report, without the paths."""
    return [w["warning"] for w in report.warnings]


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when this workplace's data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpora live beside the project)")
    return path


@pytest.fixture
def seeds() -> dict[str, str]:
    """The five real seed documents, by file-name prefix ("000" … "004")."""
    folder = shared_path("seeds")
    return {p.name[:3]: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}


# Session fixtures that start slow work in other processes; ``start_early`` starts
# them with the session when a selected test uses them (see killed_writers.py).
from killed_writers import killed  # noqa: E402,F401

EARLY = ("killed",)


@pytest.fixture(scope="session", autouse=True)
def start_early(request, private_environment):
    """Start the EARLY fixtures that a selected test uses before the first test runs.

    Their work runs in other processes: started first, it overlaps with the
    rest of the suite on the machine's other cores instead of being waited for.
    """
    for name in EARLY:
        if any(name in getattr(item, "fixturenames", ()) for item in request.session.items):
            request.getfixturevalue(name)


@pytest.fixture(scope="session")
def later():
    """``later(function, *args)`` runs a slow clean-up in a thread while other tests run.

    For work that waits on the disk (removing 1,100 folders takes seconds on
    some file systems and almost no CPU); all of it is finished, and any error
    raised, before the session ends.
    """
    threads, errors = [], []

    def run(function, *args):
        def guarded():
            try:
                function(*args)
            except BaseException as error:  # raised again at the end of the session
                errors.append(error)

        thread = threading.Thread(target=guarded, name=f"later-{function.__name__}")
        thread.start()
        threads.append(thread)

    yield run
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory):
    """The bundled demo corpus indexed once for the whole session (read-only in tests)."""
    from kgsearch import index

    location = tmp_path_factory.mktemp("demo-index")
    index.rebuild(location, [index.demo_corpus()])
    return location


@pytest.fixture
def demo_copy(demo_index, tmp_path):
    """A writable copy of the demo index, for tests that rebuild, update or break it."""
    location = tmp_path / "ix"
    shutil.copytree(demo_index, location, symlinks=True)
    return location


@pytest.fixture(scope="session")
def demo(demo_index):
    import kgsearch

    with kgsearch.open_index(demo_index) as ix:
        yield ix


@pytest.fixture(scope="session")
def news_built(tmp_path_factory):
    """news_folder's archive and its index, built once: (the folder changing tests work in, an
    untouched copy of it). A copy must stand where the index was built: documents are known by
    their absolute paths, so an index moved beside a moved folder would find every file new."""
    from news_folder import make_news

    from kgsearch.index import rebuild

    live = tmp_path_factory.mktemp("news-live") / "archive"
    rebuild(live / "ix", [make_news(live / "news")], procs=1)
    pristine = tmp_path_factory.mktemp("news-pristine") / "archive"
    shutil.copytree(live, pristine, symlinks=True)  # copy2: sizes and mtimes stay, an update sees no change
    return live, pristine


@pytest.fixture(scope="session")
def news_archive(news_built):
    """(folder, index) of the news archive, to read only: queries, the web page."""
    _, pristine = news_built
    return pristine / "news", pristine / "ix"


@pytest.fixture
def news_copy(news_built):
    """(folder, index) of the news archive, the test's own to change: put back as built before
    each test, in the place it was built (the tests run one after another in one process)."""
    live, pristine = news_built
    put_back(live, pristine)
    return live / "news", live / "ix"


def put_back(live: Path, pristine: Path) -> None:
    """Make ``live`` again what ``pristine`` holds, whatever a test did to it."""
    shutil.rmtree(live, ignore_errors=True)
    shutil.copytree(pristine, live, symlinks=True)
