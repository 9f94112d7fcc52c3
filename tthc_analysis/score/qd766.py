"""Figures of a two-level (QĐ 766) table: sub-indicators that lose most points, the parent's own score beside
the mean of its units, each unit's groups as a share of their maxima. Exact decimals throughout."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from tthc_analysis.read.portal_table import IndicatorScore, Overview
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary

__all__ = ["IndicatorLoss", "OverviewRow", "group_shares", "indicator_losses", "overview_rows", "round_half_up"]

HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorLoss:
    """One sub-indicator across the units that publish it: points lost, units losing, the real ratio.

    ``ratio`` is in per cent: the pooled ratio (every unit's numerators over every unit's denominators) when
    each unit publishes its counts, else the mean of the published ratios; None when nothing is published.
    """

    group: str
    code: str
    name: str
    max_points: Decimal
    n_units: int
    points_lost: Decimal
    units_losing: int
    mean_score: Decimal
    ratio: Decimal | None
    pooled: bool


def indicator_losses(indicators: dict[str, tuple[IndicatorScore, ...]], scheme: Scheme) -> list[IndicatorLoss]:
    """Every scored sub-indicator (maximum above 0), most points lost first; a null score counts as 0."""
    by_code: dict[str, list[IndicatorScore]] = {}
    for scores in indicators.values():
        for score in scores:
            if score.max_points > 0:
                by_code.setdefault(score.code, []).append(score)
    losses = []
    for code, scores in by_code.items():
        group, indicator = scheme.indicator(code)
        points = [s.score if s.score is not None else Decimal(0) for s in scores]
        lost = sum((indicator.max_points - p for p in points), Decimal(0))
        counted = all(s.numerator is not None and s.denominator is not None for s in scores)
        denominator = sum((s.denominator for s in scores), Decimal(0)) if counted else Decimal(0)
        if counted and denominator > 0:
            ratio, pooled = sum((s.numerator for s in scores), Decimal(0)) * HUNDRED / denominator, True
        else:
            published = [s.ratio for s in scores if s.ratio is not None]
            ratio, pooled = (sum(published, Decimal(0)) / len(published) if published else None), False
        losses.append(IndicatorLoss(group.code, code, indicator.name, indicator.max_points, len(scores), lost,
                                    sum(1 for p in points if p < indicator.max_points),
                                    sum(points, Decimal(0)) / len(points), ratio, pooled))  # fmt: skip
    return sorted(losses, key=lambda x: (-x.points_lost, x.group, x.code))


@dataclass(frozen=True)
class OverviewRow:
    """A figure of the parent (a province, the country) as the portal computes it, beside its units' mean."""

    code: str  # a group's code, or "" for the total
    name: str
    own: Decimal | None
    mean: Decimal

    @property
    def difference(self) -> Decimal | None:
        return None if self.own is None else self.own - round_half_up(self.mean)


def overview_rows(overview: Overview, summary: Summary, scheme: Scheme) -> list[OverviewRow]:
    """The total, then each group: the parent's own score and the plain mean of its units' scores."""
    ranking = summary.ranking
    n = len(ranking)
    rows = [OverviewRow("", "Tổng điểm", overview.total, summary.total_sum / n)]
    own = dict(overview.groups)
    for criterion in scheme.criteria:
        if criterion.key in ranking.columns:
            mean = sum(ranking[criterion.key], Decimal(0)) / n
            rows.append(OverviewRow(criterion.key, criterion.name, own.get(criterion.key), mean))
    return rows


def group_shares(ranking: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Each unit's groups as a share of their maxima, in per cent (floats for drawing only), ranking order."""
    data = {c.key: [float(v * HUNDRED / c.max_points) for v in ranking[c.key]] for c in scheme.criteria}
    return pd.DataFrame(data, index=list(ranking["unit"]))
