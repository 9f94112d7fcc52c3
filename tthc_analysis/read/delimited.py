"""CSV files: the column-at-a-time reader for plain files and the exact row reader for any other.

Encodings: UTF-8 with or without a BOM, else Windows-1258; text is normalised to NFC; ``,`` or ``;``."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_analysis.errors import Problem
from tthc_analysis.read.base import (
    EXCEL_SUFFIXES,
    ColumnTable,
    RawTable,
    column_roles,
    find_header,
    header_key,
    header_score,
    trim_to_header,
)
from tthc_analysis.read.legacy import SUSPICIOUS, SUSPICIOUS_CHARS, fix_legacy_text
from tthc_analysis.scheme import Scheme
from tthc_analysis.vietnamese import nfc

_HEADER_SEARCH = 50  # lines; a title block is a few lines, so a header further down goes to read_table


def read_columns(path: str | Path, scheme: Scheme | int = 9) -> ColumnTable | None:
    """Read a plain CSV file column by column, in C; None when it needs :func:`read_table` (which is exact)."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    text, encoding = _decode(raw)
    text = _simple_csv(text) if text is not None else None
    if not text or not text.strip():
        return None
    delimiters = [d for d in ";," if d in text]
    units = _utf16_units(text)
    chars = {chr(c) for c in np.flatnonzero(np.bincount(units))}
    if len(delimiters) != 1 or chars & SUSPICIOUS_CHARS or not unicodedata.is_normalized("NFC", text):
        return None
    delimiter, roles = delimiters[0], column_roles(scheme)
    head = text.split("\n", _HEADER_SEARCH)[:_HEADER_SEARCH]
    index = find_header([line.split(delimiter) if line else [] for line in head], roles)
    if index is None:
        return None
    header = head[index].split(delimiter)
    newlines = np.flatnonzero(units == 0x0A)
    body = units[newlines[index] + 1 :] if len(newlines) > index else units[:0]
    if not (body.size and _ANY_TEXT[body].any()) or not _even_lines(body, delimiter, len(header)):
        return None
    source = io.StringIO(text.split("\n", index + 1)[index + 1]) if encoding != "UTF-8" else io.BytesIO(
        _utf8_body(raw, index + 1))  # fmt: skip
    frame = pd.read_csv(source, sep=delimiter, header=None, dtype=object, na_filter=False, skip_blank_lines=False,
                        quoting=csv.QUOTE_NONE, engine="c", encoding="utf-8", low_memory=False)  # fmt: skip
    columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    plain = not any((c.isspace() and c not in " \n") or c in _DASH_CHARS for c in chars) and _spaced_once(
        units, delimiter)  # fmt: skip
    lines = list(range(index + 2, index + 2 + len(columns[0])))
    return ColumnTable(str(path), header, lines, columns, encoding, plain)


_DASH_CHARS = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


# UTF-16 units that are not white space (str.isspace); a surrogate stands for a character that is not either.
_ANY_TEXT = np.array([not chr(u).isspace() for u in range(0x10000)], dtype=bool)


def _utf16_units(text: str) -> np.ndarray:
    """The UTF-16 code units of ``text``: one per character, two (surrogates) beyond U+FFFF.

    Surrogates are neither white space, line end, delimiter, dash nor legacy-font sign, so every check
    made on units is the one made on characters.
    """
    return np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)


def _utf8_body(raw: bytes, skip: int) -> bytes:
    """The bytes of a UTF-8 file after its first ``skip`` lines (BOM dropped, CRLF as LF): the text's body."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n")  # _simple_csv let only CRLF pairs through
    parts = raw.split(b"\n", skip)
    return parts[skip] if len(parts) > skip else b""


def _even_lines(body: np.ndarray, delimiter: str, width: int) -> bool:
    """True when every line of ``body`` (UTF-16 units) has ``width`` cells (so none is blank, short or long)."""
    ends = np.flatnonzero(body == 0x0A)
    if not body.size or body[-1] != 0x0A:
        ends = np.append(ends, body.size)
    found = np.searchsorted(np.flatnonzero(body == ord(delimiter)), ends)  # delimiters before each line end
    return bool((np.diff(found, prepend=0) == width - 1).all())


def _spaced_once(units: np.ndarray, delimiter: str) -> bool:
    """True when no space is doubled or at either end of the text, a line or a cell (UTF-16 units of the text)."""
    space = units == 0x20
    edge = (units == 0x0A) | (units == ord(delimiter))
    if not units.size or space[0] or space[-1]:
        return not units.size
    return not (space[1:] & (space[:-1] | edge[:-1])).any() and not (space[:-1] & edge[1:]).any()


def _decode(raw: bytes) -> tuple[str, str] | tuple[None, int]:
    """(text, encoding name) for UTF-8 (BOM dropped) or Windows-1258; else (None, line of the first bad byte)."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError as exc:
        return None, raw[: exc.start].count(b"\n") + 1


