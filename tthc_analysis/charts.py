"""Charts of a year's results, built as matplotlib ``Figure`` objects.

Each function takes a :class:`~tthc_analysis.scoring.Summary` and its
:class:`~tthc_analysis.scheme.Scheme` and returns a new figure; nothing touches
pyplot's global state, shows a window or writes a file. The caller saves or
displays the figure (:func:`figure_bytes` renders it reproducibly).

Design choices that the report relies on:

* Text is Vietnamese and always set in DejaVu Sans, which ships with matplotlib
  and has every Vietnamese letter; the font is pinned on each text object, so a
  user's ``matplotlibrc`` cannot swap in a font without the diacritics.
* Bands are told apart by lightness (a dark-to-light sequential palette, best
  band darkest) and by hatching, so the charts still read when printed in grey.
  :func:`band_colours` is the one place that maps bands to colours; the HTML
  table uses it too.
* Scores are exact decimals. They become floats only as plotting positions;
  every number printed on a chart is formatted from the decimal itself, with a
  decimal comma.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import matplotlib as mpl
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, to_hex, to_rgb
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from .scheme import Scheme
from .scoring import Summary
from .vietnamese import format_integer, format_number, format_percent, format_points, vi_sort_key

__all__ = [
    "ChangeRow",
    "TrendSeries",
    "band_colours",
    "band_counts_chart",
    "change_chart",
    "contrast_text_colour",
    "district_chart",
    "figure_bytes",
    "points_lost_heatmap",
    "totals_chart",
    "trend_chart",
    "trend_overview_chart",
]

FONT_FAMILY = "DejaVu Sans"
# Best band darkest, worst band lightest; sampled evenly for any number of bands.
_BAND_CMAP = "YlGnBu_r"
_BAND_CMAP_RANGE = (0.0, 0.85)
# Hatching per band, in scheme order (the best band plain); cycled if a scheme has more bands.
_BAND_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo")
_LOST_CMAP = "OrRd"
_EDGE = "#333333"
_LABEL_BACKING = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}
_NOTE_STYLE = {"fontsize": 9, "fontweight": "normal", "style": "italic", "color": "#444444"}
_BASE_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    # Unit names are data: "Xã $5$" must print as written, never as mathematics.
    "text.parse_math": False,
}
# Above this many units the heatmap drops its per-cell numbers (row text shrinks with crowding anyway).
_MANY_UNITS = 60
_MAX_HEIGHT = 24.0  # inches; beyond this, rows get thinner rather than the page longer
_NAME_WIDTH = 42  # characters before a unit name wraps onto a second line
_TOP_N = 10  # units listed by name at each end when there are too many to list all
_HIST_STEP = Decimal("0.25")  # width of a histogram bin, in points
_HIST_HEIGHT = 3.4  # inches of the histogram panel of a two-panel figure
_OVERVIEW_PLOT_WIDTH = 6.8  # inches of plot (besides the row labels) in the many-unit figures
_COUNT_DIGIT_WIDTH = 0.64 * 7  # points: a digit of DejaVu Sans at the 7-point size of histogram counts
_COUNT_PADDING = 4.0  # points: the white backing around a count
_NO_DISTRICT = "Chưa ghi huyện"
# Year-over-year change: this year's marker tells the direction by colour (blue/orange/grey, distinct for
# colour-blind readers and in lightness) and by shape; the histogram bars add hatching.
_DIRECTIONS = {
    "rise": {"word": "tăng", "colour": "#2166ac", "marker": ">", "hatch": ""},
    "fall": {"word": "giảm", "colour": "#f08c2e", "marker": "<", "hatch": "///"},
    "same": {"word": "không đổi", "colour": "#bdbdbd", "marker": "D", "hatch": "..."},
}
_BEFORE_COLOUR = "#525252"
_MERGED_LABEL = "* bình quân các đơn vị cũ"
_TREND_COLOUR = "#08519c"
_BASELINE_COLOUR = "#969696"
_BASELINE_LABEL = "Bình quân các đơn vị cũ (trước khi sáp nhập)"
_RANGE_COLOUR = "#c6dbef"
_JITTER_HALF = 0.26  # a district row's dots spread this far up and down (rows are 1 apart)
_TICK_HALF = 0.36  # half the height of a district's mean tick


# ---------------------------------------------------------------- colours


def _lightness(colour: str) -> float:
    """CIE L* (0 black … 100 white) of an sRGB colour: how light it prints in grey."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def band_colours(scheme: Scheme) -> dict[str, str]:
    """Colour of each band as ``#rrggbb``, in scheme order (best band first).

    The colours run from dark (best band) to light (worst band) with even steps in
    lightness, so they stay distinguishable in greyscale. Charts and the HTML table
    both take band colours from here.

    >>> from tthc_analysis.scheme import load_scheme
    >>> colours = band_colours(load_scheme("tt01-2018"))
    >>> list(colours)
    ['Xuất sắc', 'Tốt', 'Khá', 'Trung bình', 'Yếu']
    """
    cmap: Colormap = mpl.colormaps[_BAND_CMAP]
    n = len(scheme.bands)
    positions = np.linspace(*_BAND_CMAP_RANGE, n) if n > 1 else [_BAND_CMAP_RANGE[0]]
    return {band.name: to_hex(cmap(float(p))) for band, p in zip(scheme.bands, positions)}


def contrast_text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#000000`` or ``#ffffff``).

    >>> contrast_text_colour("#ffffff"), contrast_text_colour("#13266f")
    ('#000000', '#ffffff')
    """
    return "#000000" if _lightness(background) >= 55 else "#ffffff"


def _band_hatches(scheme: Scheme) -> dict[str, str]:
    return {band.name: _BAND_HATCHES[i % len(_BAND_HATCHES)] for i, band in enumerate(scheme.bands)}


def _band_patch_style(scheme: Scheme) -> dict[str, dict[str, str]]:
    """Face colour, hatch and hatch colour of each band's bars and legend entries."""
    colours = band_colours(scheme)
    hatches = _band_hatches(scheme)
    styles = {name: {"facecolor": colours[name], "hatch": hatches[name], "edgecolor": _EDGE} for name in colours}
    if hasattr(Patch, "set_hatchcolor"):  # matplotlib >= 3.10; before that hatching takes the edge colour
        for name, style in styles.items():
            # Hatching must contrast with its own bar: light lines on dark bars, dark on light.
            style["hatchcolor"] = "#ffffff" if contrast_text_colour(colours[name]) == "#ffffff" else _EDGE
    return styles


