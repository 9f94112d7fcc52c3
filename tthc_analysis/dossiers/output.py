"""What ``tthc dossiers`` writes: the QĐ 766 indicator table (CSV), the follow-up workbook (xlsx), the JSON object.

The CSV has one row per unit with ``Đơn vị`` and ``TDGQ`` first (the columns a QĐ 766 score table reader takes:
the group code as its heading, points with a decimal point), then the counts behind them. UTF-8 with a byte order
mark so Excel reads the Vietnamese letters; text a spreadsheet would evaluate gets a leading apostrophe (OWASP),
as the ranking export does (that helper lives in a higher layer, so the rule is restated here).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from tthc_analysis.dossiers.evaluate import ListedDossier, PeriodIndicators

__all__ = ["CSV_COLUMNS", "differing_units", "indicator_rows", "portal_tdgq", "to_json", "write_csv", "write_workbook"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_ROWS = 1_048_576

# (heading, how to get the value from a UnitIndicators)
CSV_COLUMNS: list[tuple[str, str]] = [
    ("Đơn vị", "unit"),
    ("TDGQ", "tdgq"),
    ("Tỷ lệ đúng hạn (%)", "on_time_ratio"),
    ("Hồ sơ được đánh giá", "dossiers"),
    ("Đúng hạn", "on_time"),
    ("Trễ hạn", "late"),
    ("Đã giải quyết trước hạn", "early"),
    ("Đã giải quyết đúng hạn", "on_time_finished"),
    ("Đã giải quyết trễ hạn", "late_finished"),
    ("Đang giải quyết trong hạn", "open_within"),
    ("Đang giải quyết quá hạn", "open_overdue"),
    ("Tiếp nhận trong kỳ", "received"),
    ("Tiếp nhận trực tuyến", "received_online"),
    ("Tiếp nhận trực tiếp", "received_direct"),
    ("Tiếp nhận qua bưu chính", "received_post"),
    ("Từ kỳ trước chuyển sang", "carried_over"),
    ("Số ngày giải quyết bình quân", "average_processing_days"),
    ("Tỷ lệ trực tuyến (%)", "online_share"),
    ("Tỷ lệ thanh toán trực tuyến (%)", "online_payment_share"),
    ("Tỷ lệ có thành phần số hóa (%)", "digitised_share"),
    ("Không đánh giá được", "unjudgeable"),
    ("Không tính (rút, dừng xử lý)", "excluded"),
]


def _safe(text: str) -> str:
    return "'" + text if text[:1] in _TRIGGERS or text.lstrip(" ")[:1] in _TRIGGERS else text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def portal_tdgq(path: str | Path) -> dict[str, Decimal]:
    """TDGQ of each unit in a portal file (data/portal-766 layout), by name and by code, as exact decimals."""
    data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    found: dict[str, Decimal] = {}
    for key in ("communes", "agencies", "communesDetail", "provinces"):
        for unit in data.get(key, []):
            score = unit.get("groupScores", {}).get("TDGQ")
            if score is None:
                continue
            for name in (unit.get("departmentName"), unit.get("departmentCode")):
                if name:
                    found[_unit_key(name)] = Decimal(score)
    return found


def _unit_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def indicator_rows(result: PeriodIndicators, portal: dict[str, Decimal] | None = None) -> list[list[str]]:
    """The CSV rows (header first); with ``portal``, the portal's TDGQ and the difference are added."""
    header = [heading for heading, _ in CSV_COLUMNS]
    if portal is not None:
        header += ["TDGQ trên Cổng DVCQG", "Chênh lệch TDGQ"]
    rows = [header]
    for unit in result.units:
        row = [_safe(unit.unit)] + [_cell(getattr(unit, attribute)) for _, attribute in CSV_COLUMNS[1:]]
        if portal is not None:
            theirs = portal.get(_unit_key(unit.unit))
            difference = None if theirs is None or unit.tdgq is None else unit.tdgq - theirs
            row += [_cell(theirs), _cell(difference)]
        rows.append(row)
    return rows


def differing_units(result: PeriodIndicators, portal: dict[str, Decimal]) -> list[tuple[str, Decimal | None, Decimal]]:
    """Units whose computed TDGQ differs from the portal's: (unit, computed, portal)."""
    out = []
    for unit in result.units:
        theirs = portal.get(_unit_key(unit.unit))
        if theirs is not None and unit.tdgq != theirs:
            out.append((unit.unit, unit.tdgq, theirs))
    return out


