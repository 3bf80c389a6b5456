"""Peak memory of a process and all its descendants together, sampled from /proc.

Run: python benchmarks/process_tree.py [--interval 0.1] [--pss] [--json] -- COMMAND [ARGS...]

``resource.getrusage`` gives a process's own peak and the largest of its
waited-for children's, never the sum of processes alive at the same moment,
and a build's workers peak together. So the tree (the process, its children,
theirs…) is found every ``interval`` seconds by each process's parent in
/proc/PID/stat, and the resident sizes of its members are summed; the peak
of those sums is reported. Summed RSS counts pages a forked worker still
shares with its parent once per process, so it is an upper bound; with
``--pss`` the proportional sum (PSS, from /proc/PID/smaps_rollup, each shared
page divided among its sharers) is reported beside it as the fairer figure.
(Reading smaps_rollup makes the kernel walk each process's page tables: it
took about a tenth of a core at 0.1 s, hence off by default.)

From Python: ``measure(["kgsearch", ...])`` for a command, or
``measure_call(function, *args)`` for a callable run in a forked child; both
give a ``Peak`` (seconds, peak_rss_mb, peak_pss_mb (0 unless ``pss=True``),
processes, returncode).
Linux only (it reads /proc).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Peak:
    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    processes: int  # the most processes seen in the tree at one sample
    returncode: int


def _parents() -> dict[int, int]:
    """Every process's parent, by pid."""
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()  # the name, in (), may hold spaces
        except OSError:
            continue  # gone meanwhile
        parents[int(name)] = int(fields[1])
    return parents


def tree(root: int) -> list[int]:
    """``root`` and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class Sampler:
    """The peak of the summed RSS and PSS of ``root``'s tree; call ``sample`` every so often."""

    def __init__(self, root: int, pss: bool = False):
        self.root = root
        self.pss = pss
        self.peak_rss = self.peak_pss = 0
        self.processes = 0

    def sample(self) -> None:
        members = tree(self.root)
        self.processes = max(self.processes, len(members))
        self.peak_rss = max(self.peak_rss, sum(rss_bytes(pid) for pid in members))
        if self.pss:
            self.peak_pss = max(self.peak_pss, sum(pss_bytes(pid) for pid in members))


def _watch(pid: int, finished, interval: float, pss: bool) -> tuple[Sampler, int, float]:
    """Sample ``pid``'s tree until ``finished()`` gives its exit status; the sampler, status, seconds."""
    started = time.perf_counter()
    sampler = Sampler(pid, pss)
    while True:
        sampler.sample()
        status = finished()
        if status is not None:
            return sampler, status, time.perf_counter() - started
        time.sleep(interval)


def _peak(sampler: Sampler, status: int, seconds: float) -> Peak:
    return Peak(seconds=round(seconds, 2), peak_rss_mb=round(sampler.peak_rss / 2**20, 1),
                peak_pss_mb=round(sampler.peak_pss / 2**20, 1), processes=sampler.processes, returncode=status)


def measure(command: list[str], interval: float = 0.1, pss: bool = False, **popen) -> Peak:
    """Run ``command`` (arguments as for ``subprocess.Popen``) and sample its tree until it ends."""
    process = subprocess.Popen(command, **popen)
    return _peak(*_watch(process.pid, process.poll, interval, pss))


def measure_call(function, *args, interval: float = 0.1, pss: bool = False, **kwargs) -> Peak:
    """Run ``function(*args, **kwargs)`` in a forked child and sample its tree until it returns;
    the return code is 0 when it returned, 1 when it raised (its result is not passed back)."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            function(*args, **kwargs)
            code = 0
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def finished():
        done, status = os.waitpid(pid, os.WNOHANG)
        return os.waitstatus_to_exitcode(status) if done else None

    return _peak(*_watch(pid, finished, interval, pss))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples (default 0.1)")
    parser.add_argument("--pss", action="store_true", help="also sum the proportional set sizes (costlier)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given: process_tree.py -- COMMAND [ARGS...]")
    peak = measure(command, args.interval, args.pss)
    if args.json:
        print(json.dumps(asdict(peak)))
    else:
        pss = f" (PSS {peak.peak_pss_mb:.0f} MB)" if args.pss else ""
        print(f"{peak.seconds:.1f} s, peak RSS {peak.peak_rss_mb:.0f} MB{pss} "
              f"over up to {peak.processes} processes, exit {peak.returncode}", file=sys.stderr)
    sys.exit(peak.returncode)


if __name__ == "__main__":
    main()
