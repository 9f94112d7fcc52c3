"""Each unit's groups as a share of their maxima (QĐ 766): a grid of per cent, so groups of 10 and 22 points
read alike. Above 60 units rows become parents (or bands), each cell the mean share of its units."""

from __future__ import annotations

from decimal import Decimal

import matplotlib as mpl
import numpy as np
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from tthc_analysis.charts.groups import group_label, shown_unit_groups, style_gap_label, with_gap
from tthc_analysis.charts.style import (
    MANY_UNITS,
    chart_style,
    contrast_text_colour,
    height_for,
    pin_fonts,
    row_font_sizes,
    row_labels,
    set_titles,
    width_for,
)
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary

SHARE_CMAP = "YlGn"


def _share(values, maximum: Decimal) -> float:
    """Mean share of ``maximum`` in per cent, computed exactly, a float only to be drawn."""
    values = list(values)
    return float(sum(values, Decimal(0)) * 100 / (maximum * len(values)))


def group_share_chart(summary: Summary, scheme: Scheme, *, note: str | None = None) -> Figure:
    """Grid of each unit's (or group of units') score in each group as a share of the group's maximum."""
    ranking = summary.ranking
    criteria = scheme.criteria
    if len(ranking) > MANY_UNITS:
        groups, by, note, omitted = shown_unit_groups(ranking, scheme, note)
        shares = [[_share(g.frame[c.key], c.max_points) for c in criteria] for g in groups]
        names, shares, gap = with_gap([group_label(g) for g in groups], shares, omitted, by, [np.nan] * len(criteria))
        title = f"Tỷ lệ điểm đạt theo nhóm chỉ số, bình quân theo {by}"
    else:
        names, _ = row_labels(ranking["unit"].tolist())
        shares = [[_share([v], c.max_points) for c, v in zip(criteria, row)]
                  for row in ranking[[c.key for c in criteria]].itertuples(index=False)]  # fmt: skip
        title, gap = "Tỷ lệ điểm đạt theo nhóm chỉ số", None
    return _grid(names, shares, [c.key for c in criteria], title, note, gap)


def _grid(names: list[str], shares: list[list[float]], columns: list[str], title: str, note: str | None,
          gap: int | None = None) -> Figure:  # fmt: skip
    n = len(names)
    data = np.array(shares, dtype=float).reshape(n, len(columns))
    lines = max((name.count("\n") + 1 for name in names), default=1)
    height = height_for(n, lines, per_row=0.3, extra=2.2)
    label_size, value_size = row_font_sizes(n, height - 2.2, lines)
    cmap = mpl.colormaps[SHARE_CMAP].with_extremes(bad="#ffffff")  # the gap row of a trimmed chart: white
    with chart_style():
        fig = Figure(figsize=(max(6.4, width_for(names, 1.6 + 0.7 * len(columns))), height), layout="constrained")
        ax = fig.add_subplot()
        image = ax.imshow(data, cmap=cmap, vmin=0.0, vmax=100.0, aspect="auto", interpolation="nearest")
        if n <= MANY_UNITS:
            for i, row in enumerate(data):
                for j, value in enumerate(row):
                    if np.isnan(value):
                        continue
                    background = to_hex(cmap(value / 100.0))
                    ax.text(j, i, f"{value:.0f}%", ha="center", va="center", fontsize=value_size,
                            color=contrast_text_colour(background))  # fmt: skip
        ax.set_xticks(range(len(columns)), columns)
        ax.set_yticks(range(n), names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        style_gap_label(ax, gap)
        ax.tick_params(axis="x", length=0, top=n > 25, labeltop=n > 25)
        ax.set_xlabel("Nhóm chỉ số")
        separator = {"colors": "#ffffff", "linewidth": 1.0 if n <= MANY_UNITS else 0.3}
        ax.hlines(np.arange(0.5, n - 1, 1), -0.5, len(columns) - 0.5, **separator)
        ax.vlines(np.arange(0.5, len(columns) - 1, 1), -0.5, n - 0.5, **separator)
        for spine in ax.spines.values():
            spine.set_visible(False)
        colourbar = fig.colorbar(image, ax=ax, shrink=min(1.0, 6.0 / height) if height > 6 else 1.0, aspect=30)
        colourbar.set_label("Tỷ lệ so với điểm tối đa (%)")
        set_titles(fig, ax, title, note)
    return pin_fonts(fig)
