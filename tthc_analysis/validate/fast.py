"""The fast path of validation: a sound table checked a whole column at a time.

Every check of :func:`~tthc_analysis.validate.rows.validate_rows` is made here on whole columns (each
distinct text parsed once); when one fails, None sends the table to the row-by-row path, which words every
problem in file order."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from tthc_analysis.read.base import ColumnTable, RawTable, column_roles, header_key
from tthc_analysis.read.limits import MAX_NAME_LENGTH
from tthc_analysis.scheme import Scheme
from tthc_analysis.validate.table import FIXED_PLACES, FixedScores, ScoreTable, parse_number
from tthc_analysis.vietnamese import HIDDEN, column_code_points, is_normalised_column, match_key, nfc, normalise_name


def _columns(header: list[str], scheme: Scheme) -> tuple[dict[str, int], dict[str, str]] | None:
    """Column index and label of each role when the header is sound (no repeated role, nothing missing)."""
    roles = column_roles(scheme)
    column_of: dict[str, int] = {}
    label_of: dict[str, str] = {}
    for index, label in enumerate(header):
        role = roles.get(header_key(label))
        if role is None:
            continue
        if role in column_of:
            return None
        column_of[role] = index
        label_of[role] = nfc(label.strip())
    if "unit" not in column_of or any(k not in column_of for k in scheme.criterion_keys):
        return None
    return column_of, label_of


def validate_fast(raw: RawTable, scheme: Scheme) -> ScoreTable | None:
    """The table of a file with nothing wrong in it, checked a column at a time; None if anything is off.

    Every check of :func:`validate_rows` is made here on whole columns (each distinct text is parsed once);
    when one fails, None sends the table to :func:`validate_rows`, which words every problem in file order.
    """
    body = raw.rows[1:]
    if raw.problems or raw.flagged or not body or set(map(len, body)) != {len(raw.rows[0])}:
        return None  # blank rows, a footer or short rows: the row-by-row path handles them
    columns = [np.array(column, dtype=object) for column in zip(*body)]
    table = ColumnTable(raw.file, raw.rows[0], raw.lines[1:], columns, raw.encoding, False, raw.sheet)
    return validate_columns(table, scheme)


def validate_columns(raw: ColumnTable, scheme: Scheme) -> ScoreTable | None:
    """:func:`validate_fast` on a table held as columns."""
    found = _columns(raw.header, scheme)
    if found is None or not len(raw.columns[0]):
        return None
    column_of, _ = found
    columns = raw.columns
    units = _names(columns[column_of["unit"]], raw.plain_names)
    if not all(units) or not _plain_text(units):
        return None
    districts = None
    if "district" in column_of:
        districts = [d or None for d in _names(columns[column_of["district"]], raw.plain_names)]
        if not _plain_text([d or "" for d in districts]):
            return None
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
    for extra in ("code", "cohort"):
        if extra in column_of:
            data[extra] = [nfc(str(c).strip()) or None for c in columns[column_of[extra]].tolist()]
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
        fixed=fixed
        and FixedScores(
            fixed.scores, fixed.exponents, np.column_stack([parsed[k].ids for k in scheme.criterion_keys])
        ),  # fmt: skip
    )


def _plain_text(names: list[str]) -> bool:
    """No hidden character and no name beyond the length bound: otherwise the row path words the problem."""
    return not HIDDEN.search("".join(names)) and max(map(len, names)) <= MAX_NAME_LENGTH.value()


def _names(cells: np.ndarray, plain: bool) -> list[str]:
    """``normalise_name`` of every cell, skipping the work when the column is known or found to be normalised."""
    cells = cells.tolist()
    return cells if plain or is_normalised_column(cells) else [normalise_name(c) for c in cells]


_TONE_CHARS = set("\u0300\u0301\u0303\u0309\u0323")  # the marks match_key moves (vietnamese._TONE_RANK)


def _has_duplicates(units: list[str], districts: list[str | None] | None) -> bool:
    """True when two rows have one key ``match_key(district)|match_key(unit)``, as :func:`validate_rows` compares rows.

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
        value = parse_number(text.strip())
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
        value = parse_number(cell) if cell else None
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