# ---------------------------------------------------------------- text helpers


def _exact_places(values: Sequence[Decimal], minimum: int = 2, maximum: int = 4) -> int:
    """Decimals needed to print every value exactly (at least ``minimum``, at most ``maximum``)."""
    needed = minimum
    for v in values:
        exponent = v.normalize().as_tuple().exponent
        if isinstance(exponent, int):
            needed = max(needed, -exponent)
    return min(needed, maximum)


def _format_bound(value: Decimal) -> str:
    return format_number(value, _exact_places([value], minimum=0))


def _tick_formatter(*, signed: bool = False) -> ticker.FuncFormatter:
    """Axis numbers with a decimal comma and no trailing zeros: ``0``, ``0,5``, ``1,25``.

    ``signed`` writes a change: ``+0,5``, ``−1`` (a true minus sign), ``0``.
    """

    def fmt(x: float, _pos: int | None = None) -> str:
        value = Decimal(repr(round(float(x), 6))).normalize()
        text = format_number(abs(value) if signed else value, _exact_places([value], minimum=0, maximum=6))
        if signed and value:
            return ("+" if value > 0 else "\u2212") + text
        return text

    return ticker.FuncFormatter(fmt)


def _wrap(name: str, width: int, lines: int) -> str:
    """``name`` on at most ``lines`` lines of about ``width`` characters, cut with "…" beyond that."""
    return "\n".join(textwrap.wrap(name, width=width, max_lines=lines, placeholder=" …")) or name


