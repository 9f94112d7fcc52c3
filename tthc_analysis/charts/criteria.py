"""Bands and criteria: units per band, points lost per unit and criterion."""

from __future__ import annotations

from decimal import Decimal

import matplotlib as mpl
import matplotlib.style
import numpy as np
from matplotlib import ticker
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from tthc_analysis.charts.colours import contrast_text_colour
from tthc_analysis.charts.groups import group_label, mean_of, shown_unit_groups, style_gap_label, with_gap
from tthc_analysis.charts.style import (
    LOST_CMAP,
    MANY_UNITS,
    band_patch_style,
    chart_style,
    format_bound,
    height_for,
    pin_fonts,
    row_font_sizes,
    row_labels,
    set_titles,
    tick_formatter,
    width_for,
    wrap_name,
)
from tthc_analysis.charts.text import figure_text
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.printed import exact_places
from tthc_analysis.vietnamese import format_integer, format_percent, format_points


def points_lost_heatmap(summary: Summary, scheme: Scheme, *, note: str | None = None) -> Figure:
    """Heatmap of points lost (maximum minus score) by unit and criterion.

    Units run down in ranking order, criteria across as "CS 1" … "CS 9". Each cell
    that lost points shows the exact amount with a decimal comma. The colour scale
    runs from 0 to the largest criterion maximum, the same every year.

    Above 60 units one row per unit would be unreadable, so rows become groups:
    districts when the ranking has a ``district`` column (best mean total on top),
    otherwise bands, each labelled with its number of units ("Huyện Lâm Hà (24)") and
    each cell holding the group's mean points lost with two decimals.

    Parameters
    ----------
    summary
        The year's figures; ``summary.ranking`` gives the units and their scores.
    scheme
        The scheme giving the criteria and their maxima.
    note
        Optional subtitle, e.g. the data status.

    Returns
    -------
    Figure
        A new figure: the heatmap axes first (its image is ``fig.axes[0].images[0]``),
        then the colour bar's axes.
    """
    ranking = summary.ranking
    criteria = scheme.criteria
    if len(ranking) > MANY_UNITS:
        groups, by, note, omitted = shown_unit_groups(ranking, scheme, note)
        lost = [[mean_of([c.max_points - v for v in g.frame[c.key]]) for c in criteria] for g in groups]
        names, lost, gap = with_gap([group_label(g) for g in groups], lost, omitted, by, [None] * len(criteria))
        title = figure_text("points_lost", "title_grouped", by=by, what=_word(scheme))
        return _heatmap(names, lost, scheme, 2, title, note, ylabel=f"{by.capitalize()} (số đơn vị)", gap=gap)
    lost = [[c.max_points - row[c.key] for c in criteria] for _, row in ranking.iterrows()]
    names, _ = row_labels(ranking["unit"].tolist())
    places = exact_places([v for row in lost for v in row])
    return _heatmap(names, lost, scheme, places, figure_text("points_lost", "title", what=_word(scheme)), note)


def _word(scheme: Scheme) -> str:
    return "nhóm chỉ số" if scheme.two_level else "chỉ số"


