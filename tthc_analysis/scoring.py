"""Totals, bands, ranks and the statistics of a year, in exact decimals.

Binary floats would add eight criteria of 1.7 and one of 1.4 to
14.999999999999998 and band a 15-point unit as Tốt; every figure here is a
``decimal.Decimal`` computed from the strings in the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .dataset import ScoreTable
from .scheme import Scheme
from .vietnamese import vi_sort_key

__all__ = [
    "BandCount",
    "CriterionStat",
    "Extreme",
    "Summary",
    "competition_ranks",
    "display_places",
    "rank_units",
    "summarize",
]

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


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


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """Standard competition ranks, highest first: equal totals share a rank, the next is skipped (1, 2, 2, 4)."""
    ordered = sorted(totals, reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, total in enumerate(ordered, start=1):
        first_position.setdefault(total, position)
    return [first_position[t] for t in totals]


def rank_units(table: ScoreTable) -> pd.DataFrame:
    """One row per unit with ``total``, ``band`` and ``rank``; sorted by rank, then Vietnamese name order."""
    scheme = table.scheme
    frame = table.frame.copy()
    keys = scheme.criterion_keys
    frame["total"] = [sum(values, Decimal(0)) for values in frame[keys].itertuples(index=False)]
    frame["band"] = [scheme.band_of(t) for t in frame["total"]]
    frame["rank"] = competition_ranks(list(frame["total"]))
    frame["_name_key"] = [vi_sort_key(u) for u in frame["unit"]]
    frame = frame.sort_values(["rank", "_name_key"], kind="stable").drop(columns="_name_key")
    return frame.reset_index(drop=True)


def display_places(totals: list[Decimal], minimum: int = 2, maximum: int = 6, scheme: Scheme | None = None) -> int:
    """Fewest decimals (at least ``minimum``) at which different totals still print differently.

    Given a scheme, also no total may print as a figure of another band: a Tốt unit at
    14.996 is shown as 14,996, not as 15,00.
    """
    distinct = set(totals)
    for places in range(minimum, maximum + 1):
        step = Decimal(1).scaleb(-places)
        shown = {t: t.quantize(step, rounding=ROUND_HALF_UP) for t in distinct}
        if len(set(shown.values())) == len(distinct) and (
            scheme is None or all(scheme.band_of(s) == scheme.band_of(t) for t, s in shown.items())
        ):
            return places
    return maximum


def _extreme(ranking: pd.DataFrame, total: Decimal) -> Extreme:
    units = [u for u, t in zip(ranking["unit"], ranking["total"]) if t == total]
    return Extreme(total=total, units=sorted(units, key=vi_sort_key))


def summarize(table: ScoreTable) -> Summary:
    """Compute every figure of Section I from a validated table."""
    scheme: Scheme = table.scheme
    ranking = rank_units(table)
    n = len(ranking)
    totals = list(ranking["total"])
    total_sum = sum(totals, Decimal(0))
    bands = []
    for band in scheme.bands:
        count = sum(1 for b in ranking["band"] if b == band.name)
        share = (Decimal(count) * _HUNDRED / n).quantize(_CENT, rounding=ROUND_HALF_UP)
        bands.append(BandCount(band.name, band.lower, band.upper, count, share))
    criteria = []
    for c in scheme.criteria:
        column = list(ranking[c.key])
        lost = sum((c.max_points - v for v in column), Decimal(0))
        losing = sorted((u for u, v in zip(ranking["unit"], column) if v < c.max_points), key=vi_sort_key)
        criteria.append(CriterionStat(c.key, c.number, c.name, c.max_points, sum(column, Decimal(0)) / n, lost, losing))
    return Summary(
        n_units=n,
        bands=bands,
        total_sum=total_sum,
        mean=total_sum / n,
        mean_band=scheme.band_of_mean(total_sum, n),
        highest=_extreme(ranking, max(totals)),
        lowest=_extreme(ranking, min(totals)),
        criteria=criteria,
        ranking=ranking,
        places=display_places(totals, scheme=scheme),
    )
