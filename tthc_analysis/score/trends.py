"""Each unit's totals over the years, merged units against their predecessors' mean."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from tthc_analysis.scheme import Scheme
from tthc_analysis.score.compare import YearUnits
from tthc_analysis.score.printed import printed_mean
from tthc_analysis.vietnamese import vi_sort_key


@dataclass(frozen=True)
class TrendSeries:
    """One unit's totals by year, for :func:`trend_chart`.

    ``baseline`` holds, for a unit formed by merging, the plain mean of its predecessors'
    totals in the years before it existed; it is drawn dashed and lighter.
    """

    label: str
    points: Mapping[int, Decimal]
    baseline: Mapping[int, Decimal] = field(default_factory=dict)


def unit_series(years: list[int], units: Mapping[int, YearUnits], scheme: Scheme) -> list[TrendSeries]:
    """One series per unit: its total each year it has one, and for a unit formed by a merger, the mean of
    its predecessors' totals in earlier years (the dashed baseline).

    Units of the latest year come first, in its ranking order; units that no longer appear follow in
    Vietnamese name order.
    """
    totals: dict[str, dict[int, Decimal]] = {}
    labels: dict[str, str] = {}
    predecessors: dict[str, tuple[str, ...]] = {}
    for year in years:
        year_units = units[year]
        for unit_id, row in zip(year_units.ids, year_units.summary.ranking.itertuples()):
            totals.setdefault(unit_id, {})[year] = row.total
            labels[unit_id] = row.unit  # the latest name wins
            predecessors.setdefault(unit_id, year_units.predecessors.get(unit_id, ()))
    series = []
    for unit_id, points in totals.items():
        baseline: dict[int, Decimal] = {}
        first = min(points)
        for year in years:
            if year >= first:
                break
            found = [totals[p][year] for p in predecessors.get(unit_id, ()) if year in totals.get(p, {})]
            if found:
                baseline[year] = printed_mean(sum(found, Decimal(0)), len(found), scheme)
        series.append(TrendSeries(labels[unit_id], dict(points), baseline))
    order = {unit_id: i for i, unit_id in enumerate(units[years[-1]].ids)}
    ids = list(totals)
    keyed = sorted(zip(ids, series), key=lambda pair: (pair[0] not in order, order.get(pair[0], 0),
                                                      vi_sort_key(pair[1].label)))  # fmt: skip
    return [s for _, s in keyed]
