"""Reading a year's scores and its metadata, with validation at load.

Every problem in a file is collected and raised together as a
:class:`~tthc_analysis.validation.ValidationError`; nothing is ever written back
to the input.
"""

from __future__ import annotations

import ctypes
import gc
import re
import sys
import tomllib
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

from .readers import ColumnTable, RawTable, column_roles, header_key, read_columns, read_table
from .scheme import DEFAULT_SCHEME, Scheme, load_scheme
from .validation import Problem, ValidationError
from .vietnamese import column_code_points, format_number, is_normalised_column, match_key, nfc, normalise_name

__all__ = [
    "DATA_STATUSES",
    "Metadata",
    "ScoreTable",
    "read_metadata",
    "read_scores",
    "scores_file",
    "year_file",
    "year_scores",
]

SCORES_FILE = "scores.csv"
SCORES_XLSX = "scores.xlsx"
METADATA_FILE = "metadata.toml"

# What a table is: published figures, a reconstruction consistent with published
# aggregates, illustrative data made up for demonstration, or generated test data.
DATA_STATUSES = {
    "official": "Số liệu chính thức",
    "reconstruction": "Số liệu dựng lại",
    "illustrative": "Số liệu minh họa",
    "synthetic": "Số liệu tổng hợp ngẫu nhiên",
}

_NUMBER = re.compile(r"^[+-]?(\d+(?:[.,]\d*)?|[.,]\d+)$")


_header_key = header_key
_column_roles = column_roles


_IGNORED = {"stt", "tt", "rank", "xếp hạng", "band", "xếp loại", "ghi chú", "note", "notes"}


@dataclass(frozen=True)
class Metadata:
    """What is known about a year's table. Unknown fields stay None and the report says so."""

    year: int | None = None
    locality: str | None = None
    reporting_body: str | None = None
    recipient: str | None = None
    level: str | None = None
    units_phrase: str | None = None
    scheme: str | None = None
    status: str | None = None
    source: str | None = None
    notes: str | None = None
    path: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str | None:
        return DATA_STATUSES.get(self.status or "")

    @property
    def is_constructed(self) -> bool:
        """True where the per-unit figures were not published as they stand."""
        return self.status in {"reconstruction", "illustrative", "synthetic"}


# Scores with at most this many decimals (the common case) are also kept as integers of 1/1000 point.
FIXED_PLACES = 3
_FIXED_SCALE = 10**FIXED_PLACES


@dataclass(frozen=True, eq=False)
class FixedScores:
    """The criteria of a table as integers of 1/1000 point, for exact arithmetic at numpy speed.

    ``scores[i, j]`` is criterion ``j`` of ``frame`` row ``i`` times 1000 (exactly: every value has at
    most three decimals). ``exponents[i, j]`` is that Decimal's exponent (``Decimal("1.50")`` has -2), so
    sums can be given back as the very Decimal that adding the values would give. ``ids`` are the
    identities of the Decimal objects read, so a frame changed after reading is noticed and not trusted.
    """

    scores: np.ndarray
    exponents: np.ndarray
    ids: np.ndarray

    def describes(self, frame: pd.DataFrame, keys: list[str]) -> bool:
        """True when ``frame``'s criteria are still the very Decimal objects these integers were made from."""
        if len(frame) != len(self.scores) or list(frame.columns.intersection(keys)) != keys:
            return False
        return bool(np.array_equal(_object_ids(frame, keys), self.ids))


