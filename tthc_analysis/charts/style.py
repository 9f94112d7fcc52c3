"""What every chart shares: fonts, band colours and hatches, sizes, text helpers, titles, threshold lines."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import ROUND_FLOOR, Decimal

import matplotlib as mpl
import matplotlib.style
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.patches import Patch
from matplotlib.text import Text

from tthc_analysis.charts.colours import band_colours, contrast_text_colour
from tthc_analysis.charts.rows import MANY_UNITS  # noqa: F401 - where the drawing modules take it from
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.printed import exact_places
from tthc_analysis.vietnamese import format_number

FONT_FAMILY = "DejaVu Sans"


# Hatching per band, in scheme order (the best band plain); cycled if a scheme has more bands.
BAND_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo")


LOST_CMAP = "OrRd"


EDGE = "#333333"


LABEL_BACKING = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}


NOTE_STYLE = {"fontsize": 9, "fontweight": "normal", "style": "italic", "color": "#444444"}


BASE_RC = {
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


MAX_HEIGHT = 24.0  # inches; beyond this, rows get thinner rather than the page longer


NAME_WIDTH = 42  # characters before a unit name wraps onto a second line


TOP_N = 10  # units listed by name at each end when there are too many to list all


HIST_STEP = Decimal("0.25")  # width of a histogram bin, in points


HIST_HEIGHT = 3.4  # inches of the histogram panel of a two-panel figure


OVERVIEW_PLOT_WIDTH = 6.8  # inches of plot (besides the row labels) in the many-unit figures


COUNT_DIGIT_WIDTH = 0.64 * 7  # points: a digit of DejaVu Sans at the 7-point size of histogram counts


COUNT_PADDING = 4.0  # points: the white backing around a count


NO_DISTRICT = "Chưa ghi huyện"


def band_hatches(scheme: Scheme) -> dict[str, str]:
    return {band.name: BAND_HATCHES[i % len(BAND_HATCHES)] for i, band in enumerate(scheme.bands)}


def band_patch_style(scheme: Scheme) -> dict[str, dict[str, str]]:
    """Face colour, hatch and hatch colour of each band's bars and legend entries."""
    colours = band_colours(scheme)
    hatches = band_hatches(scheme)
    styles = {name: {"facecolor": colours[name], "hatch": hatches[name], "edgecolor": EDGE} for name in colours}
    if hasattr(Patch, "set_hatchcolor"):  # matplotlib >= 3.10; before that hatching takes the edge colour
        for name, style in styles.items():
            # Hatching must contrast with its own bar: light lines on dark bars, dark on light.
            style["hatchcolor"] = "#ffffff" if contrast_text_colour(colours[name]) == "#ffffff" else EDGE
    return styles


def format_bound(value: Decimal) -> str:
    return format_number(value, exact_places([value], minimum=0))


def tick_formatter(*, signed: bool = False) -> ticker.FuncFormatter:
    """Axis numbers with a decimal comma and no trailing zeros: ``0``, ``0,5``, ``1,25``.

    ``signed`` writes a change: ``+0,5``, ``−1`` (a true minus sign), ``0``.
    """

    def fmt(x: float, _pos: int | None = None) -> str:
        value = Decimal(repr(round(float(x), 6))).normalize()
        text = format_number(abs(value) if signed else value, exact_places([value], minimum=0, maximum=6))
        if signed and value:
            return ("+" if value > 0 else "\u2212") + text
        return text

    return ticker.FuncFormatter(fmt)


def wrap_name(name: str, width: int, lines: int) -> str:
    """``name`` on at most ``lines`` lines of about ``width`` characters, cut with "…" beyond that."""
    return "\n".join(textwrap.wrap(name, width=width, max_lines=lines, placeholder=" …")) or name


