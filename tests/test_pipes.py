"""A reader that stops reading (``kgsearch query … | head -1``) ends the command quietly with
status 0: no traceback, no "Exception ignored", and not 1, which means "nothing matched"
(issue 11, item 15). Real processes and real pipes: the failure is in the write to a pipe
whose reader has gone, which only the operating system produces."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import invoke


def into_closed_pipe(*args, cwd) -> tuple[int, str]:
    """Run ``kgsearch args`` with its stdout a pipe whose reader has already gone."""
    reader, writer = os.pipe()
    process = subprocess.Popen([sys.executable, "-m", "kgsearch", *map(str, args)], stdout=writer,
                               stderr=subprocess.PIPE, cwd=cwd)
    os.close(writer)
    os.close(reader)  # before the command has written a byte: its first write fails
    stderr = process.communicate(timeout=120)[1].decode()
    return process.returncode, stderr


@pytest.fixture
def doc_id(demo_index):
    import kgsearch

    with kgsearch.open_index(demo_index) as ix:
        return ix.search("railway").hits[0].id


@pytest.mark.parametrize("args", [
    ["query", "Китай", "--limit", "1000"],
    ["query", "Китай", "--limit", "1000", "--json"],
    ["facets", "speaker"],
    ["index", "status"],
], ids=lambda args: " ".join(args[:2]))
def test_a_closed_pipe_ends_quietly_with_0(demo_index, tmp_path, args):
    status, stderr = into_closed_pipe(*args, "--index", demo_index, cwd=tmp_path)
    assert (status, stderr) == (0, "")


def test_analyze_into_a_closed_pipe(tmp_path):
    assert into_closed_pipe("analyze", "железные дороги Китая", cwd=tmp_path) == (0, "")


def test_show_into_a_closed_pipe(demo_index, tmp_path, doc_id):
    assert into_closed_pipe("show", doc_id, "--index", demo_index, cwd=tmp_path) == (0, "")


@pytest.mark.skipif(shutil.which("head") is None or shutil.which("sh") is None, reason="needs sh and head")
def test_head_gets_the_first_line_and_kgsearch_exits_0(demo_index, tmp_path):
    # sh reports the status of head; kgsearch's own goes to a file.
    script = (f'( "{sys.executable}" -m kgsearch query Китай --limit 1000 --index "{demo_index}"; '
              f'echo $? > "{tmp_path / "status"}" ) | head -1')
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    first = invoke("query", "Китай", "--limit", "1000", "--index", demo_index).output.splitlines()[0]
    assert result.stdout.splitlines() == [first] and "Traceback" not in result.stderr
    assert (tmp_path / "status").read_text().strip() == "0"


def test_an_open_pipe_keeps_the_exit_status(demo_index, tmp_path):
    """Nothing matched is still 1 when the reader reads everything."""
    result = subprocess.run([sys.executable, "-m", "kgsearch", "query", "zzqqxxjj", "--index", str(demo_index)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.startswith("No documents match")


TORN_DOWN = ("import atexit, sys\n"
             "atexit.register(lambda: print('torn down', file=sys.stderr))\n"
             "sys.argv = ['kgsearch', *sys.argv[1:]]\n"
             "from kgsearch.cli import main\n"
             "main()\n")


def run_main(*args, cwd) -> subprocess.CompletedProcess:
    """``kgsearch args`` through its console entry point, which says on stderr whether the
    interpreter was torn down (an ``atexit`` handler ran) at the end."""
    return subprocess.run([sys.executable, "-c", TORN_DOWN, *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def test_a_query_ends_at_once_with_all_its_output_and_its_status(demo_index, tmp_path):
    import json

    import kgsearch

    done = run_main("query", "Китай", "--limit", "1000", "--json", "--index", demo_index, cwd=tmp_path)
    assert done.returncode == 0 and "torn down" not in done.stderr
    with kgsearch.open_index(demo_index) as ix:
        expected = [hit.id for hit in ix.search("Китай", limit=1000, snippets=False).hits]
    assert [hit["id"] for hit in json.loads(done.stdout)["hits"]] == expected
    nothing = run_main("query", "ззкщщъ", "--index", demo_index, cwd=tmp_path)
    assert nothing.returncode == 1 and "torn down" not in nothing.stderr and nothing.stdout


def test_a_command_that_writes_ends_as_python_does(demo_index, tmp_path):
    done = run_main("index", "status", "--index", demo_index, cwd=tmp_path)
    assert done.returncode == 0 and "torn down" in done.stderr
    failed = run_main("query", "date:[2020 TO", "--index", demo_index, cwd=tmp_path)
    assert failed.returncode == 2 and "torn down" in failed.stderr


def test_a_later_run_in_the_same_process_ends_as_python_does(tmp_path):
    """Ending at once is decided by each run: after a query ran in this process (a test's
    CliRunner, a program that embeds the CLI), ``kgsearch --version`` still raises SystemExit."""
    script = ("import sys\n"
              "from click.testing import CliRunner\n"
              "from kgsearch import cli\n"
              "CliRunner().invoke(cli.cli, ['analyze', 'x'], catch_exceptions=False)\n"
              "sys.argv = ['kgsearch', '--version']\n"
              "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
              "print('still running')\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "still running" in done.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["query", "Китай"], ["query", "Китай", "--json"],
                                  ["query", "Китай", "--format", "csv", "--all"], ["index", "status"]],
                         ids=lambda args: " ".join(args))
def test_output_to_a_full_disk_is_one_line_and_status_2(demo_index, tmp_path, args):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "kgsearch", *args, "--index", str(demo_index)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["Error: cannot write the output: No space left on device"]


def test_a_closed_output_is_no_error(demo_index, tmp_path):
    """Started with its output closed (``>&-``), a query runs as if it wrote to /dev/null."""
    done = subprocess.run([sys.executable, "-m", "kgsearch", "query", "Китай", "--index", str(demo_index)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120, cwd=tmp_path,
                          preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (0, "")
