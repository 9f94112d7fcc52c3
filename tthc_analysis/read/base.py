"""What every reader shares: the table of text it returns, the header's roles and how a header is found."""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from tthc_analysis.errors import Problem
from tthc_analysis.scheme import Scheme
from tthc_analysis.vietnamese import nfc

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


LEGACY_TEXT = "văn bản có vẻ được gõ bằng bảng mã TCVN3 (hoặc VNI); hãy chuyển sang Unicode"


NO_CACHED_VALUE = "ô công thức chưa có giá trị đã tính; mở tệp bằng Excel và lưu lại"


def header_key(text: str) -> str:
    """A header cell as compared with the accepted spellings: NFC, casefolded, single spaces."""
    return " ".join(nfc(text).casefold().replace("_", " ").split())


def column_roles(scheme: Scheme | int | dict[str, str]) -> dict[str, str]:
    """Accepted header spellings (casefolded) mapped to their column role.

    A flat scheme (or a count of criteria) gives ``c1`` … with "Chỉ số N" / "Tiêu chí N"; a two-level scheme
    gives its groups keyed by code, headed by the code, any alias, the group's name or one of its ``headings``.
    """
    if isinstance(scheme, dict):
        return scheme  # already the roles (e.g. every shipped scheme's, to find a header before choosing one)
    roles = {"unit": "unit", "đơn vị": "unit", "tên đơn vị": "unit",
             "total": "stated_total", "tổng điểm": "stated_total", "tổng": "stated_total",
             "district": "district", "huyện": "district", "đơn vị cấp trên": "district",
             "parent": "district", "tỉnh": "district", "tỉnh, thành phố": "district",
             "code": "code", "mã đơn vị": "code", "departmentcode": "code",
             "cohort": "cohort", "khối": "cohort"}  # fmt: skip
    if isinstance(scheme, Scheme) and scheme.two_level:
        for group in scheme.groups:
            for label in (group.code, *group.aliases, group.name, *group.headings):
                roles[header_key(label)] = group.code
        return roles
    n_criteria = len(scheme.criteria) if isinstance(scheme, Scheme) else scheme
    for n in range(1, n_criteria + 1):
        for prefix in ("c", "chỉ số ", "tiêu chí "):
            roles[f"{prefix}{n}"] = f"c{n}"
        for prefix in ("self c", "tự chấm ", "tự chấm chỉ số ", "điểm tự chấm chỉ số "):
            roles[f"{prefix}{n}"] = f"self_c{n}"
    return roles


def score_role(role: str | None) -> bool:
    """True for a role that is a scored column (``c3``, or a group code of a two-level scheme)."""
    if not role or role in _NON_SCORE or role.startswith("self_"):
        return False
    return bool(re.fullmatch(r"c\d+", role)) or role.isupper()


_NON_SCORE = {"unit", "stated_total", "district", "code", "cohort"}
# Columns that tables carry and the package recomputes or does not need: never reported as unknown.
IGNORED_HEADERS = {"stt", "tt", "rank", "xếp hạng", "band", "xếp loại", "ghi chú", "note", "notes"}


def header_score(row: list[str], roles: dict[str, str]) -> int:
    """How many criterion columns a row names, or 0 when it names no unit column (so is not a header)."""
    found = {roles.get(header_key(cell)) for cell in row}
    criteria = sum(1 for role in found if score_role(role))
    if "unit" in found and not criteria and "stated_total" in found:
        return 1  # a table of totals only ("Đơn vị, Tổng điểm")
    return criteria if "unit" in found and criteria else 0


def find_header(rows: list[list[str]], roles: dict[str, str]) -> int | None:
    """Index of the first row naming the unit column and at least one criterion, if any."""
    for index, row in enumerate(rows):
        if header_score(row, roles):
            return index
    return None


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class RawTable:
    """A file's table as text: ``rows[0]`` is the header (title block dropped), ``lines`` the row numbers seen.

    ``flagged`` holds (index in ``rows``, column index) of cells already reported by the reader, so the
    value checks do not report them a second time. ``fatal`` means the rows cannot be checked at all.
    """

    file: str
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    sheet: str | None = None
    encoding: str | None = None
    problems: list[Problem] = field(default_factory=list)
    flagged: set[tuple[int, int]] = field(default_factory=set)
    header_found: bool = False
    fatal: bool = False

    def column_name(self, column: int) -> str:
        """The header label of a column where there is one, else its spreadsheet letter."""
        header = self.rows[0] if self.rows and self.header_found else []
        label = nfc(header[column].strip()) if column < len(header) else ""
        return label or column_letter(column)

    def problem(self, message: str, index: int | None = None, column: int | None = None, **extra) -> Problem:
        """A problem located at ``rows[index]``, column ``column`` (both optional)."""
        row = self.lines[index] if index is not None else None
        name = self.column_name(column) if column is not None else None
        return Problem(self.file, message, row=row, column=name, sheet=self.sheet, **extra)


