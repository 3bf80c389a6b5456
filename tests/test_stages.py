"""A query visits the stages of ``Index`` in order, each once: plan, match, fold, rank,
present, then the suggestion and the facets (docs/design.md, "Stages of a query")."""

import sys

import pytest

import kgsearch
from conftest import invoke

STAGES = ["kgsearch.plan", "kgsearch.match", "kgsearch.fold", "kgsearch.rank", "kgsearch.present",
          "kgsearch.suggest", "kgsearch.facets"]


def visits(run, modules=STAGES) -> list[str]:
    """The walk of a query through ``modules``: each call into one of them from another module,
    in order, once while it calls itself or a helper below it (a module returned to from below
    is not visited again). Opening the index (which makes the stages) and importing are not part
    of it; the façade, ``kgsearch.search``, and the helpers are left out."""
    seen: list[str] = []
    opening = [0]
    opener = kgsearch.Index.__init__.__code__

    def profile(frame, event, arg):
        if frame.f_code is opener:
            opening[0] += 1 if event == "call" else -1 if event == "return" else 0
        module = frame.f_globals.get("__name__")
        entered = frame.f_back is None or frame.f_back.f_globals.get("__name__") != module
        if (event == "call" and entered and not opening[0] and frame.f_code.co_name != "<module>"
                and module in modules and (not seen or seen[-1] != module)):
            seen.append(module)

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return seen


@pytest.mark.parametrize("options", [{}, {"sort": "newest"}, {"years": [(1990, 2030)]}])
def test_a_search_visits_each_stage_once_in_order(demo_index, options):
    with kgsearch.open_index(demo_index) as ix:  # nothing kept from another test's queries
        assert visits(lambda: ix.search("railway", facets=True, **options)) == STAGES
        # Asked again, from what the stages keep: the same walk.
        assert visits(lambda: ix.search("railway", facets=True, **options)) == STAGES


def test_the_query_command_visits_each_stage_once_in_order(demo_index):
    """From the command down to the postings and back: the stages, then the terminal's rendering."""
    found = []
    walk = visits(lambda: found.append(invoke("query", "railway", "--facets", "--index", demo_index)),
                  STAGES + ["kgsearch.postings", "kgsearch.render"])
    stages = [module for module in walk if module != "kgsearch.postings"]
    stages = [module for i, module in enumerate(stages) if not i or stages[i - 1] != module]
    assert stages[stages.index(STAGES[0]):] == STAGES + ["kgsearch.render"]  # the command may render before
    # The postings are read (matching, ranking and snippets share one decoding) between the plan and the page.
    assert walk.index("kgsearch.postings") > walk.index("kgsearch.plan")
    assert max(i for i, m in enumerate(walk) if m == "kgsearch.postings") < walk.index("kgsearch.suggest")
    assert found[0].exit_code == 0 and "railway" in found[0].output.lower()


def test_a_corrected_query_walks_again_as_corrected(demo):
    """The walk as typed finds nothing; the suggestion's walk is the one shown."""
    walk = visits(lambda: demo.search("railwya", facets=True))
    assert walk == STAGES[:-1] + STAGES
