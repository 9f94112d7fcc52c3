"""Builders of spreadsheets laid out as provinces send them (synthetic layouts of the real 2021 scores).

* :func:`signature_both_sides`: title block, a one-row header, the table, then a signature block on both
  sides below it ("Người lập biểu" on the left; "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" on the right, in the score
  columns, merged over several cells), a place and date line.
* :func:`two_row_header`: the same with a two-row header: "STT", "Tên đơn vị" and "Tổng điểm" merged over both
  rows, a merged group label "Điểm các chỉ số" over the bare criterion numbers 1…9.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl

CLEAN_2021 = Path(__file__).parents[1] / "data" / "2021" / "scores.csv"


def _scores() -> list[list[str]]:
    with CLEAN_2021.open(encoding="utf-8") as stream:
        return list(csv.reader(stream))[1:]


def _number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral() else float(text)


TITLE_ROWS = 4  # three lines and a blank row


def _title(sheet) -> None:
    sheet.append(["UBND TỈNH LÂM ĐỒNG"])
    sheet.append(["BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH NĂM 2021"])
    sheet.merge_cells("A2:M2")
    sheet.append(["(Kèm theo Báo cáo số …/BC-UBND)"])
    sheet.append([])


def _body(sheet) -> None:
    for number, row in enumerate(_scores(), 1):
        sheet.append([number, row[0], *(_number(v) for v in row[1:])])


def _signatures(sheet) -> None:
    """A blank row, then the left and right signature blocks, text in the score columns on the right."""
    start = sheet.max_row + 2  # under the last unit's row and one blank row
    sheet.append([])
    sheet.append(
        [None, "Người lập biểu", None, None, None, None, None, None, None, "Đà Lạt, ngày 10 tháng 01 năm 2022"]
    )
    sheet.append([None, None, None, None, None, None, None, None, None, "KT. GIÁM ĐỐC"])
    sheet.append([None, None, None, None, None, None, None, None, None, "PHÓ GIÁM ĐỐC"])
    sheet.append([None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, None, None, "(Ký tên, đóng dấu)"])
    sheet.append([])
    sheet.append([None, "Nguyễn Văn A", None, None, None, None, None, None, None, "Trần Thị B"])
    for offset in range(4):
        sheet.merge_cells(start_row=start + offset, start_column=10, end_row=start + offset, end_column=13)
    sheet.merge_cells(start_row=start + 1, start_column=2, end_row=start + 2, end_column=2)  # over two rows


def signature_both_sides(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    _title(sheet)
    sheet.append(["STT", "Tên đơn vị", *(f"Chỉ số {n}" for n in range(1, 10)), "Tổng điểm"])
    _body(sheet)
    _signatures(sheet)
    book.save(path)
    return path


def two_row_header(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    _title(sheet)
    top = TITLE_ROWS + 1
    sheet.append(["STT", "Tên đơn vị", "Điểm các chỉ số", *[None] * 8, "Tổng điểm"])
    sheet.append([None, None, *range(1, 10), None])
    sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    sheet.merge_cells(start_row=top, start_column=2, end_row=top + 1, end_column=2)
    sheet.merge_cells(start_row=top, start_column=3, end_row=top, end_column=11)
    sheet.merge_cells(start_row=top, start_column=12, end_row=top + 1, end_column=12)
    _body(sheet)
    _signatures(sheet)
    book.save(path)
    return path
