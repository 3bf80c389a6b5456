"""Memory and time of a build's sets of keys, as Python sets and as ``Fingerprints``.

    python benchmarks/bench_fingerprints.py [--keys 1000000]

The keys have the shapes a rebuild keeps: a record's key (its file and id) and a text's
content hash (20 bytes). Memory is what ``tracemalloc`` sees held once the set is made,
and its peak while it is made.
"""

import argparse
import hashlib
import time
import tracemalloc

from kgsearch.index.fingerprints import Fingerprints, of_digest, of_text


def measure(make) -> tuple[float, float, float]:
    tracemalloc.start()
    began = time.perf_counter()
    made = make()
    seconds = time.perf_counter() - began
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del made
    return held / 2**20, peak / 2**20, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=1_000_000)
    n = parser.parse_args().keys
    key = "archive-1000000.jsonl:a{}".format

    def digest(i: int) -> bytes:
        return hashlib.sha1(str(i).encode()).digest()

    cases = [("record keys, set", lambda: set(key(i) for i in range(n))),
             ("record keys, Fingerprints", lambda: Fingerprints(of_text(key(i)) for i in range(n))),
             ("text hashes, set", lambda: set(digest(i) for i in range(n))),
             ("text hashes, Fingerprints", lambda: Fingerprints(of_digest(digest(i)) for i in range(n)))]
    print(f"{n:,} keys (times under tracemalloc, which slows them)")
    for name, make in cases:
        held, peak, seconds = measure(make)
        print(f"  {name:28} held {held:6.1f} MB, peak {peak:6.1f} MB, {seconds:5.2f} s")


if __name__ == "__main__":
    main()
