"""Paths of the project, built from its root; nothing here touches the file system."""

from __future__ import annotations

import os
from pathlib import Path

from tthc_analysis.errors import ParameterError
from tthc_analysis.period import Period

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "bao-cao-tthc.ipynb"
OVERVIEW_NOTEBOOK = NOTEBOOKS_DIR / "tong-hop-cac-nam.ipynb"
NBCONVERT_TEMPLATES = Path(__file__).resolve().parent / "resources" / "nbconvert"
DEFAULT_YEAR = 2021
__version__ = "0.1.0"


def chromium_candidates() -> list[str]:
    """Browser executables tried for the PDF, the environment's choice first."""
    chosen = os.environ.get("TTHC_CHROMIUM")
    return ([chosen] if chosen else []) + ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


YEAR_RANGE = (1900, 2100)


def check_year(year: object) -> int:
    """The year as an int between 1900 and 2100, or ``ParameterError``; output names are built from it alone."""
    low, high = YEAR_RANGE
    if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
        raise ParameterError(f"Năm đánh giá phải là số nguyên từ {low} đến {high}, nhận được {year!r}.")
    return year


def output_names(period: Period | int) -> dict[str, str]:
    """File names of a period's outputs: plain names (no folder part) built from the checked integer year, or
    from a Period's slug ("2026-q3", "2026-09"); a year's names stay ``bao-cao-tthc-2021.*``."""
    if isinstance(period, Period):
        check_year(period.year)
        year = period.slug
    else:
        year = check_year(period)
    return {
        "ipynb": f"bao-cao-tthc-{year}.ipynb",
        "html": f"bao-cao-tthc-{year}.html",
        "pdf": f"bao-cao-tthc-{year}.pdf",
        "docx": f"bao-cao-tthc-{year}.docx",
        "xlsx": f"bang-xep-hang-{year}.xlsx",
        "csv": f"bang-xep-hang-{year}.csv",
        "code_html": f"bao-cao-tthc-{year}-kem-ma-nguon.html",
        "failed": f"bao-cao-tthc-{year}.failed.ipynb",
    }


# The index page over all years (``tthc report --all``): only its HTML is kept.
INDEX_NAMES = {"html": "index.html", "ipynb": "tong-hop.ipynb", "failed": "tong-hop.failed.ipynb", "title": "tong-hop"}