def _balanced_wrap(name: str, width: int, lines: int) -> str:
    """Like :func:`_wrap`, but lines of even length: "Phường Xuân / Hương - Đà Lạt", not "… - Đà / Lạt".

    >>> _balanced_wrap("Phường Xuân Hương - Đà Lạt", 23, 2)
    'Phường Xuân\\nHương - Đà Lạt'
    """
    needed = len(textwrap.wrap(name, width=width))
    if needed <= 1 or needed > lines:
        return _wrap(name, width, lines)
    for narrower in range(-(-len(name) // needed), width):
        if len(textwrap.wrap(name, width=narrower)) == needed:
            return _wrap(name, narrower, lines)
    return _wrap(name, width, lines)


def _row_labels(names: Sequence[str]) -> tuple[list[str], int]:
    """Row labels, a long name wrapped onto a second line (cut with "…" only past two lines)."""
    labels = [_wrap(n, _NAME_WIDTH, 2) for n in names]
    return labels, max((label.count("\n") + 1 for label in labels), default=1)


def _row_font_sizes(n_rows: int, height: float, lines: int) -> tuple[float, float]:
    """Font size of row labels and of the numbers on bars or cells, for ``height`` inches of rows.

    Both shrink when rows are crowded, so that neighbouring labels never overlap.
    """
    row_points = height * 72 * 0.75 / max(n_rows, 1)
    label_size = min(10.0, max(4.0, row_points * 0.8 / (1 if lines == 1 else 1.7)))
    value_size = min(9.0, max(4.0, row_points * 0.7))
    return label_size, value_size


def _width_for(labels: Sequence[str], plot_width: float) -> float:
    """Figure width: room for the longest row label plus ``plot_width`` inches, within 7 to 12 inches."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return float(min(12.0, max(7.0, plot_width + 0.6 + 0.085 * longest)))


def _height_for(n_rows: int, lines: int, per_row: float, extra: float, minimum: float = 4.0) -> float:
    """Figure height: ``per_row`` inches a row (more for two-line labels) plus ``extra``, capped."""
    per_row *= 1.45 if lines > 1 else 1.0
    return float(min(_MAX_HEIGHT, max(minimum, extra + per_row * n_rows)))


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib defaults plus the package's font, whatever the user's rc says."""
    with mpl.style.context(["default", _BASE_RC]):
        yield


def _all_axes(fig: Figure) -> list[Axes]:
    found: list[Axes] = []
    stack = list(fig.axes)
    while stack:
        ax = stack.pop(0)
        if ax not in found:
            found.append(ax)
            stack.extend(ax.child_axes)
    return found


def _pin_fonts(fig: Figure) -> Figure:
    """Fix the font on every text, including tick labels matplotlib creates later at draw time."""
    for ax in _all_axes(fig):
        ax.tick_params(which="both", labelfontfamily=FONT_FAMILY)
    for text in fig.findobj(Text):
        text.set_fontfamily(FONT_FAMILY)
    return fig


def _titles(fig: Figure, ax: Axes, title: str, note: str | None) -> None:
    """Title on the figure; the note (e.g. "Số liệu dựng lại") as a subtitle under it."""
    fig.suptitle(title)
    if note:
        ax.set_title(note, **_NOTE_STYLE)


def _panel_host(fig: Figure, title: str, note: str | None) -> Figure | SubFigure:
    """Where the panels of a multi-panel figure go: the figure, or under the note when there is one.

    A figure of several panels cannot carry the note as one axes' title (the panels have
    titles of their own), so the panels go into a subfigure whose own title is the note.
    """
    fig.suptitle(title)
    if not note:
        return fig
    host = fig.subfigures(1, 1)
    host.suptitle(note, **_NOTE_STYLE)
    return host


def _lowest_total(scheme: Scheme) -> Decimal:
    return scheme.min_points * len(scheme.criteria)


def _value_range(values: Sequence[Decimal], scheme: Scheme) -> tuple[Decimal, Decimal]:
    """Axis range for totals: from a whole point or more below the lowest value up to the scheme maximum.

    Charts that compare units with one another (not bar lengths) zoom in on where the
    values are, so that hundreds of units clustered between 12 and 18 do not crowd.
    """
    lowest = _lowest_total(scheme)
    if not values:
        return lowest, scheme.max_total
    below = min(values).to_integral_value(rounding=ROUND_FLOOR) - 1
    return max(lowest, below), scheme.max_total


def _threshold_lines(ax: Axes, scheme: Scheme, lower: Decimal, *, labels: bool = True) -> None:
    """Dashed vertical lines at the band thresholds above ``lower``; their names along the top if ``labels``."""
    for index, band in enumerate(scheme.bands):
        if band.lower <= lower:
            continue  # the lowest band starts at the axis itself
        ax.axvline(float(band.lower), color="#222222", linestyle=(0, (4, 2)), linewidth=1.0, zorder=0.8,
                   gid=f"band-threshold-{index}")  # fmt: skip
    if not labels:
        return
    thresholds = [b for b in scheme.bands if b.lower > lower]
    top = ax.secondary_xaxis("top")
    top.set_xticks([float(b.lower) for b in thresholds],
                   [f"{b.name} ({_format_bound(b.lower)})" for b in thresholds])  # fmt: skip
    top.tick_params(length=0, labelsize=8.5, pad=2)
    top.spines["top"].set_visible(False)


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _points_text(value: Decimal, scheme: Scheme, places: int = 2) -> str:
    """``value`` with ``places`` decimals, more where rounding would show a figure of another band.

    A mean of 14,996 is Tốt and must not read 15,00 (Xuất sắc).

    >>> from tthc_analysis.scheme import load_scheme
    >>> scheme = load_scheme("tt01-2018")
    >>> _points_text(Decimal("15.3"), scheme), _points_text(Decimal("14.996"), scheme)
    ('15,30', '14,996')
    """
    while places < 6 and scheme.band_of(_rounded(value, places)) != scheme.band_of(value):
        places += 1
    return format_points(value, places)


# ---------------------------------------------------------------- charts


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
    if len(ranking) > _MANY_UNITS:
        return _totals_overview(summary, scheme, note)
    n = len(ranking)
    names, lines = _row_labels(list(ranking["unit"]))
    height = _height_for(n, lines, per_row=0.32, extra=2.4)
    label_size, value_size = _row_font_sizes(n, height - 2.4, lines)
    bands = list(ranking["band"])
    # Row 0 (rank 1) at the top: y runs n-1 … 0 down the ranking.
    y = np.arange(n - 1, -1, -1, dtype=float)

    with _style():
        fig = Figure(figsize=(_width_for(names, 6.8), height), layout="constrained")
        ax = fig.add_subplot()
        _total_bars(ax, y, list(ranking["total"]), bands, scheme, summary.places, value_size)
        _total_axis(ax, scheme, (-0.6, n - 0.4))
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        _band_legend(fig, scheme, bands)
        _titles(fig, ax, "Tổng điểm của từng đơn vị", note)
    return _pin_fonts(fig)


def _total_bars(ax: Axes, y: np.ndarray, totals: Sequence[Decimal], bands: Sequence[str], scheme: Scheme,
                places: int, value_size: float) -> None:  # fmt: skip
    """Horizontal bars of ``totals`` at rows ``y``, styled by band, each labelled with its exact total."""
    styles = _band_patch_style(scheme)
    bars = ax.barh(y, [float(t) for t in totals], height=0.72, linewidth=0.6)
    for bar, band in zip(bars, bands):
        bar.set(**styles[band])
    for yi, total in zip(y, totals):
        # A white backing keeps the number readable where it crosses a threshold line.
        ax.annotate(format_points(total, places), (float(total), yi), xytext=(3, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=value_size,
                    annotation_clip=False, bbox=_LABEL_BACKING)  # fmt: skip


def _total_axis(ax: Axes, scheme: Scheme, ylim: tuple[float, float]) -> None:
    """The x axis of a bar chart of totals: 0 to the maximum, band thresholds, decimal-comma ticks."""
    _threshold_lines(ax, scheme, _lowest_total(scheme))
    ax.set_xlim(float(_lowest_total(scheme)), float(scheme.max_total))
    ax.set_ylim(*ylim)
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=10, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(_tick_formatter())
    _value_axis_style(ax, "Điểm")


def _value_axis_style(ax: Axes, xlabel: str) -> None:
    """Label, light vertical grid and open top and right sides of a horizontal value axis."""
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _band_legend(fig: Figure, scheme: Scheme, bands: Sequence[str]) -> None:
    """Legend of the bands that occur in ``bands``, in scheme order, under the figure."""
    styles = _band_patch_style(scheme)
    present = [b.name for b in scheme.bands if b.name in set(bands)]
    handles = [Patch(label=name, linewidth=0.6, **styles[name]) for name in present]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
               title="Xếp loại", title_fontsize=9, fontsize=9)  # fmt: skip


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
    if len(ranking) > _MANY_UNITS:
        groups, by = _unit_groups(ranking, scheme)
        groups, omitted = _trim_groups(groups)
        note = _trimmed_note(note, len(groups), omitted)
        names = [_group_label(g) for g in groups]
        lost = [[_mean([c.max_points - v for v in g.frame[c.key]]) for c in criteria] for g in groups]
        title = f"Điểm bị trừ bình quân theo {by} và chỉ số"
        return _heatmap(names, lost, scheme, 2, title, note, ylabel=f"{by.capitalize()} (số đơn vị)")
    lost = [[c.max_points - row[c.key] for c in criteria] for _, row in ranking.iterrows()]
    names, _ = _row_labels(list(ranking["unit"]))
    places = _exact_places([v for row in lost for v in row])
    return _heatmap(names, lost, scheme, places, "Điểm bị trừ theo đơn vị và chỉ số", note)


def _heatmap(names: list[str], lost: list[list[Decimal]], scheme: Scheme, places: int, title: str,
             note: str | None, ylabel: str | None = None) -> Figure:  # fmt: skip
    """Draw the points-lost grid: one row per label in ``names``, one column per criterion."""
    n = len(names)
    criteria = scheme.criteria
    data = np.array([[float(v) for v in row] for row in lost], dtype=float).reshape(n, len(criteria))
    vmax = float(max(c.max_points for c in criteria))
    lines = max((name.count("\n") + 1 for name in names), default=1)
    height = _height_for(n, lines, per_row=0.3, extra=2.2)
    label_size, value_size = _row_font_sizes(n, height - 2.2, lines)
    annotate = n <= _MANY_UNITS
    cmap = mpl.colormaps[_LOST_CMAP]

    with _style():
        fig = Figure(figsize=(_width_for(names, 1.6 + 0.62 * len(criteria)), height), layout="constrained")
        ax = fig.add_subplot()
        image = ax.imshow(data, cmap=cmap, vmin=0.0, vmax=vmax, aspect="auto", interpolation="nearest")
        if annotate:
            for i, row in enumerate(lost):
                for j, value in enumerate(row):
                    if value > 0:
                        background = to_hex(cmap(float(value) / vmax if vmax else 0.0))
                        ax.text(j, i, format_points(value, places), ha="center", va="center",
                                fontsize=value_size, color=contrast_text_colour(background))  # fmt: skip
        ax.set_xticks(range(len(criteria)), [f"CS {c.number}" for c in criteria])
        ax.set_yticks(range(n), names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        ax.tick_params(axis="x", length=0, top=n > 25, labeltop=n > 25)
        ax.set_xlabel("Chỉ số")
        if ylabel:
            ax.set_ylabel(ylabel)
        # Thin white lines between cells: two line collections (minor-tick grid lines were a tick object, with
        # its label and marks to lay out, per line).
        separator = {"colors": "#ffffff", "linewidth": 1.0 if n <= _MANY_UNITS else 0.3, "gid": "cell-separators"}
        ax.hlines(np.arange(0.5, n - 1, 1), -0.5, len(criteria) - 0.5, **separator)
        ax.vlines(np.arange(0.5, len(criteria) - 1, 1), -0.5, n - 0.5, **separator)
        for spine in ax.spines.values():
            spine.set_visible(False)

        colourbar = fig.colorbar(image, ax=ax, shrink=min(1.0, 6.0 / height) if height > 6 else 1.0, aspect=30)
        colourbar.set_label("Điểm bị trừ")
        colourbar.ax.yaxis.set_major_formatter(_tick_formatter())
        colourbar.outline.set_linewidth(0.5)
        _titles(fig, ax, title, note)
    return _pin_fonts(fig)


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
    styles = _band_patch_style(scheme)
    names = [band.name for band in scheme.bands]
    heights = [counts[name].count if name in counts else 0 for name in names]
    top_count = max(heights) if heights else 0

    def range_text(index: int) -> str:
        band = scheme.bands[index]
        if band.upper is None:
            return f"từ {_format_bound(band.lower)} điểm"
        if index == len(scheme.bands) - 1 and band.lower <= scheme.min_points * len(scheme.criteria):
            return f"dưới {_format_bound(band.upper)} điểm"
        return f"{_format_bound(band.lower)} đến dưới {_format_bound(band.upper)}"

    with _style():
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
        ax.set_xticks(x, [f"{_wrap(name, 14, 2)}\n{range_text(i)}" for i, name in enumerate(names)])
        ax.tick_params(axis="x", length=0, labelsize=9)
        ax.set_ylim(0, max(1, top_count) * 1.18)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_tick_formatter())  # 1.800, not 1800
        ax.set_ylabel("Số đơn vị")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        _titles(fig, ax, "Số đơn vị theo xếp loại", note)
    return _pin_fonts(fig)


# ---------------------------------------------------------------- groups of units


class _Group:
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
            self._mean = _mean([self._totals[i] for i in self._positions])
        return self._mean

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = self._ranking.take(self._positions)
        return self._frame


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _district_groups(ranking: pd.DataFrame) -> list[_Group]:
    """One group per district, best mean total first (equal means in Vietnamese name order).

    Units without a district form a last group, "Chưa ghi huyện", whatever its mean.
    """
    names = pd.Series([d if isinstance(d, str) and d else _NO_DISTRICT for d in ranking["district"]],
                      index=ranking.index)  # fmt: skip
    totals = ranking["total"].tolist()
    positions = ranking.reset_index(drop=True).groupby(names.to_numpy(), sort=False).indices
    groups = [_Group(name, ranking, list(at), totals) for name, at in positions.items()]
    return sorted(groups, key=lambda g: (g.name == _NO_DISTRICT, -g.mean, vi_sort_key(g.name)))


# Beyond this many districts a chart shows the best and the worst, half each, and says how many are left out:
# ten each, like the ten highest and lowest units of the totals chart. (Thirty rows made the district chart
# 19 inches tall, printed at half size with 4-point text.)
_MAX_GROUPS = 20


def _trim_groups(groups: list[_Group]) -> tuple[list[_Group], int]:
    """The best and worst districts when there are too many to draw legibly, and how many were left out."""
    if len(groups) <= _MAX_GROUPS:
        return groups, 0
    half = _MAX_GROUPS // 2
    return groups[:half] + groups[-half:], len(groups) - 2 * half


def _trimmed_note(note: str | None, shown: int, omitted: int) -> str | None:
    if not omitted:
        return note
    text = (f"{shown // 2} huyện có điểm bình quân cao nhất và {shown // 2} huyện thấp nhất, "
            f"trong tổng số {format_integer(shown + omitted)} huyện")  # fmt: skip
    return f"{note}; {text}" if note else text


def _unit_groups(ranking: pd.DataFrame, scheme: Scheme) -> tuple[list[_Group], str]:
    """Districts if the ranking has them, else the bands present (in scheme order); and what the groups are."""
    if "district" in ranking.columns:
        return _district_groups(ranking), "huyện"
    totals = ranking["total"].tolist()
    bands = ranking["band"].tolist()
    groups = [_Group(b.name, ranking, [i for i, band in enumerate(bands) if band == b.name], totals)
              for b in scheme.bands]  # fmt: skip
    return [g for g in groups if g.count], "xếp loại"


def _group_label(group: _Group) -> str:
    """The group's name, wrapped, with its number of units: ``Huyện Lâm Hà (24)``."""
    return f"{_wrap(group.name, 30, 2)} ({group.count})"


def _cut(items: Sequence, key: Callable[[object], Decimal], count: int) -> tuple[list, int]:
    """The first ``count`` items, and how many further items share the last one's ``key`` (a tie cut off)."""
    shown = list(items[:count])
    if not shown:
        return shown, 0
    last = key(shown[-1])
    return shown, sum(1 for item in items[count:] if key(item) == last)


# ---------------------------------------------------------------- many units


def _totals_overview(summary: Summary, scheme: Scheme, note: str | None) -> Figure:
    """Totals of many units: a histogram by band over a panel of the 10 highest and 10 lowest units."""
    ranking = summary.ranking
    records = list(ranking.itertuples(index=False))
    top, top_tied = _cut(records, lambda r: r.total, _TOP_N)
    bottom, bottom_tied = _cut(records[::-1], lambda r: r.total, _TOP_N)
    rows: list[tuple[str, object]] = [("heading", f"{len(top)} đơn vị điểm cao nhất"), *(("unit", r) for r in top)]
    if top_tied:
        rows.append(("note", _tied_note(top_tied, format_points(top[-1].total, summary.places))))
    rows.append(("heading", f"{len(bottom)} đơn vị điểm thấp nhất"))
    if bottom_tied:
        rows.append(("note", _tied_note(bottom_tied, format_points(bottom[-1].total, summary.places))))
    rows.extend(("unit", r) for r in bottom[::-1])

    units = [r for kind, r in rows if kind == "unit"]
    names, lines = _row_labels([f"{r.unit} (hạng {format_integer(int(r.rank))})" for r in units])
    bars_height = _height_for(len(rows), lines, per_row=0.27, extra=0.9, minimum=3.0)
    label_size, value_size = _row_font_sizes(len(rows), bars_height - 0.9, lines)
    with _style():
        fig = Figure(figsize=(_width_for(names, _OVERVIEW_PLOT_WIDTH), _HIST_HEIGHT + bars_height + 1.2),
                     layout="constrained")  # fmt: skip
        host = _panel_host(fig, f"Tổng điểm của {format_integer(summary.n_units)} đơn vị", note)
        hist_ax, bars_ax = host.subplots(2, 1, height_ratios=[_HIST_HEIGHT, bars_height])
        _totals_histogram(hist_ax, summary, scheme)
        y = np.arange(len(rows) - 1, -1, -1, dtype=float)
        unit_y = [yi for yi, (kind, _) in zip(y, rows) if kind == "unit"]
        _total_bars(bars_ax, np.array(unit_y), [r.total for r in units], [r.band for r in units], scheme,
                    summary.places, value_size)  # fmt: skip
        _total_axis(bars_ax, scheme, (-0.6, len(rows) - 0.4))
        bars_ax.set_yticks(unit_y, names)
        bars_ax.tick_params(axis="y", labelsize=label_size, length=0)
        _row_captions(bars_ax, [(yi, kind, text) for yi, (kind, text) in zip(y, rows) if kind != "unit"])
        _band_legend(fig, scheme, list(ranking["band"]))
    return _pin_fonts(fig)


def _tied_note(count: int, figure: str, word: str = "") -> str:
    """The row saying how many units share the last listed figure but are not listed."""
    return f"… và {format_integer(count)} đơn vị khác cùng {word + ' ' if word else ''}{figure} điểm"


def _row_captions(ax: Axes, captions: Sequence[tuple[float, str, str]]) -> None:
    """Headings (bold) and notes (italic) written into empty rows of a panel, from its left edge."""
    transform = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for y, kind, text in captions:
        heading = kind == "heading"
        ax.text(0.005, y, text, transform=transform, ha="left", va="center", fontsize=9.5 if heading else 8.5,
                fontweight="bold" if heading else "normal", style="normal" if heading else "italic",
                bbox=_LABEL_BACKING, gid=f"row-{kind}")  # fmt: skip


def _totals_histogram(ax: Axes, summary: Summary, scheme: Scheme) -> None:
    """Histogram of totals in bins of 0,25 points, bars stacked and styled by band, the mean marked."""
    step = _HIST_STEP
    top_bin = _bin_floor(scheme.max_total, step) - (1 if scheme.max_total % step == 0 else 0)
    counts: dict[tuple[int, str], int] = {}
    for total, band in zip(summary.ranking["total"], summary.ranking["band"]):
        k = min(_bin_floor(total, step), top_bin)  # the maximum itself goes in the last bin
        counts[(k, band)] = counts.get((k, band), 0) + 1
    styles = _band_patch_style(scheme)
    stacked = _stacked_bars(ax, counts, [(b.name, styles[b.name]) for b in scheme.bands], "histogram-",
                            width=float(step), align="edge")  # fmt: skip
    bins = sorted(stacked)
    lower, upper = _value_range(list(summary.ranking["total"]), scheme)
    _histogram_counts(ax, [float((k + Decimal("0.5")) * step) for k in bins], [stacked[k] for k in bins],
                      float(upper - lower))  # fmt: skip
    _threshold_lines(ax, scheme, lower)
    ax.axvline(float(summary.mean), color="#000000", linewidth=1.4, zorder=2.5, gid="mean-line")
    ax.annotate(f"Bình quân {_points_text(summary.mean, scheme)}", (float(summary.mean), 1.0),
                xycoords=("data", "axes fraction"), xytext=(4, -3), textcoords="offset points", ha="left", va="top",
                fontsize=8.5, fontweight="bold", bbox=_LABEL_BACKING)  # fmt: skip
    ax.set_xlim(float(lower), float(upper))
    ax.set_ylim(0, max(stacked.values()) * 1.3)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(1))
    ax.xaxis.set_major_formatter(_tick_formatter())
    ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_tick_formatter())  # 1.800, not 1800
    ax.set_ylabel("Số đơn vị")
    _value_axis_style(ax, f"Tổng điểm (mỗi cột {format_number(step, 2)} điểm)")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)


