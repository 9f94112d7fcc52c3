"""QĐ 766 consistency checks on SYNTHETIC units (made-up names and scores, the portal's shapes)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tthc_analysis.read.portal import IndicatorScore, PortalTable, PortalUnit
from tthc_analysis.validate.qd766_checks import check_table

D = Decimal
CODES = ("CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL")


def make_unit(name, total, groups, indicators=(), received=None, on_time=None):
    return PortalUnit(code=None, department_id=None, name=name, cohort="COMMUNE", parent_code=None,
                      parent_name=None, groups=tuple(zip(CODES, map(D, groups))), total=D(total),
                      indicators=tuple(indicators), total_received=received, total_on_time=on_time)  # fmt: skip


def metric(group, code, numerator, denominator, score, maximum, ratio=None):
    def as_d(v):
        return None if v is None else D(v)

    return IndicatorScore(group, code, code, as_d(numerator), as_d(denominator), as_d(ratio), as_d(score), D(maximum))


def table(*units):
    return PortalTable("synthetic.json", "qd766", None, tuple(units), CODES)


@pytest.mark.parametrize(
    ("total", "rounding"),
    [("60.03", True), ("59.97", True), ("60.04", False), ("59.5", False)],
)
def test_total_against_its_groups(total, rounding):
    """Groups 10+15+8+6+9+12 = 60 (by hand); six printed groups allow up to 0.03 of rounding."""
    report = check_table(table(make_unit("Xã Một", total, ["10", "15", "8", "6", "9", "12"])))
    [check] = report.checks
    assert (check.kind, check.stated, check.computed, check.rounding) == ("total", D(total), D(60), rounding)


def test_agreeing_total_gives_no_check():
    report = check_table(table(make_unit("Xã Hai", "60", ["10", "15", "8", "6", "9", "12"])))
    assert report.checks == ()
    assert dict(report.made) == {"total": 1, "tdgq": 0, "indicator": 0, "group": 0}


def test_tdgq_against_its_counts():
    """20 × 2/3 = 13.333… prints 13.33; 13.34 is within a cent of the exact value (rounding), 13.5 is not."""
    ok = make_unit("Xã Ba", "60.33", ["10", "13.33", "9", "6", "9", "13"], received=D(3), on_time=D(2))
    near = make_unit("Xã Bốn", "60.34", ["10", "13.34", "9", "6", "9", "13"], received=D(3), on_time=D(2))
    far = make_unit("Xã Năm", "60.5", ["10", "13.5", "9", "6", "9", "13"], received=D(3), on_time=D(2))
    report = check_table(table(ok, near, far))
    assert [(c.unit, c.kind, c.stated, c.computed, c.rounding) for c in report.checks] == [
        ("Xã Bốn", "tdgq", D("13.34"), D("13.33"), True),
        ("Xã Năm", "tdgq", D("13.5"), D("13.33"), False),
    ]
    assert "20 × số hồ sơ đúng hạn / số hồ sơ tiếp nhận" in report.checks[1].describe()


def test_indicator_formulas_and_groups():
    """MDHL: 0/0 petitions give full marks (6), satisfaction 90% beats the 80% target (6), tracking skipped.
    MDSH: REUSED_DIGITIZED_DATA 1/2 of a 2-point max at 80%: 2 × 0.5 / 0.8 = 1.25; stated 1.0 is wrong."""
    mdhl = [
        metric("MDHL", "PETITION_CLASSIFICATION_TTHC", 0, 0, None, 0),
        metric("MDHL", "DOSSIER_RECEIVING_SATISFACTION", 9, 10, 6, 6),
        metric("MDHL", "PETITION_PROCESSING_ON_TIME", 0, 0, 6, 6),
        metric("MDHL", "PETITION_HANDLING_SATISFACTION", 0, 0, 6, 6),
    ]
    mdsh = [metric("MDSH", "REUSED_DIGITIZED_DATA", 1, 2, "1.0", 2),
            metric("MDSH", "ELECTRONIC_CERTIFIED_COPY", None, None, 2, 2, ratio=100)]  # fmt: skip
    unit = make_unit("Xã Sáu", "57", ["10", "15", "8", "3", "3", "18"], indicators=mdhl + mdsh)
    report = check_table(table(unit))
    assert [(c.kind, c.figure, c.stated, c.computed, c.rounding) for c in report.checks] == [
        ("indicator", "MDSH/REUSED_DIGITIZED_DATA", D("1.0"), D("1.25"), False),
    ]
    # MDSH 3 = 1.0 + 2 agrees with the stated metrics, MDHL 18 = 6 + 6 + 6: no group check found.
    assert dict(report.made) == {"total": 1, "tdgq": 0, "indicator": 5, "group": 2}


def test_group_against_its_sub_indicators():
    """CKMB stated 12, its four metrics 0.13 + 3.66 + 2 + 6 = 11.79 (by hand): a discrepancy of 0.21."""
    ckmb = [metric("CKMB", "PUBLISH_ON_TIME", 1, 47, "0.13", 6), metric("CKMB", "PUBLIC_UPDATE_ON_TIME", 43, 47, "3.66", 4),
            metric("CKMB", "PUBLIC_CONTENT_FULL", 47, 47, 2, 2), metric("CKMB", "DOSSIER_SYNC", 5, 5, 6, 6)]  # fmt: skip
    unit = make_unit("Xã Bảy", "60", ["12", "15", "8", "6", "7", "12"], indicators=ckmb)
    [check] = check_table(table(unit)).checks
    assert (check.kind, check.figure, check.stated, check.computed, check.rounding) == (
        "group",
        "CKMB",
        D(12),
        D("11.79"),
        False,
    )
    assert check.to_json() == {"kind": "group", "unit": "Xã Bảy", "unit_code": None, "figure": "CKMB",
                               "stated": "12", "computed": "11.79", "rounding": False}  # fmt: skip
