"""A rebuild or update that kills itself with SIGKILL at a chosen moment (for the kill tests).

Run: python tests/kill_target.py rebuild|update INDEX PATH MOMENT
MOMENT is files:N (after N files are read), commit (inside Whoosh's commit,
before its table of contents is written), meta (after the commit, before
meta.json), publish (after the new generation is complete, before CURRENT
names it).
"""

import os
import signal
import sys

from kgsearch import index
from kgsearch.index import store


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def main():
    mode, location, path, moment = sys.argv[1:5]
    seen = []

    def progress(file, documents):
        """Counts files read; dies at the chosen one."""
        if file is not None and moment.startswith("files:"):
            seen.append(file)
            if len(seen) >= int(moment.split(":")[1]):
                die()

    if moment == "commit":
        from whoosh.writing import SegmentWriter

        SegmentWriter._commit_toc = die
    elif moment == "meta":
        store.write_meta = die
    elif moment == "publish":
        real = store.os.replace
        calls = []

        def replace(src, dst):
            calls.append(dst)
            if str(dst).endswith(store.CURRENT):
                die()
            return real(src, dst)

        store.os.replace = replace
    run = index.rebuild if mode == "rebuild" else index.update
    run(location, [path], progress=progress)
    print("finished without being killed")


if __name__ == "__main__":
    main()