def _stacked_bars(ax: Axes, counts: Mapping[tuple[int, str], int], groups: Sequence[tuple[str, Mapping[str, str]]],
                  gid: str, *, width: float, align: str) -> dict[int, int]:  # fmt: skip
    """Histogram bars of bin ``k`` at ``k·0,25``, stacked group by group in the order given; each bin's total.

    ``counts`` maps (bin, group name) to a number of units. Only the filled (bin, group) pairs get a bar: a
    national table spans 60 bins, and a bar for every group in every bin was 300 patches, most of them empty.
    """
    stacked = dict.fromkeys(sorted({k for k, _ in counts}), 0)
    for name, style in groups:
        own = [k for k in stacked if (k, name) in counts]
        if own:
            heights = [counts[(k, name)] for k in own]
            ax.bar([float(k * _HIST_STEP) for k in own], heights, width=width, align=align, linewidth=0.5,
                   bottom=[stacked[k] for k in own], gid=f"{gid}{name}", **style)  # fmt: skip
            for k, height in zip(own, heights):
                stacked[k] += height
    return stacked


def _bin_floor(value: Decimal, step: Decimal) -> int:
    """Index of the bin ``[k·step, (k+1)·step)`` holding ``value``, in exact arithmetic."""
    return int((value / step).to_integral_value(rounding=ROUND_FLOOR))


