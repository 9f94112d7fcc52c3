"""Reading and validating one scores file: the fast path first, the readable path for anything it refuses."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.read.delimited import read_columns
from tthc_analysis.read.files import scores_file
from tthc_analysis.read.limits import check_scores_file, check_width
from tthc_analysis.read.tables import read_table
from tthc_analysis.scheme import DEFAULT_SCHEME, Scheme, load_scheme
from tthc_analysis.validate.fast import validate_columns, validate_fast
from tthc_analysis.validate.rows import validate_rows
from tthc_analysis.validate.table import ScoreTable


def read_scores(path: str | Path, scheme: Scheme | str | None = None, sheet: str | None = None) -> ScoreTable:
    """Read and validate one year's scores from a CSV or Excel (.xlsx) file, or a year folder.

    Accepts either header style (``unit,c1,…`` or ``Đơn vị,Chỉ số 1,…``), an optional
    stated total (``total`` / ``Tổng điểm``), optional self-scores and an optional
    parent column (``district`` / ``Huyện``), below an optional title block. ``sheet`` names
    the Excel sheet (default: the first). Raises ``ValidationError`` listing every problem found.
    """
    path = scores_file(path)
    if not isinstance(scheme, Scheme):
        scheme = load_scheme(scheme or DEFAULT_SCHEME)
    check_scores_file(path)
    with collector_paused():
        columns = read_columns(path, len(scheme.criteria)) if sheet is None else None
        if columns is not None:
            check_width(str(path), len(columns.header))
        table = validate_columns(columns, scheme) if columns is not None else None
        if table is not None:
            return table
        raw = read_table(path, sheet, len(scheme.criteria))
        check_width(str(path), max(map(len, raw.rows), default=0))
        if raw.fatal or not raw.rows:
            raise ValidationError(raw.problems or [Problem(str(path), "tệp rỗng, không có tiêu đề cột và dữ liệu")])
        return validate_fast(raw, scheme) or validate_rows(raw, scheme)


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector: a national table makes a million short-lived cells."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
