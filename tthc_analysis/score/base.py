"""The figures of a ranked table: band counts, extremes, criterion statistics and the summary holding them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from tthc_analysis.scheme import Scheme
from tthc_analysis.vietnamese import vi_sort_key

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class BandCount:
    """How many units fell in one band, and their share of all units in per cent (two decimals)."""

    band: str
    lower: Decimal
    upper: Decimal | None
    count: int
    share: Decimal


@dataclass(frozen=True)
class Extreme:
    """The highest or lowest total and every unit that has it, in Vietnamese name order."""

    total: Decimal
    units: list[str]


@dataclass(frozen=True)
class CriterionStat:
    """One criterion across all units: mean score and points lost against the maximum."""

    key: str
    number: int
    name: str
    max_points: Decimal
    mean: Decimal
    points_lost: Decimal
    units_losing: list[str]


@dataclass(frozen=True)
class Summary:
    """Everything Section I of the report states, plus the ranking it rests on."""

    n_units: int
    bands: list[BandCount]
    total_sum: Decimal
    mean: Decimal
    mean_band: str
    highest: Extreme
    lowest: Extreme
    criteria: list[CriterionStat]
    ranking: pd.DataFrame
    places: int

    @property
    def criteria_losing(self) -> list[CriterionStat]:
        """Criteria that lost points anywhere, most points lost first."""
        losing = [c for c in self.criteria if c.points_lost > 0]
        return sorted(losing, key=lambda c: (-c.points_lost, c.number))

    def to_dict(self) -> dict:
        """Plain JSON-ready values: shares in per cent, totals as numbers."""
        return {
            "n_units": self.n_units,
            "bands": [
                {"band": b.band, "min": _json_number(b.lower), "count": b.count, "share": float(b.share)}
                for b in self.bands
            ],
            "mean": float(self.mean),
            "mean_band": self.mean_band,
            "highest": {"total": float(self.highest.total), "units": list(self.highest.units)},
            "lowest": {"total": float(self.lowest.total), "units": list(self.lowest.units)},
            "ranking": [
                {"rank": int(r.rank), "unit": r.unit, "total": float(r.total), "band": r.band}
                for r in self.ranking.itertuples()
            ],
        }


def band_counts(counts: Sequence[int], scheme: Scheme) -> list[BandCount]:
    """Each band of ``scheme`` (highest first) with its count and its share of all units, in per cent with two
    decimals half up; ``counts`` are the units per band in the scheme's order. The one place shares are made."""
    n = sum(counts)
    return [BandCount(band.name, band.lower, band.upper, count, (Decimal(count) * HUNDRED / n).quantize(CENT, ROUND_HALF_UP))
            for band, count in zip(scheme.bands, counts)]  # fmt: skip


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """Standard competition ranks, highest first: equal totals share a rank, the next is skipped (1, 2, 2, 4)."""
    ordered = sorted(totals, reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, total in enumerate(ordered, start=1):
        first_position.setdefault(total, position)
    return [first_position[t] for t in totals]


def extreme_of(ranking: pd.DataFrame, total: Decimal) -> Extreme:
    units = [u for u, t in zip(ranking["unit"], ranking["total"]) if t == total]
    return Extreme(total=total, units=sorted(units, key=vi_sort_key))
