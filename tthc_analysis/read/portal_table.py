"""The plain frozen table a QĐ 766 portal file is read into (see ``read/portal.py``).

Units with their cohort, parent, group scores by the scheme's canonical codes, stated total, sub-indicator
scores, the portal's own ordinal rank and TDGQ counts; the period and the parent's own score. Nothing here
computes: totals, ranks and bands are the score layer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from tthc_analysis.period import Period

__all__ = ["COHORTS", "IndicatorScore", "Overview", "PortalTable", "PortalUnit"]

COHORTS = ("AGENCY", "COMMUNE", "PROVINCE")


class IndicatorScore(NamedTuple):
    """One sub-indicator of one unit as published: counts and ratio when given, score (None when not scored).

    A named tuple, not a frozen dataclass: a national file holds some 60,000, and a frozen dataclass takes
    three to five times as long to make (0.13 s for them all, against 0.02–0.05 s)."""

    group: str
    code: str
    name: str
    numerator: Decimal | None
    denominator: Decimal | None
    ratio: Decimal | None  # per cent, as the portal prints it
    score: Decimal | None
    max_points: Decimal


@dataclass(frozen=True)
class PortalUnit:
    """One scored unit: a provincial department (AGENCY), a commune or ward (COMMUNE) or a province (PROVINCE).

    ``groups`` maps the scheme's canonical group codes (ONLINE, never CLGQ; ONLINE_SERVICE when the source
    merges ONLINE and TTTT) to the published scores, in the scheme's order. ``total`` is the total as stated.
    ``portal_rank`` is the portal's ordinal position (ties get different ranks), not a competition rank.
    """

    code: str | None
    department_id: str | None
    name: str
    cohort: str
    parent_code: str | None
    parent_name: str | None
    groups: tuple[tuple[str, Decimal], ...]
    total: Decimal
    indicators: tuple[IndicatorScore, ...] = ()
    portal_rank: int | None = None
    portal_group_rank: int | None = None
    total_received: Decimal | None = None
    total_on_time: Decimal | None = None

    def group(self, code: str) -> Decimal:
        return dict(self.groups)[code]


@dataclass(frozen=True)
class Overview:
    """The parent's own score as the portal computes it from its own data (a province, or the country)."""

    name: str
    code: str | None
    total: Decimal | None
    groups: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class PortalTable:
    """A portal file read: its units (source order), period, the parent's own score and where it came from."""

    source: str
    scheme: str
    period: Period | None
    units: tuple[PortalUnit, ...]
    group_codes: tuple[str, ...]  # the scored columns, canonical codes in the scheme's order
    overview: Overview | None = None

    def cohort(self, cohort: str) -> tuple[PortalUnit, ...]:
        return tuple(u for u in self.units if u.cohort == cohort)

    @property
    def cohorts(self) -> tuple[str, ...]:
        """The cohorts present, in COHORTS order."""
        present = {u.cohort for u in self.units}
        return tuple(c for c in COHORTS if c in present)
