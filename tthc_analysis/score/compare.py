"""Year over year: each unit's change in total, rank and band, followed through renames and mergers.

Units are identified across years by a stable id. With a unit registry (see
:mod:`tthc_analysis.registry`) the id is the registry's, so a renamed unit keeps
its history and a ward formed by a merger knows its predecessors. Without one,
a unit is identified by its name (and district) in a spelling-insensitive form.

Rules, stated once here and in the report's methodology:

* A unit present in both years is compared directly: change of total (exact),
  of rank (each year's own ranking) and of band.
* A unit formed by a merger (or split) is compared with the plain mean of its
  predecessors' totals of the previous year, taken over the predecessors that
  have a score that year, rounded half-up to two decimals as printed (more
  only where two would show a figure of another band). Such
  comparisons are counted apart from the direct ones.
* Means (overall and per criterion) are compared as printed, two decimals
  rounded half-up, so the printed figures add up for the reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from tthc_analysis.period import Period
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.printed import printed_mean, round_mean
from tthc_analysis.vietnamese import match_key, vi_sort_key

SAME = "same"  # the unit exists in both years under the same id (possibly renamed)


MERGED = "merged"  # formed from predecessors that have scores in the previous year


NEW = "new"  # no score in the previous year, no predecessor with one


GONE = "gone"  # a score in the previous year, none this year, and no successor with one


def name_ids(ranking: pd.DataFrame) -> list[str]:
    """Ids of units: their code (the portal's departmentCode) when every unit has one, else the name alone
    (and district, where the table has one)."""
    codes = ranking["code"].tolist() if "code" in ranking.columns else []
    if codes and all(isinstance(c, str) and c for c in codes):
        return [f"code:{c}" for c in codes]
    districts = ranking["district"].tolist() if "district" in ranking.columns else [""] * len(ranking)
    return [f"{match_key(d or '')}|{match_key(u)}" for d, u in zip(districts, ranking["unit"].tolist())]


@dataclass(frozen=True)
class YearUnits:
    """One year's summary with the stable id of each ranking row (same order as ``summary.ranking``)."""

    year: int
    summary: Summary
    ids: tuple[str, ...]
    # unit id -> ids of its predecessors (registry); empty without a registry.
    predecessors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # unit id -> the name the registry gives it in this year, for units without a row (missing predecessors).
    registry_names: dict[str, str] = field(default_factory=dict)
    # (name, closest known names) of each unit the registry does not hold, taken as a new unit.
    unknown: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if len(self.ids) != len(self.summary.ranking):
            raise ValueError("one id per ranking row is needed")


@dataclass(frozen=True)
class UnitChange:
    """One unit's figures in both years. ``before`` is the predecessors' mean for a merged unit."""

    unit: str
    kind: str
    before: Decimal | None
    after: Decimal | None
    rank_before: int | None
    rank_after: int | None
    band_before: str | None
    band_after: str | None
    previous_name: str | None = None
    predecessors: tuple[str, ...] = ()
    missing_predecessors: tuple[str, ...] = ()
    district: str | None = None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost (negative); only for units compared directly."""
        if self.kind != SAME:
            return None
        return self.rank_before - self.rank_after

    @property
    def renamed(self) -> bool:
        return self.previous_name is not None


@dataclass(frozen=True)
class CriterionChange:
    number: int
    name: str
    max_points: Decimal
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """Everything the "So với năm ..." section states."""

    year: int
    previous_year: int
    units: list[UnitChange]
    criteria: list[CriterionChange]
    mean_before: Decimal
    mean_after: Decimal
    mean_band_before: str
    mean_band_after: str
    n_before: int
    n_after: int
    band_counts: list[tuple[str, int, int]]
    places: int = 2
    period: Period | None = None  # the periods compared, when not whole years
    previous_period: Period | None = None

    @property
    def label(self) -> str:
        """This period as the text names it: "năm 2021", "quý III năm 2026"."""
        return (self.period or Period("year", self.year)).label

    @property
    def previous_label(self) -> str:
        return (self.previous_period or Period("year", self.previous_year)).label

    @property
    def column(self) -> str:
        """This period in a table heading: "2021", "quý III/2026"."""
        return (self.period or Period("year", self.year)).short

    @property
    def previous_column(self) -> str:
        return (self.previous_period or Period("year", self.previous_year)).short

    @property
    def previous_label_cap(self) -> str:
        return self.previous_label[:1].upper() + self.previous_label[1:]

    @property
    def labels(self) -> dict[str, str]:
        """The periods' names for the templates: ``label``, ``previous_label``, their capitalised and column forms."""
        return {"label": self.label, "previous_label": self.previous_label, "column": self.column,
                "previous_column": self.previous_column, "label_cap": self.label[:1].upper() + self.label[1:],
                "previous_label_cap": self.previous_label_cap}  # fmt: skip

    def of_kind(self, kind: str) -> list[UnitChange]:
        return [u for u in self.units if u.kind == kind]

    @property
    def direct(self) -> list[UnitChange]:
        return self.of_kind(SAME)

    @property
    def merged(self) -> list[UnitChange]:
        return self.of_kind(MERGED)

    @property
    def new(self) -> list[UnitChange]:
        return self.of_kind(NEW)

    @property
    def gone(self) -> list[UnitChange]:
        return self.of_kind(GONE)

    @property
    def renamed(self) -> list[UnitChange]:
        return [u for u in self.direct if u.renamed]

    @staticmethod
    def rising(changes: Sequence[UnitChange]) -> list[UnitChange]:
        return [u for u in changes if u.change is not None and u.change > 0]

    @staticmethod
    def falling(changes: Sequence[UnitChange]) -> list[UnitChange]:
        return [u for u in changes if u.change is not None and u.change < 0]

    @staticmethod
    def steady(changes: Sequence[UnitChange]) -> list[UnitChange]:
        return [u for u in changes if u.change == 0]

    @property
    def band_changes(self) -> list[UnitChange]:
        return [u for u in self.direct if u.band_before != u.band_after]

    @property
    def mean_change(self) -> Decimal:
        return self.mean_after - self.mean_before


def _rows(units: YearUnits) -> dict[str, dict]:
    records = units.summary.ranking.to_dict("records")
    return {unit_id: record for unit_id, record in zip(units.ids, records)}


def compare_years(previous: YearUnits, current: YearUnits, scheme: Scheme) -> Comparison:
    """Compare ``current`` with ``previous`` unit by unit, criterion by criterion."""
    before = _rows(previous)
    after = _rows(current)
    covered: set[str] = set()
    changes: list[UnitChange] = []
    for unit_id, row in after.items():
        district = row.get("district")
        if unit_id in before:
            old = before[unit_id]
            covered.add(unit_id)
            changes.append(UnitChange(
                unit=row["unit"], kind=SAME, before=old["total"], after=row["total"],
                rank_before=int(old["rank"]), rank_after=int(row["rank"]),
                band_before=old["band"], band_after=row["band"],
                previous_name=old["unit"] if old["unit"] != row["unit"] else None, district=district,
            ))  # fmt: skip
            continue
        predecessor_ids = current.predecessors.get(unit_id, ())
        found = [p for p in predecessor_ids if p in before]
        if found:
            covered.update(found)
            found_sum = sum((before[p]["total"] for p in found), Decimal(0))
            baseline = printed_mean(found_sum, len(found), scheme)
            missing = [previous.registry_names.get(p, current.registry_names.get(p, p))
                       for p in predecessor_ids if p not in before]  # fmt: skip
            changes.append(UnitChange(
                unit=row["unit"], kind=MERGED, before=baseline, after=row["total"],
                rank_before=None, rank_after=int(row["rank"]),
                band_before=scheme.band_of_mean(found_sum, len(found)), band_after=row["band"],
                predecessors=tuple(sorted((before[p]["unit"] for p in found), key=vi_sort_key)),
                missing_predecessors=tuple(sorted(missing, key=vi_sort_key)), district=district,
            ))  # fmt: skip
            continue
        changes.append(UnitChange(
            unit=row["unit"], kind=NEW, before=None, after=row["total"], rank_before=None,
            rank_after=int(row["rank"]), band_before=None, band_after=row["band"], district=district,
        ))  # fmt: skip
    gone = [
        UnitChange(unit=row["unit"], kind=GONE, before=row["total"], after=None, rank_before=int(row["rank"]),
                   rank_after=None, band_before=row["band"], band_after=None, district=row.get("district"))
        for unit_id, row in before.items() if unit_id not in covered
    ]  # fmt: skip
    changes += sorted(gone, key=lambda u: vi_sort_key(u.unit))

    criteria = [
        CriterionChange(a.number, a.name, a.max_points, round_mean(b.mean), round_mean(a.mean))
        for a, b in zip(current.summary.criteria, previous.summary.criteria)
    ]
    band_counts = [(a.band, b.count, a.count) for a, b in zip(current.summary.bands, previous.summary.bands)]
    return Comparison(
        year=current.year,
        previous_year=previous.year,
        units=changes,
        criteria=criteria,
        mean_before=printed_mean(previous.summary.total_sum, previous.summary.n_units, scheme),
        mean_after=printed_mean(current.summary.total_sum, current.summary.n_units, scheme),
        mean_band_before=previous.summary.mean_band,
        mean_band_after=current.summary.mean_band,
        n_before=previous.summary.n_units,
        n_after=current.summary.n_units,
        band_counts=band_counts,
        places=max(previous.summary.places, current.summary.places),
    )