def _simple_csv(text: str) -> str | None:
    """The text with ``\\n`` line ends when splitting lines is all a CSV reader would do, else None.

    With no quote character a record is one line; a lone ``\\r`` (an old Mac line end) or a NUL is left
    to the csv module.
    """
    if '"' in text or "\0" in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    return text


def _parse_csv(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Records of a CSV text and the line each starts on (a quoted cell may span lines)."""
    simple = _simple_csv(text)
    if simple is not None:  # the same records as csv.reader's, split in C: national tables have 100,000 lines
        lines = simple.split("\n")
        if simple.endswith("\n"):
            lines.pop()
        return [line.split(delimiter) if line else [] for line in lines], list(range(1, len(lines) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines, previous = [], [], 0
    for record in reader:
        rows.append(record)
        lines.append(previous + 1)
        previous = reader.line_num
    return rows, lines


def read_csv(path: Path, roles: dict[str, str]) -> RawTable:
    table = RawTable(str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        table.problems.append(Problem(table.file, f"không mở được tệp: {exc.strerror or exc}"))
        table.fatal = True
        return table
    text, encoding = _decode(raw)
    if text is None:
        table.problems.append(Problem(table.file, "tệp không đúng bảng mã UTF-8 hay Windows-1258", row=encoding))
        table.fatal = True
        return table
    table.encoding = encoding
    if not text.strip():
        table.problems.append(Problem(table.file, "tệp rỗng, không có tiêu đề cột và dữ liệu"))
        table.fatal = True
        return table
    rows, lines = _best_parse(text, roles)
    plain = not SUSPICIOUS.search(text)  # no character of legacy-font text anywhere: no cell to convert
    if not plain:
        fix_legacy_text(table, rows, lines, roles)
    if plain and '"' not in text and unicodedata.is_normalized("NFC", text):
        return trim_to_header(
            table, rows, lines, roles
        )  # every cell is NFC already (a cell of NFC text split at , ; or \n)
    return trim_to_header(table, [[nfc(cell) for cell in row] for row in rows], lines, roles)


def _best_parse(text: str, roles: dict[str, str]) -> tuple[list[list[str]], list[int]]:
    """Parse with ``;`` and ``,``; keep the one where a header row is found (or, failing both, the first line's)."""
    # A delimiter absent from the text leaves one cell per row, which names no unit and criterion together.
    # With one delimiter present, only whether some row is a header matters (the other scores 0).
    parsed = {d: _parse_csv(text, d) for d in (";", ",") if d in text}
    if len(parsed) == 1:
        found = {d: int(d in parsed and find_header(parsed[d][0], roles) is not None) for d in (";", ",")}
    else:
        found = {d: _max_header_score(parsed[d][0], roles) if d in parsed else 0 for d in (";", ",")}
    if found[";"] != found[","]:
        return parsed[max(found, key=found.get)]
    first = next((line for line in text.splitlines() if line.strip()), "")
    chosen = ";" if first.count(";") > first.count(",") else ","
    return parsed[chosen] if chosen in parsed else _parse_csv(text, chosen)


def _max_header_score(rows: list[list[str]], roles: dict[str, str]) -> int:
    """The best :func:`header_score` of any row, scoring only rows holding a cell that names a column role."""
    named = set()
    for cell in set().union(*rows):
        if roles.get(header_key(cell)):
            named.add(cell)
    return max((header_score(row, roles) for row in rows if not named.isdisjoint(row)), default=0)