def _object_ids(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Identities of the objects in ``frame[keys]``, shape (rows, len(keys)).

    In CPython an object's ``id`` is its address, which an object array holds as it is: the addresses are
    read from the array's memory (a copy, taken while the array keeps the objects alive) rather than by
    calling ``id`` on a million cells.
    """
    values = np.ascontiguousarray(frame[keys].to_numpy(dtype=object))
    if sys.implementation.name != "cpython" or not values.size:
        return np.fromiter(map(id, values.ravel()), dtype=np.int64, count=values.size).reshape(values.shape)
    addresses = (ctypes.c_ssize_t * values.size).from_address(values.ctypes.data)
    return np.ctypeslib.as_array(addresses).astype(np.int64).reshape(values.shape)


@dataclass
class ScoreTable:
    """A validated year of scores: one row per unit, criteria as exact decimals.

    ``fixed`` holds the same criteria as integers of 1/1000 point when every value allows it; it is
    only ever used after checking that it still describes ``frame``.
    """

    frame: pd.DataFrame
    scheme: Scheme
    source: str
    has_stated_total: bool = False
    has_self_scores: bool = False
    has_district: bool = False
    sheet: str | None = None
    encoding: str | None = None
    fixed: FixedScores | None = field(default=None, repr=False, compare=False)

    @property
    def units(self) -> list[str]:
        return list(self.frame["unit"])


def read_metadata(path: str | Path) -> Metadata:
    """Read ``metadata.toml`` (a file, or a year folder holding one); a missing file gives empty metadata."""
    path = Path(path)
    if path.is_dir():
        path = path / METADATA_FILE
    if not path.is_file():
        return Metadata()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem(str(path), f"không đọc được tệp thông tin năm: {exc}")]) from exc
    known = {f for f in Metadata.__dataclass_fields__ if f not in {"extra", "path"}}
    values = {k: (nfc(v) if isinstance(v, str) else v) for k, v in raw.items() if k in known}
    problems = []
    if "status" in values and values["status"] not in DATA_STATUSES:
        allowed = ", ".join(DATA_STATUSES)
        problems.append(Problem(str(path), f"trạng thái số liệu phải là một trong: {allowed}", column="status",
                                value=str(values["status"])))  # fmt: skip
    if "year" in values and not isinstance(values["year"], int):
        problems.append(Problem(str(path), "năm phải là số nguyên", column="year", value=str(values["year"])))
    if problems:
        raise ValidationError(problems)
    extra = {k: v for k, v in raw.items() if k not in known}
    return Metadata(**values, path=str(path), extra=extra)


def _parse_number(text: str) -> Decimal | None:
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


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
    return xlsx_path if xlsx_path.is_file() else csv_path


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _without_footer(numbered: list, score_columns: list[int]) -> list:
    """Drop a signature block under the table ("Người lập biểu", "Thủ trưởng đơn vị", a date).

    The block is what follows the first blank row after the data, when none of its rows holds a
    score. A blank row inside the data (scores after it) keeps every row, so nothing is lost silently.
    """
    seen_data = False
    for position, (_, (_, row)) in enumerate(numbered):
        if not _blank(row):
            seen_data = True
        elif seen_data:
            tail = [r for _, (_, r) in numbered[position:] if not _blank(r)]
            if all(not any(r[c].strip() for c in score_columns if c < len(r)) for r in tail):
                return numbered[:position]
            return numbered
    return numbered


def year_scores(folder: str | Path) -> Path | None:
    """The scores file of a year folder (``scores.csv`` or ``scores.xlsx``), or None if it has neither."""
    folder = Path(folder)
    for name in (SCORES_FILE, SCORES_XLSX):
        if (folder / name).is_file():
            return folder / name
    return None


def year_file(data_dir: str | Path, year: int) -> Path:
    """Where the scores of ``year`` are in a data directory: its scores file, or ``<year>/scores.csv`` if none."""
    folder = Path(data_dir) / str(year)
    return year_scores(folder) or folder / SCORES_FILE


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
    with _collector_paused():
        columns = read_columns(path, len(scheme.criteria)) if sheet is None else None
        table = _validate_columns(columns, scheme) if columns is not None else None
        if table is not None:
            return table
        raw = read_table(path, sheet, len(scheme.criteria))
        if raw.fatal or not raw.rows:
            raise ValidationError(raw.problems or [Problem(str(path), "tệp rỗng, không có tiêu đề cột và dữ liệu")])
        return _validate_fast(raw, scheme) or _validate(raw, scheme)


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector: a national table makes a million short-lived cells."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _columns(header: list[str], scheme: Scheme) -> tuple[dict[str, int], dict[str, str]] | None:
    """Column index and label of each role when the header is sound (no repeated role, nothing missing)."""
    roles = _column_roles(len(scheme.criteria))
    column_of: dict[str, int] = {}
    label_of: dict[str, str] = {}
    for index, label in enumerate(header):
        role = roles.get(_header_key(label))
        if role is None:
            continue
        if role in column_of:
            return None
        column_of[role] = index
        label_of[role] = nfc(label.strip())
    if "unit" not in column_of or any(k not in column_of for k in scheme.criterion_keys):
        return None
    return column_of, label_of


def _validate_fast(raw: RawTable, scheme: Scheme) -> ScoreTable | None:
    """The table of a file with nothing wrong in it, checked a column at a time; None if anything is off.

    Every check of :func:`_validate` is made here on whole columns (each distinct text is parsed once);
    when one fails, None sends the table to :func:`_validate`, which words every problem in file order.
    """
    body = raw.rows[1:]
    if raw.problems or raw.flagged or not body or set(map(len, body)) != {len(raw.rows[0])}:
        return None  # blank rows, a footer or short rows: the row-by-row path handles them
    columns = [np.array(column, dtype=object) for column in zip(*body)]
    table = ColumnTable(raw.file, raw.rows[0], raw.lines[1:], columns, raw.encoding, False, raw.sheet)
    return _validate_columns(table, scheme)


def _validate_columns(raw: ColumnTable, scheme: Scheme) -> ScoreTable | None:
    """:func:`_validate_fast` on a table held as columns."""
    found = _columns(raw.header, scheme)
    if found is None or not len(raw.columns[0]):
        return None
    column_of, _ = found
    columns = raw.columns
    units = _names(columns[column_of["unit"]], raw.plain_names)
    if not all(units):
        return None
    districts = None
    if "district" in column_of:
        districts = [d or None for d in _names(columns[column_of["district"]], raw.plain_names)]
    if _has_duplicates(units, districts):
        return None
    score_roles = scheme.criterion_keys + [f"self_{k}" for k in scheme.criterion_keys if f"self_{k}" in column_of]
    parsed = {}
    for role in score_roles:
        parsed[role] = _score_column(columns[column_of[role]], scheme, scheme.criterion(role.removeprefix("self_")))
        if parsed[role] is None:
            return None
    fixed = _fixed_scores([parsed[k] for k in scheme.criterion_keys])
    stated = None
    if "stated_total" in column_of:
        stated = _stated_column(columns[column_of["stated_total"]], fixed)
        if stated is None:
            return None
    data: dict[str, object] = {"row": raw.lines, "unit": units}
    if districts is not None:
        data["district"] = districts
    data |= {role: parsed[role].decimals for role in score_roles}
    if stated is not None:
        data["stated_total"] = stated
    frame = pd.DataFrame(data)
    return ScoreTable(
        frame=frame,
        scheme=scheme,
        source=raw.file,
        sheet=raw.sheet,
        encoding=raw.encoding,
        has_stated_total="stated_total" in column_of,
        has_self_scores=any(r.startswith("self_") for r in column_of),
        has_district="district" in column_of,
        fixed=fixed and FixedScores(fixed.scores, fixed.exponents, np.column_stack(
            [parsed[k].ids for k in scheme.criterion_keys])),  # fmt: skip
    )


def _names(cells: np.ndarray, plain: bool) -> list[str]:
    """``normalise_name`` of every cell, skipping the work when the column is known or found to be normalised."""
    cells = cells.tolist()
    return cells if plain or is_normalised_column(cells) else [normalise_name(c) for c in cells]


_TONE_CHARS = set("\u0300\u0301\u0303\u0309\u0323")  # the marks match_key moves (vietnamese._TONE_RANK)


def _has_duplicates(units: list[str], districts: list[str | None] | None) -> bool:
    """True when two rows have one key ``match_key(district)|match_key(unit)``, as :func:`_validate` compares rows.

    Districts (few distinct) get ``match_key`` itself; unit names are first compared by a coarser key
    computed for the whole column at once (:func:`_coarse_keys`), and only names that meet there by
    ``match_key``.
    """
    if not units:
        return False
    if districts is None:
        district_keys, rows_key = [""], np.zeros(len(units), dtype=np.int64)
    else:
        rows_key, distinct = pd.factorize(np.array(districts, dtype=object), use_na_sentinel=False)
        district_keys = [match_key(d) if isinstance(d, str) else "" for d in distinct]  # None is read as NaN
    if "|" in "".join(units) or "|" in "".join(district_keys):  # a "|" inside a name can make two keys meet
        keys = [f"{district_keys[k]}|{match_key(u)}" for k, u in zip(rows_key.tolist(), units)]
        return len(set(keys)) < len(keys)
    coarse = _coarse_keys(units)
    if coarse is None:
        coarse = [match_key(u) for u in units]
    places = pd.factorize(np.array(district_keys, dtype=object))[0][rows_key]  # equal district keys, equal codes
    names = pd.factorize(np.array(coarse, dtype=object))[0]
    pairs = places * (int(names.max()) + 1) + names
    suspects = np.flatnonzero(pd.Series(pairs).duplicated(keep=False).to_numpy()).tolist()
    exact = [(int(places[i]), match_key(units[i])) for i in suspects]
    return len(set(exact)) < len(exact)


def _coarse_keys(names: list[str]) -> list[str] | None:
    """A key per name that equal ``match_key`` values share (case and tone marks dropped); None when unsafe.

    Each character is replaced by one code standing for its casefolded, decomposed form without tone marks.
    That form must be one base character and its non-tone marks: the codes then read back to the
    name's decomposed, toneless text, which two names with one ``match_key`` have in common.
    """
    points = column_code_points(names)
    if points is None:
        return None
    present = np.flatnonzero(np.bincount(points)).tolist()
    pieces = {}
    for point in present:
        if point == 0x0A:
            continue
        full = unicodedata.normalize("NFD", chr(point).casefold())
        piece = "".join(c for c in full if c not in _TONE_CHARS)
        if not piece or unicodedata.combining(full[0]) or any(not unicodedata.combining(c) for c in piece[1:]):
            return None
        pieces[point] = piece
    code = {piece: 0x100 + i for i, piece in enumerate(dict.fromkeys(pieces.values()))}
    if len(code) > 0xD800 - 0x100:
        return None
    table = np.zeros(max([0x0A] + present) + 1, dtype=np.uint32)
    table[0x0A] = 0x0A
    for point, piece in pieces.items():
        table[point] = code[piece]
    return table[points].tobytes().decode("utf-32-le").split("\n")


@dataclass
class _Parsed:
    """A column of scores: Decimal objects, and integers of 1/1000 point with exponents where possible."""

    decimals: np.ndarray
    scaled: np.ndarray | None
    exponents: np.ndarray | None
    ids: np.ndarray | None = None


def _distinct(cells: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The distinct texts of a column and, for each cell, the position of its text among them."""
    position, distinct = pd.factorize(cells)  # texts only, so no missing value (-1) unless a cell is not one
    if len(position) and position.min() < 0:
        position, distinct = pd.factorize(cells, use_na_sentinel=False)
    return list(distinct), position


def _scaled(value: Decimal) -> tuple[int, int] | None:
    """(value * 1000, exponent) when the value has at most three decimals."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -FIXED_PLACES:
        return None
    return int(value.scaleb(FIXED_PLACES)), exponent


def _score_column(cells: np.ndarray, scheme: Scheme, criterion) -> _Parsed | None:
    """Every cell of a score column parsed, each distinct text once; None when any cell is not a valid score."""
    distinct, position = _distinct(cells)
    values = []
    for text in distinct:
        value = _parse_number(text.strip())
        if value is None or not scheme.min_points <= value <= criterion.max_points:
            return None
        values.append(value)
    decimals = np.empty(len(values), dtype=object)
    decimals[:] = values
    scaled = [_scaled(v) for v in values]
    if any(s is None for s in scaled):
        return _Parsed(decimals[position], None, None)
    ints = np.array([s[0] for s in scaled], dtype=np.int64)[position]
    ids = np.array([id(v) for v in values], dtype=np.int64)[position]
    return _Parsed(decimals[position], ints, np.array([s[1] for s in scaled], dtype=np.int64)[position], ids)


def _fixed_scores(columns: list[_Parsed]) -> FixedScores | None:
    """The criteria as integers of 1/1000 point (identities filled in once the frame exists), or None."""
    if any(c.scaled is None for c in columns):
        return None
    scores = np.column_stack([c.scaled for c in columns])
    exponents = np.column_stack([c.exponents for c in columns])
    return FixedScores(scores, exponents, np.empty(0, dtype=np.int64))


def _stated_column(cells: np.ndarray, fixed: FixedScores | None) -> np.ndarray | None:
    """The stated totals (None where blank) when each agrees with its criteria; None if any is wrong."""
    if fixed is None:
        return None  # scores with more than three decimals: the row-by-row path checks them
    distinct, position = _distinct(cells)
    values, scaled, places = [], [], []
    for text in distinct:
        cell = text.strip()
        value = _parse_number(cell) if cell else None
        if cell and value is None:
            return None
        exact = _scaled(value) if value is not None else (0, 0)
        if exact is None:
            return None
        values.append(value)
        scaled.append(exact[0])
        places.append(max(0, -value.as_tuple().exponent) if value is not None else -1)
    stated = np.array(scaled, dtype=np.int64)[position]
    shown = np.array(places, dtype=np.int64)[position]
    computed = fixed.scores.sum(axis=1)
    wrong = (shown >= 0) & (computed != stated)
    # A total written with two decimals is checked at its own precision (half up; totals are never negative).
    two = wrong & (shown == 2) & (computed >= 0)
    wrong &= ~(two & ((computed + 5) // 10 * 10 == stated))
    if wrong.any():
        return None
    decimals = np.empty(len(values), dtype=object)
    decimals[:] = values
    return decimals[position]


def _validate(raw: RawTable, scheme: Scheme) -> ScoreTable:
    """Check every row of a table read from a file; the reader's own problems come first."""
    name = raw.file
    problems = list(raw.problems)
    problem = partial(Problem, name, sheet=raw.sheet)

    header, header_line = raw.rows[0], raw.lines[0]
    roles = _column_roles(len(scheme.criteria))
    column_of: dict[str, int] = {}
    label_of: dict[str, str] = {}
    unknown: list[str] = []
    for index, label in enumerate(header):
        key = _header_key(label)
        role = roles.get(key)
        if role is None:
            if key and key not in _IGNORED:
                unknown.append(nfc(label.strip()))
            continue
        if role in column_of:
            problems.append(problem("cột bị lặp lại", row=header_line, column=nfc(label.strip())))
            continue
        column_of[role] = index
        label_of[role] = nfc(label.strip())

    missing = [k for k in scheme.criterion_keys if k not in column_of]
    if "unit" not in column_of:
        problems.append(problem("thiếu cột tên đơn vị (“Đơn vị” hoặc “unit”)", row=header_line))
    if missing:
        names = ", ".join(f"Chỉ số {scheme.criterion(k).number}" for k in missing)
        hint = f"; các cột không nhận ra: {', '.join(unknown)}" if unknown else ""
        problems.append(problem(f"thiếu cột điểm: {names}{hint}", row=header_line))
    numbered = _without_footer(list(enumerate(zip(raw.lines, raw.rows)))[1:],
                               [column_of[k] for k in scheme.criterion_keys if k in column_of])  # fmt: skip
    data_rows = [(i, line, r) for i, (line, r) in numbered if any(cell.strip() for cell in r)]
    if not data_rows and "unit" in column_of and not missing:
        problems.append(problem("bảng có dòng tiêu đề nhưng không có dòng dữ liệu nào"))
    if problems:
        raise ValidationError(problems)

    records: list[dict] = []
    seen: dict[str, tuple[int, str]] = {}
    score_roles = scheme.criterion_keys + [f"self_{k}" for k in scheme.criterion_keys if f"self_{k}" in column_of]
    for index, line, row in data_rows:
        if len(row) != len(header):
            problems.append(problem(f"dòng có {len(row)} ô, trong khi tiêu đề có {len(header)} cột", row=line))
            continue
        unit = normalise_name(row[column_of["unit"]])
        record: dict = {"row": line, "unit": unit}
        if "district" in column_of:
            record["district"] = normalise_name(row[column_of["district"]]) or None
        if (index, column_of["unit"]) in raw.flagged:
            pass  # reported by the reader (a merged cell)
        elif not unit:
            problems.append(problem("tên đơn vị để trống", row=line, column=label_of["unit"]))
        else:
            # One name may recur in different districts (province-wide tables), not within one.
            key = f"{match_key(record.get('district') or '')}|{match_key(unit)}"
            if key in seen:
                first_line, _ = seen[key]
                problems.append(problem(f"đơn vị bị trùng, đã có ở dòng {first_line}", row=line, unit=unit,
                                        column=label_of["unit"]))  # fmt: skip
            else:
                seen[key] = (line, unit)
        for role in score_roles:
            criterion = scheme.criterion(role.removeprefix("self_"))
            cell = row[column_of[role]].strip()
            value = _parse_number(cell)
            where = dict(row=line, unit=unit or None, column=label_of[role])
            if (index, column_of[role]) in raw.flagged:
                value = None  # reported by the reader (formula, error or merged cell)
            elif not cell:
                problems.append(problem("ô điểm để trống", **where))
            elif value is None:
                problems.append(problem("giá trị không phải là số", value=cell, **where))
            elif not scheme.min_points <= value <= criterion.max_points:
                bounds = f"{format_number(scheme.min_points, 0)} đến {format_number(criterion.max_points, 0)}"
                problems.append(problem(f"điểm phải nằm trong khoảng từ {bounds}", value=cell, **where))
            record[role] = value
        if "stated_total" in column_of:
            cell = row[column_of["stated_total"]].strip()
            stated = _parse_number(cell)
            where = dict(row=line, unit=unit or None, column=label_of["stated_total"])
            if not cell or (index, column_of["stated_total"]) in raw.flagged:
                stated = None
            elif stated is None:
                problems.append(problem("tổng điểm không phải là số", value=cell, **where))
            else:
                scores = [record.get(k) for k in scheme.criterion_keys]
                if all(isinstance(s, Decimal) for s in scores):
                    computed = sum(scores, Decimal(0))
                    # A stated total written with two or more decimals, but fewer than the sum has, is
                    # checked at its own precision (criteria of 1.978 give totals printed as 15.98).
                    # Whole or one-decimal totals must match exactly: "16" must not hide a 15.85.
                    places = max(0, -stated.as_tuple().exponent)
                    rounded = computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
                    if computed != stated and (places < 2 or rounded != stated):
                        problems.append(problem(
                            f"tổng điểm ghi trong bảng là {format_number(stated, places)} nhưng tổng các chỉ số là "
                            f"{format_number(computed, max(places, -computed.as_tuple().exponent))}",
                            value=cell, **where))  # fmt: skip
            record["stated_total"] = stated
        records.append(record)

    if problems:
        raise ValidationError(problems)
    frame = pd.DataFrame.from_records(records)
    return ScoreTable(
        frame=frame,
        scheme=scheme,
        source=name,
        sheet=raw.sheet,
        encoding=raw.encoding,
        has_stated_total="stated_total" in column_of,
        has_self_scores=any(r.startswith("self_") for r in column_of),
        has_district="district" in column_of,
    )
