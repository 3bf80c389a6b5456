"""Reading one file in a child process of its own, so that a library that crashes on it, or
wants more memory than any document needs, costs that file only.

PDFium is C++: a PDF whose stream inflates to 1.5 GB made it abort the whole
process (SIGABRT), and the build with it; no Python ``except`` can catch that.
So the reading runs in a forked child (a fork copies nothing until it is
written to, and inherits the loaded library; it cost 16 ms a PDF beside 12 ms
of reading three pages, ``benchmarks/bench_hostile.py --pdf-cost 100``) whose address space may grow only ``memory``
bytes past what it inherited, whose CPU time is limited, which writes no core
file and dies with its parent. The result comes back pickled through a pipe;
a child that dies is a ``SkipFile`` saying how it ended.
"""

import ctypes
import faulthandler
import os
import pickle
import resource
import signal
import sys

from kgsearch.index.documents import SkipFile

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def run(function, *args, memory: int, seconds: int):
    """``function(*args)``, run in a child; ``SkipFile`` when it raises one, raises anything else,
    goes past ``memory`` bytes more than this process holds or ``seconds`` of CPU, or dies."""
    if not hasattr(os, "fork"):
        return function(*args)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: it must leave through os._exit, whatever happens
        code = 1
        try:
            os.close(reader)
            _confine(memory, seconds)
            try:
                outcome = ("done", function(*args))
            except SkipFile as reason:
                outcome = ("skip", str(reason))
            except MemoryError:
                outcome = ("skip", f"needs more than {memory // 2**20:,} MB of memory to read (a decompression bomb?)")
            except Exception as error:  # a library's error on a file it cannot read
                outcome = ("skip", f"cannot be read ({type(error).__name__}: {error})")
            with os.fdopen(writer, "wb") as pipe:
                pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if status:
        raise SkipFile(_ending(status, memory, seconds))
    kind, value = pickle.loads(data)
    if kind == "skip":
        raise SkipFile(value)
    return value


def _confine(memory: int, seconds: int) -> None:
    """In the child: its limits, no core file, no messages of its own, and death with its parent."""
    inherited = _address_space()
    if inherited:
        resource.setrlimit(resource.RLIMIT_AS, (inherited + memory, inherited + memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # PDFium's "out of memory" as it aborts: the reason says it instead
    os.close(devnull)
    faulthandler.disable()  # its traceback of the crash, where it is on (python -X faulthandler, pytest)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def _address_space() -> int:
    """This process's virtual size in bytes (Linux), else 0: no limit is set."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:")), 0)
    except (OSError, ValueError):
        return 0


def _ending(status: int, memory: int, seconds: int) -> str:
    """How a child that sent nothing ended, as a reason."""
    if not os.WIFSIGNALED(status):
        return f"the reader stopped on it (exit status {os.waitstatus_to_exitcode(status)})"
    number = os.WTERMSIG(status)
    if number == signal.SIGXCPU:
        return f"took more than {seconds:,} s of CPU to read"
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    return (f"the reader crashed on it ({name}: a decompression bomb over the limit of {memory // 2**20:,} MB "
            "of memory, or a damaged file)")
