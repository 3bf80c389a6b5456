"""Builds for the kill tests: one that kills itself at a chosen moment, or many to be killed.

Run: python tests/kill_target.py rebuild|update INDEX PATH MOMENT
MOMENT is files:N (after N files are read), commit (inside Whoosh's commit,
before its table of contents is written), meta (after the commit, before
meta.json), publish (after the new generation is complete, before CURRENT
names it).

Run: python tests/kill_target.py serve
reads one JSON request a line ({"mode": "rebuild" or "update", "location",
"paths", "procs"}), forks a build for it in a process group of its own and
answers {"pid": …} at once, then {"status": …} when the build has ended: the
test kills the build whenever it likes. Forked from a process that has read
its dictionaries already, a build starts in milliseconds, so a test can kill
many of them at random moments.
"""

import json
import os
import signal
import sys

from kgsearch import index
from kgsearch.index import store


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def main():
    mode, location, path, moment = sys.argv[1:5]

    def progress(event):
        """Dies once the chosen number of files is read."""
        if moment.startswith("files:") and event.files >= int(moment.split(":")[1]):
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


def serve():
    from kgsearch.index import parallel
    from kgsearch.index.people import PeopleRegistry
    from kgsearch.index.speakers import find_speakers

    parallel.BATCH = 4  # small archives still give both workers documents
    registry = PeopleRegistry.load()
    find_speakers("Министр Кулубаев отметил, что railway talks went on.", registry)  # loads the analyzers
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the build: a process group of its own, so that the test can find all of it
            os.setpgid(0, 0)
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            run = index.rebuild if request["mode"] == "rebuild" else index.update
            options = {"procs": request.get("procs", 1)} if request["mode"] == "rebuild" else {}
            code = 0
            try:
                run(request["location"], request["paths"], registry=registry, lock_timeout=10, **options)
            except BaseException:
                code = 1
            os._exit(code)
        try:
            os.setpgid(pid, pid)  # as the child does: whichever runs first
        except OSError:
            pass
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"status": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    serve() if sys.argv[1:] == ["serve"] else main()
