"""How a build is sized to the machine and to its input: processes, memory, segments.

``procs="auto"`` (the default) uses the usable CPUs (``os.sched_getaffinity``:
a container or ``taskset`` may allow fewer than the machine has), within two
caps:

- the input's size: below ``BYTES_PER_PROCESS`` bytes of files per process,
  another process costs more (a fork, a second segment to write and commit,
  documents pickled to it) than it saves, so the 60-document demo and a
  test's three files are built in one process;
- ``MAX_PROCS``: the parent alone reads and parses the files, and every
  worker keeps its own analyzer caches and posting pool and writes segments
  of its own, so past a few workers the build's memory and the index's
  segment count grow faster than its speed.

Memory is bounded by the batch, not the corpus. Whoosh keeps every posting
of a segment in a pool until the pool holds ``limitmb`` (then spills a sorted
run to disk), and keeps per-segment tables (terms, lengths) until the segment
is written; so the build's posting pools share ``POOL_MB`` and a writer
closes its segment and starts another every ``SEGMENT_DOCUMENTS``
documents. The pool is what grew: the 100,000-document archive took over
1.09 GB (parent and workers summed) with 256 MB a worker, 808 MB with the
pools sharing 256 MB (each worker's own Python, analyzers and caches are
about 250 MB); the smaller pools cost the workers about 10% more CPU while Whoosh
pickled each spilled posting, less since runs are written in chunks (``segmentwriter``). Few large segments answer queries faster than many small ones
(10,000 archive documents, the 48 queries of bench_query: p50 23 ms with 2
segments, 49 ms with 9; `benchmarks/bench_segments.py`), and merging them
afterwards costs most of a build again (94 s for those 10,000) for nothing
over 2 segments; so segments are large, and the memory is bounded by the
pool. An update's merge policy leaves segments this large alone
(``merging.LARGE``).
"""

import os
from dataclasses import dataclass

MAX_PROCS = 4
BYTES_PER_PROCESS = 2 * 2**20
POOL_MB = 256  # all posting pools together, in Whoosh's estimate of their size
MIN_POOL_MB = 32
SEGMENT_DOCUMENTS = 50_000


@dataclass(frozen=True)
class Budget:
    """What one writer (a worker, or the build's one process) may hold."""

    pool_mb: int
    segment_documents: int


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_procs(procs, input_bytes: int) -> int:
    """The processes a build of ``input_bytes`` bytes of files uses: ``procs`` as given (an int of at
    least 1), or for ``"auto"`` the usable CPUs within the caps above. Anything else is a ``ValueError``."""
    if procs == "auto":
        by_input = max(1, input_bytes // BYTES_PER_PROCESS)
        return max(1, min(usable_cpus(), MAX_PROCS, by_input))
    if isinstance(procs, bool) or not isinstance(procs, int) or procs < 1:
        raise ValueError(f"procs must be 'auto' or a whole number of at least 1, not {procs!r}")
    return procs


def budget(procs: int) -> Budget:
    """The share of the build's memory bound each of ``procs`` writers gets."""
    return Budget(pool_mb=max(MIN_POOL_MB, POOL_MB // procs), segment_documents=SEGMENT_DOCUMENTS)
