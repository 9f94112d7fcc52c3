"""Reporting periods: a year, a quarter, a month, the first six or nine months of a year.

The QĐ 766 index is published by the national portal for every month, quarter and year, and provinces
report on the first six and nine months; a report names its period as an official writes it ("quý III năm
2026") and is compared only with the previous period of the same kind. Facts layer: standard library only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

__all__ = ["KINDS", "Period", "PeriodError", "from_portal", "parse_period", "quarters"]

# kind -> (largest number, or None when the kind has no number)
KINDS: dict[str, int | None] = {"year": None, "quarter": 4, "month": 12, "half": None, "nine": None}

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_SUFFIX = {"half": "6T", "nine": "9T"}  # written form of the two year-to-date kinds
_LAST_MONTH = {"half": 6, "nine": 9}

_FORMS = "“2026”, “2026-Q3”, “2026-09”, “2026-6T” hoặc “2026-9T”"
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<q>Q)(?P<quarter>\d{1,2})|(?P<month>\d{1,2})|(?P<ytd>[69])T))?$")


class PeriodError(ValueError):
    """A period that cannot be read; the message is Vietnamese and says which forms are accepted."""


@dataclass(frozen=True)
class Period:
    """One reporting period. ``number`` is the quarter (1-4) or month (1-12), None for the other kinds."""

    kind: str
    year: int
    number: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PeriodError(f"Loại kỳ báo cáo “{self.kind}” không hợp lệ; dùng một trong: {', '.join(KINDS)}.")
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not 1900 <= self.year <= 9999:
            raise PeriodError(f"Năm của kỳ báo cáo phải là số có bốn chữ số, không phải “{self.year}”.")
        largest = KINDS[self.kind]
        if largest is None:
            if self.number is not None:
                raise PeriodError(f"Kỳ “{self.kind}” không có số thứ tự (nhận được {self.number}).")
        elif isinstance(self.number, bool) or not isinstance(self.number, int) or not 1 <= self.number <= largest:
            what = "Quý" if self.kind == "quarter" else "Tháng"
            raise PeriodError(f"{what} phải từ 1 đến {largest}, không phải “{self.number}”.")

    @property
    def label(self) -> str:
        """The period as an official writes it: "quý III năm 2026", "6 tháng đầu năm 2026"."""
        if self.kind == "year":
            return f"năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.number]} năm {self.year}"
        if self.kind == "month":
            return f"tháng {self.number} năm {self.year}"
        return f"{_LAST_MONTH[self.kind]} tháng đầu năm {self.year}"

    @property
    def short(self) -> str:
        """The period in a table heading: "2026", "quý III/2026", "tháng 9/2026", "6 tháng 2026"."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.number]}/{self.year}"
        if self.kind == "month":
            return f"tháng {self.number}/{self.year}"
        return f"{_LAST_MONTH[self.kind]} tháng {self.year}"

    @property
    def slug(self) -> str:
        """The period in output file names: "2026", "2026-q3", "2026-09", "2026-6t"."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"{self.year}-q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-{_SUFFIX[self.kind].lower()}"

    @property
    def start(self) -> date:
        """First day of the period."""
        if self.kind == "quarter":
            return date(self.year, 3 * self.number - 2, 1)
        if self.kind == "month":
            return date(self.year, self.number, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period (inclusive)."""
        if self.kind == "year":
            last = 12
        elif self.kind == "quarter":
            last = 3 * self.number
        elif self.kind == "month":
            last = self.number
        else:
            last = _LAST_MONTH[self.kind]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The period as a half-open interval of naive local times: its first instant and the first instant after it
        (Vietnam has one time zone and no daylight saving). "6T" and "9T" run from 1 January.

        >>> parse_period("2026-Q3").bounds
        (datetime.datetime(2026, 7, 1, 0, 0), datetime.datetime(2026, 10, 1, 0, 0))
        """
        return datetime.combine(self.start, time()), datetime.combine(self.end + timedelta(days=1), time())

    def previous(self) -> Period:
        """The period of the same kind just before: Q1 → Q4 of the year before, month 1 → 12, 6T → 6T a year before."""
        if self.kind in ("quarter", "month"):
            if self.number == 1:
                return Period(self.kind, self.year - 1, KINDS[self.kind])
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1)

    def to_json(self) -> dict[str, object]:
        """``{"kind", "year", "number", "label"}`` for ``--json`` output."""
        return {"kind": self.kind, "year": self.year, "number": self.number, "label": self.label}

    def __str__(self) -> str:
        return self.slug


def parse_period(text: str) -> Period:
    """Read "2026", "2026-Q3", "2026-09", "2026-6T" or "2026-9T" (case and surrounding spaces ignored).

    >>> parse_period("2026-q3").label
    'quý III năm 2026'
    """
    if not isinstance(text, str):
        raise PeriodError(f"Kỳ báo cáo phải được viết dạng {_FORMS}, không phải “{text}”.")
    match = _PATTERN.match(text.strip().upper())
    if match is None:
        raise PeriodError(f"Không đọc được kỳ báo cáo “{text}”: viết dạng {_FORMS}.")
    year = int(match["year"])
    if match["q"]:
        return Period("quarter", year, int(match["quarter"]))
    if match["month"]:
        return Period("month", year, int(match["month"]))
    if match["ytd"]:
        return Period("half" if match["ytd"] == "6" else "nine", year)
    return Period("year", year)


def quarters(year: int) -> list[Period]:
    """The four quarters of ``year``, in order."""
    return [Period("quarter", year, number) for number in range(1, 5)]


def _whole(value: object, what: str) -> int:
    """An integer from the portal's metadata (int, integral Decimal or digit string)."""
    if isinstance(value, bool):
        raise PeriodError(f"{what} “{value}” trong siêu dữ liệu không phải là số nguyên.")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise PeriodError(f"{what} “{value}” trong siêu dữ liệu không phải là số nguyên.")


def from_portal(time_type: object, year: object, period: object = None) -> Period:
    """The period of a portal file from ``metadata.timeType``, ``year`` and ``period``.

    The portal's API takes ``timeType`` ``year`` (period null), ``quarter`` (period 1-4) or ``month``
    (period 1-12). ``half`` and ``nine`` (this package's own kinds) are accepted too, with period null.
    """
    kind = str(time_type).strip().lower() if time_type is not None else ""
    if kind not in KINDS:
        raise PeriodError(
            f"Loại kỳ “{time_type}” (metadata.timeType) không hợp lệ; cổng dùng “year”, “quarter” hoặc “month”."
        )
    number = None
    if KINDS[kind] is not None:
        if period is None:
            raise PeriodError(f"Kỳ loại “{kind}” cần số thứ tự quý hoặc tháng (metadata.period) nhưng không có.")
        number = _whole(period, "Số thứ tự kỳ (metadata.period)")
    return Period(kind, _whole(year, "Năm (metadata.year)"), number)
