"""Units grouped by their parent (district), and the cut of long lists to their two ends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import pandas as pd

from tthc_analysis.charts.style import NO_DISTRICT, wrap_name
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.districts import grouping_noun
from tthc_analysis.vietnamese import format_integer, vi_sort_key


class Group:
    """Units that share a district (or a band): their rows of the ranking, in ranking order.

    Built from the ranking and the group's row positions; the rows themselves (``frame``) are taken
    only when a chart draws the group, so a national table's hundreds of districts cost little.
    """

    def __init__(self, name: str, ranking: pd.DataFrame, positions: Sequence[int], totals: Sequence[Decimal]):
        self.name = name
        self._ranking = ranking
        self._positions = positions
        self.count = len(positions)
        self._totals = totals
        self._mean: Decimal | None = None
        self._frame: pd.DataFrame | None = None

    @property
    def mean(self) -> Decimal:
        if self._mean is None:
            self._mean = mean_of([self._totals[i] for i in self._positions])
        return self._mean

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = self._ranking.take(self._positions)
        return self._frame


def mean_of(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def district_groups(ranking: pd.DataFrame) -> list[Group]:
    """One group per district, best mean total first (equal means in Vietnamese name order).

    Units without a district form a last group, "Chưa ghi huyện", whatever its mean.
    """
    names = pd.Series([d if isinstance(d, str) and d else NO_DISTRICT for d in ranking["district"].tolist()],
                      index=ranking.index)  # fmt: skip
    totals = ranking["total"].tolist()
    positions = ranking.reset_index(drop=True).groupby(names.to_numpy(), sort=False).indices
    groups = [Group(name, ranking, list(at), totals) for name, at in positions.items()]
    return sorted(groups, key=lambda g: (g.name == NO_DISTRICT, -g.mean, vi_sort_key(g.name)))


# Beyond this many districts a chart shows the best and the worst, half each, and says how many are left out:
# ten each, like the ten highest and lowest units of the totals chart. (Thirty rows made the district chart
# 19 inches tall, printed at half size with 4-point text.)
MAX_GROUPS = 20


def trim_groups(groups: list[Group]) -> tuple[list[Group], int]:
    """The best and worst districts when there are too many to draw legibly, and how many were left out."""
    if len(groups) <= MAX_GROUPS:
        return groups, 0
    half = MAX_GROUPS // 2
    return groups[:half] + groups[-half:], len(groups) - 2 * half


def trimmed_note(note: str | None, shown: int, omitted: int, noun: str = "huyện") -> str | None:
    if not omitted:
        return note
    text = (f"{shown // 2} {noun} có điểm bình quân cao nhất và {shown // 2} {noun} thấp nhất, "
            f"trong tổng số {format_integer(shown + omitted)} {noun}")  # fmt: skip
    return f"{note}; {text}" if note else text


def unit_groups(ranking: pd.DataFrame, scheme: Scheme) -> tuple[list[Group], str]:
    """Districts if the ranking has them, else the bands present (in scheme order); and what the groups are."""
    by = grouping_noun(ranking)
    if "district" in ranking.columns:
        return district_groups(ranking), by
    totals = ranking["total"].tolist()
    bands = ranking["band"].tolist()
    groups = [Group(b.name, ranking, [i for i, band in enumerate(bands) if band == b.name], totals)
              for b in scheme.bands]  # fmt: skip
    return [g for g in groups if g.count], by


def shown_unit_groups(
    ranking: pd.DataFrame, scheme: Scheme, note: str | None
) -> tuple[list[Group], str, str | None, int]:
    """The groups a many-unit chart draws (both ends when there are too many), what they are, the chart's
    note saying how many were left out, and how many were (0 when every group is drawn)."""
    groups, by = unit_groups(ranking, scheme)
    groups, omitted = trim_groups(groups)
    return groups, by, trimmed_note(note, len(groups), omitted, by), omitted


def gap_label(omitted: int, noun: str) -> str:
    """The label of the empty row a trimmed chart leaves between its best and worst groups: ``… 14 tỉnh khác …``.
    Without it the two ends would read as one list of neighbours."""
    return f"… {format_integer(omitted)} {noun} khác …"


def with_gap(
    names: list[str], rows: list, omitted: int, noun: str, empty: object
) -> tuple[list[str], list, int | None]:
    """``names`` and ``rows`` with the gap row (label, ``empty``) after the best groups :func:`trim_groups` keeps when
    groups were left out; and the gap's position (None when nothing was left out)."""
    if not omitted:
        return names, rows, None
    half = MAX_GROUPS // 2
    return names[:half] + [gap_label(omitted, noun)] + names[half:], rows[:half] + [empty] + rows[half:], half


def style_gap_label(ax, gap: int | None) -> None:
    """The gap row's label in grey italics, so it does not read as one more group."""
    if gap is not None:
        label = ax.get_yticklabels()[gap]
        label.set_fontstyle("italic")
        label.set_color("#555555")


def group_label(group: Group) -> str:
    """The group's name, wrapped, with its number of units: ``Huyện Lâm Hà (24)``."""
    return f"{wrap_name(group.name, 30, 2)} ({group.count})"


def cut_ends(items: Sequence, key: Callable[[object], Decimal], count: int) -> tuple[list, int]:
    """The first ``count`` items, and how many further items share the last one's ``key`` (a tie cut off)."""
    shown = list(items[:count])
    if not shown:
        return shown, 0
    last = key(shown[-1])
    return shown, sum(1 for item in items[count:] if key(item) == last)
