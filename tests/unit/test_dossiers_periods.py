"""Reporting periods of the dossier command (a stand-in for tthc_analysis/period.py until the lead unifies them)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tthc_analysis.dossiers.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "number", "label", "start", "end"),
    [
        ("2026-09", "month", 9, "Tháng 9 năm 2026", datetime(2026, 9, 1), datetime(2026, 10, 1)),
        ("2026-12", "month", 12, "Tháng 12 năm 2026", datetime(2026, 12, 1), datetime(2027, 1, 1)),
        ("2026-Q3", "quarter", 3, "Quý III năm 2026", datetime(2026, 7, 1), datetime(2026, 10, 1)),
        ("2026-q4", "quarter", 4, "Quý IV năm 2026", datetime(2026, 10, 1), datetime(2027, 1, 1)),
        ("2026-6T", "half", 6, "6 tháng đầu năm 2026", datetime(2026, 1, 1), datetime(2026, 7, 1)),
        ("2026-9T", "nine", 9, "9 tháng đầu năm 2026", datetime(2026, 1, 1), datetime(2026, 10, 1)),
        ("2026", "year", None, "Năm 2026", datetime(2026, 1, 1), datetime(2027, 1, 1)),
    ],
)
def test_forms(text, kind, number, label, start, end):
    period = parse_period(text)
    assert (period.kind, period.year, period.number, period.label) == (kind, 2026, number, label)
    assert (period.start, period.end) == (start, end)
    assert parse_period(period.code) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-3T", "26-09", "2026/09", "", "năm 2026"])
def test_refused(text):
    with pytest.raises(PeriodError, match="không hợp lệ"):
        parse_period(text)
