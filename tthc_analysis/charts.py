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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal

import matplotlib as mpl
import matplotlib.style
import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from .scheme import Scheme
from .scoring import Summary
from .vietnamese import format_number, format_percent, format_points

__all__ = [
    "band_colours",
    "band_counts_chart",
    "contrast_text_colour",
    "figure_bytes",
    "points_lost_heatmap",
    "totals_chart",
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
_BASE_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
}
# Above this many units the heatmap drops its per-cell numbers (row text shrinks with crowding anyway).
_MANY_UNITS = 60
_MAX_HEIGHT = 24.0  # inches; beyond this, rows get thinner rather than the page longer
_NAME_WIDTH = 42  # characters before a unit name wraps onto a second line


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


def _tick_formatter() -> ticker.FuncFormatter:
    """Axis numbers with a decimal comma and no trailing zeros: ``0``, ``0,5``, ``1,25``."""

    def fmt(x: float, _pos: int | None = None) -> str:
        value = Decimal(repr(round(float(x), 6))).normalize()
        return format_number(value, _exact_places([value], minimum=0, maximum=6))

    return ticker.FuncFormatter(fmt)


def _wrap(name: str, width: int, lines: int) -> str:
    """``name`` on at most ``lines`` lines of about ``width`` characters, cut with "…" beyond that."""
    return "\n".join(textwrap.wrap(name, width=width, max_lines=lines, placeholder=" …")) or name


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
        ax.set_title(note, fontsize=9, fontweight="normal", style="italic", color="#444444")


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
    n = len(ranking)
    names, lines = _row_labels(list(ranking["unit"]))
    height = _height_for(n, lines, per_row=0.32, extra=2.4)
    label_size, value_size = _row_font_sizes(n, height - 2.4, lines)
    styles = _band_patch_style(scheme)
    totals = list(ranking["total"])
    bands = list(ranking["band"])
    # Row 0 (rank 1) at the top: y runs n-1 … 0 down the ranking.
    y = np.arange(n - 1, -1, -1, dtype=float)

    with _style():
        fig = Figure(figsize=(_width_for(names, 6.8), height), layout="constrained")
        ax = fig.add_subplot()
        bars = ax.barh(y, [float(t) for t in totals], height=0.72, linewidth=0.6)
        for bar, band in zip(bars, bands):
            bar.set(**styles[band])
        for yi, total in zip(y, totals):
            # A white backing keeps the number readable where it crosses a threshold line.
            ax.annotate(format_points(total, summary.places), (float(total), yi), xytext=(3, 0),
                        textcoords="offset points", va="center", ha="left", fontsize=value_size,
                        annotation_clip=False, bbox=_LABEL_BACKING)  # fmt: skip

        for index, band in enumerate(scheme.bands):
            if band.lower <= scheme.min_points * len(scheme.criteria):
                continue  # the lowest band starts at the axis itself
            ax.axvline(float(band.lower), color="#222222", linestyle=(0, (4, 2)), linewidth=1.0, zorder=0.8,
                       gid=f"band-threshold-{index}")  # fmt: skip
        thresholds = [b for b in scheme.bands if b.lower > scheme.min_points * len(scheme.criteria)]
        top = ax.secondary_xaxis("top")
        top.set_xticks([float(b.lower) for b in thresholds],
                       [f"{b.name} ({_format_bound(b.lower)})" for b in thresholds])  # fmt: skip
        top.tick_params(length=0, labelsize=8.5, pad=2)
        top.spines["top"].set_visible(False)

        ax.set_xlim(float(scheme.min_points * len(scheme.criteria)), float(scheme.max_total))
        ax.set_ylim(-0.6, n - 0.4)
        ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=10, steps=[1, 2, 5, 10], integer=True))
        ax.xaxis.set_major_formatter(_tick_formatter())
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", labelsize=label_size, length=0)
        ax.set_xlabel("Điểm")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

        present = [b.name for b in scheme.bands if b.name in set(bands)]
        handles = [Patch(label=name, linewidth=0.6, **styles[name]) for name in present]
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
                   title="Xếp loại", title_fontsize=9, fontsize=9)  # fmt: skip
        _titles(fig, ax, "Tổng điểm của từng đơn vị", note)
    return _pin_fonts(fig)


def points_lost_heatmap(summary: Summary, scheme: Scheme, *, note: str | None = None) -> Figure:
    """Heatmap of points lost (maximum minus score) by unit and criterion.

    Units run down in ranking order, criteria across as "CS 1" … "CS 9". Each cell
    that lost points shows the exact amount with a decimal comma; above 60 units the
    per-cell numbers are dropped and the labels shrink so the grid stays legible.
    The colour scale runs from 0 to the largest criterion maximum, the same every year.

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
    n = len(ranking)
    criteria = scheme.criteria
    lost = [[c.max_points - row[c.key] for c in criteria] for _, row in ranking.iterrows()]
    data = np.array([[float(v) for v in row] for row in lost], dtype=float).reshape(n, len(criteria))
    vmax = float(max(c.max_points for c in criteria))
    names, lines = _row_labels(list(ranking["unit"]))
    height = _height_for(n, lines, per_row=0.3, extra=2.2)
    label_size, value_size = _row_font_sizes(n, height - 2.2, lines)
    annotate = n <= _MANY_UNITS
    places = _exact_places([v for row in lost for v in row])
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
        # Thin white lines between cells.
        ax.set_xticks(np.arange(-0.5, len(criteria), 1), minor=True)
        ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
        ax.grid(which="minor", color="#ffffff", linewidth=1.0 if n <= _MANY_UNITS else 0.3)
        ax.tick_params(which="minor", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)

        colourbar = fig.colorbar(image, ax=ax, shrink=min(1.0, 6.0 / height) if height > 6 else 1.0, aspect=30)
        colourbar.set_label("Điểm bị trừ")
        colourbar.ax.yaxis.set_major_formatter(_tick_formatter())
        colourbar.outline.set_linewidth(0.5)
        _titles(fig, ax, "Điểm bị trừ theo đơn vị và chỉ số", note)
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
            ax.annotate(f"{height} ({format_percent(share)})", (xi, height), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom", fontsize=10)  # fmt: skip
        ax.set_xticks(x, [f"{_wrap(name, 14, 2)}\n{range_text(i)}" for i, name in enumerate(names)])
        ax.tick_params(axis="x", length=0, labelsize=9)
        ax.set_ylim(0, max(1, top_count) * 1.18)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.set_ylabel("Số đơn vị")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        _titles(fig, ax, "Số đơn vị theo xếp loại", note)
    return _pin_fonts(fig)


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
