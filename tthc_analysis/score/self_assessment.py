"""Self-scores against the council's appraisal: per unit, the gap in total and per criterion; who over-scored.

One-stop offices score themselves (``Tự chấm 1…9``) before the council appraises them; the gap shows where a
unit's own reading of the criteria differs from the council's. A positive gap is an over-score. Exact decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tthc_analysis.scheme import Scheme
from tthc_analysis.validate.table import ScoreTable
from tthc_analysis.vietnamese import vi_sort_key


@dataclass(frozen=True)
class UnitGap:
    """One unit: its self-scored and appraised totals, the gap (self minus appraisal) and each criterion's gap."""

    unit: str
    district: str | None
    self_total: Decimal
    total: Decimal
    gap: Decimal
    criteria: tuple[Decimal, ...]


@dataclass(frozen=True)
class CriterionGap:
    """One criterion over every unit: how many units over-scored it and by how much in all."""

    number: int
    name: str
    over_units: int
    under_units: int
    over_points: Decimal  # the sum of the positive gaps
    net: Decimal  # the sum of every unit's gap


@dataclass(frozen=True)
class SelfAssessment:
    units: tuple[UnitGap, ...]  # the largest over-score first; equal gaps in Vietnamese order
    criteria: tuple[CriterionGap, ...]  # the scheme's order

    @property
    def over(self) -> tuple[UnitGap, ...]:
        return tuple(u for u in self.units if u.gap > 0)

    @property
    def under(self) -> tuple[UnitGap, ...]:
        return tuple(u for u in self.units if u.gap < 0)

    @property
    def mean_gap(self) -> Decimal:
        return sum((u.gap for u in self.units), Decimal(0)) / len(self.units)

    def most_over_scored_units(self, n: int = 5) -> tuple[UnitGap, ...]:
        return self.over[:n]

    def most_over_scored_criteria(self, n: int = 3) -> tuple[CriterionGap, ...]:
        """Criteria over-scored by some unit, the largest sum of over-scores first (then more units, then order)."""
        over = [c for c in self.criteria if c.over_points > 0]
        return tuple(sorted(over, key=lambda c: (-c.over_points, -c.over_units, c.number))[:n])


def self_assessment(table: ScoreTable, scheme: Scheme) -> SelfAssessment | None:
    """The comparison where the table carries both self-scores and appraisal for every criterion, else None."""
    keys = scheme.criterion_keys
    frame = table.frame
    if not table.has_self_scores or any(f"self_{k}" not in frame.columns for k in keys):
        return None
    districts = frame["district"].tolist() if "district" in frame.columns else [None] * len(frame)
    units = []
    for position, unit in enumerate(frame["unit"].tolist()):
        appraised = [frame[k].iat[position] for k in keys]
        own = [frame[f"self_{k}"].iat[position] for k in keys]
        gaps = tuple(s - a for s, a in zip(own, appraised))
        self_total, total = sum(own, Decimal(0)), sum(appraised, Decimal(0))
        units.append(UnitGap(unit, districts[position], self_total, total, self_total - total, gaps))
    units.sort(key=lambda u: (-u.gap, vi_sort_key(u.unit), vi_sort_key(u.district or "")))
    criteria = []
    for index, criterion in enumerate(scheme.criteria):
        gaps = [u.criteria[index] for u in units]
        criteria.append(CriterionGap(
            criterion.number, criterion.name, sum(1 for g in gaps if g > 0), sum(1 for g in gaps if g < 0),
            sum((g for g in gaps if g > 0), Decimal(0)), sum(gaps, Decimal(0)),
        ))  # fmt: skip
    return SelfAssessment(tuple(units), tuple(criteria))
