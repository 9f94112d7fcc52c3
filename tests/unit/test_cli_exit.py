"""The `tthc` command's quick exit (cli.run)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_command_exits_quickly_but_completely(tmp_path):
    """`tthc` skips Python's teardown of its modules, not the exit handlers, the output or the status."""
    code = textwrap.dedent("""
        import atexit, sys
        atexit.register(lambda: print("exit handler ran"))
        from tthc_analysis.cli import run
        sys.argv = ["tthc", "summary", "không-có-tệp-này.csv"]
        print("before", end="")  # not yet flushed when run() begins
        run()
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.startswith("before")
    assert done.stdout.rstrip().endswith("exit handler ran")
    assert "không-có-tệp-này.csv" in done.stderr