def _histogram_counts(ax: Axes, x: Sequence[float], heights: Sequence[int], x_span: float) -> None:
    """The count above each non-empty histogram bar, if no two counts would overlap; else none.

    ``x_span`` is the width of the axis in data units (the panel is about ``_OVERVIEW_PLOT_WIDTH`` wide).
    Thousands of units fill every bin of 0,25 points, and the counts then run into each other: the axis
    and its grid give the counts instead.
    """
    points_per_unit = _OVERVIEW_PLOT_WIDTH * 72 / x_span
    shown = [(xi, h) for xi, h in zip(x, heights) if h]
    half_widths = [(_COUNT_DIGIT_WIDTH * len(str(h)) + _COUNT_PADDING) / 2 for _, h in shown]
    for (x1, _), (x2, _), w1, w2 in zip(shown, shown[1:], half_widths, half_widths[1:]):
        if (x2 - x1) * points_per_unit < w1 + w2:
            return
    for xi, height in zip(x, heights):
        if height:
            ax.annotate(format_integer(height), (xi, height), xytext=(0, 2), textcoords="offset points", ha="center",
                        va="bottom", fontsize=7, bbox=_LABEL_BACKING, gid="histogram-count")  # fmt: skip


# ---------------------------------------------------------------- year-over-year change


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


