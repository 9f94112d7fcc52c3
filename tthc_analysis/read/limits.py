"""Bounds on what a scores file may cost, checked before its contents are held in memory.

A hostile or broken file must be refused with a message, not by exhausting the machine: a 5 KB workbook
with one cell at XFD1048576 declares seventeen billion cells, a 0.5 MB workbook can unzip to gigabytes of
shared strings. Every bound has a default that fits a national table with room to spare and an
environment variable that raises it (``TTHC_MAX_FILE_MB``, ``TTHC_MAX_UNZIPPED_MB``, ``TTHC_MAX_ROWS``,
``TTHC_MAX_COLUMNS``, ``TTHC_MAX_CELLS``, ``TTHC_MAX_SHEET_CELLS``, ``TTHC_MAX_NAME_LENGTH``,
``TTHC_MAX_JSON_DEPTH``); each refusal names its variable. A portal JSON file's text is bounded in ``json_limits``.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError

EXCEL_MAX_ROWS = 1_048_576  # rows of one worksheet, the header included


@dataclass(frozen=True)
class Limit:
    """One bound: its environment variable, its default and the unit it counts."""

    variable: str
    default: int
    unit: str

    def value(self) -> int:
        """The bound in force: the environment's positive integer, else the default."""
        text = os.environ.get(self.variable, "").strip().replace("_", "")
        return int(text) if text.isdigit() and int(text) > 0 else self.default

    def refusal(self, found: str) -> str:
        """The message of a file beyond this bound: what was found, the bound, how to raise it."""
        bound = f"{self.value():,}".replace(",", ".")
        return (f"{found}, vượt giới hạn {bound} {self.unit}; nếu tệp đúng là như vậy, "
                f"đặt biến môi trường {self.variable} lớn hơn (ví dụ {self.variable}={self.value() * 4})")  # fmt: skip


MAX_FILE_MB = Limit("TTHC_MAX_FILE_MB", 200, "MB")
MAX_UNZIPPED_MB = Limit("TTHC_MAX_UNZIPPED_MB", 200, "MB khi giải nén")
MAX_ROWS = Limit("TTHC_MAX_ROWS", 500_000, "dòng dữ liệu")  # a national table has about 10,000 units
MAX_COLUMNS = Limit("TTHC_MAX_COLUMNS", 500, "cột")
MAX_CELLS = Limit("TTHC_MAX_CELLS", 6_000_000, "ô")  # of a text table: 500,000 rows of 12 cells
# A workbook's cell costs far more memory as openpyxl holds it (twice: values and formulas) than a CSV's.
MAX_SHEET_CELLS = Limit("TTHC_MAX_SHEET_CELLS", 1_000_000, "ô")
MAX_NAME_LENGTH = Limit("TTHC_MAX_NAME_LENGTH", 200, "ký tự")
MAX_JSON_DEPTH = Limit("TTHC_MAX_JSON_DEPTH", 64, "cấp")  # the portal's files nest 6 deep
LIMITS = (MAX_FILE_MB, MAX_UNZIPPED_MB, MAX_ROWS, MAX_COLUMNS, MAX_CELLS, MAX_SHEET_CELLS, MAX_NAME_LENGTH,
          MAX_JSON_DEPTH)  # fmt: skip

