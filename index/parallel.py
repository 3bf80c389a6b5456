"""A rebuild on several cores: each worker process finds metadata and analyses text.

Whoosh's own ``procs`` writer analyses in subprocesses but leaves everything
before ``add_document`` (here: dates, sources, speakers) to one process, and
one JSON Lines file of 2,000 articles cannot be shared out file by file. So
the parent only reads and parses files and deals documents out in batches;
each worker completes their metadata, signs their texts (``similar.Signer``)
and writes Whoosh segments of its own,
closing one and starting the next every ``Budget.segment_documents``
documents (see ``sizing``); the parent then commits one table of contents
naming every segment. Forked
workers inherit the registry and the open index, so nothing heavy is pickled
but the documents themselves.

A fork inherits every open file, the parent's lock on the index folder
among them, and a worker outlives a parent killed with SIGKILL. Orphaned
workers held the lock for ever: every later build refused. So a worker
drops its copy of the lock at once, asks Linux to kill it when its parent
dies, and elsewhere notices the death within a second and exits.
"""

import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import sys
from pathlib import Path

from kgsearch.index import wordtable
from kgsearch.index.documents import isolated
from kgsearch.index.errors import WorkerDied
from kgsearch.index.segments import SegmentSeries, commit_segments, writing
from kgsearch.index.sizing import Budget
from kgsearch.index.store import LOCK

BATCH = 64
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """In a worker: be killed when ``parent`` dies, where the system can do it."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # then _jobs notices, within a second
    if os.getppid() != parent:  # died before it could be asked
        os._exit(1)


def _drop_lock(lock: Path) -> None:
    """Point this process's copies of the lock's descriptor at /dev/null.

    The lock lasts while any process holds its open file; the parent holds it
    for the build. (The numbers stay valid: the parent's file object, copied
    into this process, names one of them.)
    """
    try:
        wanted = os.stat(lock)
        numbers = [int(fd) for fd in os.listdir("/dev/fd")]
    except OSError:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in numbers:
            try:
                found = os.fstat(fd)
            except OSError:
                continue
            if fd != null and (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
                os.dup2(null, fd)
    finally:
        os.close(null)


def _jobs(jobs, parent: int):
    """The batches from the parent, until it says stop or is gone."""
    while True:
        try:
            batch = jobs.get(timeout=1)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)
            continue
        if batch is None:
            return
        yield batch


def _worker(ix, jobs, results, registry, to_fields, complete, parent, budget, signer, copy):
    _die_with(parent)
    _drop_lock(Path(ix.storage.folder).parent / LOCK)
    # What the worker inherited lives as long as it does: the collector's full passes, which the
    # growing posting pool sets off again and again, need not walk it (1 s of a worker's 35).
    gc.freeze()
    try:
        seen, skipped = wordtable.recorder(Path(ix.storage.folder), wordtable.PART.format(os.getpid())), []
        series = SegmentSeries(ix, budget, seen, copy)
        write = writing(series, signer, to_fields, complete, registry)
        for batch in _jobs(jobs, parent):
            for doc in batch:
                if (skip := isolated(doc, write)) is not None:
                    skipped.append(skip)
        segments = series.finish()
        signer.close()
        # This worker's words and their terms, while its analyzer's caches hold them; the parent merges.
        wordtable.write(Path(ix.storage.folder), seen, name=wordtable.PART.format(os.getpid()), complete=True)
        results.put(("done", segments, series.documents, skipped))
    except BaseException as error:  # the parent must hear of any failure, or it waits forever
        # An OSError goes as one (a full disk is the parent's to report as such); anything else as text.
        failure = OSError(error.errno, error.strerror) if isinstance(error, OSError) else repr(error)
        results.put(("failed", failure, 0, []))


class ParallelWriter:
    """Feed documents with ``add``; ``commit`` when done, ``cancel`` on failure."""

    def __init__(self, ix, procs: int, registry, to_fields, complete, budget: Budget, signer, copy=None):
        context = multiprocessing.get_context("fork")
        self.ix = ix
        self.jobs = context.Queue(maxsize=procs * 4)
        self.results = context.Queue()
        self.batch = []
        self.skipped: list[dict] = []  # the documents that raised (``documents.not_indexed``), once committed
        self.workers = [context.Process(target=_worker, daemon=True,
                                        args=(ix, self.jobs, self.results, registry, to_fields, complete,
                                              os.getpid(), budget, signer, copy))
                        for _ in range(procs)]
        for worker in self.workers:
            worker.start()

    def add(self, doc) -> None:
        self.batch.append(doc)
        if len(self.batch) >= BATCH:
            self._send()

    def _send(self):
        self._put(self.batch)
        self.batch = []

    def _put(self, item):
        self._check_alive()
        while True:
            try:
                self.jobs.put(item, timeout=1)
                return
            except queue.Full:
                self._check_alive()

    def _check_alive(self):
        """``WorkerDied`` once a worker has ended without its work done: killed (the system's
        out-of-memory killer sends SIGKILL) or gone for a reason of its own."""
        dead = [w.exitcode for w in self.workers if not w.is_alive() and w.exitcode]
        if dead:
            how = f"killed by signal {-dead[0]}" if dead[0] < 0 else f"exit status {dead[0]}"
            raise WorkerDied(f"a build worker died ({how}); the index was not changed. Run the rebuild "
                             "again, or with {name}, which needs less memory", "procs=1")

    def commit(self) -> int:
        """Wait for the workers and commit their segments together; the number of documents."""
        if self.batch:
            self._send()
        for _ in self.workers:
            self._put(None)
        segments, count = [], 0
        for _ in self.workers:
            while True:
                try:
                    status, written, n, skipped = self.results.get(timeout=1)
                    break
                except queue.Empty:
                    self._check_alive()
            if status != "done":
                if isinstance(written, OSError):
                    raise written
                raise WorkerDied(f"a build worker failed ({written}); the index was not changed")
            segments.extend(written)
            count += n
            self.skipped.extend(skipped)
        for worker in self.workers:
            worker.join()
        commit_segments(self.ix, segments)
        return count

    def cancel(self) -> None:
        # What is still queued for workers that are gone can never be sent: leaving, the queue's
        # feeder thread must not wait to send it (the process never ended).
        for channel in (self.jobs, self.results):
            channel.cancel_join_thread()
        for worker in self.workers:
            if worker.is_alive():
                worker.kill()
            worker.join()
        for channel in (self.jobs, self.results):
            channel.close()