def change_chart(rows: Sequence[ChangeRow], scheme: Scheme, *, before_year: int, after_year: int,
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
    title = f"Thay đổi tổng điểm từ năm {before_year} đến năm {after_year}"
    years = (before_year, after_year)
    if len(drawn) > max_rows:
        return _change_overview(drawn, scheme, years, title, note)
    names, lines = _row_labels([r.label for r in drawn])
    height = _height_for(len(drawn), lines, per_row=0.32, extra=2.6)
    label_size, value_size = _row_font_sizes(len(drawn), height - 2.6, lines)
    with _style():
        fig = Figure(figsize=(_width_for(names, 6.8), height), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(drawn) - 1, -1, -1, dtype=float)
        _dumbbells(ax, drawn, y, scheme, value_size)
        _change_axis(ax, drawn, scheme, (-0.6, len(drawn) - 0.4))
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        _change_legend(fig, drawn, years)
        _titles(fig, ax, title, note)
    return _pin_fonts(fig)


def _change_places(rows: Sequence[ChangeRow]) -> int:
    """Decimals for the value labels: enough for every total exactly (a merged mean may need rounding)."""
    exact = [r.after for r in rows] + [r.before for r in rows if not r.merged]
    return _exact_places([v for v in exact if v is not None], maximum=3)


def _dumbbells(ax: Axes, rows: Sequence[ChangeRow], y: Sequence[float], scheme: Scheme, value_size: float) -> None:
    """Segments, markers and value labels of ``rows`` at heights ``y``."""
    places = _change_places(rows)
    for row, yi in zip(rows, y):
        colour = _DIRECTIONS[row.direction]["colour"]
        ax.plot([float(row.before), float(row.after)], [yi, yi], color=colour, linewidth=2.2, alpha=0.55,
                solid_capstyle="butt", zorder=2, gid="change-segment")  # fmt: skip
        # The earlier value sits on the far side from the later one; unchanged rows read "before ◆ after".
        rises = row.after >= row.before
        before_text = _points_text(row.before, scheme, places) + ("*" if row.merged else "")
        after_text = _points_text(row.after, scheme, places)
        for value, text, left in ((row.before, before_text, rises), (row.after, after_text, not rises)):
            ax.annotate(text, (float(value), yi), xytext=(-6 if left else 6, 0), textcoords="offset points",
                        ha="right" if left else "left", va="center", fontsize=value_size, annotation_clip=False,
                        bbox=_LABEL_BACKING, gid="change-value")  # fmt: skip
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
                       marker=style["marker"], facecolors=style["colour"], edgecolors=_EDGE, linewidths=0.6,
                       gid=f"change-after-{direction}")  # fmt: skip


def _change_axis(ax: Axes, rows: Sequence[ChangeRow], scheme: Scheme, ylim: tuple[float, float]) -> None:
    """x axis zoomed on the totals shown, band thresholds, decimal-comma ticks."""
    lower, upper = _value_range([v for r in rows for v in (r.before, r.after)], scheme)
    _threshold_lines(ax, scheme, lower)
    ax.set_xlim(float(lower), float(upper))
    ax.set_ylim(*ylim)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(1 if upper - lower <= 12 else 2))
    ax.xaxis.set_major_formatter(_tick_formatter())
    _value_axis_style(ax, "Tổng điểm")


def _change_legend(fig: Figure, rows: Sequence[ChangeRow], years: tuple[int, int]) -> None:
    """Markers of the earlier year, of each direction present this year, and of merged units."""
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=6, color=_BEFORE_COLOUR,
                      label=f"Năm {years[0]}")]  # fmt: skip
    present = {r.direction for r in rows}
    for direction, style in _DIRECTIONS.items():
        if direction in present:
            handles.append(Line2D([], [], linestyle="none", marker=style["marker"], markersize=7.5,
                                  markerfacecolor=style["colour"], markeredgecolor=_EDGE, markeredgewidth=0.6,
                                  label=f"Năm {years[1]}: {style['word']}"))  # fmt: skip
    if any(r.merged for r in rows):
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor="#ffffff",
                              markeredgecolor=_BEFORE_COLOUR, markeredgewidth=1.2, label=_MERGED_LABEL))  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9)


def _change_overview(rows: Sequence[ChangeRow], scheme: Scheme, years: tuple[int, int], title: str,
                     note: str | None) -> Figure:  # fmt: skip
    """Many units: a histogram of the changes over the dumbbells of the largest rises and falls."""
    rises = sorted((r for r in rows if r.direction == "rise"), key=lambda r: -r.change)
    falls = sorted((r for r in rows if r.direction == "fall"), key=lambda r: r.change)
    panel: list[tuple[str, object]] = []
    for chosen, word in ((rises, "tăng"), (falls, "giảm")):
        shown, tied = _cut(chosen, lambda r: r.change, _TOP_N)
        heading = f"{_TOP_N} đơn vị {word} nhiều nhất" if len(chosen) > _TOP_N else f"Các đơn vị {word} điểm"
        panel.append(("heading", heading if shown else f"Không có đơn vị nào {word} điểm."))
        panel.extend(("unit", r) for r in shown)
        if tied:
            panel.append(("note", _tied_note(tied, format_points(abs(shown[-1].change)), word)))
    units = [r for kind, r in panel if kind == "unit"]
    names, lines = _row_labels([r.label for r in units])
    rows_height = _height_for(len(panel), lines, per_row=0.27, extra=0.9, minimum=3.0)
    label_size, value_size = _row_font_sizes(len(panel), rows_height - 0.9, lines)
    with _style():
        fig = Figure(figsize=(_width_for(names, _OVERVIEW_PLOT_WIDTH), _HIST_HEIGHT + rows_height + 1.2),
                     layout="constrained")  # fmt: skip
        host = _panel_host(fig, title, note)
        hist_ax, rows_ax = host.subplots(2, 1, height_ratios=[_HIST_HEIGHT, rows_height])
        _change_histogram(hist_ax, rows, years)
        y = np.arange(len(panel) - 1, -1, -1, dtype=float)
        unit_y = [yi for yi, (kind, _) in zip(y, panel) if kind == "unit"]
        _dumbbells(rows_ax, units, unit_y, scheme, value_size)
        _change_axis(rows_ax, units or rows, scheme, (-0.6, len(panel) - 0.4))
        rows_ax.set_yticks(unit_y, names)
        rows_ax.tick_params(axis="y", labelsize=label_size, length=0)
        _row_captions(rows_ax, [(yi, kind, text) for yi, (kind, text) in zip(y, panel) if kind != "unit"])
        _change_legend(fig, rows, years)
    return _pin_fonts(fig)


