"""The ranking table as a spreadsheet (the report's appendix, for reuse by the province).

Text taken from input (unit and district names, metadata) must never become a live formula in
Excel or LibreOffice ("CSV/formula injection"). Two cases:

* ``.xlsx``: every text cell is written as a string cell (``data_type "s"``), which a spreadsheet
  never evaluates; a value a spreadsheet *would* evaluate if typed (see :func:`needs_neutralising`)
  also gets the cell style flag ``quotePrefix``, Excel's own "text, not formula" marker, so editing
  the cell keeps it text. The text is shown exactly as given: no apostrophe is added to the value.
* ``.csv``: a CSV has no cell types, so such a value is written with a leading apostrophe
  (:func:`safe_cell_text`), as OWASP recommends; Excel hides the apostrophe when it opens the file.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .report import YearReport, _status_notice
from .charts import band_colours
from .vietnamese import format_points

__all__ = ["FORMULA_TRIGGERS", "needs_neutralising", "ranking_rows", "ranking_workbook", "safe_cell_text",
           "write_ranking_csv", "write_ranking_xlsx"]  # fmt: skip

# First characters that make Excel, LibreOffice or Google Sheets read a typed or imported value as a
# formula (OWASP "CSV Injection"): = + - @, and tab / carriage return, which some importers drop
# before looking at what follows.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def needs_neutralising(text: str) -> bool:
    """True where a spreadsheet would evaluate ``text`` as a formula if it were a plain (typed or CSV) value.

    Leading spaces are looked through: some importers trim them, after which ``" =1+1"`` is a formula.
    """
    return text[:1] in FORMULA_TRIGGERS or text.lstrip(" ")[:1] in FORMULA_TRIGGERS


def safe_cell_text(text: str) -> str:
    """``text`` for a CSV cell: prefixed with an apostrophe where a spreadsheet would evaluate it, else unchanged."""
    return "'" + text if needs_neutralising(text) else text


def _text(cell, value: str) -> None:
    # Always a string cell: a unit name such as "=1+1" must never become a live formula. Values that
    # would be formulas if typed also carry Excel's quotePrefix flag, so editing the cell keeps it text.
    cell.value = value
    cell.data_type = "s"
    if needs_neutralising(value):
        cell.quotePrefix = True


def ranking_workbook(report: YearReport) -> Workbook:
    """A workbook with the ranking (header in row 1) and a sheet of provenance."""
    scheme = report.scheme
    summary = report.result.summary
    wb = Workbook()
    ws = wb.active
    ws.title = f"Xếp hạng {report.year}"
    has_district = "district" in summary.ranking.columns
    header = ["STT", "Đơn vị"] + (["Huyện"] if has_district else [])
    header += [f"Chỉ số {c.number}" for c in scheme.criteria] + ["Tổng điểm", "Xếp loại", "Xếp hạng"]
    for col, label in enumerate(header, start=1):
        cell = ws.cell(row=1, column=col)
        _text(cell, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    colours = band_colours(scheme)
    # One fill per band, shared by its cells (a new style object per cell costs a registry lookup each).
    fills = {band: PatternFill("solid", fgColor=colour.lstrip("#").upper()) for band, colour in colours.items()}
    places = summary.places
    number_format = "0." + "0" * places
    for i, r in enumerate(summary.ranking.to_dict("records"), start=1):
        row = i + 1
        col = 1
        ws.cell(row=row, column=col, value=i)
        col += 1
        _text(ws.cell(row=row, column=col), r["unit"])
        if has_district:
            col += 1
            _text(ws.cell(row=row, column=col), r.get("district") or "")
        for c in scheme.criteria:
            col += 1
            cell = ws.cell(row=row, column=col, value=float(r[c.key]))
            cell.number_format = "0.00#"
        col += 1
        ws.cell(row=row, column=col, value=float(r["total"])).number_format = number_format
        col += 1
        band_cell = ws.cell(row=row, column=col)
        _text(band_cell, r["band"])
        band_cell.fill = fills[r["band"]]
        col += 1
        ws.cell(row=row, column=col, value=int(r["rank"]))
    ws.freeze_panes = "C2"
    ws.column_dimensions["B"].width = max(14, min(60, max(len(u) for u in summary.ranking["unit"]) + 2))
    for col in range(3, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    notice = _status_notice(report)
    if notice:
        cell = ws.cell(row=len(summary.ranking) + 3, column=1)
        _text(cell, f"Ghi chú: {notice}")
        cell.font = Font(italic=True, color="8A5A00")

    if has_district:
        _district_sheet(wb, report)
    info = wb.create_sheet("Thông tin")
    meta = report.result.metadata
    rows = [
        ("Năm", str(report.year)),
        ("Địa phương", meta.locality or "Không rõ"),
        ("Tình trạng số liệu", meta.status_label or "Không rõ"),
        ("Ghi chú", meta.notes or ""),
        ("Nguồn", meta.source or "Không rõ"),
        ("Bộ tiêu chí", scheme.title),
        ("Tệp số liệu", report.data_file),
        ("SHA-256", report.sha256),
    ]
    for r, (label, value) in enumerate(rows, start=1):
        _text(info.cell(row=r, column=1), label)
        info.cell(row=r, column=1).font = Font(bold=True)
        _text(info.cell(row=r, column=2), value)
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    return wb


def _district_sheet(wb: Workbook, report: YearReport) -> None:
    """Every district: rank, units, mean (as printed in the report), its band, band counts, best and worst."""
    from .districts import district_mean_places, district_stats, mean_text

    scheme = report.scheme
    summary = report.result.summary
    stats = district_stats(summary, scheme)
    places = district_mean_places(stats, scheme)
    ws = wb.create_sheet("Theo huyện")
    header = ["Hạng", "Huyện", "Số đơn vị", "Điểm bình quân", "Xếp loại", *(b.name for b in scheme.bands),
              "Đơn vị cao nhất", "Điểm cao nhất", "Đơn vị thấp nhất", "Điểm thấp nhất"]  # fmt: skip
    for col, label in enumerate(header, start=1):
        _text(ws.cell(row=1, column=col), label)
        ws.cell(row=1, column=col).font = Font(bold=True)
    for row, s in enumerate(stats, start=2):
        values = [s.rank, s.district, s.n_units, mean_text(s, places, scheme), s.mean_band,
                  *(b.count for b in s.bands), "; ".join(s.best.units), format_points(s.best.total, summary.places),
                  "; ".join(s.worst.units), format_points(s.worst.total, summary.places)]  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            if isinstance(value, int):
                cell.value = value
            else:
                _text(cell, value)
    ws.freeze_panes = "C2"
    ws.column_dimensions["B"].width = 28


def write_ranking_xlsx(report: YearReport, path: Path) -> None:
    ranking_workbook(report).save(path)


def ranking_rows(report: YearReport) -> list[list[str]]:
    """The ranking as rows of text (header first): numbers with a full stop, names neutralised for a CSV."""
    summary = report.result.summary
    has_district = "district" in summary.ranking.columns
    header = ["STT", "Đơn vị"] + (["Huyện"] if has_district else [])
    header += [f"Chỉ số {c.number}" for c in report.scheme.criteria] + ["Tổng điểm", "Xếp loại", "Xếp hạng"]
    rows = [header]
    for i, r in enumerate(summary.ranking.to_dict("records"), start=1):
        row = [str(i), safe_cell_text(r["unit"])]
        if has_district:
            row.append(safe_cell_text(r.get("district") or ""))
        row += [format(r[c.key], "f") for c in report.scheme.criteria]
        row += [format(r["total"], "f"), safe_cell_text(r["band"]), str(int(r["rank"]))]
        rows.append(row)
    return rows


def write_ranking_csv(report: YearReport, path: Path) -> None:
    """Write the ranking as CSV, UTF-8 with a byte order mark so Excel reads the Vietnamese letters."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(ranking_rows(report))
