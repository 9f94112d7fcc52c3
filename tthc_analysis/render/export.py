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
from datetime import UTC, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format

from tthc_analysis.charts.colours import band_colours
from tthc_analysis.pipeline import YearReport
from tthc_analysis.read.limits import EXCEL_MAX_ROWS
from tthc_analysis.score.districts import district_mean_places, district_stats, parent_level
from tthc_analysis.score.printed import mean_text
from tthc_analysis.score.self_assessment import self_assessment
from tthc_analysis.sections.html import status_notice
from tthc_analysis.vietnamese import format_points

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


class _Sheet:
    """One worksheet written row by row through XlsxWriter, text always as text (see the module docstring)."""

    def __init__(self, book: xlsxwriter.Workbook, name: str) -> None:
        self.book = book
        self.sheet = book.add_worksheet(name)
        self._formats: dict[tuple, Format] = {}
        self._properties: dict[int, dict[str, object]] = {}

    def format(self, **properties: object) -> Format:
        """The cell format with these XlsxWriter properties, made once per sheet."""
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            made = self._formats[key] = self.book.add_format(properties)
            self._properties[id(made)] = properties
        return self._formats[key]

    def text(self, row: int, col: int, value: str, style: Format | None = None) -> None:
        # write_string, never write(): XlsxWriter's write() turns "=1+1" into a formula. A value that would be
        # a formula if typed also gets Excel's quotePrefix flag, so editing the cell keeps it text.
        if needs_neutralising(value):
            style = self.format(**(self._properties[id(style)] if style else {}), quote_prefix=True)
        self.sheet.write_string(row, col, value, style)

    def number(self, row: int, col: int, value: float | int, style: Format | None = None) -> None:
        self.sheet.write_number(row, col, value, style)


_HEADER = {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}


# Data rows per ranking sheet: Excel's 1,048,576 rows less the header and the note under the table.
ROWS_PER_SHEET = EXCEL_MAX_ROWS - 3


def write_ranking_xlsx(report: YearReport, path: Path) -> None:
    """Write the ranking (header in row 1), the districts' figures where the table has districts, and a
    sheet of provenance.

    XlsxWriter streams each sheet row by row ("constant_memory"): a national table (10,599 rows) is written
    in about 1 s, against 2.8 s through openpyxl, which builds a Python object for every cell and styles
    them one by one (openpyxl still reads the input spreadsheets).
    """
    scheme = report.scheme
    summary = report.result.summary
    ranking = summary.ranking
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as book:
        # A fixed document date (the end of the period's year): two runs on one input give one file.
        book.set_properties({"created": datetime(report.year, 12, 31, tzinfo=UTC)})
        ws = _Sheet(book, f"Xếp hạng {_period_name(report)}")
        header, units, districts, scores, totals, bands, ranks, extra_values = _ranking_columns(report)
        ws.sheet.freeze_panes(1, 2)
        ws.sheet.set_column(1, 1, max(14, min(60, max(len(u) for u in units) + 2)))
        ws.sheet.set_column(2, len(header) - 1, 11)
        for col, label in enumerate(header):
            ws.text(0, col, label, ws.format(**_HEADER))
        colours = band_colours(scheme)
        band_styles = {band: ws.format(bg_color=colour.upper(), pattern=1) for band, colour in colours.items()}
        score_style = ws.format(num_format="0.00#")
        total_style = ws.format(num_format="0." + "0" * summary.places)
        for i in range(len(ranking)):
            if i and i % ROWS_PER_SHEET == 0:  # Excel's row limit: the ranking goes on in a further sheet
                ws = _Sheet(book, f"Xếp hạng {report.year} ({i // ROWS_PER_SHEET + 1})")
                ws.sheet.freeze_panes(1, 2)
                for col, label in enumerate(header):
                    ws.text(0, col, label, ws.format(**_HEADER))
                band_styles = {band: ws.format(bg_color=colour.upper(), pattern=1) for band, colour in colours.items()}
                score_style = ws.format(num_format="0.00#")
                total_style = ws.format(num_format="0." + "0" * summary.places)
            row, col = i % ROWS_PER_SHEET + 1, 2
            ws.number(row, 0, i + 1)
            ws.text(row, 1, units[i])
            if districts is not None:
                ws.text(row, 2, districts[i] or "")
                col = 3
            for values in scores:
                ws.number(row, col, float(values[i]), score_style)
                col += 1
            ws.number(row, col, float(totals[i]), total_style)
            ws.text(row, col + 1, bands[i], band_styles[bands[i]])
            ws.number(row, col + 2, int(ranks[i]))
            for offset, values in enumerate(extra_values, start=col + 3):
                _cell(ws, row, offset, values[i])
        notice = status_notice(report)
        if notice:
            last = (len(ranking) - 1) % ROWS_PER_SHEET + 1
            ws.text(last + 2, 0, f"Ghi chú: {notice}", ws.format(italic=True, font_color="#8A5A00"))
        if districts is not None:
            _district_sheet(book, report)
        _self_assessment_sheet(book, report)
        _info_sheet(book, report)


