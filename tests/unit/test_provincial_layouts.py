"""Provincial layouts (issue 14): signature blocks on both sides and two-row headers read as the clean table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from provincial_files import CLEAN_2021, signature_both_sides, two_row_header  # noqa: E402

from tthc_analysis.cli import main  # noqa: E402
from tthc_analysis.errors import ValidationError  # noqa: E402
from tthc_analysis.validate import read_scores  # noqa: E402


def summary_json(path: Path, capsys) -> dict:
    assert main(["summary", str(path), "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("build", [signature_both_sides, two_row_header])
def test_provincial_spreadsheet_gives_the_clean_summary(build, tmp_path, capsys):
    clean = summary_json(CLEAN_2021, capsys)
    provincial = summary_json(build(tmp_path / "bang.xlsx"), capsys)
    # The clean table's metadata.toml names its year; the spreadsheet, written alone, has none: every figure agrees.
    assert clean.pop("period") == {"kind": "year", "year": 2021, "number": None, "label": "năm 2021"}
    assert provincial.pop("period") is None
    assert provincial == clean


def test_two_row_header_for_self_scores(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên đơn vị", "Điểm các chỉ số", *[None] * 8, "Điểm tự chấm", *[None] * 8])
    sheet.append([None, *range(1, 10), *range(1, 10)])
    sheet.append(["Phường 1", *[2] * 8, 0, *[2] * 9])
    book.save(tmp_path / "tu-cham.xlsx")
    table = read_scores(tmp_path / "tu-cham.xlsx")
    assert table.has_self_scores and str(table.frame.loc[0, "self_c9"]) == "2"


def test_no_header_names_the_likely_row_and_what_it_lacks(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["UBND TỈNH LÂM ĐỒNG"])
    sheet.append(["BẢNG TỔNG HỢP"])
    sheet.append(["Tên đơn vị", "CS1", "CS2", "Tổng điểm"])
    sheet.append(["Phường 1", 2, 2, 4])
    book.save(tmp_path / "thieu.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_scores(tmp_path / "thieu.xlsx")
    (problem,) = [p for p in caught.value.problems if "thiếu cột điểm" in p.message]
    assert problem.row == 3 and "các cột không nhận ra: CS1, CS2" in problem.message
