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
"""

from tthc_analysis.charts.change import ChangeRow, change_chart
from tthc_analysis.charts.criteria import band_counts_chart, points_lost_heatmap
from tthc_analysis.charts.districts import district_chart
from tthc_analysis.charts.style import band_colours, contrast_text_colour, figure_bytes
from tthc_analysis.charts.totals import totals_chart
from tthc_analysis.charts.trends import trend_chart, trend_overview_chart

__all__ = [
    "ChangeRow",
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
