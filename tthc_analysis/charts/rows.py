"""Plain data the charts and the sections share, so the sections need not load matplotlib: the rows a change chart
draws, and how many units a chart draws one by one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["MANY_UNITS", "ChangeRow"]

# Above this many units the heatmaps draw a row per parent (or band) and drop their per-cell numbers.
MANY_UNITS = 60


@dataclass(frozen=True)
class ChangeRow:
    """One unit's total in two years, for :func:`change_chart`.

    ``before`` is the previous year's total, or for a unit formed by merging, the plain
    mean of its predecessors' totals (then ``merged`` is true); None for a new unit.
    ``after`` is this year's total, None if the unit no longer exists.
    """

    label: str
    before: Decimal | None
    after: Decimal | None
    merged: bool = False

    @property
    def change(self) -> Decimal:
        """``after - before`` (both must be present)."""
        assert self.before is not None and self.after is not None
        return self.after - self.before

    @property
    def direction(self) -> str:
        """``"rise"``, ``"fall"`` or ``"same"``."""
        return "rise" if self.change > 0 else "fall" if self.change < 0 else "same"
