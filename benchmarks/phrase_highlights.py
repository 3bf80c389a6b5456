"""Are phrase matches highlighted? The share of phrase queries whose hits all show the phrase marked.

Run: python benchmarks/phrase_highlights.py [--index DIR]

Builds an index of ../shared/corpora (BBC, NG, Meduza) unless --index names
one, runs the phrase queries of bench_query.py, and checks every hit of the
first page: some snippet must mark the phrase whole (its words' terms in
order inside one mark). Goal: 100%.
"""

import argparse
import shutil
import tempfile
from pathlib import Path

from bench_query import QUERIES, build

from kgsearch.analyzers import bilingual_analyzer

PHRASES = [q for q in QUERIES if q.startswith('"')]


def terms(text: str) -> list[str]:
    return [t.text for t in bilingual_analyzer()(text) if t.boost == 1.0]


def marked(hit, phrase_terms: list[str]) -> bool:
    for snippet in hit.snippets:
        for text, is_match in snippet.segments:
            found = terms(text) if is_match else []
            if any(found[i : i + len(phrase_terms)] == phrase_terms for i in range(len(found))):
                return True
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index of the corpora built before (default: build one)")
    args = parser.parse_args()
    import kgsearch

    workdir = None
    location = args.index
    if location is None:
        workdir = Path(tempfile.mkdtemp(prefix="kgsearch-phrases-"))
        location = workdir / "ix"
        build(location)
    try:
        whole = hits_marked = hits_total = 0
        with kgsearch.open_index(location) as ix:
            for phrase in PHRASES:
                wanted = terms(phrase.strip('"'))
                hits = ix.search(phrase, limit=10, translate=False).hits
                ok = [marked(hit, wanted) for hit in hits]
                whole += all(ok)
                hits_marked += sum(ok)
                hits_total += len(ok)
                print(f"  {phrase:28} {sum(ok)}/{len(ok)} hits show the phrase marked")
        print(f"{whole}/{len(PHRASES)} phrase queries have every hit marked ({whole / len(PHRASES):.0%}); "
              f"{hits_marked}/{hits_total} hits (goal 100%)")
    finally:
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