def _district_sheet(book: xlsxwriter.Workbook, report: YearReport) -> None:
    """Every district: rank, units, mean (as printed in the report), its band, band counts, best and worst."""

    scheme = report.scheme
    summary = report.result.summary
    stats = district_stats(summary, scheme)
    places = district_mean_places(stats, scheme)
    ws = _Sheet(book, f"Theo {parent_level(report.result.summary.ranking)[0]}")
    header = ["Hạng", parent_level(summary.ranking)[0].capitalize(), "Số đơn vị", "Điểm bình quân", "Xếp loại", *(b.name for b in scheme.bands),
              "Đơn vị cao nhất", "Điểm cao nhất", "Đơn vị thấp nhất", "Điểm thấp nhất"]  # fmt: skip
    ws.sheet.freeze_panes(1, 2)
    ws.sheet.set_column(1, 1, 28)
    for col, label in enumerate(header):
        ws.text(0, col, label, ws.format(bold=True))
    for row, s in enumerate(stats, start=1):
        values = [s.rank, s.district, s.n_units, mean_text(s.mean, s.mean_band, places, scheme), s.mean_band,
                  *(b.count for b in s.bands), "; ".join(s.best.units), format_points(s.best.total, summary.places),
                  "; ".join(s.worst.units), format_points(s.worst.total, summary.places)]  # fmt: skip
        for col, value in enumerate(values):
            if isinstance(value, int):
                ws.number(row, col, value)
            else:
                ws.text(row, col, value)


def _self_assessment_sheet(book: xlsxwriter.Workbook, report: YearReport) -> None:
    """Where the table carries self-scores: each unit's self-scored and appraised totals and every gap."""
    comparison = self_assessment(report.result.table, report.scheme)
    if comparison is None:
        return
    ws = _Sheet(book, "Tự chấm")
    has_district = any(u.district for u in comparison.units)
    header = ["STT", "Đơn vị"] + (["Huyện"] if has_district else []) + ["Tự chấm", "Thẩm định", "Chênh lệch"]
    header += [f"Chênh lệch chỉ số {c.number}" for c in report.scheme.criteria]
    ws.sheet.freeze_panes(1, 2)
    ws.sheet.set_column(1, 1, 28)
    for col, label in enumerate(header):
        ws.text(0, col, label, ws.format(**_HEADER))
    score_style = ws.format(num_format="0.00#")
    for row, unit in enumerate(comparison.units, start=1):
        ws.number(row, 0, row)
        ws.text(row, 1, unit.unit)
        col = 2
        if has_district:
            ws.text(row, 2, unit.district or "")
            col = 3
        for value in (unit.self_total, unit.total, unit.gap, *unit.criteria):
            ws.number(row, col, float(value), score_style)
            col += 1


