"""Totals over the years: small multiples per unit, and the yearly mean with its range."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tthc_analysis.charts.groups import mean_of
from tthc_analysis.charts.style import (
    LABEL_BACKING,
    MAX_HEIGHT,
    balanced_wrap,
    chart_style,
    format_bound,
    lowest_total,
    panel_host,
    pin_fonts,
    set_titles,
    tick_formatter,
    value_range,
)
from tthc_analysis.charts.text import figure_text
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.printed import points_text
from tthc_analysis.score.trends import TrendSeries
from tthc_analysis.vietnamese import format_integer

_TREND_COLOUR = "#08519c"


_BASELINE_COLOUR = "#969696"


_BASELINE_LABEL = "Bình quân các đơn vị cũ (trước khi sáp nhập)"


_RANGE_COLOUR = "#c6dbef"


def trend_chart(series: Sequence[TrendSeries], scheme: Scheme, years: Sequence[int], *, note: str | None = None,
                columns: int = 4) -> Figure:  # fmt: skip
    """Small multiples: one panel per unit with its total in each year.

    The panels share one y axis, from a whole point or more below the lowest value
    shown to the scheme's maximum, with the band thresholds as light horizontal lines.
    A unit's line has a marker per year and its latest value written beside it; a
    merged unit's ``baseline`` (its predecessors' mean) is dashed and lighter. Years
    without a value leave a gap. Long unit names wrap in the panel titles. For many
    units, :func:`trend_overview_chart` reads better.

    Parameters
    ----------
    series
        One :class:`TrendSeries` per unit, in display order (left to right, then down).
    scheme
        The scheme of the totals (maximum, bands).
    years
        The years on the x axis, in order.
    note
        Optional subtitle, e.g. the data status.
    columns
        Panels per row.

    Returns
    -------
    Figure
        A new figure with one axes per series, in the order given.
    """
    if not series:
        raise ValueError("Không có đơn vị nào để vẽ diễn biến qua các năm.")
    years = list(years)
    columns = max(1, min(columns, len(series)))
    n_rows = -(-len(series) // columns)
    values = [v for s in series for mapping in (s.points, s.baseline) for y, v in mapping.items() if y in years]
    lower, upper = value_range(values, scheme)
    panel_width = 2.05
    height = float(min(MAX_HEIGHT, 1.55 + 1.95 * n_rows))
    with chart_style():
        fig = Figure(figsize=(panel_width * columns + 0.9, height), layout="constrained")
        host = panel_host(fig, figure_text("trend", "title"), note)
        grid = host.add_gridspec(n_rows, columns)
        for index, one in enumerate(series):
            # The same axes on every panel, set on each rather than shared: matplotlib keeps shared axes in step
            # by visiting all their siblings at every change, which for 21 panels cost a third of the chart.
            ax = host.add_subplot(grid[index // columns, index % columns])
            _trend_panel(ax, one, scheme, years, panel_width)
            ax.set_ylim(float(lower), float(upper))
            ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))
            ax.yaxis.set_major_formatter(tick_formatter())
            _year_axis(ax, years, panel_width - 0.35, label_room=0.42)
            ax.tick_params(labelbottom=index + columns >= len(series), labelleft=index % columns == 0)
        host.supylabel("Tổng điểm", fontsize=10)
        _trend_legend(fig, scheme, series, lower)
    return pin_fonts(fig)


def _trend_panel(ax: Axes, one: TrendSeries, scheme: Scheme, years: Sequence[int], width: float) -> None:
    """One unit's line (and baseline), its latest value labelled, thresholds as light lines."""
    _light_thresholds(ax, scheme)
    if one.baseline:
        ax.plot(years, _by_year(one.baseline, years), linestyle=(0, (4, 2)), color=_BASELINE_COLOUR, linewidth=1.3,
                marker="o", markersize=3.2, markerfacecolor="#ffffff", clip_on=False, gid="trend-baseline")  # fmt: skip
    ax.plot(years, _by_year(one.points, years), color=_TREND_COLOUR, linewidth=1.8, marker="o", markersize=3.8,
            clip_on=False, zorder=3, gid="trend-line")  # fmt: skip
    shown = [y for y in years if y in one.points]
    if shown:
        last = shown[-1]
        ax.annotate(points_text(one.points[last], scheme), (last, float(one.points[last])), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=7.5, fontweight="bold",
                    color=_TREND_COLOUR, annotation_clip=False, gid="trend-last-value")  # fmt: skip
    # A fixed y: matplotlib's automatic title height looks for tick labels above every panel, at a cost.
    ax.set_title(balanced_wrap(one.label, max(12, int(width * 11.5)), 3), fontsize=9, fontweight="bold", loc="left",
                 y=1.0)  # fmt: skip
    ax.tick_params(labelsize=7.5, length=2)
    ax.grid(False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _by_year(values: Mapping[int, Decimal], years: Sequence[int]) -> list[float]:
    """Plotting positions for ``years``; NaN (a gap in the line) where a year has no value."""
    return [float(values[y]) if y in values else float("nan") for y in years]


def _light_thresholds(ax: Axes, scheme: Scheme) -> None:
    for index, band in enumerate(scheme.bands):
        if band.lower > lowest_total(scheme):
            ax.axhline(float(band.lower), color="#c8c8c8", linewidth=0.8, zorder=0.5, gid=f"band-threshold-{index}")


def _year_axis(ax: Axes, years: Sequence[int], width: float, label_room: float) -> None:
    """Years as x ticks (every other one if they would crowd ``width`` inches) and room on the right for a label."""
    span = years[-1] - years[0] if years else 0
    margin = 0.3
    room = label_room * (span + 2 * margin) / max(width - label_room, 0.5)
    ax.set_xlim(years[0] - margin, years[-1] + margin + room)
    every = int(max(1, -(-len(years) * 0.42 // max(width - label_room, 0.5))))
    labelled = list(years)[::every]
    ax.set_xticks(labelled, [str(y) for y in labelled])
    ax.set_xticks(list(years), minor=True)


def _trend_legend(fig: Figure, scheme: Scheme, series: Sequence[TrendSeries], lower: Decimal) -> None:
    """What the lines mean, and which thresholds the light lines mark."""
    handles = [Line2D([], [], color=_TREND_COLOUR, linewidth=1.8, marker="o", markersize=4,
                      label="Tổng điểm của đơn vị")]  # fmt: skip
    if any(s.baseline for s in series):
        handles.append(Line2D([], [], color=_BASELINE_COLOUR, linewidth=1.3, linestyle=(0, (4, 2)), marker="o",
                              markersize=3.5, markerfacecolor="#ffffff", label=_BASELINE_LABEL))  # fmt: skip
    shown = [b for b in scheme.bands if b.lower > lower]
    if shown:
        text = ", ".join(f"{b.name} từ {format_bound(b.lower)}" for b in shown)
        handles.append(Line2D([], [], color="#c8c8c8", linewidth=1.2, label=f"Ngưỡng xếp loại ({text})"))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=8.5)


def trend_overview_chart(series: Sequence[TrendSeries], scheme: Scheme, years: Sequence[int], *,
                         note: str | None = None) -> Figure:  # fmt: skip
    """All units at once: the mean total of each year as a line, the lowest-to-highest range as a band.

    Each year's mean is the exact mean of the units with a total that year (baselines
    are not counted), printed with a decimal comma; the lowest and highest totals are
    printed at the edges of the range; each year's tick names its number of units.

    Parameters
    ----------
    series
        The units, as for :func:`trend_chart`.
    scheme
        The scheme of the totals (maximum, bands).
    years
        The years on the x axis, in order.
    note
        Optional subtitle, e.g. the data status.

    Returns
    -------
    Figure
        A new figure with one axes.
    """
    years = list(years)
    by_year = {y: [s.points[y] for s in series if y in s.points] for y in years}
    present = [y for y in years if by_year[y]]
    if not present:
        raise ValueError("Không có tổng điểm nào trong các năm đã chọn.")
    means = {y: mean_of(by_year[y]) for y in present}
    lows = {y: min(by_year[y]) for y in present}
    highs = {y: max(by_year[y]) for y in present}
    lower, upper = value_range(list(lows.values()), scheme)
    with chart_style():
        fig = Figure(figsize=(max(7.0, 1.6 + 1.1 * len(years)), 4.8), layout="constrained")
        ax = fig.add_subplot()
        _light_thresholds(ax, scheme)
        ax.fill_between(years, _by_year(lows, years), _by_year(highs, years), color=_RANGE_COLOUR, linewidth=0,
                        label="Từ thấp nhất đến cao nhất", gid="trend-range")  # fmt: skip
        ax.plot(years, _by_year(means, years), color=_TREND_COLOUR, linewidth=2.2, marker="o", markersize=5,
                clip_on=False, zorder=3, label="Điểm bình quân", gid="trend-mean")  # fmt: skip
        for y in present:
            _overview_labels(ax, y, means[y], lows[y], highs[y], scheme)
        ax.set_ylim(float(lower), float(upper))
        ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=8, steps=[1, 2, 5, 10], integer=True))
        ax.yaxis.set_major_formatter(tick_formatter())
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.set_xticks(years, [f"{y}\n({format_integer(len(by_year[y]))} đơn vị)" for y in years])
        ax.set_ylabel("Tổng điểm")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        _threshold_names(ax, scheme, lower)
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=9)
        set_titles(fig, ax, figure_text("trend_overview", "title"), note)
    return pin_fonts(fig)


