"""Where a period's files are: the scores file of a folder, a year's folder in a data directory, the years present."""

from __future__ import annotations

from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError

SCORES_FILE = "scores.csv"


SCORES_XLSX = "scores.xlsx"


SCORES_JSON = "scores.json"  # a portal file (QĐ 766) saved as a period's scores


METADATA_FILE = "metadata.toml"


def scores_file(path: str | Path) -> Path:
    """The scores file a path names: a file as given, or a year folder's ``scores.csv`` or ``scores.xlsx``.

    A folder (or a missing ``<folder>/scores.csv``) falls back to ``scores.xlsx``; a folder holding both
    is ambiguous and refused, so that nobody edits one copy while the other is read.
    """
    path = Path(path)
    folder = path if path.is_dir() else path.parent if path.name == SCORES_FILE and not path.exists() else None
    if folder is None:
        return path
    csv_path, xlsx_path = folder / SCORES_FILE, folder / SCORES_XLSX
    if csv_path.is_file() and xlsx_path.is_file():
        message = f"thư mục có cả {SCORES_FILE} và {SCORES_XLSX}; hãy chỉ giữ một tệp điểm"
        raise ValidationError([Problem(str(folder), message)])
    if not csv_path.is_file() and not xlsx_path.is_file() and (folder / SCORES_JSON).is_file():
        return folder / SCORES_JSON
    return xlsx_path if xlsx_path.is_file() else csv_path


def year_scores(folder: str | Path) -> Path | None:
    """The scores file of a year folder (``scores.csv`` or ``scores.xlsx``), or None if it has neither."""
    folder = Path(folder)
    for name in (SCORES_FILE, SCORES_XLSX, SCORES_JSON):
        if (folder / name).is_file():
            return folder / name
    return None


def year_file(data_dir: str | Path, year: int | str) -> Path:
    """Where the scores of ``year`` are in a data directory: its scores file, or ``<year>/scores.csv`` if none.

    ``year`` may be a period's slug ("2026-q3", "2026-09"): ``data/<slug>/`` holds that period."""
    folder = Path(data_dir) / str(year)
    return year_scores(folder) or folder / SCORES_FILE
