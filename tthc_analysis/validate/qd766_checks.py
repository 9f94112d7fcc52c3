"""Consistency checks of a QĐ 766 portal table: figures that should agree and do not.

Four kinds, each comparing a stated figure with one computed from the others:
- ``total``: the stated total against the sum of the unit's groups;
- ``tdgq``: TDGQ against 20 × totalOnTime / totalReceived;
- ``indicator``: a sub-indicator's score against its formula (linear, target, empty denominator);
- ``group``: a group against the sum of its sub-indicators' scores.
A difference that printing to 2 decimals explains is ``rounding`` (a total or group within 0.005 per part
added; a formula's figure within one cent of the exact value); anything larger is a discrepancy. For portal
files the portal's figure stays the official one: the checks are listed, the run goes on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tthc_analysis.read.portal import PortalTable, PortalUnit
from tthc_analysis.scheme import Scheme, load_scheme

__all__ = ["KINDS", "Check", "CheckReport", "check_table"]

KINDS = ("total", "tdgq", "indicator", "group")
_CENT = Decimal("0.01")
_HALF_CENT = Decimal("0.005")
_TDGQ_INDICATOR = "DOSSIER_ON_TIME"

_FIGURE_NAMES = {"total": "Tổng điểm", "tdgq": "Nhóm TDGQ (tiến độ giải quyết)"}


def round2(value: Decimal) -> Decimal:
    """Half-up to 2 decimals, the portal's printing."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Check:
    """One disagreement: which unit, which figure, the figure as stated and as computed, rounding or not."""

    kind: str
    unit: str
    unit_code: str | None
    figure: str  # "Tổng điểm", a group code, or "GROUP/INDICATOR"
    stated: Decimal
    computed: Decimal
    rounding: bool

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed

    def describe(self) -> str:
        """One Vietnamese sentence for the "Kiểm tra số liệu" part of a report."""
        what = {
            "total": "tổng điểm ghi trên Cổng",
            "tdgq": "điểm nhóm TDGQ",
            "indicator": f"điểm chỉ tiêu {self.figure}",
            "group": f"điểm nhóm {self.figure}",
        }[self.kind]
        basis = {
            "total": "tổng điểm các nhóm",
            "tdgq": "20 × số hồ sơ đúng hạn / số hồ sơ tiếp nhận",
            "indicator": "công thức của chỉ tiêu",
            "group": "tổng điểm các chỉ tiêu thành phần",
        }[self.kind]
        verdict = "chênh lệch do làm tròn" if self.rounding else "chênh lệch vượt mức làm tròn"
        return (f"{self.unit}: {what} là {_comma(self.stated)}, tính theo {basis} là {_comma(self.computed)} "
                f"({verdict}).")  # fmt: skip

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "unit": self.unit, "unit_code": self.unit_code, "figure": self.figure,
                "stated": str(self.stated), "computed": str(self.computed), "rounding": self.rounding}  # fmt: skip


@dataclass(frozen=True)
class CheckReport:
    """The disagreements found and how many comparisons of each kind were made."""

    checks: tuple[Check, ...]
    made: tuple[tuple[str, int], ...]  # (kind, comparisons made), in KINDS order

    def count(self, kind: str, rounding: bool | None = None) -> int:
        return sum(1 for c in self.checks if c.kind == kind and (rounding is None or c.rounding == rounding))

    @property
    def discrepancies(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.rounding)


def check_table(table: PortalTable, scheme: Scheme | str | None = None) -> CheckReport:
    """Every check on every unit of a portal table, in unit order."""
    scheme = load_scheme(scheme or table.scheme) if not isinstance(scheme, Scheme) else scheme
    checks: list[Check] = []
    made: Counter[str] = Counter()
    for unit in table.units:
        for kind, found in (("total", _total(unit)), ("tdgq", _tdgq(unit, scheme)),
                            ("indicator", _indicators(unit, scheme)), ("group", _groups(unit, scheme))):  # fmt: skip
            for check in found:
                made[kind] += 1
                if check is not None:
                    checks.append(check)
    return CheckReport(tuple(checks), tuple((k, made[k]) for k in KINDS))


def _check(kind: str, unit: PortalUnit, figure: str, stated: Decimal, computed: Decimal, tolerance: Decimal):
    if stated == computed:
        return None
    rounding = abs(stated - computed) <= tolerance
    return Check(kind, unit.name, unit.code, figure, stated, computed, rounding)


def _formula_check(kind: str, unit: PortalUnit, figure: str, stated: Decimal, exact: Decimal):
    """Stated against the formula printed half-up; a stated figure within one cent of the exact value is
    another printing of it (rounding), anything farther a discrepancy."""
    computed = round2(exact)
    if stated == computed:
        return None
    return Check(kind, unit.name, unit.code, figure, stated, computed, abs(stated - exact) < _CENT)


def _total(unit: PortalUnit):
    parts = [score for _, score in unit.groups]
    computed = sum(parts, Decimal(0))
    yield _check("total", unit, _FIGURE_NAMES["total"], unit.total, computed, _HALF_CENT * len(parts))


def _tdgq(unit: PortalUnit, scheme: Scheme):
    if unit.total_received is None or unit.total_on_time is None or "TDGQ" not in dict(unit.groups):
        return
    _, indicator = scheme.indicator(_TDGQ_INDICATOR)
    exact = indicator.points(unit.total_on_time, unit.total_received)
    if exact is None:
        return
    yield _formula_check("tdgq", unit, "TDGQ", unit.group("TDGQ"), exact)


def _indicators(unit: PortalUnit, scheme: Scheme):
    for score in unit.indicators:
        _, indicator = scheme.indicator(score.code)
        if score.numerator is not None and score.denominator is not None:
            exact = indicator.points(score.numerator, score.denominator)
        elif score.ratio is not None and score.numerator is None and score.denominator is None:
            exact = indicator.points_for_ratio(score.ratio / 100) if indicator.formula != "tracking" else None
        else:
            exact = None
        if exact is None or score.score is None:
            continue
        yield _formula_check("indicator", unit, f"{score.group}/{score.code}", score.score, exact)


def _groups(unit: PortalUnit, scheme: Scheme):
    groups = dict(unit.groups)
    for code in dict.fromkeys(s.group for s in unit.indicators):
        if code not in groups:
            continue
        parts = [s.score or Decimal(0) for s in unit.indicators if s.group == code]
        yield _check("group", unit, code, groups[code], sum(parts, Decimal(0)), _HALF_CENT * len(parts))


def _comma(value: Decimal) -> str:
    """2 decimals with a decimal comma, as the report prints points (no thousands here: at most 100)."""
    return f"{round2(value):.2f}".replace(".", ",")
