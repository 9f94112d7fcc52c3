"""Reporting periods for dossiers: month, quarter, first six or nine months, year.

TEMPORARY: ``tthc_analysis/period.py`` (issue 12) did not exist on this branch when this was written; this is a
small stand-in with the same public shape (``Period(kind, year, number, label)``, ``parse_period``) and the same
spellings ("2026-09", "2026-Q3", "2026-6T", "2026-9T", "2026"). The lead will unify the two and keep one.

Only what dossiers need is added here: the half-open interval ``[start, end)`` of naive local times (Vietnam
has one time zone and no daylight saving). Six and nine months are cumulative from 1 January, as the
"6 tháng đầu năm" and "9 tháng đầu năm" reports are; months are calendar months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

__all__ = ["Period", "PeriodError", "parse_period"]

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|[Qq](?P<quarter>[1-4])|(?P<months>[69])[Tt]))?$")


class PeriodError(ValueError):
    """A period written in none of the accepted forms."""


@dataclass(frozen=True)
class Period:
    """A reporting period: ``kind`` is month, quarter, half (first six months), nine (first nine months) or year."""

    kind: str
    year: int
    number: int | None
    label: str

    @property
    def first_month(self) -> int:
        if self.kind == "month":
            return self.number
        if self.kind == "quarter":
            return 3 * self.number - 2
        return 1

    @property
    def last_month(self) -> int:
        return {"month": self.first_month, "quarter": self.first_month + 2, "half": 6, "nine": 9, "year": 12}[self.kind]

    @property
    def start(self) -> datetime:
        """First instant of the period."""
        return datetime(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime:
        """First instant after the period (the interval is half-open)."""
        month = self.last_month + 1
        return datetime(self.year + 1, 1, 1) if month == 13 else datetime(self.year, month, 1)

    @property
    def code(self) -> str:
        """The period written back in the form ``parse_period`` reads (also used in file names)."""
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        suffix = {"quarter": f"-Q{self.number}", "half": "-6T", "nine": "-9T", "year": ""}[self.kind]
        return f"{self.year}{suffix}"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "year": self.year, "number": self.number, "label": self.label}


def _make(kind: str, year: int, number: int | None) -> Period:
    labels = {
        "month": lambda: f"Tháng {number} năm {year}",
        "quarter": lambda: f"Quý {_ROMAN.get(number, number)} năm {year}",
        "half": lambda: f"6 tháng đầu năm {year}",
        "nine": lambda: f"9 tháng đầu năm {year}",
        "year": lambda: f"Năm {year}",
    }
    return Period(kind, year, number, labels[kind]())


def parse_period(text: str) -> Period:
    """Read "2026-09" (month), "2026-Q3" (quarter), "2026-6T", "2026-9T" (first six / nine months), "2026" (year).

    >>> parse_period("2026-Q3").label
    'Quý III năm 2026'
    >>> parse_period("2026-6T").end
    datetime.datetime(2026, 7, 1, 0, 0)
    """
    match = _PATTERN.match(text.strip())
    if not match or not 1900 <= int(match["year"]) <= 2100:
        raise PeriodError(
            f"Kỳ “{text}” không hợp lệ: cần dạng 2026-09 (tháng), 2026-Q3 (quý), 2026-6T, 2026-9T (6, 9 tháng đầu năm) "
            "hoặc 2026 (năm)."
        )
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(f"Kỳ “{text}” không hợp lệ: tháng phải từ 1 đến 12.")
        return _make("month", year, month)
    if match["quarter"]:
        return _make("quarter", year, int(match["quarter"]))
    if match["months"]:
        return _make("half" if match["months"] == "6" else "nine", year, int(match["months"]))
    return _make("year", year, None)


def quarters(year: int) -> list[Period]:
    """The four quarters of a year (the benchmark computes every unit and quarter in one query)."""
    return [_make("quarter", year, q) for q in range(1, 5)]
