"""The ``kgsearch`` command: a thin skin over the Python API, a module a group of commands.

``base`` holds what they share (the group class, the options defined once, errors as one line);
``query`` the commands that read, ``index`` the index group, ``watch``, ``edit`` and ``serve``
theirs; ``app`` puts them together under ``cli`` and runs it (``main``, the entry point).
"""

from kgsearch.cli.app import cli, main
from kgsearch.cli.base import UsageProblem

__all__ = ["UsageProblem", "cli", "main"]