def balanced_wrap(name: str, width: int, lines: int) -> str:
    """Like :func:`wrap_name`, but lines of even length: "Phường Xuân / Hương - Đà Lạt", not "… - Đà / Lạt".

    >>> balanced_wrap("Phường Xuân Hương - Đà Lạt", 23, 2)
    'Phường Xuân\\nHương - Đà Lạt'
    """
    needed = len(textwrap.wrap(name, width=width))
    if needed <= 1 or needed > lines:
        return wrap_name(name, width, lines)
    for narrower in range(-(-len(name) // needed), width):
        if len(textwrap.wrap(name, width=narrower)) == needed:
            return wrap_name(name, narrower, lines)
    return wrap_name(name, width, lines)


def row_labels(names: Sequence[str]) -> tuple[list[str], int]:
    """Row labels, a long name wrapped onto a second line (cut with "…" only past two lines)."""
    labels = [wrap_name(n, NAME_WIDTH, 2) for n in names]
    return labels, max((label.count("\n") + 1 for label in labels), default=1)


def row_font_sizes(n_rows: int, height: float, lines: int) -> tuple[float, float]:
    """Font size of row labels and of the numbers on bars or cells, for ``height`` inches of rows.

    Both shrink when rows are crowded, so that neighbouring labels never overlap.
    """
    row_points = height * 72 * 0.75 / max(n_rows, 1)
    label_size = min(10.0, max(4.0, row_points * 0.8 / (1 if lines == 1 else 1.7)))
    value_size = min(9.0, max(4.0, row_points * 0.7))
    return label_size, value_size


def width_for(labels: Sequence[str], plot_width: float) -> float:
    """Figure width: room for the longest row label plus ``plot_width`` inches, within 7 to 12 inches."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return float(min(12.0, max(7.0, plot_width + 0.6 + 0.085 * longest)))


def height_for(n_rows: int, lines: int, per_row: float, extra: float, minimum: float = 4.0) -> float:
    """Figure height: ``per_row`` inches a row (more for two-line labels) plus ``extra``, capped."""
    per_row *= 1.45 if lines > 1 else 1.0
    return float(min(MAX_HEIGHT, max(minimum, extra + per_row * n_rows)))


@contextmanager
def chart_style() -> Iterator[None]:
    """Matplotlib defaults plus the package's font, whatever the user's rc says."""
    with mpl.style.context(["default", BASE_RC]):
        yield


def all_axes(fig: Figure) -> list[Axes]:
    found: list[Axes] = []
    stack = list(fig.axes)
    while stack:
        ax = stack.pop(0)
        if ax not in found:
            found.append(ax)
            stack.extend(ax.child_axes)
    return found


def pin_fonts(fig: Figure) -> Figure:
    """Fix the font on every text, including tick labels matplotlib creates later at draw time."""
    for ax in all_axes(fig):
        ax.tick_params(which="both", labelfontfamily=FONT_FAMILY)
    for text in fig.findobj(Text):
        text.set_fontfamily(FONT_FAMILY)
    return fig


def set_titles(fig: Figure, ax: Axes, title: str, note: str | None) -> None:
    """Title on the figure; the note (e.g. "Số liệu dựng lại") as a subtitle under it."""
    fig.suptitle(title)
    if note:
        ax.set_title(note, **NOTE_STYLE)


def panel_host(fig: Figure, title: str, note: str | None) -> Figure | SubFigure:
    """Where the panels of a multi-panel figure go: the figure, or under the note when there is one.

    A figure of several panels cannot carry the note as one axes' title (the panels have
    titles of their own), so the panels go into a subfigure whose own title is the note.
    """
    fig.suptitle(title)
    if not note:
        return fig
    host = fig.subfigures(1, 1)
    host.suptitle(note, **NOTE_STYLE)
    return host


def lowest_total(scheme: Scheme) -> Decimal:
    return scheme.min_points * len(scheme.criteria)


def value_range(values: Sequence[Decimal], scheme: Scheme) -> tuple[Decimal, Decimal]:
    """Axis range for totals: from a whole point or more below the lowest value up to the scheme maximum.

    Charts that compare units with one another (not bar lengths) zoom in on where the
    values are, so that hundreds of units clustered between 12 and 18 do not crowd.
    """
    lowest = lowest_total(scheme)
    if not values:
        return lowest, scheme.max_total
    below = min(values).to_integral_value(rounding=ROUND_FLOOR) - 1
    return max(lowest, below), scheme.max_total


def threshold_lines(ax: Axes, scheme: Scheme, lower: Decimal, *, labels: bool = True) -> None:
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
                   [f"{b.name} ({format_bound(b.lower)})" for b in thresholds])  # fmt: skip
    top.tick_params(length=0, labelsize=8.5, pad=2)
    top.spines["top"].set_visible(False)


def value_axis_style(ax: Axes, xlabel: str) -> None:
    """Label, light vertical grid and open top and right sides of a horizontal value axis."""
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def band_legend(fig: Figure, scheme: Scheme, bands: Sequence[str]) -> None:
    """Legend of the bands that occur in ``bands``, in scheme order, under the figure."""
    styles = band_patch_style(scheme)
    present = [b.name for b in scheme.bands if b.name in set(bands)]
    handles = [Patch(label=name, linewidth=0.6, **styles[name]) for name in present]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
               title="Xếp loại", title_fontsize=9, fontsize=9)  # fmt: skip


PNG_COMPRESS_LEVEL = 3


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
    # zlib level 3 instead of Pillow's 6: a national report's five charts encode in two thirds of the time
    # (0.20 s instead of 0.31 s here); the PNGs are 6% (national report) to 13% (2021 report) larger, the HTML
    # 5-10%, the PDF not at all (Chromium compresses the images again).
    options = {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if format == "png" else {}
    with mpl.rc_context(rc):
        figure.savefig(buffer, format=format, dpi=dpi, metadata=metadata, **options)
    return buffer.getvalue()