def write_csv(result: PeriodIndicators, path: Path, portal: dict[str, Decimal] | None = None) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(indicator_rows(result, portal))
    return path


def _datetime_text(value) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y %H:%M:%S")


_LIST_HEADINGS = ["Đơn vị", "Mã hồ sơ", "Mã TTHC", "Tình trạng", "Kênh", "Trạng thái", "Ngày tiếp nhận", "Ngày hẹn trả",
                  "Ngày kết thúc xử lý", "Số lần yêu cầu bổ sung", "Thời gian chờ bổ sung (ngày)", "Số ngày quá hạn",
                  "Lý do không đánh giá được"]  # fmt: skip


def write_workbook(result: PeriodIndicators, listed: list[ListedDossier], path: Path) -> Path:
    """The follow-up workbook: a summary sheet per unit, and the late, overdue and unjudgeable dossiers by unit."""
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"})
    text_prefix = book.add_format({"quote_prefix": True})
    summary = book.add_worksheet("Tổng hợp")
    headings = ["Đơn vị", "TDGQ", "Hồ sơ được đánh giá", "Đúng hạn", "Đã giải quyết trễ hạn", "Đang giải quyết quá hạn",
                "Không đánh giá được"]  # fmt: skip
    for col, heading in enumerate(headings):
        summary.write_string(0, col, heading, bold)
    summary.set_column(0, 0, 40)
    for row, unit in enumerate(result.units, 1):
        _text(summary, row, 0, unit.unit, text_prefix)
        if unit.tdgq is not None:
            summary.write_number(row, 1, float(unit.tdgq))
        for col, value in enumerate(
            (unit.dossiers, unit.on_time, unit.late_finished, unit.open_overdue, unit.unjudgeable), 2
        ):
            summary.write_number(row, col, value)
    summary.write_string(len(result.units) + 2, 0, f"Kỳ: {result.period.label}. Nguồn: {result.source}.")
    sheet = book.add_worksheet("Hồ sơ trễ, quá hạn")
    for col, heading in enumerate(_LIST_HEADINGS):
        sheet.write_string(0, col, heading, bold)
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 12, 16)
    shown = listed[: EXCEL_ROWS - 2]
    for row, d in enumerate(shown, 1):
        cells = [d.unit, d.dossier_id, d.procedure or "", d.state, str(d.channel or ""), str(d.status or ""),
                 _datetime_text(d.received), _datetime_text(d.due), _datetime_text(d.finished)]  # fmt: skip
        for col, value in enumerate(cells):
            _text(sheet, row, col, value, text_prefix)
        sheet.write_number(row, 9, d.supplements)
        sheet.write_number(row, 10, d.citizen_days)
        if d.overdue_days is not None:
            sheet.write_number(row, 11, d.overdue_days)
        _text(sheet, row, 12, d.reason or "", text_prefix)
    if len(listed) > len(shown):
        sheet.write_string(
            len(shown) + 1, 0, f"Còn {len(listed) - len(shown)} hồ sơ không ghi được (giới hạn dòng của Excel)."
        )
    sheet.autofilter(0, 0, max(len(shown), 1), len(_LIST_HEADINGS) - 1)
    sheet.freeze_panes(1, 0)
    book.close()
    return path


def _text(sheet, row: int, col: int, value: str, prefix) -> None:
    if value[:1] in _TRIGGERS or value.lstrip(" ")[:1] in _TRIGGERS:
        sheet.write_string(row, col, value, prefix)
    else:
        sheet.write_string(row, col, value)


def to_json(result: PeriodIndicators, listed: list[ListedDossier] | None = None) -> dict:
    """The ``--json`` object: the period, every unit's indicators, and the unjudgeable dossiers listed."""
    unjudgeable = [
        {"unit": d.unit, "dossier": d.dossier_id, "reason": d.reason} for d in (listed or []) if d.reason is not None
    ]
    return {
        "period": result.period.to_json(),
        "source": result.source,
        "engine": result.engine,
        "units": [unit.to_dict() for unit in result.units],
        "total": result.totals().to_dict(),
        "unjudgeable": unjudgeable,
    }
