"""Waiting for an exclusive ``flock``: the index's writers' lock and the kept files' lock alike."""

import fcntl
import time


def flock_within(target, timeout: float, poll: float = 0.05) -> bool:
    """Take an exclusive ``flock`` on ``target`` (a file object or descriptor), trying until
    ``timeout`` seconds have passed; False when another process still holds it then."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(target, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)
