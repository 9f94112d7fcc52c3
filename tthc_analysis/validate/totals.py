"""Tables of totals only (``Đơn vị, Tổng điểm``): ranking, bands and Section I, no per-criterion diagnostics.

Provincial notices often publish only each unit's total. Every row is checked (a name, a number between the
scheme's lowest and highest total, no unit twice) and every problem is reported at once.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.read.base import IGNORED_HEADERS, RawTable, column_roles, header_key
from tthc_analysis.scheme import Scheme
from tthc_analysis.validate.table import ScoreTable, parse_number
from tthc_analysis.vietnamese import format_number, match_key, nfc, normalise_name

__all__ = ["is_totals_only", "stated_totals", "validate_totals"]


def _roles_of(header: list[str], roles: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, label in enumerate(header):
        role = roles.get(header_key(label))
        if role is not None and role not in found:
            found[role] = index
    return found


def is_totals_only(header: list[str], roles: dict[str, str]) -> bool:
    """True when a header names a unit and a total column, no scored column at all, and no column it does not know
    (a header with unknown columns, "CS1, CS2", is a table of scores whose columns are misnamed: refused as such)."""
    found = _roles_of(header, roles)
    scored = [r for r in found if r not in {"unit", "stated_total", "district", "code", "cohort"}]
    unknown = [
        c for c in header if header_key(c) and roles.get(header_key(c)) is None and header_key(c) not in IGNORED_HEADERS
    ]
    return "unit" in found and "stated_total" in found and not scored and not unknown


def stated_totals(raw: RawTable, roles: dict[str, str]) -> list[Decimal]:
    """The totals that read as numbers (to choose a scheme: a total above 18 cannot be TT 01's)."""
    column = _roles_of(raw.rows[0], roles)["stated_total"]
    values = [parse_number(r[column].strip()) for r in raw.rows[1:] if column < len(r)]
    return [v for v in values if v is not None]


def validate_totals(raw: RawTable, scheme: Scheme) -> ScoreTable:
    """Check a totals-only table row by row; the reader's own problems come first."""
    problems = list(raw.problems)
    roles = column_roles(scheme)
    column_of = _roles_of(raw.rows[0], roles)
    label = {role: nfc(raw.rows[0][i].strip()) for role, i in column_of.items()}
    records: list[dict] = []
    seen: dict[str, int] = {}
    for line, row in zip(raw.lines[1:], raw.rows[1:]):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(raw.rows[0]):
            problems.append(Problem(raw.file, f"dòng có {len(row)} ô, trong khi tiêu đề có {len(raw.rows[0])} cột",
                                    row=line, sheet=raw.sheet))  # fmt: skip
            continue
        unit = normalise_name(row[column_of["unit"]])
        district = normalise_name(row[column_of["district"]]) or None if "district" in column_of else None
        cell = row[column_of["stated_total"]].strip()
        where = dict(row=line, unit=unit or None, column=label["stated_total"], sheet=raw.sheet)
        total = parse_number(cell)
        if not unit:
            problems.append(Problem(raw.file, "tên đơn vị để trống", row=line, column=label["unit"], sheet=raw.sheet))
        else:
            key = f"{match_key(district or '')}|{match_key(unit)}"
            if key in seen:
                problems.append(Problem(raw.file, f"đơn vị bị trùng, đã có ở dòng {seen[key]}", row=line, unit=unit,
                                        column=label["unit"], sheet=raw.sheet))  # fmt: skip
            seen.setdefault(key, line)
        low, high = scheme.min_points * len(scheme.criteria), scheme.max_total
        if not cell:
            problems.append(Problem(raw.file, "ô tổng điểm để trống", **where))
        elif total is None:
            problems.append(Problem(raw.file, "tổng điểm không phải là số", value=cell, **where))
        elif not low <= total <= high:
            bounds = f"{format_number(low, 0)} đến {format_number(high, 0)}"
            problems.append(Problem(raw.file, f"tổng điểm phải nằm trong khoảng từ {bounds}", value=cell, **where))
        record = {"row": line, "unit": unit}
        if "district" in column_of:
            record["district"] = district
        for extra in ("code", "cohort"):
            if extra in column_of:
                record[extra] = nfc(row[column_of[extra]].strip()) or None
        record["stated_total"] = total
        records.append(record)
    if not records and not problems:
        problems.append(Problem(raw.file, "bảng có dòng tiêu đề nhưng không có dòng dữ liệu nào"))
    if problems:
        raise ValidationError(problems)
    return ScoreTable(frame=pd.DataFrame.from_records(records), scheme=scheme, source=raw.file, sheet=raw.sheet,
                      encoding=raw.encoding, has_stated_total=True, has_district="district" in column_of,
                      totals_only=True)  # fmt: skip
