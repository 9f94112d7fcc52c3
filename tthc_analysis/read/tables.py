"""One table file (``.csv`` or ``.xlsx``) into rows of text, every cell located as the user sees it."""

from __future__ import annotations

from pathlib import Path

from tthc_analysis.read.base import EXCEL_SUFFIXES, RawTable, column_roles
from tthc_analysis.read.delimited import read_csv
from tthc_analysis.read.xlsx import read_xlsx
from tthc_analysis.scheme import Scheme


def read_table(path: str | Path, sheet: str | None = None, scheme: Scheme | int = 9) -> RawTable:
    """Read a ``.csv`` or ``.xlsx`` file (``sheet``: its name; default the first) into a :class:`RawTable`."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return read_xlsx(path, sheet, column_roles(scheme))
    return read_csv(path, column_roles(scheme))
