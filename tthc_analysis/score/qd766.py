"""Figures of a two-level (QĐ 766) table: the parent's own score beside the mean of its units, each unit's groups
as a share of their maxima. Exact decimals throughout. (Sub-indicator losses: ``validate/portal_indicators.py``.)"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from tthc_analysis.read.portal_table import Overview
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary

__all__ = ["OverviewRow", "group_shares", "overview_rows", "round_half_up"]

HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


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
    return pd.DataFrame(data, index=ranking["unit"].tolist())
