"""Paths of the project, built from its root; nothing here touches the file system."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "bao-cao-tthc.ipynb"
OVERVIEW_NOTEBOOK = NOTEBOOKS_DIR / "tong-hop-cac-nam.ipynb"
NBCONVERT_TEMPLATES = Path(__file__).resolve().parent / "resources" / "nbconvert"
DEFAULT_YEAR = 2021


def chromium_candidates() -> list[str]:
    """Browser executables tried for the PDF, the environment's choice first."""
    chosen = os.environ.get("TTHC_CHROMIUM")
    return ([chosen] if chosen else []) + ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