def _change_histogram(ax: Axes, rows: Sequence[ChangeRow], years: tuple[int, int]) -> None:
    """Counts of units by change, bins of 0,25 centred on multiples of 0,25, stacked by direction.

    Bin ``k`` holds changes in ``(k·0,25 − 0,125, k·0,25 + 0,125]``; in the middle bin the
    exact zeros are counted as unchanged, apart from small rises and falls.
    """
    step = _HIST_STEP
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        k = int((row.change / step - Decimal("0.5")).to_integral_value(rounding=ROUND_CEILING))
        counts[(k, row.direction)] = counts.get((k, row.direction), 0) + 1
    groups = [(d, _direction_patch_style(d)) for d in ("fall", "same", "rise")]
    stacked = _stacked_bars(ax, counts, groups, "change-histogram-", width=float(step) * 0.92, align="center")
    bins = sorted(stacked)
    reach = float((max(abs(bins[0]), abs(bins[-1])) + 1) * step)
    _histogram_counts(ax, [float(k * step) for k in bins], [stacked[k] for k in bins], 2 * reach)
    ax.axvline(0.0, color="#000000", linewidth=1.0, zorder=0.9)
    ax.set_xlim(-reach, reach)
    ax.set_ylim(0, max(stacked.values()) * 1.2)
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=12, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(_tick_formatter(signed=True))
    ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_tick_formatter())  # 1.800, not 1800
    ax.set_ylabel("Số đơn vị")
    _value_axis_style(ax, f"Tổng điểm tăng (+) hoặc giảm (\u2212) so với năm {years[0]}")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    tally = {d: sum(1 for r in rows if r.direction == d) for d in _DIRECTIONS}
    ax.set_title(f"{format_integer(len(rows))} đơn vị: {format_integer(tally['rise'])} tăng, "
                 f"{format_integer(tally['fall'])} giảm, {format_integer(tally['same'])} không đổi",
                 fontsize=10, fontweight="normal", loc="left")  # fmt: skip


def _direction_patch_style(direction: str) -> dict[str, str]:
    """Histogram bars of one direction: its colour and a hatch, so rises, falls and zeros differ in grey."""
    colour = _DIRECTIONS[direction]["colour"]
    style = {"facecolor": colour, "hatch": _DIRECTIONS[direction]["hatch"], "edgecolor": _EDGE}
    if hasattr(Patch, "set_hatchcolor"):
        style["hatchcolor"] = "#ffffff" if contrast_text_colour(colour) == "#ffffff" else _EDGE
    return style


# ---------------------------------------------------------------- trend over years


@dataclass(frozen=True)
class TrendSeries:
    """One unit's totals by year, for :func:`trend_chart`.

    ``baseline`` holds, for a unit formed by merging, the plain mean of its predecessors'
    totals in the years before it existed; it is drawn dashed and lighter.
    """

    label: str
    points: Mapping[int, Decimal]
    baseline: Mapping[int, Decimal] = field(default_factory=dict)


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
    lower, upper = _value_range(values, scheme)
    panel_width = 2.05
    height = float(min(_MAX_HEIGHT, 1.55 + 1.95 * n_rows))
    with _style():
        fig = Figure(figsize=(panel_width * columns + 0.9, height), layout="constrained")
        host = _panel_host(fig, "Tổng điểm qua các năm", note)
        grid = host.add_gridspec(n_rows, columns)
        for index, one in enumerate(series):
            # The same axes on every panel, set on each rather than shared: matplotlib keeps shared axes in step
            # by visiting all their siblings at every change, which for 21 panels cost a third of the chart.
            ax = host.add_subplot(grid[index // columns, index % columns])
            _trend_panel(ax, one, scheme, years, panel_width)
            ax.set_ylim(float(lower), float(upper))
            ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))
            ax.yaxis.set_major_formatter(_tick_formatter())
            _year_axis(ax, years, panel_width - 0.35, label_room=0.42)
            ax.tick_params(labelbottom=index + columns >= len(series), labelleft=index % columns == 0)
        host.supylabel("Tổng điểm", fontsize=10)
        _trend_legend(fig, scheme, series, lower)
    return _pin_fonts(fig)


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
        ax.annotate(_points_text(one.points[last], scheme), (last, float(one.points[last])), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=7.5, fontweight="bold",
                    color=_TREND_COLOUR, annotation_clip=False, gid="trend-last-value")  # fmt: skip
    # A fixed y: matplotlib's automatic title height looks for tick labels above every panel, at a cost.
    ax.set_title(_balanced_wrap(one.label, max(12, int(width * 11.5)), 3), fontsize=9, fontweight="bold", loc="left",
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
        if band.lower > _lowest_total(scheme):
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
        text = ", ".join(f"{b.name} từ {_format_bound(b.lower)}" for b in shown)
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
    means = {y: _mean(by_year[y]) for y in present}
    lows = {y: min(by_year[y]) for y in present}
    highs = {y: max(by_year[y]) for y in present}
    lower, upper = _value_range(list(lows.values()), scheme)
    with _style():
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
        ax.yaxis.set_major_formatter(_tick_formatter())
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.set_xticks(years, [f"{y}\n({format_integer(len(by_year[y]))} đơn vị)" for y in years])
        ax.set_ylabel("Tổng điểm")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        _threshold_names(ax, scheme, lower)
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=9)
        _titles(fig, ax, "Tổng điểm bình quân qua các năm", note)
    return _pin_fonts(fig)