_BARE_NUMBER = re.compile(r"\d{1,2}")
_HEADER_SEARCH_ROWS = 50


def combine_header_rows(rows: list[list[str]], lines: list[int], roles: dict[str, str]) -> None:
    """Make a two-row header one row, in place: a group label ("Điểm các chỉ số", merged across columns) over
    bare criterion numbers 1…9, beside label cells merged over both rows ("STT", "Tên đơn vị", "Tổng điểm").

    Each bare number becomes "Chỉ số <n>" (or "Tự chấm <n>" under a group label naming self-scores); the
    other columns keep the upper row's label. Applied only where the upper row names the unit column and no
    row above is a header already, and where the combined row is a header.
    """
    for index in range(min(len(rows) - 1, _HEADER_SEARCH_ROWS)):
        upper, lower = rows[index], rows[index + 1]
        named = {roles.get(header_key(c)) for c in upper}
        # An upper row naming score columns is a header already; one naming only the unit and a total may be the
        # top of a two-row header (it would otherwise read as a table of totals only).
        if any(score_role(role) for role in named) or "unit" not in named:
            continue
        numbers = [i for i, cell in enumerate(lower) if _BARE_NUMBER.fullmatch(cell.strip())]
        unit_column = next(i for i, c in enumerate(upper) if roles.get(header_key(c)) == "unit")
        values = [int(lower[i]) for i in numbers]
        # Criterion numbers count 1, 2, 3… (once, or twice with self-scores); a data row has a unit name.
        runs = [v for v in values if v == 1]
        counted = all(b == a + 1 or b == 1 for a, b in zip(values, values[1:])) and values[:1] == [1]
        if len(numbers) < 2 or not counted or not runs or (unit_column < len(lower) and lower[unit_column].strip()):
            continue
        combined = list(upper) + [""] * max(0, len(lower) - len(upper))
        for column in numbers:
            group = next((upper[c] for c in range(min(column, len(upper) - 1), -1, -1) if upper[c].strip()), "")
            prefix = "Tự chấm" if "tự chấm" in header_key(group) else "Chỉ số"
            combined[column] = f"{prefix} {int(lower[column])}"
        if header_score(combined, roles):
            rows[index : index + 2] = [combined]
            del lines[index + 1]
            return


def likely_header(rows: list[list[str]], roles: dict[str, str]) -> int | None:
    """The row most like a header when none is one: the most cells naming a column, then the first such row."""
    best, best_count = None, 0
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        count = sum(1 for cell in row if roles.get(header_key(cell)))
        if count > best_count:
            best, best_count = index, count
    return best


def trim_to_header(table: RawTable, rows: list[list[str]], lines: list[int], roles: dict[str, str]) -> RawTable:
    """Keep the header row and what is under it: the found header (a two-row header made one), else the row most
    like a header, else the first row that is not blank; the checks then name what that row lacks."""
    combine_header_rows(rows, lines, roles)
    header = find_header(rows, roles)
    table.header_found = header is not None
    if header is None:
        header = likely_header(rows, roles)
    if header is None:
        header = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), len(rows))
    table.rows, table.lines = rows[header:], lines[header:]
    return table


@dataclass
class ColumnTable:
    """A plain CSV table as columns of text: what :func:`read_table` would give, held column-wise.

    Only for files where nothing needs the row-by-row reader's care: every line one record with as many
    cells as the header, no quote, no legacy-font text, NFC text. ``plain_names`` is True when no cell has
    spaces at its ends, doubled spaces, other white space or dashes, so names need no normalising.
    """

    file: str
    header: list[str]
    lines: list[int]
    columns: list[np.ndarray]
    encoding: str | None
    plain_names: bool
    sheet: str | None = None


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a file is read: a national table or portal file makes about
    a million objects (cells, dicts, Decimals), none of them in a cycle, and the collector would walk the growing
    heap again and again (reading the 3,838-unit portal file took 0.72 s of CPU with it, 0.64 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
