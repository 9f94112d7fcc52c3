"""The words of the figures (titles, captions, alternative texts), read from ``resources/templates/figures.toml``.

Charts draw the titles; the report's sections print the captions and alternative texts. Both read them here,
so an analyst edits one data file, not the code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def _figure_texts() -> dict[str, dict[str, str]]:
    path = resources.files("tthc_analysis") / "resources" / "templates" / "figures.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def figure_text(figure: str, field: str, **values: object) -> str:
    """The ``field`` ("title", "caption", "alt", …) of ``figure``, its ``{names}`` filled from ``values``.

    >>> figure_text("change", "title", before="năm 2024", after="năm 2025")
    'Thay đổi tổng điểm từ năm 2024 đến năm 2025'
    """
    return _figure_texts()[figure][field].format(**values)
