"""Every unit by its district, districts ordered by their mean."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tthc_analysis.charts.colours import band_colours
from tthc_analysis.charts.groups import Group, group_label, shown_unit_groups, style_gap_label, with_gap
from tthc_analysis.charts.style import (
    EDGE,
    LABEL_BACKING,
    chart_style,
    height_for,
    pin_fonts,
    row_font_sizes,
    set_titles,
    threshold_lines,
    tick_formatter,
    value_axis_style,
    value_range,
    width_for,
)
from tthc_analysis.charts.text import figure_text
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.printed import points_text

_JITTER_HALF = 0.26  # a district row's dots spread this far up and down (rows are 1 apart)


_TICK_HALF = 0.36  # half the height of a district's mean tick


def district_chart(summary: Summary, scheme: Scheme, *, note: str | None = None) -> Figure:
    """One row per district: its units' totals as dots, its mean as a bold tick with the value above.

    Districts are sorted by mean total, best on top, and labelled with their number of
    units ("Huyện Lâm Hà (24)"). Each unit is a dot coloured by its band, spread up and
    down its row by a fixed, evenly spread offset (the same on every run) so that equal
    totals stay visible. Band thresholds are dashed vertical lines; the axis zooms on
    the totals present. Units without a district form a row "Chưa ghi huyện".

    Parameters
    ----------
    summary
        The year's figures; ``summary.ranking`` must have a ``district`` column.
    scheme
        The scheme of the totals (maximum, bands).
    note
        Optional subtitle, e.g. the data status.

    Returns
    -------
    Figure
        A new figure with one axes.
    """
    ranking = summary.ranking
    if "district" not in ranking.columns:
        raise ValueError("Bảng điểm không có cột huyện, không vẽ được biểu đồ theo huyện.")
    groups, noun, note, omitted = shown_unit_groups(ranking, scheme, note)  # the districts, best first
    # Rows from the top; a trimmed chart leaves an empty, labelled row between its best and worst halves.
    labels, slots, gap = with_gap([group_label(g) for g in groups], list(groups), omitted, noun, None)
    rows = len(labels)
    lines = max(label.count("\n") + 1 for label in labels)
    height = height_for(rows, lines, per_row=0.55, extra=2.4)
    label_size, value_size = row_font_sizes(rows, height - 2.4, lines)
    y_all = np.arange(rows - 1, -1, -1, dtype=float)
    y = np.array([yi for yi, slot in zip(y_all, slots) if slot is not None])
    with chart_style():
        fig = Figure(figsize=(width_for(labels, 6.8), height), layout="constrained")
        ax = fig.add_subplot()
        _district_dots(ax, groups, y, scheme)
        for group, yi in zip(groups, y):
            # Under the dots, so none is hidden; the tick reaches beyond the dots' spread, so its ends show.
            ax.plot([float(group.mean)] * 2, [yi - _TICK_HALF, yi + _TICK_HALF], color="#000000", linewidth=3,
                    solid_capstyle="butt", zorder=2, gid="district-mean")  # fmt: skip
            ax.annotate(points_text(group.mean, scheme), (float(group.mean), yi + _TICK_HALF), xytext=(0, 1),
                        textcoords="offset points", ha="center", va="bottom", fontsize=max(value_size, 7.5),
                        fontweight="bold", bbox=LABEL_BACKING, zorder=6, gid="district-mean-value")  # fmt: skip
        lower, upper = value_range(list(ranking["total"]), scheme)
        threshold_lines(ax, scheme, lower)
        ax.set_xlim(float(lower), float(upper))
        ax.set_ylim(-0.6, rows - 0.4)
        ax.xaxis.set_major_locator(
            ticker.MultipleLocator(1 if upper - lower <= 12 else 2 if upper - lower <= 24 else 5)
        )
        ax.xaxis.set_major_formatter(tick_formatter())
        ax.set_yticks(y_all, labels)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        style_gap_label(ax, gap)
        value_axis_style(ax, "Tổng điểm")
        _district_legend(fig, scheme, ranking["band"].tolist(), noun)
        set_titles(fig, ax, figure_text("districts", "title", parent=noun), note)
    return pin_fonts(fig)


def _district_dots(ax: Axes, groups: Sequence[Group], y: Sequence[float], scheme: Scheme) -> None:
    """Every unit as a dot in its district's row, one scatter per band (in scheme order)."""
    colours = band_colours(scheme)
    crowd = max(g.count for g in groups)
    size = 30.0 if crowd <= 40 else 18.0 if crowd <= 120 else 10.0
    points: dict[str, list[tuple[float, float]]] = {b.name: [] for b in scheme.bands}
    for group, yi in zip(groups, y):
        for i, (total, band) in enumerate(zip(group.frame["total"].tolist(), group.frame["band"].tolist()), start=1):
            points[band].append((float(total), yi + _jitter(i)))
    for index, band in enumerate(scheme.bands):
        if points[band.name]:
            xs, ys = zip(*points[band.name])
            ax.scatter(xs, ys, s=size, marker="o", facecolors=colours[band.name], edgecolors=EDGE,
                       linewidths=0.4, zorder=3, label=band.name, gid=f"district-units-{index}")  # fmt: skip


def _jitter(i: int) -> float:
    """Offset of the ``i``-th unit in its row: a golden-ratio sequence, evenly spread and the same every run."""
    return ((i * 0.6180339887498949) % 1.0 - 0.5) * 2 * _JITTER_HALF


def _district_legend(fig: Figure, scheme: Scheme, bands: Sequence[str], noun: str = "huyện") -> None:
    colours = band_colours(scheme)
    present = [b.name for b in scheme.bands if b.name in set(bands)]
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=6.5, markerfacecolor=colours[name],
                      markeredgecolor=EDGE, markeredgewidth=0.5, label=name) for name in present]  # fmt: skip
    handles.append(Line2D([], [], linestyle="none", marker="|", markersize=11, markeredgewidth=3,
                          color="#000000", label=f"Điểm bình quân của {noun}"))  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9)