def _info_sheet(book: xlsxwriter.Workbook, report: YearReport) -> None:
    meta = report.result.metadata
    rows = [
        ("Năm", str(report.year)) if _is_year(report) else ("Kỳ báo cáo", report.period_label),
        ("Địa phương", meta.locality or "Không rõ"),
        ("Tình trạng số liệu", meta.status_label or "Không rõ"),
        ("Ghi chú", meta.notes or ""),
        ("Nguồn", meta.source or "Không rõ"),
        ("Bộ tiêu chí", report.scheme.title),
        ("Tệp số liệu", report.data_file),
        ("SHA-256", report.sha256),
    ]
    info = _Sheet(book, "Thông tin")
    info.sheet.set_column(0, 0, 22)
    info.sheet.set_column(1, 1, 100)
    for row, (label, value) in enumerate(rows):
        info.text(row, 0, label, info.format(bold=True))
        info.text(row, 1, value)


def _ranking_columns(report: YearReport) -> tuple:
    """What the .xlsx and .csv rankings print: the header, then the columns as lists (district None without one),
    read once each: a national table's thousands of rows as dicts cost four times as much."""
    ranking = report.result.summary.ranking
    has_district = "district" in ranking.columns
    criteria = report.scored_criteria
    extras = _extras(report)
    header = ["STT", "Đơn vị"] + ([_parent_label(report)] if has_district else [])
    header += [_heading(c) for c in criteria] + ["Tổng điểm", "Xếp loại", "Xếp hạng"]
    header += [label for _, label in extras]
    units, bands, totals, ranks = (ranking[c].tolist() for c in ("unit", "band", "total", "rank"))
    districts = ranking["district"].tolist() if has_district else None
    scores = [ranking[c.key].tolist() for c in criteria]
    extra_values = [ranking[column].tolist() for column, _ in extras]
    return header, units, districts, scores, totals, bands, ranks, extra_values


def ranking_rows(report: YearReport) -> list[list[str]]:
    """The ranking as rows of text (header first): numbers with a full stop, names neutralised for a CSV."""
    header, units, districts, scores, totals, bands, ranks, extra_values = _ranking_columns(report)
    rows = [header]
    for i in range(len(units)):
        row = [str(i + 1), safe_cell_text(units[i])]
        if districts is not None:
            row.append(safe_cell_text(districts[i] or ""))
        row += [format(values[i], "f") for values in scores]
        row += [format(totals[i], "f"), safe_cell_text(bands[i]), str(int(ranks[i]))]
        row += [_text(values[i]) for values in extra_values]
        rows.append(row)
    return rows


def write_ranking_csv(report: YearReport, path: Path) -> None:
    """Write the ranking as CSV, UTF-8 with a byte order mark so Excel reads the Vietnamese letters."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(ranking_rows(report))


# Columns a portal file adds to the ranking: the unit's code, its cohort, the portal's own (ordinal) rank.
_EXTRA_COLUMNS = (("code", "Mã đơn vị"), ("cohort", "Khối"), ("portal_rank", "Thứ tự trên Cổng (không đồng hạng)"))


def _is_year(report: YearReport) -> bool:
    return report.period is None or report.period.kind == "year"


def _period_name(report: YearReport) -> str:
    """The period in a sheet name (no "/" allowed there): "2021", "2026-q3"."""
    return str(report.year) if _is_year(report) else report.period.slug


def _heading(criterion) -> str:
    return f"{criterion.code} – {criterion.name}" if criterion.code else f"Chỉ số {criterion.number}"


def _parent_label(report: YearReport) -> str:
    return parent_level(report.result.summary.ranking)[0].capitalize()


def _extras(report: YearReport) -> list[tuple[str, str]]:
    ranking = report.result.summary.ranking
    return [(column, label) for column, label in _EXTRA_COLUMNS
            if column in ranking.columns and ranking[column].notna().any()]  # fmt: skip


def _text(value: object) -> str:
    if value is None or value != value:
        return ""
    return safe_cell_text(str(int(value)) if isinstance(value, float) else str(value))


def _cell(ws: _Sheet, row: int, col: int, value: object) -> None:
    if isinstance(value, (int, float)) and value == value and not isinstance(value, bool):
        ws.number(row, col, int(value))
    elif value is not None and value == value:
        ws.text(row, col, str(value))