def _heatmap(names: list[str], lost: list[list[Decimal | None]], scheme: Scheme, places: int, title: str,
             note: str | None, ylabel: str | None = None, gap: int | None = None) -> Figure:  # fmt: skip
    """Draw the points-lost grid: one row per label in ``names``, one column per criterion; the row ``gap`` (of
    None values) is left white, between the best and the worst groups of a trimmed chart."""
    n = len(names)
    criteria = scheme.criteria
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in lost],
                    dtype=float).reshape(n, len(criteria))  # fmt: skip
    vmax = float(max(c.max_points for c in criteria))
    lines = max((name.count("\n") + 1 for name in names), default=1)
    height = height_for(n, lines, per_row=0.3, extra=2.2)
    label_size, value_size = row_font_sizes(n, height - 2.2, lines)
    annotate = n <= MANY_UNITS
    cmap = mpl.colormaps[LOST_CMAP].with_extremes(bad="#ffffff")

    with chart_style():
        fig = Figure(figsize=(width_for(names, 1.6 + 0.62 * len(criteria)), height), layout="constrained")
        ax = fig.add_subplot()
        image = ax.imshow(data, cmap=cmap, vmin=0.0, vmax=vmax, aspect="auto", interpolation="nearest")
        if annotate:
            for i, row in enumerate(lost):
                for j, value in enumerate(row):
                    if value is not None and value > 0:
                        background = to_hex(cmap(float(value) / vmax if vmax else 0.0))
                        ax.text(j, i, format_points(value, places), ha="center", va="center",
                                fontsize=value_size, color=contrast_text_colour(background))  # fmt: skip
        ax.set_xticks(range(len(criteria)), [c.code or f"CS {c.number}" for c in criteria])
        ax.set_yticks(range(n), names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        style_gap_label(ax, gap)
        ax.tick_params(axis="x", length=0, top=n > 25, labeltop=n > 25)
        ax.set_xlabel(_word(scheme).capitalize())
        if ylabel:
            ax.set_ylabel(ylabel)
        # Thin white lines between cells: two line collections (minor-tick grid lines were a tick object, with
        # its label and marks to lay out, per line).
        separator = {"colors": "#ffffff", "linewidth": 1.0 if n <= MANY_UNITS else 0.3, "gid": "cell-separators"}
        ax.hlines(np.arange(0.5, n - 1, 1), -0.5, len(criteria) - 0.5, **separator)
        ax.vlines(np.arange(0.5, len(criteria) - 1, 1), -0.5, n - 0.5, **separator)
        for spine in ax.spines.values():
            spine.set_visible(False)

        colourbar = fig.colorbar(image, ax=ax, shrink=min(1.0, 6.0 / height) if height > 6 else 1.0, aspect=30)
        colourbar.set_label("Điểm bị trừ")
        colourbar.ax.yaxis.set_major_formatter(tick_formatter())
        colourbar.outline.set_linewidth(0.5)
        set_titles(fig, ax, title, note)
    return pin_fonts(fig)


def band_counts_chart(summary: Summary, scheme: Scheme, *, note: str | None = None) -> Figure:
    """Bars of the number of units in each band, every band of the scheme shown, empty ones at 0.

    Each bar is labelled with its count and share, Vietnamese style: ``12 (75%)``,
    ``1 (6,25%)``, ``0 (0%)``; under each band name is its range of totals.

    Parameters
    ----------
    summary
        The year's figures; ``summary.bands`` gives counts and shares.
    scheme
        The scheme whose bands are shown, in its order (best first).
    note
        Optional subtitle, e.g. the data status.

    Returns
    -------
    Figure
        A new figure with one axes; bars are ``fig.axes[0].containers[0]``.
    """
    counts = {b.band: b for b in summary.bands}
    styles = band_patch_style(scheme)
    names = [band.name for band in scheme.bands]
    heights = [counts[name].count if name in counts else 0 for name in names]
    top_count = max(heights) if heights else 0

    def range_text(index: int) -> str:
        band = scheme.bands[index]
        if band.upper is None:
            return f"từ {format_bound(band.lower)} điểm"
        if index == len(scheme.bands) - 1 and band.lower <= scheme.min_points * len(scheme.criteria):
            return f"dưới {format_bound(band.upper)} điểm"
        return f"{format_bound(band.lower)} đến dưới {format_bound(band.upper)}"

    with chart_style():
        fig = Figure(figsize=(max(6.0, 1.35 * len(names) + 1.0), 4.6), layout="constrained")
        ax = fig.add_subplot()
        x = np.arange(len(names), dtype=float)
        bars = ax.bar(x, heights, width=0.62, linewidth=0.6)
        for bar, name in zip(bars, names):
            bar.set(**styles[name])
        for xi, name, height in zip(x, names, heights):
            share = counts[name].share if name in counts else Decimal(0)
            ax.annotate(f"{format_integer(height)} ({format_percent(share)})", (xi, height), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom", fontsize=10)  # fmt: skip
        ax.set_xticks(x, [f"{wrap_name(name, 14, 2)}\n{range_text(i)}" for i, name in enumerate(names)])
        ax.tick_params(axis="x", length=0, labelsize=9)
        ax.set_ylim(0, max(1, top_count) * 1.18)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(tick_formatter())  # 1.800, not 1800
        ax.set_ylabel("Số đơn vị")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        set_titles(fig, ax, figure_text("bands", "title"), note)
    return pin_fonts(fig)
