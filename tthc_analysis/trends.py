"""Several years at once: every year's figures and each unit's totals over the years.

Years are the folders of a data directory named by a four-digit year and holding
``scores.csv`` (or ``scores.xlsx``). Units are followed across years by the ids of
:func:`tthc_analysis.report.identify_units` (the unit registry where there is
one), so a renamed unit keeps one line and a ward formed by a merger is shown
beside the mean of its predecessors in the years before it existed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .charts import TrendSeries
from .compare import YearUnits
from .dataset import year_file, year_scores
from .scheme import Scheme
from .scoring import printed_mean
from .summary import YearResult, analyse
from .validation import Problem, ValidationError
from .vietnamese import vi_sort_key

__all__ = ["YearsData", "available_years", "load_years", "status_note", "unit_series", "year_ranges"]

_YEAR_FOLDER = re.compile(r"^\d{4}$")


def available_years(data_dir: str | Path) -> list[int]:
    """The years of ``data_dir``: four-digit folders that hold a scores file, oldest first."""
    folder = Path(data_dir)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if _YEAR_FOLDER.match(p.name) and year_scores(p))


@dataclass
class YearsData:
    """Every year of a data directory, validated, with the units identified across years."""

    data_dir: Path
    years: list[int]
    results: dict[int, YearResult]
    units: dict[int, YearUnits]
    registry_file: str | None

    @property
    def scheme(self) -> Scheme:
        return self.results[self.years[-1]].scheme

    @property
    def same_scheme(self) -> bool:
        return len({r.scheme.name for r in self.results.values()}) == 1


def load_years(data_dir: str | Path, years: list[int] | None = None, until: int | None = None) -> YearsData:
    """Read and validate the given years (default: all, up to ``until``); every problem of every year at once."""
    from .registry import find_registry
    from .report import identify_units

    data_dir = Path(data_dir)
    chosen = years if years is not None else available_years(data_dir)
    if until is not None:
        chosen = [y for y in chosen if y <= until]
    if not chosen:
        raise ValidationError([Problem(str(data_dir), "không có năm nào có tệp điểm (<năm>/scores.csv hoặc <năm>/scores.xlsx)")])
    problems: list[Problem] = []
    registry = None
    try:
        registry = find_registry(data_dir)
    except ValidationError as exc:
        problems += exc.problems
    results: dict[int, YearResult] = {}
    units: dict[int, YearUnits] = {}
    for year in chosen:
        path = year_file(data_dir, year)
        try:
            results[year] = analyse(path, year=year)
            units[year] = identify_units(results[year], year, registry, str(path))
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems)
    return YearsData(data_dir, sorted(chosen), results, units, registry.path if registry else None)


def unit_series(data: YearsData) -> list[TrendSeries]:
    """One series per unit: its total each year it has one, and for a unit formed by a merger, the mean of
    its predecessors' totals in earlier years (the dashed baseline).

    Units of the latest year come first, in its ranking order; units that no longer appear follow in
    Vietnamese name order.
    """
    scheme = data.scheme
    totals: dict[str, dict[int, Decimal]] = {}
    labels: dict[str, str] = {}
    predecessors: dict[str, tuple[str, ...]] = {}
    for year in data.years:
        year_units = data.units[year]
        for unit_id, row in zip(year_units.ids, year_units.summary.ranking.itertuples()):
            totals.setdefault(unit_id, {})[year] = row.total
            labels[unit_id] = row.unit  # the latest name wins
            predecessors.setdefault(unit_id, year_units.predecessors.get(unit_id, ()))
    series = []
    for unit_id, points in totals.items():
        baseline: dict[int, Decimal] = {}
        first = min(points)
        for year in data.years:
            if year >= first:
                break
            found = [totals[p][year] for p in predecessors.get(unit_id, ()) if year in totals.get(p, {})]
            if found:
                baseline[year] = printed_mean(sum(found, Decimal(0)), len(found), scheme)
        series.append(TrendSeries(labels[unit_id], dict(points), baseline))
    latest = data.years[-1]
    order = {unit_id: i for i, unit_id in enumerate(data.units[latest].ids)}
    ids = list(totals)
    keyed = sorted(zip(ids, series), key=lambda pair: (pair[0] not in order, order.get(pair[0], 0),
                                                      vi_sort_key(pair[1].label)))  # fmt: skip
    return [s for _, s in keyed]


def year_ranges(years: list[int]) -> str:
    """Years as runs: ``[2021, 2022, 2023, 2025]`` -> ``"2021–2023, 2025"``.

    >>> year_ranges([2021, 2022, 2023, 2025])
    '2021–2023, 2025'
    >>> year_ranges([2022])
    '2022'
    """
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def status_note(data: YearsData, years: list[int] | None = None) -> str | None:
    """Which years are not official figures, grouped by kind: "Số liệu dựng lại: 2021; số liệu minh họa: 2022–2025"."""
    groups: dict[str, list[int]] = {}
    for year in years or data.years:
        meta = data.results[year].metadata
        if meta.is_constructed:
            groups.setdefault(meta.status_label, []).append(year)
        elif meta.path is None:
            groups.setdefault("Chưa rõ tình trạng số liệu", []).append(year)
    if not groups:
        return None
    text = "; ".join(f"{label.lower()}: {year_ranges(found)}" for label, found in groups.items())
    return text[0].upper() + text[1:]
