"""What the analyst's workbench costs on the corpora: browsing, facets by tag, a watch's run
(matching ids read for every match), an update with a correction file, and one `edit`.

    python benchmarks/bench_watch.py [--index DIR]

Without --index, indexes ../shared/corpora (BBC, NG, Meduza) into a temporary folder first.
Prints median milliseconds of 5 runs for each; nothing is asserted.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import CORPORA, require  # noqa: E402

import kgsearch  # noqa: E402
from kgsearch import watches  # noqa: E402
from kgsearch.index import rebuild, update  # noqa: E402
from kgsearch.index.build import correct  # noqa: E402


def median_ms(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path)
    args = parser.parse_args()
    location = args.index
    if location is None:
        location = Path(tempfile.mkdtemp(prefix="bench-watch-")) / "ix"
        paths = [require(CORPORA / name) for name in ("bbc", "ng", "meduza")]
        started = time.perf_counter()
        report = rebuild(location, paths, procs=1)
        print(f"indexed {report.documents} documents in {time.perf_counter() - started:.1f} s → {location}")
    with kgsearch.open_index(location) as ix:
        total = ix.status()["documents"]
        ru = ix.search("", lang="ru", limit=1, snippets=False)
        print(f"browse --lang ru ({ru.total} texts), page 1: "
              f"{median_ms(lambda: ix.search('', lang='ru', limit=10)):.1f} ms")
        print(f"facets tag over the index: {median_ms(lambda: ix.facet_counts(fields=('tag',))):.1f} ms")
        print(f"facets tag --lang ru: {median_ms(lambda: ix.search('', lang='ru', limit=1, facets=True)):.1f} ms")
        for query, filters in (("", {"lang": "ru"}), ("government", {}), ("Путин", {})):
            ids = ix.matching_ids(query, **filters)

            def fresh_ids():  # an open index keeps the ids it read: each time anew
                with kgsearch.open_index(location) as fresh:
                    fresh.matching_ids(query, **filters)

            print(f"matching ids of {query or '(no words)'!r} {filters or ''}: {len(ids)} of {total}: "
                  f"{median_ms(fresh_ids):.1f} ms (with opening the index)")
        watches.add(ix, "bench", "", {"lang": "ru"})
        doc_id = ix.search("", lang="ru", limit=1).hits[0].id

    def fresh_run():  # as `kgsearch watch run` does: the index opened anew
        with kgsearch.open_index(location) as fresh:
            watches.run(fresh, ["bench"])

    print(f"watch run, nothing new (--lang ru), index opened each time: {median_ms(fresh_run):.1f} ms; "
          f"watches.json {watches.path(location).stat().st_size:,} bytes")
    watches.remove(location, "bench")
    print(f"index update, nothing changed, no corrections: {median_ms(lambda: update(location), 3):.1f} ms")
    print(f"edit (a correction written and its document indexed again): "
          f"{median_ms(lambda: correct(location, doc_id, {'title': 'Исправленный заголовок'})):.1f} ms")
    print(f"index update, nothing changed, with a correction file: {median_ms(lambda: update(location), 3):.1f} ms")
    correct(location, doc_id, None)


if __name__ == "__main__":
    main()
