"""Totals, bands, ranks and the statistics of a year, in exact decimals.

Binary floats would add eight criteria of 1.7 and one of 1.4 to
14.999999999999998 and band a 15-point unit as Tốt; every figure here is a
``decimal.Decimal`` computed from the strings in the input.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pandas as pd

from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import (
    CriterionStat,
    Summary,
    band_counts,
    competition_ranks,
    extreme_of,
)
from tthc_analysis.score.fixed import FixedPath
from tthc_analysis.score.printed import display_places
from tthc_analysis.validate.table import FixedScores, ScoreTable
from tthc_analysis.vietnamese import vi_sort_key


def rank_units(table: ScoreTable) -> pd.DataFrame:
    """One row per unit with ``total``, ``band`` and ``rank``; sorted by rank, then Vietnamese name order."""
    fixed = FixedPath.of(table)
    return fixed.ranking if fixed is not None else _rank_units_decimal(table)


def _rank_units_decimal(table: ScoreTable, sort_keys: dict[str, int] | None = None) -> pd.DataFrame:
    """:func:`rank_units` in Decimal arithmetic, row by row (any table); ``sort_keys``: name keys already made."""
    scheme = table.scheme
    frame = table.frame.copy()
    keys = scheme.criterion_keys
    if table.ranked_on_stated:  # the portal's own total (checked apart), or a table of totals only
        frame["total"] = list(frame["stated_total"])
    else:
        frame["total"] = [sum(values, Decimal(0)) for values in frame[keys].itertuples(index=False)]
    frame["band"] = [scheme.band_of(t) for t in frame["total"]]
    frame["rank"] = competition_ranks(list(frame["total"]))
    sort_keys = sort_keys if sort_keys is not None else name_keys(frame["unit"])
    frame["_name_key"] = [sort_keys[u] for u in frame["unit"].tolist()]
    frame = frame.sort_values(["rank", "_name_key"], kind="stable").drop(columns="_name_key")
    return frame.reset_index(drop=True)


def summarize(table: ScoreTable) -> Summary:
    """Compute every figure of Section I from a validated table.

    Tables read with every score at three decimals or fewer are computed on integers of 1/1000 point
    (exact, and fast at national scale); the figures are the very Decimals the Decimal path gives.
    """
    fixed = FixedPath.of(table)
    return fixed.summary() if fixed is not None else _summarize_decimal(table)


def name_keys(units) -> dict[str, int]:
    """Each distinct name's position in Vietnamese name order, made once: a national table sorts its names many
    times, and integers compare faster than the sort keys they stand for (equal keys share a position)."""
    keys = {u: vi_sort_key(u) for u in dict.fromkeys(units)}
    positions: dict[str, int] = {}
    previous, position = None, -1
    for name in sorted(keys, key=keys.__getitem__):
        if keys[name] != previous:
            previous, position = keys[name], position + 1
        positions[name] = position
    return positions


def _summarize_decimal(table: ScoreTable, keys: dict[str, int] | None = None) -> Summary:
    """:func:`summarize` in Decimal arithmetic, row by row (any table)."""
    scheme: Scheme = table.scheme
    keys = keys if keys is not None else name_keys(table.frame["unit"])
    ranking = _rank_units_decimal(table, keys)
    n = len(ranking)
    totals = list(ranking["total"])
    total_sum = sum(totals, Decimal(0))
    named = ranking["band"].tolist()
    bands = band_counts([named.count(band.name) for band in scheme.bands], scheme)
    criteria = []
    for c in () if table.totals_only else scheme.criteria:
        column = list(ranking[c.key])
        lost = sum((c.max_points - v for v in column), Decimal(0))
        losing = sorted((u for u, v in zip(ranking["unit"], column) if v < c.max_points), key=keys.__getitem__)
        criteria.append(CriterionStat(c.key, c.number, c.name, c.max_points, sum(column, Decimal(0)) / n, lost, losing))
    return Summary(
        n_units=n,
        bands=bands,
        total_sum=total_sum,
        mean=total_sum / n,
        mean_band=scheme.band_of_mean(total_sum, n),
        highest=extreme_of(ranking, max(totals)),
        lowest=extreme_of(ranking, min(totals)),
        criteria=criteria,
        ranking=ranking,
        places=display_places(totals, scheme=scheme),
    )


def summarize_cohorts(table: ScoreTable) -> dict[str, Summary]:
    """One summary per cohort (``AGENCY``, ``COMMUNE``, ``PROVINCE``) when the table holds more than one."""
    if "cohort" not in table.frame.columns:
        return {}
    cohorts = [c for c in dict.fromkeys(table.frame["cohort"]) if c]
    if len(cohorts) < 2:
        return {}
    keys = None  # the name order of the whole table, made only if a cohort goes the Decimal way
    summaries = {}
    for cohort in sorted(cohorts):
        mask = (table.frame["cohort"] == cohort).to_numpy()
        part = replace(table, frame=table.frame[mask].reset_index(drop=True), fixed=_fixed_part(table.fixed, mask))
        fixed = FixedPath.of(part)
        if fixed is not None:
            summaries[cohort] = fixed.summary()
            continue
        keys = keys if keys is not None else name_keys(table.frame["unit"])
        summaries[cohort] = _summarize_decimal(part, keys)
    return summaries


def _fixed_part(fixed: FixedScores | None, mask) -> FixedScores | None:
    """The integer form of the rows ``mask`` keeps (still checked against the part's frame before use)."""
    if fixed is None or len(fixed.ids) != len(mask):
        return None
    return FixedScores(fixed.scores[mask], fixed.exponents[mask], fixed.ids[mask])
