"""The years of a data directory."""

from __future__ import annotations

import re
from pathlib import Path

from tthc_analysis.read.files import year_scores

_YEAR_FOLDER = re.compile(r"^\d{4}$")


def available_years(data_dir: str | Path) -> list[int]:
    """The years of ``data_dir``: four-digit folders that hold a scores file, oldest first."""
    folder = Path(data_dir)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if _YEAR_FOLDER.match(p.name) and year_scores(p))
