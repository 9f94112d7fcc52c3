"""Band colours and text contrast, which the HTML tables need as well as the charts.

Kept apart from the drawing modules: it needs only matplotlib's colour maps, so a kernel that builds the tables
while ``tthc report`` draws the figures (sections.shared_figures) never loads matplotlib's figure machinery. Even
those are loaded on a function's first call, not on import: ``tthc report``'s own process imports the sections
(for the document's facts) but never asks for a colour, and a national file's run waits for that process.
"""

from __future__ import annotations

import numpy as np

from tthc_analysis.scheme import Scheme

BAND_CMAP = "YlGnBu_r"
# Part of the colour map used: its lightest end is too pale to tell from the page.
BAND_CMAP_RANGE = (0.0, 0.85)


def lightness(colour: str) -> float:
    """CIE L* (0 black … 100 white) of an sRGB colour: how light it prints in grey."""
    from matplotlib.colors import to_rgb

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
    import matplotlib as mpl
    from matplotlib.colors import to_hex

    cmap = mpl.colormaps[BAND_CMAP]
    n = len(scheme.bands)
    positions = np.linspace(*BAND_CMAP_RANGE, n) if n > 1 else [BAND_CMAP_RANGE[0]]
    return {band.name: to_hex(cmap(float(p))) for band, p in zip(scheme.bands, positions)}


def contrast_text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#000000`` or ``#ffffff``).

    >>> contrast_text_colour("#ffffff"), contrast_text_colour("#13266f")
    ('#000000', '#ffffff')
    """
    return "#000000" if lightness(background) >= 55 else "#ffffff"
