"""Run the rule on an opened source: indicators per unit and period, the validation report, the listed dossiers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import ibis

from tthc_analysis.dossiers.fields import FIELDS
from tthc_analysis.dossiers.indicators import UnitIndicators
from tthc_analysis.dossiers.parse import bad_flag, bad_rows, typed_dossiers
from tthc_analysis.dossiers.rule import COUNTS, REASONS, indicator_counts, limit_fence, listed_dossiers
from tthc_analysis.dossiers.source import ROW, Source
from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.period import Period

__all__ = ["ListedDossier", "PeriodIndicators", "compute", "list_dossiers", "source_problems"]

PROBLEM_ROWS = 200  # rows listed in the validation report; the rest are counted
_EPOCH = datetime(1970, 1, 1)

_DATE_EXPECTED = "ngày không đọc được: cần dạng yyyy-mm-dd HH:MM:SS (ISO) hoặc dd/mm/yyyy HH:MM:SS, ngày có thật"


@dataclass(frozen=True)
class PeriodIndicators:
    """Every unit's indicators for one period, in Vietnamese alphabetical order of unit names."""

    period: Period
    units: list[UnitIndicators]
    source: str
    engine: str

    def totals(self) -> UnitIndicators:
        """The whole source as one unit (counts summed; figures derived from the sums, never averaged)."""
        sums = {name: sum(getattr(u, name) for u in self.units) for name in COUNTS}
        return UnitIndicators.from_counts("Toàn bộ", sums)


@dataclass(frozen=True)
class ListedDossier:
    """A dossier that cost points (late, or open past the deadline) or could not be judged."""

    unit: str
    dossier_id: str
    procedure: str | None
    channel: int | None
    status: int | None
    received: datetime
    due: datetime | None
    finished: datetime | None
    supplement_asked: datetime | None
    supplement_back: datetime | None
    supplements: int
    citizen_days: float = 0.0
    overdue_days: float | None = None
    state: str = ""
    reason: str | None = None


def _unit_name(name: str) -> str:
    return unicodedata.normalize("NFC", name.strip())


def _moment(value) -> datetime | None:
    return None if value is None else _EPOCH + timedelta(seconds=int(value))


def _unit_key(name: str):
    from ..vietnamese import vi_sort_key

    return vi_sort_key(name)


def _expected(name: str) -> str:
    spec = FIELDS[name]
    if spec.kind == "date":
        return _DATE_EXPECTED if not spec.required else f"{_DATE_EXPECTED}; trường bắt buộc"
    if spec.kind == "text":
        return "thiếu giá trị bắt buộc"
    base = spec.expected or "giá trị hợp lệ"
    return f"cần {base}" + ("; trường bắt buộc" if spec.required else "")


def source_problems(source: Source, total: int | None = None, limit: int = PROBLEM_ROWS) -> list[Problem]:
    """The rows with bad values as validation problems (file or table, row, unit, column, value, what is expected)."""
    raw = source.raw
    if not source.numbered and source.row_offset is not None:
        raw = raw.mutate(**{ROW: ibis.row_number() + source.row_offset})
    rows = bad_rows(raw, source.columns).limit(limit)
    if source.engine == "duckdb" and not source.numbered:
        # One thread keeps row_number() in file order, so the numbers are the lines a person sees.
        source.backend.raw_sql("SET threads = 1")
    try:
        table = rows.to_pyarrow().to_pylist()
    finally:
        if source.engine == "duckdb" and not source.numbered:
            source.backend.raw_sql("RESET threads")
    problems = []
    id_column = source.columns.get("MaHoSo")
    unit_column = source.columns.get("DonViXuLy")
    for row in table:
        number = row.get(ROW)
        dossier = row.get(id_column) if id_column else None
        for name, column in source.columns.items():
            if not row.get(bad_flag(name)):
                continue
            value = row.get(column)
            message = _expected(name)
            if number is None and dossier is not None:
                message = f"hồ sơ {dossier}: {message}"
            problems.append(
                Problem(
                    file=source.name,
                    message=message,
                    row=None if number is None else int(number),
                    unit=None if unit_column is None or row.get(unit_column) is None else str(row.get(unit_column)),
                    column=column,
                    value=None if value is None else str(value),
                )
            )
    if total is not None and total > len(table):
        problems.append(
            Problem(
                source.name,
                f"còn {total - len(table)} dòng lỗi khác không liệt kê ở đây "
                f"(chỉ nêu {len(table)} dòng đầu); hãy sửa các lỗi trên rồi chạy lại",
            )
        )
    return problems


