"""The sub-indicators of a portal detail file summed up once, when the file is read: points lost, units losing,
the real ratio of each. The report needs only these figures, so the 60,000 sub-indicator scores of a national
file are not carried (nor pickled for the kernel) beyond validation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tthc_analysis.read.portal_table import IndicatorScore
from tthc_analysis.scheme import Scheme

__all__ = ["IndicatorLoss", "indicator_losses"]

HUNDRED = Decimal(100)


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


def indicator_losses(indicators: list[tuple[IndicatorScore, ...]], scheme: Scheme) -> list[IndicatorLoss]:
    """Every scored sub-indicator (maximum above 0), most points lost first; a null score counts as 0.
    ``indicators``: each detailed unit's sub-indicator scores."""
    by_code: dict[str, list[IndicatorScore]] = {}
    for scores in indicators:
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
