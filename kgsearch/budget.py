"""What one query may spend before it is stopped: time and memory.

A query of 660 prefixes once ran for minutes in 2.8 GB, and the "did you
mean" of one 1,990-letter word for 53 s: a terminal or a server process held
by one query. Every stage of a search checks one ``Budget`` where it loops
(terms expanded, documents matched, words corrected), so an expensive query
ends with one sentence, a ``QueryBudgetError``; cheap ones never notice.
The limits are module settings, for a program that wants others. A server
answers each request within one budget (``shared``): a trend of twelve
queries had twelve, and 3,000 names to look up ran before any began.
"""

import heapq
import os
import time
from contextlib import contextmanager
from contextvars import ContextVar

from kgsearch.errors import QueryBudgetError

TIME_LIMIT = 15.0  # seconds for one search, all stages together
MEMORY_LIMIT_MB = 1024  # growth of the process's own memory during one search
_MEMORY_EVERY = 0.05  # seconds between looks at the memory in use
ADVICE = "make it narrower: fewer words, longer beginnings before *, fewer words with ~"


def private_memory_mb() -> float | None:
    """The process's own resident memory (not the index files it maps), where the system tells."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            fields = handle.read().split()
        return (int(fields[1]) - int(fields[2])) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return None


_SHARED: ContextVar["Budget | None"] = ContextVar("kgsearch_shared_budget", default=None)


class Budget:
    """A deadline and a memory allowance; ``check()`` raises ``QueryBudgetError`` past either.

    ``Budget()`` made while ``shared`` holds one is that one (what it has left), so every
    stage and every query of a request spends from one allowance."""

    def __init__(self, seconds: float | None = None, memory_mb: float | None = None):
        enclosing = _SHARED.get()
        if enclosing is not None and seconds is None and memory_mb is None:
            self.__dict__.update(enclosing.__dict__)
            return
        self.seconds = TIME_LIMIT if seconds is None else seconds
        self.memory_mb = MEMORY_LIMIT_MB if memory_mb is None else memory_mb
        now = time.monotonic()
        self.deadline = now + self.seconds
        self._memory_base = private_memory_mb()
        self._next_memory_look = now + _MEMORY_EVERY

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def check(self) -> None:
        now = time.monotonic()
        if now > self.deadline:
            raise QueryBudgetError(f"the query needs more than {self.seconds:g} s; {ADVICE}")
        if now >= self._next_memory_look and self._memory_base is not None:
            self._next_memory_look = now + _MEMORY_EVERY
            used = private_memory_mb()
            if used is not None and used - self._memory_base > self.memory_mb:
                raise QueryBudgetError(f"the query needs more than {self.memory_mb:g} MB of memory; {ADVICE}")

    def part(self, seconds: float) -> "Budget":
        """A budget for an optional stage: at most ``seconds`` of what is left, the same memory."""
        part = Budget.__new__(Budget)
        part.__dict__.update(self.__dict__)
        part.deadline = min(self.deadline, time.monotonic() + seconds)
        return part

    def over(self) -> bool:
        """True when ``check`` would raise: for optional stages that stop quietly."""
        try:
            self.check()
        except QueryBudgetError:
            return True
        return False


@contextmanager
def shared(budget: Budget):
    """Within it, every ``Budget()`` (with the default limits) spends ``budget``: one request's."""
    token = _SHARED.set(budget)
    try:
        yield budget
    finally:
        _SHARED.reset(token)


def close_matches(word: str, possibilities, budget: Budget, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """``difflib.get_close_matches``, checking ``budget`` as it goes (``QueryBudgetError``): one
    name looked up among a large index's speakers takes tens of milliseconds, and a request
    may name many."""
    from difflib import SequenceMatcher

    budget.check()
    matcher = SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for count, candidate in enumerate(possibilities, 1):
        if count % 64 == 0:
            budget.check()
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff \
                and (score := matcher.ratio()) >= cutoff:
            scored.append((score, candidate))
    return [candidate for _, candidate in heapq.nlargest(n, scored)]