def _overview_labels(ax: Axes, year: int, mean: Decimal, low: Decimal, high: Decimal, scheme: Scheme) -> None:
    """The mean above its marker (bold), the lowest and highest totals just outside the range."""
    ax.annotate(_points_text(mean, scheme), (year, float(mean)), xytext=(0, 7), textcoords="offset points",
                ha="center", va="bottom", fontsize=9, fontweight="bold", color=_TREND_COLOUR, bbox=_LABEL_BACKING,
                annotation_clip=False, gid="trend-mean-value")  # fmt: skip
    for value, offset, va in ((high, 3, "bottom"), (low, -3, "top")):
        ax.annotate(_points_text(value, scheme), (year, float(value)), xytext=(0, offset), textcoords="offset points",
                    ha="center", va=va, fontsize=7.5, color="#444444", annotation_clip=False,
                    gid="trend-range-value")  # fmt: skip


def _threshold_names(ax: Axes, scheme: Scheme, lower: Decimal) -> None:
    """Band names at the right end of the horizontal threshold lines."""
    transform = ax.get_yaxis_transform()
    for band in scheme.bands:
        if band.lower > lower:
            ax.text(1.01, float(band.lower), f"{band.name} ({_format_bound(band.lower)})", transform=transform,
                    ha="left", va="center", fontsize=8, color="#555555")  # fmt: skip


# ---------------------------------------------------------------- districts


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
    groups, omitted = _trim_groups(_district_groups(ranking))
    note = _trimmed_note(note, len(groups), omitted)
    labels = [_group_label(g) for g in groups]
    lines = max(label.count("\n") + 1 for label in labels)
    height = _height_for(len(groups), lines, per_row=0.55, extra=2.4)
    label_size, value_size = _row_font_sizes(len(groups), height - 2.4, lines)
    y = np.arange(len(groups) - 1, -1, -1, dtype=float)
    with _style():
        fig = Figure(figsize=(_width_for(labels, 6.8), height), layout="constrained")
        ax = fig.add_subplot()
        _district_dots(ax, groups, y, scheme)
        for group, yi in zip(groups, y):
            # Under the dots, so none is hidden; the tick reaches beyond the dots' spread, so its ends show.
            ax.plot([float(group.mean)] * 2, [yi - _TICK_HALF, yi + _TICK_HALF], color="#000000", linewidth=3,
                    solid_capstyle="butt", zorder=2, gid="district-mean")  # fmt: skip
            ax.annotate(_points_text(group.mean, scheme), (float(group.mean), yi + _TICK_HALF), xytext=(0, 1),
                        textcoords="offset points", ha="center", va="bottom", fontsize=max(value_size, 7.5),
                        fontweight="bold", bbox=_LABEL_BACKING, zorder=6, gid="district-mean-value")  # fmt: skip
        lower, upper = _value_range(list(ranking["total"]), scheme)
        _threshold_lines(ax, scheme, lower)
        ax.set_xlim(float(lower), float(upper))
        ax.set_ylim(-0.6, len(groups) - 0.4)
        ax.xaxis.set_major_locator(ticker.MultipleLocator(1 if upper - lower <= 12 else 2))
        ax.xaxis.set_major_formatter(_tick_formatter())
        ax.set_yticks(y, labels)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        _value_axis_style(ax, "Tổng điểm")
        _district_legend(fig, scheme, list(ranking["band"]))
        _titles(fig, ax, "Tổng điểm của các đơn vị theo huyện", note)
    return _pin_fonts(fig)


def _district_dots(ax: Axes, groups: Sequence[_Group], y: Sequence[float], scheme: Scheme) -> None:
    """Every unit as a dot in its district's row, one scatter per band (in scheme order)."""
    colours = band_colours(scheme)
    crowd = max(g.count for g in groups)
    size = 30.0 if crowd <= 40 else 18.0 if crowd <= 120 else 10.0
    points: dict[str, list[tuple[float, float]]] = {b.name: [] for b in scheme.bands}
    for group, yi in zip(groups, y):
        for i, (total, band) in enumerate(zip(group.frame["total"], group.frame["band"]), start=1):
            points[band].append((float(total), yi + _jitter(i)))
    for index, band in enumerate(scheme.bands):
        if points[band.name]:
            xs, ys = zip(*points[band.name])
            ax.scatter(xs, ys, s=size, marker="o", facecolors=colours[band.name], edgecolors=_EDGE,
                       linewidths=0.4, zorder=3, label=band.name, gid=f"district-units-{index}")  # fmt: skip


def _jitter(i: int) -> float:
    """Offset of the ``i``-th unit in its row: a golden-ratio sequence, evenly spread and the same every run."""
    return ((i * 0.6180339887498949) % 1.0 - 0.5) * 2 * _JITTER_HALF


def _district_legend(fig: Figure, scheme: Scheme, bands: Sequence[str]) -> None:
    colours = band_colours(scheme)
    present = [b.name for b in scheme.bands if b.name in set(bands)]
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=6.5, markerfacecolor=colours[name],
                      markeredgecolor=_EDGE, markeredgewidth=0.5, label=name) for name in present]  # fmt: skip
    handles.append(Line2D([], [], linestyle="none", marker="|", markersize=11, markeredgewidth=3,
                          color="#000000", label="Điểm bình quân của huyện"))  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9)


# ---------------------------------------------------------------- rendering


def figure_bytes(figure: Figure, format: str = "png", *, dpi: float = 150) -> bytes:
    """Render ``figure`` to bytes that are the same on every run.

    Leaves out what would change between runs: the creation date in SVG and PDF
    metadata, the random element ids in SVG, and the matplotlib version in PNG.
    Text in SVG is written as paths, so it looks the same without the font installed.

    Parameters
    ----------
    figure
        Any figure, typically one returned by this module.
    format
        ``"png"``, ``"svg"`` or ``"pdf"``.
    dpi
        Resolution of raster output.
    """
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }.get(format)
    buffer = io.BytesIO()
    rc = {"svg.hashsalt": "tthc-analysis", "svg.fonttype": "path", "pdf.fonttype": 42, "hatch.linewidth": 0.8}
    with mpl.rc_context(rc):
        figure.savefig(buffer, format=format, dpi=dpi, metadata=metadata)
    return buffer.getvalue()
