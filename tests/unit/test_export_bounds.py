"""The ranking workbook (issue 14): split past Excel's row limit instead of truncated; the same bytes every run."""

from __future__ import annotations

import time

import openpyxl

from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render import export

UNITS = [f"Phường {n}" for n in range(1, 8)]


def year_data(tmp_path):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    header = "Đơn vị," + ",".join(f"Chỉ số {n}" for n in range(1, 10))
    body = "".join(f"{unit},2,2,2,2,2,2,2,2,{n % 3}\n" for n, unit in enumerate(UNITS))
    (folder / "scores.csv").write_text(f"{header}\n{body}", encoding="utf-8")
    return folder.parent


def test_ranking_goes_on_in_further_sheets_past_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "ROWS_PER_SHEET", 3)
    report = load_year_report(2024, year_data(tmp_path))
    path = tmp_path / "xh.xlsx"
    export.write_ranking_xlsx(report, path)
    book = openpyxl.load_workbook(path)
    ranking = [name for name in book.sheetnames if name.startswith("Xếp hạng")]
    assert ranking == ["Xếp hạng 2024", "Xếp hạng 2024 (2)", "Xếp hạng 2024 (3)"]
    units = [row[1] for name in ranking for row in book[name].iter_rows(min_row=2, values_only=True) if row[1]]
    assert sorted(units) == sorted(UNITS)
    assert all(book[name]["B1"].value == "Đơn vị" for name in ranking)


def test_workbook_is_byte_identical_across_runs(tmp_path):
    report = load_year_report(2024, year_data(tmp_path))
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export.write_ranking_xlsx(report, first)
    time.sleep(1.1)  # a document date taken from the clock would now differ
    export.write_ranking_xlsx(report, second)
    assert first.read_bytes() == second.read_bytes()
