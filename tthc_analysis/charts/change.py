"""The change between two periods: a dumbbell per unit, or for many units a histogram of changes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from tthc_analysis.charts.colours import contrast_text_colour
from tthc_analysis.charts.groups import cut_ends
from tthc_analysis.charts.rows import ChangeRow
from tthc_analysis.charts.style import (
    EDGE,
    HIST_HEIGHT,
    HIST_STEP,
    LABEL_BACKING,
    OVERVIEW_PLOT_WIDTH,
    TOP_N,
    chart_style,
    height_for,
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
from tthc_analysis.charts.totals import histogram_counts, row_captions, stacked_bars, tied_note
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.printed import exact_places, points_text
from tthc_analysis.vietnamese import format_integer, format_points

# Year-over-year change: this year's marker tells the direction by colour (blue/orange/grey, distinct for
# colour-blind readers and in lightness) and by shape; the histogram bars add hatching.
_DIRECTIONS = {
    "rise": {"word": "tăng", "colour": "#2166ac", "marker": ">", "hatch": ""},
    "fall": {"word": "giảm", "colour": "#f08c2e", "marker": "<", "hatch": "///"},
    "same": {"word": "không đổi", "colour": "#bdbdbd", "marker": "D", "hatch": "..."},
}


_BEFORE_COLOUR = "#525252"


_MERGED_LABEL = "* bình quân các đơn vị cũ"


def change_chart(rows: Sequence[ChangeRow], scheme: Scheme, *, before_year: int | str, after_year: int | str,
                 note: str | None = None, max_rows: int = 40) -> Figure:  # fmt: skip
    """Each unit's total in two years as a "dumbbell": a segment from last year's total to this year's.

    Rows are drawn in the order given, top to bottom; a row lacking either year (a new
    unit, or one that no longer exists) is left out. This year's marker shows the direction
    by colour and by shape (▶ rose, ◀ fell, ◆ unchanged), so it reads in grey too. A
    merged unit's previous total is the mean of its predecessors: its marker is hollow
    and its value carries "*". Band thresholds are dashed vertical lines; each marker is
    labelled with its value, with a decimal comma.

    With more than ``max_rows`` rows the figure has two panels instead: a histogram of
    the changes (bins of 0,25 points centred on multiples of 0,25, exact zeros counted
    apart as "không đổi"), and the dumbbells of the 10 largest rises and 10 largest falls.

    Parameters
    ----------
    rows
        One :class:`ChangeRow` per unit, in display order.
    scheme
        The scheme of both years (maximum, bands).
    before_year, after_year
        The two years, named in the legend ("Năm 2024", "Năm 2025: tăng").
    note
        Optional subtitle, e.g. the data status.
    max_rows
        Most rows drawn one by one.

    Returns
    -------
    Figure
        A new figure: one axes, or the histogram's axes and the dumbbells' axes.
    """
    drawn = [r for r in rows if r.before is not None and r.after is not None]
    if not drawn:
        raise ValueError("Không có đơn vị nào có tổng điểm của cả hai năm để so sánh.")
    # A year is named "năm 2024"; another period arrives named ("quý II năm 2026").
    years = tuple(f"năm {y}" if isinstance(y, int) else y for y in (before_year, after_year))
    title = figure_text("change", "title", before=years[0], after=years[1])
    if len(drawn) > max_rows:
        return _change_overview(drawn, scheme, years, title, note)
    names, lines = row_labels([r.label for r in drawn])
    height = height_for(len(drawn), lines, per_row=0.32, extra=2.6)
    label_size, value_size = row_font_sizes(len(drawn), height - 2.6, lines)
    with chart_style():
        fig = Figure(figsize=(width_for(names, 6.8), height), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(drawn) - 1, -1, -1, dtype=float)
        _dumbbells(ax, drawn, y, scheme, value_size)
        _change_axis(ax, drawn, scheme, (-0.6, len(drawn) - 0.4))
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        _change_legend(fig, drawn, years)
        set_titles(fig, ax, title, note)
    return pin_fonts(fig)


def _change_places(rows: Sequence[ChangeRow]) -> int:
    """Decimals for the value labels: enough for every total exactly (a merged mean may need rounding)."""
    exact = [r.after for r in rows] + [r.before for r in rows if not r.merged]
    return exact_places([v for v in exact if v is not None], maximum=3)


def _dumbbells(ax: Axes, rows: Sequence[ChangeRow], y: Sequence[float], scheme: Scheme, value_size: float) -> None:
    """Segments, markers and value labels of ``rows`` at heights ``y``."""
    places = _change_places(rows)
    for row, yi in zip(rows, y):
        colour = _DIRECTIONS[row.direction]["colour"]
        ax.plot([float(row.before), float(row.after)], [yi, yi], color=colour, linewidth=2.2, alpha=0.55,
                solid_capstyle="butt", zorder=2, gid="change-segment")  # fmt: skip
        # The earlier value sits on the far side from the later one; unchanged rows read "before ◆ after".
        rises = row.after >= row.before
        before_text = points_text(row.before, scheme, places) + ("*" if row.merged else "")
        after_text = points_text(row.after, scheme, places)
        for value, text, left in ((row.before, before_text, rises), (row.after, after_text, not rises)):
            ax.annotate(text, (float(value), yi), xytext=(-6 if left else 6, 0), textcoords="offset points",
                        ha="right" if left else "left", va="center", fontsize=value_size, annotation_clip=False,
                        bbox=LABEL_BACKING, gid="change-value")  # fmt: skip
    size = max(18.0, min(46.0, value_size**2 * 0.75))
    for merged in (False, True):
        chosen = [(r, yi) for r, yi in zip(rows, y) if r.merged == merged]
        if chosen:
            ax.scatter([float(r.before) for r, _ in chosen], [yi for _, yi in chosen], s=size * 0.8, zorder=3,
                       marker="o", linewidths=1.2, edgecolors=_BEFORE_COLOUR,
                       facecolors="#ffffff" if merged else _BEFORE_COLOUR,
                       gid="change-before-merged" if merged else "change-before")  # fmt: skip
    for direction, style in _DIRECTIONS.items():
        chosen = [(r, yi) for r, yi in zip(rows, y) if r.direction == direction]
        if chosen:
            ax.scatter([float(r.after) for r, _ in chosen], [yi for _, yi in chosen], s=size * 1.25, zorder=4,
                       marker=style["marker"], facecolors=style["colour"], edgecolors=EDGE, linewidths=0.6,
                       gid=f"change-after-{direction}")  # fmt: skip


def _change_axis(ax: Axes, rows: Sequence[ChangeRow], scheme: Scheme, ylim: tuple[float, float]) -> None:
    """x axis zoomed on the totals shown, band thresholds, decimal-comma ticks."""
    lower, upper = value_range([v for r in rows for v in (r.before, r.after)], scheme)
    threshold_lines(ax, scheme, lower)
    ax.set_xlim(float(lower), float(upper))
    ax.set_ylim(*ylim)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(1 if upper - lower <= 12 else 2))
    ax.xaxis.set_major_formatter(tick_formatter())
    value_axis_style(ax, "Tổng điểm")


def _change_legend(fig: Figure, rows: Sequence[ChangeRow], years: tuple[str, str]) -> None:
    """Markers of the earlier year, of each direction present this year, and of merged units."""
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=6, color=_BEFORE_COLOUR,
                      label=_cap(years[0]))]  # fmt: skip
    present = {r.direction for r in rows}
    for direction, style in _DIRECTIONS.items():
        if direction in present:
            handles.append(Line2D([], [], linestyle="none", marker=style["marker"], markersize=7.5,
                                  markerfacecolor=style["colour"], markeredgecolor=EDGE, markeredgewidth=0.6,
                                  label=f"{_cap(years[1])}: {style['word']}"))  # fmt: skip
    if any(r.merged for r in rows):
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor="#ffffff",
                              markeredgecolor=_BEFORE_COLOUR, markeredgewidth=1.2, label=_MERGED_LABEL))  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9)


def _change_overview(rows: Sequence[ChangeRow], scheme: Scheme, years: tuple[str, str], title: str,
                     note: str | None) -> Figure:  # fmt: skip
    """Many units: a histogram of the changes over the dumbbells of the largest rises and falls."""
    rises = sorted((r for r in rows if r.direction == "rise"), key=lambda r: -r.change)
    falls = sorted((r for r in rows if r.direction == "fall"), key=lambda r: r.change)
    panel: list[tuple[str, object]] = []
    for chosen, word in ((rises, "tăng"), (falls, "giảm")):
        shown, tied = cut_ends(chosen, lambda r: r.change, TOP_N)
        heading = f"{TOP_N} đơn vị {word} nhiều nhất" if len(chosen) > TOP_N else f"Các đơn vị {word} điểm"
        panel.append(("heading", heading if shown else f"Không có đơn vị nào {word} điểm."))
        panel.extend(("unit", r) for r in shown)
        if tied:
            panel.append(("note", tied_note(tied, format_points(abs(shown[-1].change)), word)))
    units = [r for kind, r in panel if kind == "unit"]
    names, lines = row_labels([r.label for r in units])
    rows_height = height_for(len(panel), lines, per_row=0.27, extra=0.9, minimum=3.0)
    label_size, value_size = row_font_sizes(len(panel), rows_height - 0.9, lines)
    with chart_style():
        fig = Figure(figsize=(width_for(names, OVERVIEW_PLOT_WIDTH), HIST_HEIGHT + rows_height + 1.2),
                     layout="constrained")  # fmt: skip
        host = panel_host(fig, title, note)
        hist_ax, rows_ax = host.subplots(2, 1, height_ratios=[HIST_HEIGHT, rows_height])
        _change_histogram(hist_ax, rows, years)
        y = np.arange(len(panel) - 1, -1, -1, dtype=float)
        unit_y = [yi for yi, (kind, _) in zip(y, panel) if kind == "unit"]
        _dumbbells(rows_ax, units, unit_y, scheme, value_size)
        _change_axis(rows_ax, units or rows, scheme, (-0.6, len(panel) - 0.4))
        rows_ax.set_yticks(unit_y, names)
        rows_ax.tick_params(axis="y", labelsize=label_size, length=0)
        row_captions(rows_ax, [(yi, kind, text) for yi, (kind, text) in zip(y, panel) if kind != "unit"])
        _change_legend(fig, rows, years)
    return pin_fonts(fig)


def _change_histogram(ax: Axes, rows: Sequence[ChangeRow], years: tuple[str, str]) -> None:
    """Counts of units by change, bins of 0,25 centred on multiples of 0,25, stacked by direction.

    Bin ``k`` holds changes in ``(k·0,25 − 0,125, k·0,25 + 0,125]``; in the middle bin the
    exact zeros are counted as unchanged, apart from small rises and falls.
    """
    step = HIST_STEP
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        k = int((row.change / step - Decimal("0.5")).to_integral_value(rounding=ROUND_CEILING))
        counts[(k, row.direction)] = counts.get((k, row.direction), 0) + 1
    groups = [(d, _direction_patch_style(d)) for d in ("fall", "same", "rise")]
    stacked = stacked_bars(ax, counts, groups, "change-histogram-", width=float(step) * 0.92, align="center")
    bins = sorted(stacked)
    reach = float((max(abs(bins[0]), abs(bins[-1])) + 1) * step)
    histogram_counts(ax, [float(k * step) for k in bins], [stacked[k] for k in bins], 2 * reach)
    ax.axvline(0.0, color="#000000", linewidth=1.0, zorder=0.9)
    ax.set_xlim(-reach, reach)
    ax.set_ylim(0, max(stacked.values()) * 1.2)
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=12, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(tick_formatter(signed=True))
    ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(tick_formatter())  # 1.800, not 1800
    ax.set_ylabel("Số đơn vị")
    value_axis_style(ax, f"Tổng điểm tăng (+) hoặc giảm (\u2212) so với {years[0]}")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    tally = {d: sum(1 for r in rows if r.direction == d) for d in _DIRECTIONS}
    ax.set_title(f"{format_integer(len(rows))} đơn vị: {format_integer(tally['rise'])} tăng, "
                 f"{format_integer(tally['fall'])} giảm, {format_integer(tally['same'])} không đổi",
                 fontsize=10, fontweight="normal", loc="left")  # fmt: skip


def _direction_patch_style(direction: str) -> dict[str, str]:
    """Histogram bars of one direction: its colour and a hatch, so rises, falls and zeros differ in grey."""
    colour = _DIRECTIONS[direction]["colour"]
    style = {"facecolor": colour, "hatch": _DIRECTIONS[direction]["hatch"], "edgecolor": EDGE}
    if hasattr(Patch, "set_hatchcolor"):
        style["hatchcolor"] = "#ffffff" if contrast_text_colour(colour) == "#ffffff" else EDGE
    return style


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
