"""Ranking and summary on integer thousandths of a point, for tables whose scores have at most three decimals.

They give the same Decimals, ties, ranks and name order as the Decimal path, at numpy speed.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from tthc_analysis.score.base import CriterionStat, Extreme, Summary, band_counts
from tthc_analysis.score.printed import display_places
from tthc_analysis.validate.table import FIXED_PLACES, ScoreTable, scaled_decimals
from tthc_analysis.vietnamese import vi_sort_order

_SCALE = 10**FIXED_PLACES


def _scaled(value: Decimal) -> int | None:
    """``value`` in 1/1000 point, or None when it has more than three decimals."""
    scaled = value.scaleb(FIXED_PLACES)
    return int(scaled) if scaled == scaled.to_integral_value() else None


def _decimal(scaled: int, exponent: int) -> Decimal:
    """The Decimal that adding Decimals (the smallest exponent ``exponent``) gives for ``scaled`` / 1000."""
    return Decimal(scaled // 10 ** (FIXED_PLACES + exponent)).scaleb(exponent)


class FixedPath:
    """A table's ranking and figures computed on integers of 1/1000 point, exactly as in Decimals."""

    def __init__(self, table: ScoreTable, bounds: list[int], maxima: list[int], stated=None):
        self.table, self.scheme = table, table.scheme
        fixed = table.fixed
        self.scores, self.exponents = fixed.scores, fixed.exponents
        if stated is not None:  # ranked on the stated total (the portal's official one): its own exponent
            self.totals, self.total_exponents = stated
        else:
            self.totals = self.scores.sum(axis=1)
            # A total's Decimal exponent is its smallest term's (adding starts from Decimal(0)).
            self.total_exponents = np.minimum(self.exponents.min(axis=1), 0)
        band = np.full(len(self.totals), -1)
        for index, lower in enumerate(bounds):
            band[(band < 0) & (self.totals >= lower)] = index
        self.band_index, self.maxima = band, maxima
        self.units = table.frame["unit"].tolist()

    @classmethod
    def of(cls, table: ScoreTable) -> FixedPath | None:
        """The integer form of a table when it has one that still describes its frame and fits the scheme."""
        scheme = table.scheme
        if table.fixed is None or not len(table.frame) or table.totals_only:
            return None
        bounds = [_scaled(b.lower) for b in scheme.bands]
        maxima = [_scaled(c.max_points) for c in scheme.criteria]
        if None in bounds or None in maxima or not table.fixed.describes(table.frame, scheme.criterion_keys):
            return None
        stated = None
        if table.ranked_on_stated:  # the stated totals, which the Decimal path takes as they are
            if table.frame["stated_total"].isna().any():
                return None
            stated = scaled_decimals(table.frame["stated_total"].tolist())
            if stated is None:
                return None
        fixed = cls(table, bounds, maxima, stated)
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
        bands = band_counts(counts.tolist(), scheme)
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