def _overview_labels(ax: Axes, year: int, mean: Decimal, low: Decimal, high: Decimal, scheme: Scheme) -> None:
    """The mean above its marker (bold), the lowest and highest totals just outside the range."""
    ax.annotate(points_text(mean, scheme), (year, float(mean)), xytext=(0, 7), textcoords="offset points",
                ha="center", va="bottom", fontsize=9, fontweight="bold", color=_TREND_COLOUR, bbox=LABEL_BACKING,
                annotation_clip=False, gid="trend-mean-value")  # fmt: skip
    for value, offset, va in ((high, 3, "bottom"), (low, -3, "top")):
        ax.annotate(points_text(value, scheme), (year, float(value)), xytext=(0, offset), textcoords="offset points",
                    ha="center", va=va, fontsize=7.5, color="#444444", annotation_clip=False,
                    gid="trend-range-value")  # fmt: skip


def _threshold_names(ax: Axes, scheme: Scheme, lower: Decimal) -> None:
    """Band names at the right end of the horizontal threshold lines."""
    transform = ax.get_yaxis_transform()
    for band in scheme.bands:
        if band.lower > lower:
            ax.text(1.01, float(band.lower), f"{band.name} ({format_bound(band.lower)})", transform=transform,
                    ha="left", va="center", fontsize=8, color="#555555")  # fmt: skip
