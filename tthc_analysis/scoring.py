"""Totals, bands, ranks and the statistics of a year, in exact decimals.

Binary floats would add eight criteria of 1.7 and one of 1.4 to
14.999999999999998 and band a 15-point unit as Tốt; every figure here is a
``decimal.Decimal`` computed from the strings in the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from .dataset import FIXED_PLACES, ScoreTable
from .scheme import Scheme
from .vietnamese import vi_sort_key, vi_sort_order

__all__ = [
    "BandCount",
    "CriterionStat",
    "Extreme",
    "Summary",
    "competition_ranks",
    "display_places",
    "printed_mean",
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
    fixed = _Fixed.of(table)
    return fixed.ranking if fixed is not None else _rank_units_decimal(table)


def _rank_units_decimal(table: ScoreTable) -> pd.DataFrame:
    """:func:`rank_units` in Decimal arithmetic, row by row (any table)."""
    scheme = table.scheme
    frame = table.frame.copy()
    keys = scheme.criterion_keys
    frame["total"] = [sum(values, Decimal(0)) for values in frame[keys].itertuples(index=False)]
    frame["band"] = [scheme.band_of(t) for t in frame["total"]]
    frame["rank"] = competition_ranks(list(frame["total"]))
    frame["_name_key"] = [vi_sort_key(u) for u in frame["unit"]]
    frame = frame.sort_values(["rank", "_name_key"], kind="stable").drop(columns="_name_key")
    return frame.reset_index(drop=True)


def printed_mean(total_sum: Decimal, n: int, scheme: Scheme) -> Decimal:
    """The mean of ``n`` totals as printed: two decimals half-up, more only if two would show another band.

    >>> from tthc_analysis.scheme import load_scheme
    >>> printed_mean(Decimal("46.5"), 3, load_scheme("tt01-2018"))
    Decimal('15.50')
    >>> printed_mean(Decimal("44.99"), 3, load_scheme("tt01-2018"))  # 14.99666...: Tốt, so not "15,00"
    Decimal('14.997')
    """
    band = scheme.band_of_mean(total_sum, n)
    mean = total_sum / n
    for places in range(2, 8):
        shown = mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if scheme.band_of(shown) == band:
            return shown
    return mean


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
    """Compute every figure of Section I from a validated table.

    Tables read with every score at three decimals or fewer are computed on integers of 1/1000 point
    (exact, and fast at national scale); the figures are the very Decimals the Decimal path gives.
    """
    fixed = _Fixed.of(table)
    return fixed.summary() if fixed is not None else _summarize_decimal(table)


def _summarize_decimal(table: ScoreTable) -> Summary:
    """:func:`summarize` in Decimal arithmetic, row by row (any table)."""
    scheme: Scheme = table.scheme
    ranking = _rank_units_decimal(table)
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


# --- the same figures on integers of 1/1000 point ---------------------------------------------------------

_SCALE = 10**FIXED_PLACES


def _scaled(value: Decimal) -> int | None:
    """``value`` in 1/1000 point, or None when it has more than three decimals."""
    scaled = value.scaleb(FIXED_PLACES)
    return int(scaled) if scaled == scaled.to_integral_value() else None


def _decimal(scaled: int, exponent: int) -> Decimal:
    """The Decimal that adding Decimals (the smallest exponent ``exponent``) gives for ``scaled`` / 1000."""
    return Decimal(scaled // 10 ** (FIXED_PLACES + exponent)).scaleb(exponent)


class _Fixed:
    """A table's ranking and figures computed on integers of 1/1000 point, exactly as in Decimals."""

    def __init__(self, table: ScoreTable, bounds: list[int], maxima: list[int]):
        self.table, self.scheme = table, table.scheme
        fixed = table.fixed
        self.scores, self.exponents = fixed.scores, fixed.exponents
        self.totals = self.scores.sum(axis=1)
        # A total's Decimal exponent is its smallest term's (adding starts from Decimal(0)).
        self.total_exponents = np.minimum(self.exponents.min(axis=1), 0)
        band = np.full(len(self.totals), -1)
        for index, lower in enumerate(bounds):
            band[(band < 0) & (self.totals >= lower)] = index
        self.band_index, self.maxima = band, maxima
        self.units = table.frame["unit"].tolist()

    @classmethod
    def of(cls, table: ScoreTable) -> _Fixed | None:
        """The integer form of a table when it has one that still describes its frame and fits the scheme."""
        scheme = table.scheme
        if table.fixed is None or not len(table.frame):
            return None
        bounds = [_scaled(b.lower) for b in scheme.bands]
        maxima = [_scaled(c.max_points) for c in scheme.criteria]
        if None in bounds or None in maxima or not table.fixed.describes(table.frame, scheme.criterion_keys):
            return None
        fixed = cls(table, bounds, maxima)
        return fixed if (fixed.band_index >= 0).all() else None  # below every band: the Decimal path says so

    @property
    def order(self) -> np.ndarray:
        """Row positions in ranking order: total (highest first), then Vietnamese name order (stable)."""
        if not hasattr(self, "_order"):
            name_position = np.empty(len(self.units), dtype=np.int64)
            name_position[vi_sort_order(self.units)] = np.arange(len(self.units))
            self._name_position = name_position
            self._order = np.lexsort((name_position, -self.totals))
        return self._order

    @property
    def ranking(self) -> pd.DataFrame:
        """The ranking frame, identical to the Decimal path's."""
        if not hasattr(self, "_ranking"):
            order = self.order
            totals = self.totals[order]
            exponents = self.total_exponents[order]
            keys, first = np.unique(totals * 8 - exponents, return_inverse=True)  # exponents are 0 to -3
            decimals = np.empty(len(keys), dtype=object)
            decimals[:] = [_decimal(int(k) // 8, -(int(k) % 8)) for k in keys]
            ascending = np.sort(self.totals)
            ranks = len(ascending) - np.searchsorted(ascending, totals, side="right") + 1
            names = np.array([b.name for b in self.scheme.bands], dtype=object)
            frame = self.table.frame.take(order).reset_index(drop=True)
            frame["total"] = decimals[first.ravel()]
            frame["band"] = names[self.band_index[order]].tolist()
            frame["rank"] = ranks.tolist()
            self._ranking = frame
        return self._ranking

    def summary(self) -> Summary:
        """Every figure of Section I, as :func:`_summarize_decimal` gives them."""
        scheme, ranking, order = self.scheme, self.ranking, self.order
        n = len(ranking)
        totals = list(ranking["total"])
        total_sum = _decimal(int(self.totals.sum()), int(self.total_exponents.min()))
        counts = np.bincount(self.band_index, minlength=len(scheme.bands))
        bands = []
        for band, count in zip(scheme.bands, counts.tolist()):
            share = (Decimal(count) * _HUNDRED / n).quantize(_CENT, rounding=ROUND_HALF_UP)
            bands.append(BandCount(band.name, band.lower, band.upper, count, share))
        by_name = np.argsort(self._name_position, kind="stable")
        names = np.array(self.units, dtype=object)[by_name]
        criteria = []
        for j, c in enumerate(scheme.criteria):
            column, exponent = self.scores[:, j], min(int(self.exponents[:, j].min()), 0)
            points = _decimal(int(column.sum()), exponent)
            lost_exponent = min(exponent, c.max_points.as_tuple().exponent)
            lost = _decimal(int(self.maxima[j] * n - column.sum()), lost_exponent)
            losing = names[column[by_name] < self.maxima[j]].tolist()
            criteria.append(CriterionStat(c.key, c.number, c.name, c.max_points, points / n, lost, losing))
        ordered_totals = self.totals[order]
        top = int(np.searchsorted(-ordered_totals, -ordered_totals[0], side="right"))
        bottom = int(np.searchsorted(-ordered_totals, -ordered_totals[-1], side="left"))
        units = ranking["unit"].tolist()
        distinct = {t: None for t in totals}
        return Summary(
            n_units=n,
            bands=bands,
            total_sum=total_sum,
            mean=total_sum / n,
            mean_band=scheme.band_of_mean(total_sum, n),
            highest=Extreme(total=totals[0], units=units[:top]),
            lowest=Extreme(total=totals[bottom], units=units[bottom:]),
            criteria=criteria,
            ranking=ranking,
            places=display_places(list(distinct), scheme=scheme),
        )
