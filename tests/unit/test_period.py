"""Reporting periods: parsing, the official's wording, file-name slugs, the previous period, dates, portal metadata."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tthc_analysis.period import Period, PeriodError, from_portal, parse_period, quarters


@pytest.mark.parametrize(
    ("text", "kind", "year", "number", "label", "slug"),
    [
        ("2026", "year", 2026, None, "năm 2026", "2026"),
        ("2026-Q3", "quarter", 2026, 3, "quý III năm 2026", "2026-q3"),
        ("2026-q1", "quarter", 2026, 1, "quý I năm 2026", "2026-q1"),
        ("2026-Q4", "quarter", 2026, 4, "quý IV năm 2026", "2026-q4"),
        ("2026-09", "month", 2026, 9, "tháng 9 năm 2026", "2026-09"),
        ("2026-9", "month", 2026, 9, "tháng 9 năm 2026", "2026-09"),
        ("2026-12", "month", 2026, 12, "tháng 12 năm 2026", "2026-12"),
        ("2026-6T", "half", 2026, None, "6 tháng đầu năm 2026", "2026-6t"),
        ("2026-6t", "half", 2026, None, "6 tháng đầu năm 2026", "2026-6t"),
        ("2026-9T", "nine", 2026, None, "9 tháng đầu năm 2026", "2026-9t"),
        ("  2025-Q2 ", "quarter", 2025, 2, "quý II năm 2025", "2025-q2"),
    ],
)
def test_parse_label_slug(text, kind, year, number, label, slug):
    """Every accepted form gives its kind, year, number, wording and output-name slug."""
    period = parse_period(text)
    assert (period.kind, period.year, period.number) == (kind, year, number)
    assert period.label == label
    assert period.slug == slug
    assert parse_period(period.slug) == period  # the slug reads back


@pytest.mark.parametrize(
    "text", ["26", "2026-Q0", "2026-Q5", "2026-00", "2026-13", "2026-7T", "2026-H1", "năm 2026", ""]
)
def test_bad_period_is_a_vietnamese_error(text):
    """Unreadable periods raise PeriodError (a ValueError) with a Vietnamese message."""
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    message = str(info.value)
    assert any(word in message for word in ("kỳ báo cáo", "Quý", "Tháng"))


def test_unreadable_form_names_the_accepted_forms():
    with pytest.raises(PeriodError, match="2026-Q3.*2026-09.*2026-6T"):
        parse_period("quý 3")


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2026-Q1", "2025-Q4"),
        ("2026-Q3", "2026-Q2"),
        ("2026-01", "2025-12"),
        ("2026-09", "2026-08"),
        ("2026", "2025"),
        ("2026-6T", "2025-6T"),
        ("2026-9T", "2025-9T"),
    ],
)
def test_previous_is_the_same_kind(text, previous):
    """Only the period of the same kind just before: Q1 follows Q4 of the year before, 6T follows 6T."""
    assert parse_period(text).previous() == parse_period(previous)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-6T", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-9T", date(2026, 1, 1), date(2026, 9, 30)),
    ],
)
def test_start_and_end_dates(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "first", "after"),
    [
        ("2026-09", datetime(2026, 9, 1), datetime(2026, 10, 1)),
        ("2026-12", datetime(2026, 12, 1), datetime(2027, 1, 1)),
        ("2024-02", datetime(2024, 2, 1), datetime(2024, 3, 1)),
        ("2026-Q3", datetime(2026, 7, 1), datetime(2026, 10, 1)),
        ("2026-Q4", datetime(2026, 10, 1), datetime(2027, 1, 1)),
        ("2026-6T", datetime(2026, 1, 1), datetime(2026, 7, 1)),
        ("2026-9T", datetime(2026, 1, 1), datetime(2026, 10, 1)),
        ("2026", datetime(2026, 1, 1), datetime(2027, 1, 1)),
    ],
)
def test_bounds_are_half_open_instants(text, first, after):
    """The dossier rule's interval: the first instant of the period and the first instant after it."""
    assert parse_period(text).bounds == (first, after)


def test_quarters_of_a_year():
    assert quarters(2026) == [parse_period(f"2026-Q{n}") for n in (1, 2, 3, 4)]


def test_to_json():
    assert parse_period("2026-Q3").to_json() == {
        "kind": "quarter",
        "year": 2026,
        "number": 3,
        "label": "quý III năm 2026",
    }
    assert parse_period("2026").to_json() == {"kind": "year", "year": 2026, "number": None, "label": "năm 2026"}


def test_frozen_and_hashable():
    period = parse_period("2026-09")
    with pytest.raises(AttributeError):
        period.year = 2025  # type: ignore[misc]
    assert {period, parse_period("2026-9")} == {Period("month", 2026, 9)}


@pytest.mark.parametrize(
    ("kind", "year", "number"),
    [("week", 2026, None), ("quarter", 2026, None), ("year", 2026, 1), ("month", 2026, 0), ("year", 26, None)],
)
def test_invalid_construction(kind, year, number):
    with pytest.raises(PeriodError):
        Period(kind, year, number)


def test_from_portal_metadata_as_read_with_decimals():
    """The portal's metadata read with parse_int=Decimal: year 2026 and period null give the year."""
    assert from_portal("year", Decimal(2026), None) == Period("year", 2026)
    assert from_portal("quarter", Decimal(2026), Decimal(3)) == Period("quarter", 2026, 3)
    assert from_portal("month", 2026, 9).label == "tháng 9 năm 2026"
    assert from_portal("Year", "2026", None).label == "năm 2026"


@pytest.mark.parametrize(
    ("time_type", "year", "number"),
    [
        ("week", 2026, None),
        ("quarter", 2026, None),
        ("month", 2026, 13),
        ("year", Decimal("2026.5"), None),
        (None, 2026, None),
    ],
)
def test_from_portal_refuses_what_it_cannot_read(time_type, year, number):
    with pytest.raises(PeriodError):
        from_portal(time_type, year, number)