_MB = 1 << 20
_CHUNK = 1 << 22
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check_scores_file(path: Path) -> None:
    """Refuse, before reading it, a scores file beyond the bounds: size; for a workbook, unzipped size and cells.

    Raises ``ValidationError``; a missing file is left to the reader, which says so in its own words.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return
    problems = []
    if size > MAX_FILE_MB.value() * _MB:
        problems.append(Problem(str(path), MAX_FILE_MB.refusal(f"tệp nặng {_number(size // _MB)} MB")))
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        problems += _workbook_problems(path)
    elif path.suffix.lower() == ".json":
        pass  # a portal file: its size is bounded above, its text by json_limits when it is read
    else:
        problems += _text_problems(path)
    if problems:
        raise ValidationError(problems)


def _text_problems(path: Path) -> list[Problem]:
    """A text table with more lines than the row bound, counted in chunks without holding the file."""
    lines, cells, bound = 0, 0, MAX_ROWS.value()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            lines += chunk.count(b"\n")
            cells += max(chunk.count(b","), chunk.count(b";")) + chunk.count(b"\n")
            if lines > bound + 1:  # the header line is not a data row
                return [Problem(str(path), MAX_ROWS.refusal(f"tệp có hơn {_number(bound)} dòng"))]
            if cells > MAX_CELLS.value():
                return [Problem(str(path), MAX_CELLS.refusal(f"tệp có hơn {_number(MAX_CELLS.value())} ô"))]
    return []


def _workbook_problems(path: Path) -> list[Problem]:
    """Unzipped size from the zip directory, then each sheet's real extent from the cells its XML holds."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return []  # not a zip: the reader reports the damaged file
    with archive:
        entries = archive.infolist()
        unzipped = sum(entry.file_size for entry in entries)
        if unzipped > MAX_UNZIPPED_MB.value() * _MB:
            largest = max(entries, key=lambda entry: entry.file_size)
            found = (f"tệp Excel giải nén ra {_number(unzipped // _MB)} MB "
                     f"(riêng {largest.filename}: {_number(largest.file_size // _MB)} MB)")  # fmt: skip
            return [Problem(str(path), MAX_UNZIPPED_MB.refusal(found))]
        problems = []
        for entry in entries:
            if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                with archive.open(entry) as stream:
                    problems += _sheet_problems(str(path), entry.filename, stream)
        return problems


def _sheet_problems(file: str, part: str, stream) -> list[Problem]:
    """Bounds on one sheet: cells present, rows and columns of the rectangle they span (read as a table)."""
    cells, far_row, far_col, tail = 0, 0, 0, b""
    while chunk := stream.read(_CHUNK):
        data = tail + chunk
        cut = data.rfind(b"<")  # a tag cut at the chunk's end is scanned with the next chunk
        if cut < 0 or len(data) - cut > 256:  # a cell's tag is short: what follows a far '<' is text
            cut = len(data)
        body, tail = data[:cut], data[cut:]
        cells += len(_CELL_TAG.findall(body))
        for letters, digits in _CELL_REF.findall(body):
            far_row, far_col = max(far_row, int(digits)), max(far_col, _column_number(letters))
    cells += len(_CELL_TAG.findall(tail))
    sheet = part.rsplit("/", 1)[-1].removesuffix(".xml")
    where = f"trang tính ({sheet})"
    problems = []
    if cells > MAX_SHEET_CELLS.value():
        problems.append(Problem(file, MAX_SHEET_CELLS.refusal(f"{where} có {_number(cells)} ô")))
    if far_col > MAX_COLUMNS.value():
        problems.append(Problem(file, MAX_COLUMNS.refusal(f"{where} có ô ở cột thứ {_number(far_col)}")))
    if far_row > MAX_ROWS.value() + 1:
        problems.append(Problem(file, MAX_ROWS.refusal(f"{where} có ô ở dòng {_number(far_row)}")))
    if not problems and far_row * far_col > MAX_SHEET_CELLS.value():
        found = (f"{where} trải từ A1 đến cột {_number(far_col)}, dòng {_number(far_row)} "
                 f"({_number(far_row * far_col)} ô phải đọc; hãy xóa các ô thừa ở xa bảng)")  # fmt: skip
        problems.append(Problem(file, MAX_SHEET_CELLS.refusal(found)))
    return problems


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_width(file: str, width: int) -> None:
    """Refuse a table wider than the column bound (a CSV's header or widest row)."""
    if width > MAX_COLUMNS.value():  # a workbook's extent was checked before it was read
        raise ValidationError([Problem(file, MAX_COLUMNS.refusal(f"bảng có {_number(width)} cột"))])
