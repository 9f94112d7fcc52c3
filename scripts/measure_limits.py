"""Time and peak memory of `tthc summary` on hostile files (issue 14): each refused or read within the bounds.

Builds (synthetic) a 5 KB workbook with one cell at XFD1048576, a 0.5 MB workbook whose shared strings unzip
to 500 MB, a 2,000,000-row CSV and a 500,000-row CSV (the default row bound), then runs each under
``/usr/bin/time -v``. Run: ``.venv/bin/python scripts/measure_limits.py [folder]``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from hostile_files import far_cell_xlsx, many_rows_csv, shared_strings_bomb  # noqa: E402


def measure(path: Path) -> str:
    tthc = Path(sys.executable).with_name("tthc")
    done = subprocess.run(["/usr/bin/time", "-v", str(tthc), "summary", str(path)], capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time .*: (\S+)", done.stderr).group(1)
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) // 1024
    outcome = "read" if done.returncode == 0 else f"refused (exit {done.returncode})"
    size = path.stat().st_size
    return f"{path.name:<16} {size / 1e6:8.2f} MB on disk  {outcome:<18} {wall:>8}  peak {peak} MB"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="tthc-limits-"))
    folder.mkdir(parents=True, exist_ok=True)
    files = [
        far_cell_xlsx(folder / "far-cell.xlsx"),
        shared_strings_bomb(folder / "zip-bomb.xlsx", 500),
        many_rows_csv(folder / "rows-2m.csv", 2_000_000),
        many_rows_csv(folder / "rows-500k.csv", 500_000),
    ]
    for path in files:
        print(measure(path), flush=True)


if __name__ == "__main__":
    main()
