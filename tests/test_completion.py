"""Shell completion (issue 15): the kgsearch command writes its completion script for bash, zsh
and fish (click's), and completes commands and watch names; run as a user's shell runs it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import invoke

COMMAND = str(Path(sys.executable).with_name("kgsearch"))


def complete(env: dict, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND], env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("shell, sign", [("bash", "complete -o nosort -F _kgsearch_completion kgsearch"),
                                         ("zsh", "#compdef kgsearch"),
                                         ("fish", "complete --no-files --command kgsearch")])
def test_the_completion_script_is_written(shell, sign, tmp_path):
    result = complete({"_KGSEARCH_COMPLETE": f"{shell}_source"}, tmp_path)
    assert result.returncode == 0 and sign in result.stdout and "_KGSEARCH_COMPLETE" in result.stdout


def test_commands_and_watch_names_complete(demo_copy, tmp_path):
    words = complete({"_KGSEARCH_COMPLETE": "bash_complete", "COMP_WORDS": "kgsearch wa", "COMP_CWORD": "1"},
                     tmp_path)
    assert words.stdout.split() == ["plain,watch"]
    assert invoke("watch", "add", "torugart", "Торугарт", "--index", demo_copy).exit_code == 0
    names = complete({"_KGSEARCH_COMPLETE": "bash_complete", "COMP_WORDS": "kgsearch watch run to",
                      "COMP_CWORD": "3", "KGSEARCH_INDEX": str(demo_copy)}, tmp_path)
    assert names.stdout.split() == ["plain,torugart"]
