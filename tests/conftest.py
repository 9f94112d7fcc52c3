"""Shared fixtures (small inline score tables written to ``tmp_path``) and the test kinds.

Tests live in three folders, one per kind, and carry the kind as a marker: ``unit`` (in-process, small inline
tables, milliseconds each), ``backtest`` (a whole period against committed ground truth: the seed, the portal's
real files), ``e2e`` (the notebook, the renderer, the browser, the CLI as a process). ``make test-fast`` runs
the first two and the doctests.
"""

from __future__ import annotations

import csv
import io
import textwrap
from pathlib import Path

import pytest

CRITERIA_HEADER = ["unit"] + [f"c{n}" for n in range(1, 10)]


@pytest.fixture
def write_csv(tmp_path: Path):
    """Return ``write(text, name="scores.csv", encoding="utf-8", bom=False)``: an inline CSV written to a file.

    ``text`` is dedented and stripped of its leading newline, so a table can be written
    as an indented triple-quoted string in the test. Returns the file's path.
    """

    def write(text: str, name: str = "scores.csv", *, encoding: str = "utf-8", bom: bool = False) -> Path:
        body = textwrap.dedent(text).lstrip("\n")
        path = tmp_path / name
        data = body.encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


@pytest.fixture
def write_rows(tmp_path: Path):
    """Return ``write(rows, name="scores.csv", header=None)``: rows of (unit, scores) under ``unit,c1..c9``.

    ``scores`` is a whitespace-separated string of the criterion values, e.g. ``"2 2 2 2 2 2 2 1 0"``;
    names with commas are quoted by the csv module.
    """

    def write(rows: list[tuple[str, str]], name: str = "scores.csv", header: list[str] | None = None) -> Path:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header or CRITERIA_HEADER)
        for unit, scores in rows:
            writer.writerow([unit, *scores.split()])
        path = tmp_path / name
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return path

    return write


KINDS = ("unit", "backtest", "e2e")


def pytest_collection_modifyitems(config, items):
    """Mark every test with its folder's kind, so that ``-m unit`` and the like select by kind."""
    for item in items:
        kind = Path(str(item.fspath)).parent.name
        if kind in KINDS:
            item.add_marker(kind)
