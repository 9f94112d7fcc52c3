"""Totals of a year: every unit's total, or for many units a histogram with the highest and lowest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tthc_analysis.charts.groups import cut_ends
from tthc_analysis.charts.style import (
    COUNT_DIGIT_WIDTH,
    COUNT_PADDING,
    HIST_HEIGHT,
    HIST_STEP,
    LABEL_BACKING,
    MANY_UNITS,
    OVERVIEW_PLOT_WIDTH,
    TOP_N,
    band_legend,
    band_patch_style,
    chart_style,
    height_for,
    lowest_total,
    panel_host,
    pin_fonts,
    row_font_sizes,
    row_labels,
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
from tthc_analysis.vietnamese import format_integer, format_number, format_points


def totals_chart(summary: Summary, scheme: Scheme, *, note: str | None = None) -> Figure:
    """Horizontal bars of each unit's total, highest at the top, coloured by band.

    Band thresholds are drawn as labelled vertical lines and each bar carries its
    total with a decimal comma, to as many decimals as the year's table needs
    (``summary.places``). Tied units sit next to each other in Vietnamese name order,
    as in the ranking.

    Parameters
    ----------
    summary
        The year's figures; ``summary.ranking`` gives the units in order.
    scheme
        The scheme the totals were scored with (maximum, bands).
    note
        Optional subtitle, e.g. the data status ("Số liệu dựng lại") that must go
        with any reconstructed table.

    Returns
    -------
    Figure
        A new figure with one axes; bars are ``fig.axes[0].containers[0]``.
    """
    ranking = summary.ranking
    if len(ranking) > MANY_UNITS:
        return _totals_overview(summary, scheme, note)
    n = len(ranking)
    names, lines = row_labels(ranking["unit"].tolist())
    height = height_for(n, lines, per_row=0.32, extra=2.4)
    label_size, value_size = row_font_sizes(n, height - 2.4, lines)
    bands = ranking["band"].tolist()
    # Row 0 (rank 1) at the top: y runs n-1 … 0 down the ranking.
    y = np.arange(n - 1, -1, -1, dtype=float)

    with chart_style():
        fig = Figure(figsize=(width_for(names, 6.8), height), layout="constrained")
        ax = fig.add_subplot()
        _total_bars(ax, y, list(ranking["total"]), bands, scheme, summary.places, value_size)
        _total_axis(ax, scheme, (-0.6, n - 0.4))
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        band_legend(fig, scheme, bands)
        set_titles(fig, ax, figure_text("totals", "title"), note)
    return pin_fonts(fig)


def _total_bars(ax: Axes, y: np.ndarray, totals: Sequence[Decimal], bands: Sequence[str], scheme: Scheme,
                places: int, value_size: float) -> None:  # fmt: skip
    """Horizontal bars of ``totals`` at rows ``y``, styled by band, each labelled with its exact total."""
    styles = band_patch_style(scheme)
    bars = ax.barh(y, [float(t) for t in totals], height=0.72, linewidth=0.6)
    for bar, band in zip(bars, bands):
        bar.set(**styles[band])
    for yi, total in zip(y, totals):
        # A white backing keeps the number readable where it crosses a threshold line.
        ax.annotate(format_points(total, places), (float(total), yi), xytext=(3, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=value_size,
                    annotation_clip=False, bbox=LABEL_BACKING)  # fmt: skip


def _total_axis(ax: Axes, scheme: Scheme, ylim: tuple[float, float]) -> None:
    """The x axis of a bar chart of totals: 0 to the maximum, band thresholds, decimal-comma ticks."""
    threshold_lines(ax, scheme, lowest_total(scheme))
    ax.set_xlim(float(lowest_total(scheme)), float(scheme.max_total))
    ax.set_ylim(*ylim)
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=10, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(tick_formatter())
    value_axis_style(ax, "Điểm")


def _totals_overview(summary: Summary, scheme: Scheme, note: str | None) -> Figure:
    """Totals of many units: a histogram by band over a panel of the 10 highest and 10 lowest units."""
    ranking = summary.ranking
    records = list(ranking.itertuples(index=False))
    top, top_tied = cut_ends(records, lambda r: r.total, TOP_N)
    bottom, bottom_tied = cut_ends(records[::-1], lambda r: r.total, TOP_N)
    rows: list[tuple[str, object]] = [("heading", f"{len(top)} đơn vị điểm cao nhất"), *(("unit", r) for r in top)]
    if top_tied:
        rows.append(("note", tied_note(top_tied, format_points(top[-1].total, summary.places))))
    rows.append(("heading", f"{len(bottom)} đơn vị điểm thấp nhất"))
    if bottom_tied:
        rows.append(("note", tied_note(bottom_tied, format_points(bottom[-1].total, summary.places))))
    rows.extend(("unit", r) for r in bottom[::-1])

    units = [r for kind, r in rows if kind == "unit"]
    names, lines = row_labels([f"{r.unit} (hạng {format_integer(int(r.rank))})" for r in units])
    bars_height = height_for(len(rows), lines, per_row=0.27, extra=0.9, minimum=3.0)
    label_size, value_size = row_font_sizes(len(rows), bars_height - 0.9, lines)
    with chart_style():
        fig = Figure(figsize=(width_for(names, OVERVIEW_PLOT_WIDTH), HIST_HEIGHT + bars_height + 1.2),
                     layout="constrained")  # fmt: skip
        host = panel_host(fig, figure_text("totals", "title_many", n_units=format_integer(summary.n_units)), note)
        hist_ax, bars_ax = host.subplots(2, 1, height_ratios=[HIST_HEIGHT, bars_height])
        _totals_histogram(hist_ax, summary, scheme)
        y = np.arange(len(rows) - 1, -1, -1, dtype=float)
        unit_y = [yi for yi, (kind, _) in zip(y, rows) if kind == "unit"]
        _total_bars(bars_ax, np.array(unit_y), [r.total for r in units], [r.band for r in units], scheme,
                    summary.places, value_size)  # fmt: skip
        _total_axis(bars_ax, scheme, (-0.6, len(rows) - 0.4))
        bars_ax.set_yticks(unit_y, names)
        bars_ax.tick_params(axis="y", labelsize=label_size, length=0)
        row_captions(bars_ax, [(yi, kind, text) for yi, (kind, text) in zip(y, rows) if kind != "unit"])
        band_legend(fig, scheme, ranking["band"].tolist())
    return pin_fonts(fig)


def tied_note(count: int, figure: str, word: str = "") -> str:
    """The row saying how many units share the last listed figure but are not listed."""
    return f"… và {format_integer(count)} đơn vị khác cùng {word + ' ' if word else ''}{figure} điểm"


def row_captions(ax: Axes, captions: Sequence[tuple[float, str, str]]) -> None:
    """Headings (bold) and notes (italic) written into empty rows of a panel, from its left edge."""
    transform = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for y, kind, text in captions:
        heading = kind == "heading"
        ax.text(0.005, y, text, transform=transform, ha="left", va="center", fontsize=9.5 if heading else 8.5,
                fontweight="bold" if heading else "normal", style="normal" if heading else "italic",
                bbox=LABEL_BACKING, gid=f"row-{kind}")  # fmt: skip


def _totals_histogram(ax: Axes, summary: Summary, scheme: Scheme) -> None:
    """Histogram of totals in bins of 0,25 points, bars stacked and styled by band, the mean marked."""
    # Bins of 0,25 on TT 01's 18 points; on a 100-point index (QĐ 766) bins of 1 point, ticks every 5.
    wide = scheme.max_total > 20
    step = Decimal(1) if wide else HIST_STEP
    top_bin = _bin_floor(scheme.max_total, step) - (1 if scheme.max_total % step == 0 else 0)
    counts: dict[tuple[int, str], int] = {}
    for total, band in zip(summary.ranking["total"], summary.ranking["band"]):
        k = min(_bin_floor(total, step), top_bin)  # the maximum itself goes in the last bin
        counts[(k, band)] = counts.get((k, band), 0) + 1
    styles = band_patch_style(scheme)
    stacked = stacked_bars(ax, counts, [(b.name, styles[b.name]) for b in scheme.bands], "histogram-",
                            width=float(step), align="edge", step=step)  # fmt: skip
    bins = sorted(stacked)
    lower, upper = value_range(list(summary.ranking["total"]), scheme)
    histogram_counts(ax, [float((k + Decimal("0.5")) * step) for k in bins], [stacked[k] for k in bins],
                      float(upper - lower))  # fmt: skip
    threshold_lines(ax, scheme, lower)
    ax.axvline(float(summary.mean), color="#000000", linewidth=1.4, zorder=2.5, gid="mean-line")
    ax.annotate(f"Bình quân {points_text(summary.mean, scheme)}", (float(summary.mean), 1.0),
                xycoords=("data", "axes fraction"), xytext=(4, -3), textcoords="offset points", ha="left", va="top",
                fontsize=8.5, fontweight="bold", bbox=LABEL_BACKING)  # fmt: skip
    ax.set_xlim(float(lower), float(upper))
    ax.set_ylim(0, max(stacked.values()) * 1.3)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(5 if wide else 1))
    ax.xaxis.set_major_formatter(tick_formatter())
    ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(tick_formatter())  # 1.800, not 1800
    ax.set_ylabel("Số đơn vị")
    value_axis_style(ax, f"Tổng điểm (mỗi cột {format_number(step, 0 if wide else 2)} điểm)")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)


def stacked_bars(ax: Axes, counts: Mapping[tuple[int, str], int], groups: Sequence[tuple[str, Mapping[str, str]]],
                  gid: str, *, width: float, align: str, step: Decimal = HIST_STEP) -> dict[int, int]:  # fmt: skip
    """Histogram bars of bin ``k`` at ``k·0,25``, stacked group by group in the order given; each bin's total.

    ``counts`` maps (bin, group name) to a number of units. Only the filled (bin, group) pairs get a bar: a
    national table spans 60 bins, and a bar for every group in every bin was 300 patches, most of them empty.
    """
    stacked = dict.fromkeys(sorted({k for k, _ in counts}), 0)
    for name, style in groups:
        own = [k for k in stacked if (k, name) in counts]
        if own:
            heights = [counts[(k, name)] for k in own]
            ax.bar([float(k * step) for k in own], heights, width=width, align=align, linewidth=0.5,
                   bottom=[stacked[k] for k in own], gid=f"{gid}{name}", **style)  # fmt: skip
            for k, height in zip(own, heights):
                stacked[k] += height
    return stacked


def _bin_floor(value: Decimal, step: Decimal) -> int:
    """Index of the bin ``[k·step, (k+1)·step)`` holding ``value``, in exact arithmetic."""
    return int((value / step).to_integral_value(rounding=ROUND_FLOOR))


def histogram_counts(ax: Axes, x: Sequence[float], heights: Sequence[int], x_span: float) -> None:
    """The count above each non-empty histogram bar, if no two counts would overlap; else none.

    ``x_span`` is the width of the axis in data units (the panel is about ``OVERVIEW_PLOT_WIDTH`` wide).
    Thousands of units fill every bin of 0,25 points, and the counts then run into each other: the axis
    and its grid give the counts instead.
    """
    points_per_unit = OVERVIEW_PLOT_WIDTH * 72 / x_span
    shown = [(xi, h) for xi, h in zip(x, heights) if h]
    half_widths = [(COUNT_DIGIT_WIDTH * len(str(h)) + COUNT_PADDING) / 2 for _, h in shown]
    for (x1, _), (x2, _), w1, w2 in zip(shown, shown[1:], half_widths, half_widths[1:]):
        if (x2 - x1) * points_per_unit < w1 + w2:
            return
    for xi, height in zip(x, heights):
        if height:
            ax.annotate(format_integer(height), (xi, height), xytext=(0, 2), textcoords="offset points", ha="center",
                        va="bottom", fontsize=7, bbox=LABEL_BACKING, gid="histogram-count")  # fmt: skip
