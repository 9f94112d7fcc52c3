"""The readable path of validation: every row of a table checked, every problem worded in file order."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import partial

import pandas as pd

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.read.base import IGNORED_HEADERS, RawTable, column_roles, header_key
from tthc_analysis.read.limits import MAX_NAME_LENGTH
from tthc_analysis.scheme import Scheme
from tthc_analysis.validate.table import ScoreTable, parse_number
from tthc_analysis.vietnamese import HIDDEN, format_number, hidden_chars, match_key, nfc, normalise_name


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _without_footer(numbered: list, score_columns: list[int]) -> list:
    """Drop a signature block under the table ("Người lập biểu" on the left, "KT. GIÁM ĐỐC" on the right, a date).

    The block is what follows the first blank row after the data, when none of its rows holds a number in
    a score column (its words may stand in score columns: a right-hand signature usually does). A blank row
    inside the data (numbers after it) keeps every row, so nothing is lost silently.
    """
    seen_data = False
    for position, (_, (_, row)) in enumerate(numbered):
        if not _blank(row):
            seen_data = True
        elif seen_data:
            tail = [r for _, (_, r) in numbered[position:] if not _blank(r)]
            if all(not any(_is_number(r[c]) for c in score_columns if c < len(r)) for r in tail):
                return numbered[:position]
            return numbered
    return numbered


def _is_number(cell: str) -> bool:
    return parse_number(cell.strip()) is not None


def _name_problems(problem, name: str, line: int, column: str, what: str = "tên đơn vị") -> list[Problem]:
    """A name that could mislead its reader: hidden characters (reordering, look-alikes, terminal codes), length."""
    found = []
    hidden = hidden_chars(name)
    if hidden:
        found.append(problem(f"{what} có ký tự ẩn hoặc ký tự điều khiển ({', '.join(hidden)}), có thể làm sai lệch "
                             f"cách hiển thị hoặc giả một tên khác; hãy xóa các ký tự này (phần nhìn thấy: "
                             f"“{HIDDEN.sub('', name)}”)", row=line, column=column))  # fmt: skip
    if len(name) > MAX_NAME_LENGTH.value():
        found.append(problem(MAX_NAME_LENGTH.refusal(f"{what} dài {len(name):,} ký tự".replace(",", ".")),
                             row=line, column=column))  # fmt: skip
    return found


def _column_label(scheme: Scheme, key: str) -> str:
    """How a missing score column is named: "Chỉ số 3", or a group's code and name ("CKMB (Công khai, minh bạch)")."""
    criterion = scheme.criterion(key)
    return f"{criterion.code} ({criterion.name})" if criterion.code else f"Chỉ số {criterion.number}"


