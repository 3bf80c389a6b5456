"""A rebuild on several cores: each worker process finds metadata and analyses text.

Whoosh's own ``procs`` writer analyses in subprocesses but leaves everything
before ``add_document`` (here: dates, sources, speakers) to one process, and
one JSON Lines file of 2,000 articles cannot be shared out file by file. So
the parent only reads and parses files and deals documents out in batches;
each worker completes their metadata and writes a Whoosh segment of its own;
the parent then commits one table of contents naming every segment. Forked
workers inherit the registry and the open index, so nothing heavy is pickled
but the documents themselves.
"""

import multiprocessing
import queue

from whoosh.writing import SegmentWriter

BATCH = 64
WRITER_MB = 256


def _worker(ix, jobs, results, registry, to_fields, complete):
    try:
        writer = SegmentWriter(ix, _lk=False, limitmb=WRITER_MB)
        count = 0
        while (batch := jobs.get()) is not None:
            for doc in batch:
                writer.add_document(**to_fields(complete(doc, registry)))
                count += 1
        # No _finish(): the workers share one temporary folder, which the parent removes.
        if count:
            segment = writer._finalize_segment()
        else:
            segment = None
            writer._close_segment()
        results.put(("done", segment, count))
    except BaseException as error:  # the parent must hear of any failure, or it waits forever
        results.put(("failed", repr(error), 0))


class ParallelWriter:
    """Feed documents with ``add``; ``commit`` when done, ``cancel`` on failure."""

    def __init__(self, ix, procs: int, registry, to_fields, complete):
        context = multiprocessing.get_context("fork")
        self.ix = ix
        self.jobs = context.Queue(maxsize=procs * 4)
        self.results = context.Queue()
        self.batch = []
        self.workers = [context.Process(target=_worker, daemon=True,
                                        args=(ix, self.jobs, self.results, registry, to_fields, complete))
                        for _ in range(procs)]
        for worker in self.workers:
            worker.start()

    def add(self, doc) -> None:
        self.batch.append(doc)
        if len(self.batch) >= BATCH:
            self._send()

    def _send(self):
        while True:
            try:
                self.jobs.put(self.batch, timeout=1)
                break
            except queue.Full:
                self._check_alive()
        self.batch = []

    def _check_alive(self):
        dead = [w for w in self.workers if not w.is_alive() and w.exitcode]
        if dead:
            raise RuntimeError(f"an indexing process died (exit code {dead[0].exitcode})")

    def commit(self) -> int:
        """Wait for the workers and commit their segments together; the number of documents."""
        if self.batch:
            self._send()
        for _ in self.workers:
            self.jobs.put(None)
        segments, count = [], 0
        for _ in self.workers:
            while True:
                try:
                    status, segment, n = self.results.get(timeout=1)
                    break
                except queue.Empty:
                    self._check_alive()
            if status != "done":
                raise RuntimeError(f"an indexing process failed: {segment}")
            if segment is not None:
                segments.append(segment)
                count += n
        for worker in self.workers:
            worker.join()
        writer = SegmentWriter(self.ix)
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
        return count

    def cancel(self) -> None:
        for worker in self.workers:
            if worker.is_alive():
                worker.kill()
            worker.join()
