"""Reading a period's scores and its metadata, with validation at load.

Every problem in a file is collected and raised together as a
:class:`~tthc_analysis.validation.ValidationError`; nothing is ever written back
to the input. The file's kind decides the path: a portal JSON file (QĐ 766), a table with one column per
criterion or group (TT 01's ``Chỉ số 1…9`` or QĐ 766's group codes or names), or a table of totals only.
"""

from __future__ import annotations

from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.period import Period
from tthc_analysis.read.base import collector_paused, column_roles, header_key, score_role
from tthc_analysis.read.delimited import read_columns
from tthc_analysis.read.files import scores_file
from tthc_analysis.read.limits import check_scores_file, check_width
from tthc_analysis.read.tables import read_table
from tthc_analysis.scheme import DEFAULT_SCHEME, Scheme, available_schemes, load_scheme
from tthc_analysis.validate.fast import validate_columns, validate_fast
from tthc_analysis.validate.portal_scores import read_portal_scores
from tthc_analysis.validate.rows import validate_rows
from tthc_analysis.validate.table import ScoreTable
from tthc_analysis.validate.totals import is_totals_only, stated_totals, validate_totals

PORTAL_SCHEME = "qd766"


def read_scores(
    path: str | Path, scheme: Scheme | str | None = None, sheet: str | None = None, period: Period | None = None
) -> ScoreTable:
    """Read and validate one period's scores from a CSV, Excel (.xlsx) or portal JSON file, or a period folder.

    Tables: either header style (``unit,c1,…`` or ``Đơn vị,Chỉ số 1,…``; for QĐ 766 one column per group
    headed by its code or Vietnamese name), an optional stated total (``total`` / ``Tổng điểm``), optional
    self-scores and an optional parent column (``district`` / ``Huyện`` / ``Tỉnh``), below an optional title
    block; or totals only (``Đơn vị, Tổng điểm``). ``scheme`` None: chosen from the file (its header's
    columns; for totals only, a total above TT 01's 18 points means QĐ 766). ``sheet`` names the Excel sheet.
    ``period`` names a portal file's period when its metadata does not. Raises ``ValidationError``.
    """
    path = scores_file(path)
    check_scores_file(path)
    if path.suffix.lower() == ".json":
        return read_portal_scores(path, scheme or PORTAL_SCHEME, period)
    chosen = scheme if isinstance(scheme, Scheme) else load_scheme(scheme) if scheme else None
    roles = column_roles(chosen) if chosen is not None else every_scheme_roles()
    with collector_paused():
        columns = read_columns(path, roles) if sheet is None else None
        if columns is not None:
            check_width(str(path), len(columns.header))
            found = chosen or scheme_of_header(columns.header)
            if found is not None:
                table = validate_columns(columns, found)
                if table is not None:
                    return table
        raw = read_table(path, sheet, roles)
        check_width(str(path), max(map(len, raw.rows), default=0))
        if raw.fatal or not raw.rows:
            raise ValidationError(raw.problems or [Problem(str(path), "tệp rỗng, không có tiêu đề cột và dữ liệu")])
        header = raw.rows[0]
        if is_totals_only(header, roles):
            if chosen is None:
                default = load_scheme(DEFAULT_SCHEME)
                above = any(t > default.max_total for t in stated_totals(raw, roles))
                chosen = load_scheme(PORTAL_SCHEME) if above else default
            return validate_totals(raw, chosen)
        chosen = chosen or scheme_of_header(header) or load_scheme(DEFAULT_SCHEME)
        return validate_fast(raw, chosen) or validate_rows(raw, chosen)


def every_scheme_roles() -> dict[str, str]:
    """Every shipped scheme's header spellings, to find a header row before a scheme is chosen."""
    roles: dict[str, str] = {}
    for name in available_schemes():
        roles |= column_roles(load_scheme(name))
    return roles


def scheme_of_header(header: list[str]) -> Scheme | None:
    """The shipped scheme whose scored columns a header names most of (TT 01 on a tie), or None if none."""
    keys = {header_key(cell) for cell in header}
    best, best_count = None, 0
    for name in [DEFAULT_SCHEME, *(n for n in available_schemes() if n != DEFAULT_SCHEME)]:
        scheme = load_scheme(name)
        roles = column_roles(scheme)
        count = len({roles[k] for k in keys if k in roles and score_role(roles[k])})
        if count > best_count:
            best, best_count = scheme, count
    return best
