"""Reading a score table from CSV or Excel into rows of text, every cell located as the user sees it.

``read_table`` turns a ``.csv`` or ``.xlsx`` file into a :class:`RawTable`: the header row
(found below any title block) and the rows under it, each cell as text, each row with the
line (CSV) or row (Excel) number a person sees when opening the file. What cannot be read
safely (a formula with no stored result, an error cell, a unit name merged over several
rows, text typed in the legacy TCVN3 or VNI encodings that cannot be converted) is
reported as a :class:`~tthc_analysis.validation.Problem`; the checks on the values
themselves are :func:`tthc_analysis.dataset.read_scores`'s.

Encodings: UTF-8 with or without a BOM, else Windows-1258; text is normalised to NFC.
Text typed with a TCVN3 (ABC) font shows, once decoded, characteristic symbols
("Ph­êng" for "Phường"); it is converted when every such character maps to a Vietnamese
letter and each converted word is a plausible Vietnamese syllable, and refused otherwise.
"""

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
