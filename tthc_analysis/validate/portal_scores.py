"""A QĐ 766 portal file as the score table every report uses, with its checks and the parent's own score.

The portal's figures are the official ones: a unit is ranked on the total the portal states, and every
disagreement between figures (total against its groups, TDGQ against its counts, a sub-indicator against its
formula) is listed in ``PortalExtras.checks`` for the report's "Kiểm tra số liệu" part, never refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.period import Period
from tthc_analysis.read.base import collector_paused
from tthc_analysis.read.metadata import Metadata
from tthc_analysis.read.portal import read_portal
from tthc_analysis.read.portal_table import Overview, PortalTable
from tthc_analysis.scheme import Criterion, Scheme, load_scheme
from tthc_analysis.validate.portal_indicators import IndicatorLoss, indicator_losses
from tthc_analysis.validate.qd766_checks import CheckReport, check_table
from tthc_analysis.validate.table import ScoreTable, fixed_scores

__all__ = ["PortalExtras", "portal_metadata", "portal_score_table", "read_portal_scores"]

COHORT_NAMES = {"AGENCY": "sở, ban, ngành", "COMMUNE": "xã, phường, đặc khu", "PROVINCE": "tỉnh, thành phố"}


@dataclass(frozen=True)
class PortalExtras:
    """What a portal file adds to the score table: the checks, the parent's own score, the sub-indicators."""

    checks: CheckReport
    overview: Overview | None
    losses: tuple[IndicatorLoss, ...]  # every scored sub-indicator across units, most points lost first
    n_detailed: int  # units with sub-indicator data (detail files)
    source_period: Period | None

    @property
    def has_indicators(self) -> bool:
        return self.n_detailed > 0


def read_portal_scores(
    path: str | Path, scheme: Scheme | str | None = None, period: Period | None = None
) -> ScoreTable:
    """Read a portal JSON file into a :class:`ScoreTable`; every problem at once as a ValidationError."""
    scheme = load_scheme(scheme or "qd766") if not isinstance(scheme, Scheme) else scheme
    if not scheme.two_level:
        message = f"Tệp kết quả của Cổng Dịch vụ công quốc gia chấm theo bộ chỉ số QĐ 766, không theo {scheme.title}."
        raise ValidationError([Problem(Path(path).name, message)])
    with collector_paused():
        return portal_score_table(read_portal(path, scheme, period), scheme)


def _columns_scheme(scheme: Scheme, codes: tuple[str, ...]) -> Scheme:
    """The scheme whose scored columns are the file's groups: ONLINE_SERVICE in place of ONLINE and TTTT."""
    if [c.key for c in scheme.criteria] == list(codes):
        return scheme
    criteria = []
    for number, code in enumerate(codes, 1):
        try:
            group = scheme.group(code)
            criteria.append(Criterion(number, group.name, group.max_points, group.code))
        except KeyError:
            merged = scheme.merged_group(code)
            criteria.append(Criterion(number, merged.name, merged.max_points, merged.code))
    return replace(scheme, criteria=tuple(criteria))


def portal_score_table(table: PortalTable, scheme: Scheme) -> ScoreTable:
    """The validated table of a portal file: one row per unit, groups as columns keyed by code.

    Columns: ``row`` (position in the file), ``unit``, ``code`` (departmentCode), ``cohort``, the groups,
    ``stated_total`` (the portal's total, which the unit is ranked on) and ``portal_rank``; ``district`` (the
    parent level: a commune's province) when units of more than one parent are present.
    """
    columns_scheme = _columns_scheme(scheme, table.group_codes)
    parents = {u.parent_name or u.parent_code for u in table.units}
    with_parent = len(parents - {None}) > 1
    data: dict[str, list] = {"row": list(range(1, len(table.units) + 1)), "unit": [u.name for u in table.units]}
    if with_parent:  # the parent level: the province of each commune and department
        data["district"] = [u.parent_name or u.parent_code for u in table.units]
        data["parent_level"] = ["tỉnh"] * len(table.units)
    data["code"] = [u.code for u in table.units]
    data["cohort"] = [u.cohort for u in table.units]
    for code in columns_scheme.criterion_keys:
        data[code] = [dict(u.groups).get(code, Decimal(0)) for u in table.units]
    data["stated_total"] = [u.total for u in table.units]
    data["portal_rank"] = [u.portal_rank for u in table.units]
    _refuse_repeated_names(table)
    extras = PortalExtras(
        checks=check_table(table, scheme),
        overview=table.overview,
        losses=tuple(indicator_losses([u.indicators for u in table.units if u.indicators], scheme)),
        n_detailed=sum(1 for u in table.units if u.indicators),
        source_period=table.period,
    )
    frame = pd.DataFrame(data)
    return ScoreTable(
        frame=frame,
        scheme=columns_scheme,
        source=table.source,
        has_stated_total=True,
        has_district=with_parent,
        official_total=True,
        period=table.period,
        portal=extras,
        fixed=fixed_scores(frame, columns_scheme.criterion_keys),
    )


def _refuse_repeated_names(table: PortalTable) -> None:
    """Two units of one parent with one name cannot be told apart in a report: refused, naming both."""
    seen: dict[tuple[str | None, str], int] = {}
    problems = []
    for position, unit in enumerate(table.units, 1):
        key = (unit.parent_code or unit.parent_name, unit.name)
        if key in seen:
            message = f"Tên đơn vị trùng với đơn vị thứ {seen[key]} trong tệp (mã {unit.code or 'không có'})."
            problems.append(Problem(Path(table.source).name, message, unit=unit.name, column="departmentName"))
        else:
            seen[key] = position
    if problems:
        raise ValidationError(problems)


_UNITS_PHRASES = {
    "AGENCY": "các sở, ban, ngành",
    "COMMUNE": "các xã, phường, đặc khu",
    "PROVINCE": "các tỉnh, thành phố",
}


def portal_metadata(table: ScoreTable) -> Metadata:
    """What a portal file says about itself, for a file without ``metadata.toml``: place, source, status."""
    extras: PortalExtras = table.portal
    overview = extras.overview
    parents = {p for p in table.frame.get("district", [])} if table.has_district else set()
    locality = overview.name if overview is not None and overview.name else None
    if locality is None and len(parents) == 1:
        locality = parents.pop()
    if locality and locality.startswith("UBND "):
        locality = locality.removeprefix("UBND ")
    cohorts = [c for c in dict.fromkeys(table.frame["cohort"]) if c in _UNITS_PHRASES]
    phrase = " và ".join(_UNITS_PHRASES[c] for c in cohorts) or None
    if phrase and locality and locality != "Cả nước":
        phrase = f"{phrase} của {locality}"
    source = ("Cổng Dịch vụ công quốc gia (dichvucong.gov.vn): kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp "
              f"theo Quyết định số 766/QĐ-TTg, tệp {Path(table.source).name}")  # fmt: skip
    return Metadata(year=table.period.year if table.period else None, locality=locality, units_phrase=phrase,
                    scheme="qd766", status="official", source=source, path=table.source)  # fmt: skip
