"""``python -m kgsearch``: the same command as ``kgsearch``."""

from kgsearch.cli import main

main()
