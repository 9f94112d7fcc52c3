"""Reading a year's scores and its metadata, with validation at load.

Every problem in a file is collected and raised together as a
:class:`~tthc_analysis.validation.ValidationError`; nothing is ever written back
to the input.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import partial
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from .readers import RawTable, column_roles, header_key, read_table
from .scheme import DEFAULT_SCHEME, Scheme, load_scheme
from .validation import Problem, ValidationError
from .vietnamese import format_number, match_key, nfc, normalise_name

__all__ = [
    "DATA_STATUSES",
    "Metadata",
    "ScoreTable",
    "read_metadata",
    "read_scores",
    "scores_file",
    "year_scores",
]

SCORES_FILE = "scores.csv"
SCORES_XLSX = "scores.xlsx"
METADATA_FILE = "metadata.toml"

# What a table is: published figures, a reconstruction consistent with published
# aggregates, illustrative data made up for demonstration, or generated test data.
DATA_STATUSES = {
    "official": "Số liệu chính thức",
    "reconstruction": "Số liệu dựng lại",
    "illustrative": "Số liệu minh họa",
    "synthetic": "Số liệu tổng hợp ngẫu nhiên",
}

_NUMBER = re.compile(r"^[+-]?(\d+(?:[.,]\d*)?|[.,]\d+)$")


_header_key = header_key
_column_roles = column_roles


_IGNORED = {"stt", "tt", "rank", "xếp hạng", "band", "xếp loại", "ghi chú", "note", "notes"}


@dataclass(frozen=True)
class Metadata:
    """What is known about a year's table. Unknown fields stay None and the report says so."""

    year: int | None = None
    locality: str | None = None
    reporting_body: str | None = None
    recipient: str | None = None
    level: str | None = None
    units_phrase: str | None = None
    scheme: str | None = None
    status: str | None = None
    source: str | None = None
    notes: str | None = None
    path: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str | None:
        return DATA_STATUSES.get(self.status or "")

    @property
    def is_constructed(self) -> bool:
        """True where the per-unit figures were not published as they stand."""
        return self.status in {"reconstruction", "illustrative", "synthetic"}


@dataclass
class ScoreTable:
    """A validated year of scores: one row per unit, criteria as exact decimals."""

    frame: pd.DataFrame
    scheme: Scheme
    source: str
    has_stated_total: bool = False
    has_self_scores: bool = False
    has_district: bool = False
    sheet: str | None = None
    encoding: str | None = None

    @property
    def units(self) -> list[str]:
        return list(self.frame["unit"])


def read_metadata(path: str | Path) -> Metadata:
    """Read ``metadata.toml`` (a file, or a year folder holding one); a missing file gives empty metadata."""
    path = Path(path)
    if path.is_dir():
        path = path / METADATA_FILE
    if not path.is_file():
        return Metadata()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem(str(path), f"không đọc được tệp thông tin năm: {exc}")]) from exc
    known = {f for f in Metadata.__dataclass_fields__ if f not in {"extra", "path"}}
    values = {k: (nfc(v) if isinstance(v, str) else v) for k, v in raw.items() if k in known}
    problems = []
    if "status" in values and values["status"] not in DATA_STATUSES:
        allowed = ", ".join(DATA_STATUSES)
        problems.append(Problem(str(path), f"trạng thái số liệu phải là một trong: {allowed}", column="status",
                                value=str(values["status"])))  # fmt: skip
    if "year" in values and not isinstance(values["year"], int):
        problems.append(Problem(str(path), "năm phải là số nguyên", column="year", value=str(values["year"])))
    if problems:
        raise ValidationError(problems)
    extra = {k: v for k, v in raw.items() if k not in known}
    return Metadata(**values, path=str(path), extra=extra)