def _fence(source: Source):
    return limit_fence if source.engine == "postgres" else (lambda table: table)


def _counts(source: Source, periods: Sequence[Period]) -> list[dict]:
    typed = typed_dossiers(source.raw, source.columns)
    return indicator_counts(typed, periods, _fence(source)).to_pyarrow().to_pylist()


def compute(source: Source, periods: Sequence[Period]) -> dict[Period, PeriodIndicators]:
    """Indicators of every unit for each period, in one query; a source with bad rows raises ValidationError."""
    try:
        table = _counts(source, periods)
    except Exception:
        # DuckDB's typed CSV read met a value it cannot convert: read the file again as text (``Source.fallback``),
        # where the portable parse flags every bad value for the report.
        if source.fallback is None:
            raise
        replacement = source.fallback()
        source.raw, source.columns, source.backend = replacement.raw, replacement.columns, replacement.backend
        source.row_offset, source.fallback = replacement.row_offset, None
        table = _counts(source, periods)
    bad = sum(int(row["bad_rows"] or 0) for row in table if row["period"] == 0)  # every bad row is in each period
    if bad:
        raise ValidationError(source_problems(source, bad))
    result: dict[Period, PeriodIndicators] = {}
    for index, period in enumerate(periods):
        # Names are grouped trimmed and in NFC: " X", "X" and X typed in NFD are one unit (counts simply add up).
        merged: dict[str, dict[str, int]] = {}
        for row in table:
            if row["period"] == index and row["unit"] is not None:
                into = merged.setdefault(_unit_name(row["unit"]), dict.fromkeys(COUNTS, 0))
                for name in COUNTS:
                    into[name] += int(row[name] or 0)
        units = [UnitIndicators.from_counts(unit, counts) for unit, counts in merged.items()]
        units.sort(key=lambda u: _unit_key(u.unit))
        result[period] = PeriodIndicators(period, units, source.name, source.engine)
    return result


def list_dossiers(source: Source, period: Period) -> list[ListedDossier]:
    """The late, overdue and unjudgeable dossiers of ``period``, by unit then date of reception."""
    typed = typed_dossiers(source.raw, source.columns)
    listed = []
    for row in listed_dossiers(typed, period).to_pyarrow().to_pylist():
        reason = int(row["reason"])
        due = _moment(row["due"])
        effective = _moment(row["effective_end"])
        if reason:
            state = "không đánh giá được"
        elif row["done"]:
            state = "trễ hạn"
        else:
            state = "đang xử lý quá hạn"
        overdue = None
        if not reason and due is not None and effective is not None:
            overdue = round(max((effective - due).total_seconds(), 0) / 86400, 2)
        listed.append(
            ListedDossier(
                unit=_unit_name(row["unit"]),
                dossier_id=row["dossier_id"].strip(),
                procedure=None if row["procedure"] is None else row["procedure"].strip(),
                channel=row["channel"],
                status=row["status"],
                received=_moment(row["received"]),
                due=due,
                finished=_moment(row["finish"]) if row["done"] else None,
                supplement_asked=_moment(row["supplement_asked"]),
                supplement_back=_moment(row["supplement_back"]),
                supplements=int(row["supplement_count"] or 0),
                citizen_days=0.0 if reason else round(int(row["pause"] or 0) / 86400, 2),
                overdue_days=overdue,
                state=state,
                reason=REASONS.get(reason),
            )
        )
    return listed
