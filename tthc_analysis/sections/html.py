"""The HTML toolkit of the sections: an HTML value Jupyter displays, templates, figures as inline images."""

from __future__ import annotations

import base64
import html as html_lib
import math
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import jinja2

from tthc_analysis import charts
from tthc_analysis.pipeline import YearReport
from tthc_analysis.sections.bidi import isolate
from tthc_analysis.sections.shared_figures import shared_png

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FIGURE_DPI = 150


# A4's printable area (182 × 263 mm) at about 180 dpi: no chart needs more pixels than a printed page holds.
FIGURE_MAX_PIXELS = 2_400_000


class Html(str):
    """A string of HTML that Jupyter displays as HTML.

    Its plain-text form (a notebook's ``text/plain`` output, what a terminal or a text diff shows) is the
    section's text, a figure standing as its alternative text: IPython would otherwise store the whole
    HTML a second time, base64 images included, and double the executed notebook (2.5 MB at national scale).
    """

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # noqa: ARG002 - IPython's signature
        printer.text(plain_text(self))

    def __html__(self) -> str:
        # Jinja's autoescape leaves objects with __html__ as they are: already-built HTML is not escaped twice.
        return str(self)


_IMAGE = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>", re.IGNORECASE)


_LINE_END = re.compile(r"</(?:p|h[1-6]|li|tr|caption|figcaption|div|section|aside|header|dd|dt|ul|ol|dl|table)>"
                       r"|<br\s*/?>", re.IGNORECASE)  # fmt: skip


_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)


_HIDDEN = re.compile(r"<(style|script)\b.*?</\1>", re.IGNORECASE | re.DOTALL)


_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """The text of a piece of report HTML: a line per paragraph, heading or table row (cells between ``|``),
    ``[Hình: …]`` for an image."""
    text = " ".join(_HIDDEN.sub("", html).split())  # whitespace in HTML is one space
    text = _IMAGE.sub(lambda m: f"[Hình: {m.group(1)}]\n", text)
    text = _LINE_END.sub("\n", _CELL_END.sub("\t", text))
    text = html_lib.unescape(_TAG.sub("", text))
    rows = ([" ".join(cell.split()) for cell in line.split("\t") if cell.strip()] for line in text.split("\n"))
    return "\n".join(" | ".join(cells) for cells in rows if cells)


@cache
def _html_environment() -> jinja2.Environment:
    folder = resources.files("tthc_analysis") / "resources" / "templates" / "report"
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (folder / name).read_text(encoding="utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        finalize=isolate,  # the report's unit names in <bdi> wherever text is printed (attributes are written |e)
    )


def render_html(name: str, **values: object) -> Html:
    return Html(_html_environment().get_template(name).render(**values))


def figure_dpi(fig: Figure) -> float:
    """FIGURE_DPI, or less for a figure so large it would exceed FIGURE_MAX_PIXELS.

    A tall chart is printed shrunk to the page (at most 235 mm high, report.css), so past a page's worth
    of pixels the extra ones never reach the paper; they only cost drawing, encoding and printing time.
    """
    width, height = fig.get_size_inches()
    return min(FIGURE_DPI, math.sqrt(FIGURE_MAX_PIXELS / (width * height)))


def chart(name: str, *args: object, **kwargs: object) -> Callable[[], Figure]:
    """A function that builds ``charts.<name>(*args, **kwargs)`` when called, for :func:`figure_html`: the drawing
    module, and matplotlib's figure machinery with it, is loaded only by a process that draws the figure."""
    return lambda: getattr(charts, name)(*args, **kwargs)


def figure_html(figure: Figure | Callable[[], Figure], caption: str, alt: str) -> Html:
    """Embed a figure as an inline PNG (no external file), with a caption and alternative text.

    ``figure`` may be a function that builds it: a figure ``tthc report`` has drawn already (sections.shared_figures)
    is then not even built. The width and height given to the browser are those at FIGURE_DPI, whatever the
    image's own pixels, so a large figure drawn at a lower resolution takes the same place on the screen and page.
    """

    def draw() -> bytes:
        fig = figure() if callable(figure) else figure
        width, height = (round(v * FIGURE_DPI) for v in fig.get_size_inches())
        return f"{width} {height}\n".encode("ascii") + charts.figure_bytes(fig, "png", dpi=figure_dpi(fig))

    # Drawn here, or by ``tthc report`` alongside the kernel: the same bytes either way.
    drawn = shared_png((caption, alt), draw)
    if not drawn:
        return Html("")  # the worker (render/worker.py) leaves this figure to the kernel, which is drawing it
    size, _, png = drawn.partition(b"\n")
    width, height = (int(v) for v in size.split())
    encoded = base64.b64encode(png).decode("ascii")
    return render_html("figure.html.j2", png=encoded, caption=caption, alt=alt, width=width, height=height)


def chart_note(report: YearReport) -> str | None:
    meta = report.result.metadata
    return meta.status_label if meta.is_constructed else None


def status_notice(report: YearReport) -> str | None:
    meta = report.result.metadata
    if meta.path is None:
        return ("Bảng số liệu không kèm tệp thông tin (metadata.toml): chưa rõ địa phương, nguồn và tình trạng "
                "số liệu. Các số liệu dưới đây được tính từ bảng điểm như đã cung cấp.")  # fmt: skip
    if meta.is_constructed:
        return meta.notes or f"Bảng điểm này không phải số liệu chính thức ({meta.status_label})."
    return None
