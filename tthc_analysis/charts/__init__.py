"""Charts of a period's results, built as matplotlib ``Figure`` objects, one module per family.

Each function takes figures from ``score/`` and a :class:`~tthc_analysis.scheme.Scheme` and returns a new
figure; nothing touches pyplot's global state, shows a window or writes a file. The caller saves or displays
the figure (:func:`figure_bytes` renders it reproducibly).

Design choices that the report relies on:

* Text is Vietnamese and always set in DejaVu Sans, which ships with matplotlib and has every Vietnamese
  letter; the font is pinned on each text object, so a user's ``matplotlibrc`` cannot swap in a font
  without the diacritics.
* Bands are told apart by lightness (a dark-to-light sequential palette, best band darkest) and by
  hatching, so the charts still read when printed in grey. :func:`band_colours` is the one place that maps
  bands to colours; the HTML table uses it too.
* Scores are exact decimals. They become floats only as plotting positions; every number printed on a
  chart is formatted from the decimal itself, with a decimal comma (``score/printed.py``).

The drawing modules load matplotlib's figure machinery (about a quarter of a second), so they are imported on
first use: a kernel whose figures ``tthc report`` draws (sections.shared_figures) never loads them. The band
colours and the change rows, which the HTML tables and sections need, come from light modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from tthc_analysis.charts.colours import band_colours, contrast_text_colour
from tthc_analysis.charts.rows import ChangeRow

if TYPE_CHECKING:
    from tthc_analysis.charts.change import change_chart
    from tthc_analysis.charts.criteria import band_counts_chart, points_lost_heatmap
    from tthc_analysis.charts.districts import district_chart
    from tthc_analysis.charts.shares import group_share_chart
    from tthc_analysis.charts.style import figure_bytes
    from tthc_analysis.charts.totals import totals_chart
    from tthc_analysis.charts.trends import trend_chart, trend_overview_chart

# Name -> the module that defines it, imported when the name is first used.
_LAZY = {
    "change_chart": "change",
    "band_counts_chart": "criteria",
    "points_lost_heatmap": "criteria",
    "district_chart": "districts",
    "group_share_chart": "shares",
    "figure_bytes": "style",
    "totals_chart": "totals",
    "trend_chart": "trends",
    "trend_overview_chart": "trends",
}

__all__ = [
    "ChangeRow",
    "band_colours",
    "band_counts_chart",
    "change_chart",
    "contrast_text_colour",
    "district_chart",
    "figure_bytes",
    "group_share_chart",
    "load_drawing_modules",
    "points_lost_heatmap",
    "totals_chart",
    "trend_chart",
    "trend_overview_chart",
]


def load_drawing_modules() -> None:
    """Import every drawing module now (``tthc report`` does it while the kernel starts, before it draws)."""
    for module in sorted(set(_LAZY.values())):
        importlib.import_module(f"{__name__}.{module}")


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value
