"""The ``kgsearch`` command, with any process that completes a document titled ``TITLE`` killed
on it (SIGKILL, as the kernel's out-of-memory killer does): in a parallel rebuild, a worker.

Run: python tests/dying_worker.py TITLE kgsearch-arguments...
"""

import os
import signal
import sys

from kgsearch.cli import main
from kgsearch.index import build


def dying(complete, title):
    def complete_or_die(doc, registry):
        if doc.title == title:
            os.kill(os.getpid(), signal.SIGKILL)
        return complete(doc, registry)

    return complete_or_die


if __name__ == "__main__":
    build.complete = dying(build.complete, sys.argv[1])  # before the workers are forked: they have it
    sys.argv = ["kgsearch", *sys.argv[2:]]
    main()