def _parse_number(text: str) -> Decimal | None:
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def scores_file(path: str | Path) -> Path:
    """The scores file a path names: a file as given, or a year folder's ``scores.csv`` or ``scores.xlsx``.

    A folder (or a missing ``<folder>/scores.csv``) falls back to ``scores.xlsx``; a folder holding both
    is ambiguous and refused, so that nobody edits one copy while the other is read.
    """
    path = Path(path)
    folder = path if path.is_dir() else path.parent if path.name == SCORES_FILE and not path.exists() else None
    if folder is None:
        return path
    csv_path, xlsx_path = folder / SCORES_FILE, folder / SCORES_XLSX
    if csv_path.is_file() and xlsx_path.is_file():
        message = f"thư mục có cả {SCORES_FILE} và {SCORES_XLSX}; hãy chỉ giữ một tệp điểm"
        raise ValidationError([Problem(str(folder), message)])
    return xlsx_path if xlsx_path.is_file() else csv_path


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _without_footer(numbered: list, score_columns: list[int]) -> list:
    """Drop a signature block under the table ("Người lập biểu", "Thủ trưởng đơn vị", a date).

    The block is what follows the first blank row after the data, when none of its rows holds a
    score. A blank row inside the data (scores after it) keeps every row, so nothing is lost silently.
    """
    seen_data = False
    for position, (_, (_, row)) in enumerate(numbered):
        if not _blank(row):
            seen_data = True
        elif seen_data:
            tail = [r for _, (_, r) in numbered[position:] if not _blank(r)]
            if all(not any(r[c].strip() for c in score_columns if c < len(r)) for r in tail):
                return numbered[:position]
            return numbered
    return numbered


def year_scores(folder: str | Path) -> Path | None:
    """The scores file of a year folder (``scores.csv`` or ``scores.xlsx``), or None if it has neither."""
    folder = Path(folder)
    for name in (SCORES_FILE, SCORES_XLSX):
        if (folder / name).is_file():
            return folder / name
    return None


def read_scores(path: str | Path, scheme: Scheme | str | None = None, sheet: str | None = None) -> ScoreTable:
    """Read and validate one year's scores from a CSV or Excel (.xlsx) file, or a year folder.

    Accepts either header style (``unit,c1,…`` or ``Đơn vị,Chỉ số 1,…``), an optional
    stated total (``total`` / ``Tổng điểm``), optional self-scores and an optional
    parent column (``district`` / ``Huyện``), below an optional title block. ``sheet`` names
    the Excel sheet (default: the first). Raises ``ValidationError`` listing every problem found.
    """
    path = scores_file(path)
    if not isinstance(scheme, Scheme):
        scheme = load_scheme(scheme or DEFAULT_SCHEME)
    raw = read_table(path, sheet, len(scheme.criteria))
    if raw.fatal or not raw.rows:
        raise ValidationError(raw.problems or [Problem(str(path), "tệp rỗng, không có tiêu đề cột và dữ liệu")])
    return _validate(raw, scheme)


def _validate(raw: RawTable, scheme: Scheme) -> ScoreTable:
    """Check every row of a table read from a file; the reader's own problems come first."""
    name = raw.file
    problems = list(raw.problems)
    problem = partial(Problem, name, sheet=raw.sheet)

    header, header_line = raw.rows[0], raw.lines[0]
    roles = _column_roles(len(scheme.criteria))
    wanted = set(scheme.criterion_keys)
    column_of: dict[str, int] = {}
    label_of: dict[str, str] = {}
    unknown: list[str] = []
    for index, label in enumerate(header):
        key = _header_key(label)
        role = roles.get(key)
        if role is None:
            if key and key not in _IGNORED:
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
        names = ", ".join(f"Chỉ số {scheme.criterion(k).number}" for k in missing)
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
        if (index, column_of["unit"]) in raw.flagged:
            pass  # reported by the reader (a merged cell)
        elif not unit:
            problems.append(problem("tên đơn vị để trống", row=line, column=label_of["unit"]))
        else:
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
            value = _parse_number(cell)
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
            stated = _parse_number(cell)
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
