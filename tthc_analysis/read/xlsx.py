"""Excel workbooks (.xlsx): cells as text, located by their row; formulas by their stored values."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from tthc_analysis.errors import Problem
from tthc_analysis.read.base import NO_CACHED_VALUE, RawTable, trim_to_header
from tthc_analysis.read.legacy import fix_legacy_text
from tthc_analysis.vietnamese import nfc

_EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                 "#CALC!"}  # fmt: skip


_NUMERIC = re.compile(r"-?\d+(?:[.,]\d+)?")


def _number_text(value: float | int | Decimal) -> str:
    """Exact decimal text of a number cell: the shortest repr of a float (1.7, never 1.69999…).

    Excel keeps 15 significant digits, so a formula's stored 15.999999999999998 is read as 16.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        shortest = Decimal(repr(value))
        if len(shortest.as_tuple().digits) > 15:
            shortest = Decimal(format(value, ".15g"))
        return format(shortest.normalize() if shortest == shortest.to_integral() else shortest, "f")
    return format(Decimal(value), "f")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return _number_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def read_xlsx(path: Path, sheet: str | None, roles: dict[str, str]) -> RawTable:
    import openpyxl

    table = RawTable(str(path), encoding="xlsx")
    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except OSError as exc:
        table.problems.append(Problem(table.file, f"không mở được tệp: {exc.strerror or exc}"))
        table.fatal = True
        return table
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        table.problems.append(Problem(table.file, f"không đọc được tệp Excel (.xlsx): {exc}"))
        table.fatal = True
        return table
    if sheet is not None and sheet not in values.sheetnames:
        names = ", ".join(f"“{n}”" for n in values.sheetnames)
        table.problems.append(Problem(table.file, f"không có trang tính “{sheet}”; các trang tính có: {names}"))
        table.fatal = True
        return table
    ws = values[sheet] if sheet is not None else values.worksheets[0]
    wf = formulas[ws.title]
    table.sheet = ws.title
    rows, lines, odd = [], [], []
    for cells in ws.iter_rows():
        row = []
        for cell in cells:
            text = _cell_text(cell.value)
            formula = wf.cell(row=cell.row, column=cell.column)
            if cell.data_type == "e" or text in _EXCEL_ERRORS:
                message = f"ô {cell.coordinate} có lỗi {text} thay cho giá trị; hãy sửa công thức hoặc nhập số"
                odd.append((len(rows), cell.column - 1, message, text))
            elif cell.value is None and formula.data_type == "f":
                odd.append((len(rows), cell.column - 1, f"{NO_CACHED_VALUE} (ô {cell.coordinate})", str(formula.value)))
            row.append(text)
        rows.append(row)
        lines.append(cells[0].row if cells else len(rows))
    if not any(any(cell.strip() for cell in row) for row in rows):
        table.problems.append(Problem(table.file, "trang tính rỗng, không có tiêu đề cột và dữ liệu", sheet=ws.title))
        table.fatal = True
        return table
    fix_legacy_text(table, rows, lines, roles)
    rows = [[nfc(cell) for cell in row] for row in rows]
    trim_to_header(table, rows, lines, roles)
    offset = len(rows) - len(table.rows)
    for index, column, message, value in odd:
        if index >= offset:
            table.problems.append(table.problem(message, index - offset, column, value=value))
            table.flagged.add((index - offset, column))
    _report_merged(table, ws, offset)
    return table


def _report_merged(table: RawTable, ws, offset: int) -> None:
    """A cell merged over several rows under the header names its value on its first row only: report it."""
    first_body_line = table.lines[1] if len(table.lines) > 1 else None
    if first_body_line is None:
        return
    # A signature block under the table ("KT. GIÁM ĐỐC" merged over two rows) is no unit's row: merges
    # below the last row holding a number are left to the footer rule of the checks.
    numeric = [table.lines[i] for i, row in enumerate(table.rows) if any(_NUMERIC.fullmatch(c.strip()) for c in row)]
    last_data_line = max(numeric, default=first_body_line)
    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if merged.max_row == merged.min_row or merged.max_row < first_body_line or merged.min_row > last_data_line:
            continue
        top = max(merged.min_row, first_body_line)
        index = table.lines.index(top) if top in table.lines else None
        column = merged.min_col - 1
        message = (f"ô gộp {merged.coord} kéo qua {merged.max_row - merged.min_row + 1} dòng; "
                   "mỗi dòng phải ghi đủ giá trị của mình, hãy bỏ gộp ô")  # fmt: skip
        table.problems.append(table.problem(message, index, column))
        for line in range(top, merged.max_row + 1):
            if line in table.lines:
                for col in range(merged.min_col - 1, merged.max_col):
                    table.flagged.add((table.lines.index(line), col))