def validate_rows(raw: RawTable, scheme: Scheme) -> ScoreTable:
    """Check every row of a table read from a file; the reader's own problems come first."""
    name = raw.file
    problems = list(raw.problems)
    problem = partial(Problem, name, sheet=raw.sheet)

    header, header_line = raw.rows[0], raw.lines[0]
    roles = column_roles(scheme)
    column_of: dict[str, int] = {}
    label_of: dict[str, str] = {}
    unknown: list[str] = []
    for index, label in enumerate(header):
        key = header_key(label)
        role = roles.get(key)
        if role is None:
            if key and key not in IGNORED_HEADERS:
                unknown.append(nfc(label.strip()))
            continue
        if role in column_of:
            problems.append(problem("cột bị lặp lại", row=header_line, column=nfc(label.strip())))
            continue
        column_of[role] = index
        label_of[role] = nfc(label.strip())

    missing = [k for k in scheme.criterion_keys if k not in column_of]
    if "unit" not in column_of:
        problems.append(problem("thiếu cột tên đơn vị (“Đơn vị” hoặc “unit”)", row=header_line))
    if missing:
        names = ", ".join(_column_label(scheme, k) for k in missing)
        hint = f"; các cột không nhận ra: {', '.join(unknown)}" if unknown else ""
        problems.append(problem(f"thiếu cột điểm: {names}{hint}", row=header_line))
    numbered = _without_footer(list(enumerate(zip(raw.lines, raw.rows)))[1:],
                               [column_of[k] for k in scheme.criterion_keys if k in column_of])  # fmt: skip
    data_rows = [(i, line, r) for i, (line, r) in numbered if any(cell.strip() for cell in r)]
    if not data_rows and "unit" in column_of and not missing:
        problems.append(problem("bảng có dòng tiêu đề nhưng không có dòng dữ liệu nào"))
    if problems:
        raise ValidationError(problems)

    records: list[dict] = []
    seen: dict[str, tuple[int, str]] = {}
    score_roles = scheme.criterion_keys + [f"self_{k}" for k in scheme.criterion_keys if f"self_{k}" in column_of]
    for index, line, row in data_rows:
        if len(row) != len(header):
            problems.append(problem(f"dòng có {len(row)} ô, trong khi tiêu đề có {len(header)} cột", row=line))
            continue
        unit = normalise_name(row[column_of["unit"]])
        record: dict = {"row": line, "unit": unit}
        if "district" in column_of:
            record["district"] = normalise_name(row[column_of["district"]]) or None
            if record["district"]:
                problems += _name_problems(
                    problem, record["district"], line, label_of["district"], "tên đơn vị cấp trên"
                )
        for extra in ("code", "cohort"):
            if extra in column_of:
                record[extra] = nfc(row[column_of[extra]].strip()) or None
        if (index, column_of["unit"]) in raw.flagged:
            pass  # reported by the reader (a merged cell)
        elif not unit or not match_key(unit):
            problems.append(problem("tên đơn vị để trống", row=line, column=label_of["unit"]))
        else:
            problems += _name_problems(problem, unit, line, label_of["unit"])
            # One name may recur in different districts (province-wide tables), not within one.
            key = f"{match_key(record.get('district') or '')}|{match_key(unit)}"
            if key in seen:
                first_line, _ = seen[key]
                problems.append(problem(f"đơn vị bị trùng, đã có ở dòng {first_line}", row=line, unit=unit,
                                        column=label_of["unit"]))  # fmt: skip
            else:
                seen[key] = (line, unit)
        for role in score_roles:
            criterion = scheme.criterion(role.removeprefix("self_"))
            cell = row[column_of[role]].strip()
            value = parse_number(cell)
            where = dict(row=line, unit=unit or None, column=label_of[role])
            if (index, column_of[role]) in raw.flagged:
                value = None  # reported by the reader (formula, error or merged cell)
            elif not cell:
                problems.append(problem("ô điểm để trống", **where))
            elif value is None:
                problems.append(problem("giá trị không phải là số", value=cell, **where))
            elif not scheme.min_points <= value <= criterion.max_points:
                bounds = f"{format_number(scheme.min_points, 0)} đến {format_number(criterion.max_points, 0)}"
                problems.append(problem(f"điểm phải nằm trong khoảng từ {bounds}", value=cell, **where))
            record[role] = value
        if "stated_total" in column_of:
            cell = row[column_of["stated_total"]].strip()
            stated = parse_number(cell)
            where = dict(row=line, unit=unit or None, column=label_of["stated_total"])
            if not cell or (index, column_of["stated_total"]) in raw.flagged:
                stated = None
            elif stated is None:
                problems.append(problem("tổng điểm không phải là số", value=cell, **where))
            else:
                scores = [record.get(k) for k in scheme.criterion_keys]
                if all(isinstance(s, Decimal) for s in scores):
                    computed = sum(scores, Decimal(0))
                    # A stated total written with two or more decimals, but fewer than the sum has, is
                    # checked at its own precision (criteria of 1.978 give totals printed as 15.98).
                    # Whole or one-decimal totals must match exactly: "16" must not hide a 15.85.
                    places = max(0, -stated.as_tuple().exponent)
                    rounded = computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
                    if computed != stated and (places < 2 or rounded != stated):
                        problems.append(problem(
                            f"tổng điểm ghi trong bảng là {format_number(stated, places)} nhưng tổng các chỉ số là "
                            f"{format_number(computed, max(places, -computed.as_tuple().exponent))}",
                            value=cell, **where))  # fmt: skip
            record["stated_total"] = stated
        records.append(record)

    if problems:
        raise ValidationError(problems)
    frame = pd.DataFrame.from_records(records)
    return ScoreTable(
        frame=frame,
        scheme=scheme,
        source=name,
        sheet=raw.sheet,
        encoding=raw.encoding,
        has_stated_total="stated_total" in column_of,
        has_self_scores=any(r.startswith("self_") for r in column_of),
        has_district="district" in column_of,
    )
