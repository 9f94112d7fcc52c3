"""Reading a score table from CSV or Excel into rows of text, every cell located as the user sees it.

``read_table`` turns a ``.csv`` or ``.xlsx`` file into a :class:`RawTable`: the header row
(found below any title block) and the rows under it, each cell as text, each row with the
line (CSV) or row (Excel) number a person sees when opening the file. What cannot be read
safely (a formula with no stored result, an error cell, a unit name merged over several
rows, text typed in the legacy TCVN3 or VNI encodings that cannot be converted) is
reported as a :class:`~tthc_analysis.validation.Problem`; the checks on the values
themselves are :func:`tthc_analysis.dataset.read_scores`'s.

Encodings: UTF-8 with or without a BOM, else Windows-1258; text is normalised to NFC.
Text typed with a TCVN3 (ABC) font shows, once decoded, characteristic symbols
("Ph­êng" for "Phường"); it is converted when every such character maps to a Vietnamese
letter and each converted word is a plausible Vietnamese syllable, and refused otherwise.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from .validation import Problem
from .vietnamese import nfc

__all__ = ["EXCEL_SUFFIXES", "ColumnTable", "RawTable", "column_letter", "column_roles", "header_key", "read_columns",
           "read_table", "tcvn3_decode"]  # fmt: skip

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}

LEGACY_TEXT = "văn bản có vẻ được gõ bằng bảng mã TCVN3 (hoặc VNI); hãy chuyển sang Unicode"
NO_CACHED_VALUE = "ô công thức chưa có giá trị đã tính; mở tệp bằng Excel và lưu lại"


# --- header roles ---------------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """A header cell as compared with the accepted spellings: NFC, casefolded, single spaces."""
    return " ".join(nfc(text).casefold().replace("_", " ").split())


def column_roles(n_criteria: int) -> dict[str, str]:
    """Accepted header spellings (casefolded) mapped to their column role."""
    roles = {"unit": "unit", "đơn vị": "unit", "tên đơn vị": "unit",
             "total": "stated_total", "tổng điểm": "stated_total", "tổng": "stated_total",
             "district": "district", "huyện": "district", "đơn vị cấp trên": "district"}  # fmt: skip
    for n in range(1, n_criteria + 1):
        for prefix in ("c", "chỉ số ", "tiêu chí "):
            roles[f"{prefix}{n}"] = f"c{n}"
        for prefix in ("self c", "tự chấm ", "tự chấm chỉ số ", "điểm tự chấm chỉ số "):
            roles[f"{prefix}{n}"] = f"self_c{n}"
    return roles


def _header_score(row: list[str], roles: dict[str, str]) -> int:
    """How many criterion columns a row names, or 0 when it names no unit column (so is not a header)."""
    found = {roles.get(header_key(cell)) for cell in row}
    criteria = sum(1 for role in found if role and re.fullmatch(r"c\d+", role))
    return criteria if "unit" in found and criteria else 0


def _find_header(rows: list[list[str]], roles: dict[str, str]) -> int | None:
    """Index of the first row naming the unit column and at least one criterion, if any."""
    for index, row in enumerate(rows):
        if _header_score(row, roles):
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


# --- the table --------------------------------------------------------------------------------------------


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


def read_table(path: str | Path, sheet: str | None = None, n_criteria: int = 9) -> RawTable:
    """Read a ``.csv`` or ``.xlsx`` file (``sheet``: its name; default the first) into a :class:`RawTable`."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_xlsx(path, sheet, column_roles(n_criteria))
    return _read_csv(path, column_roles(n_criteria))


def _trim(table: RawTable, rows: list[list[str]], lines: list[int], roles: dict[str, str]) -> RawTable:
    """Keep the header row and what is under it: the found header, else the first row that is not blank."""
    header = _find_header(rows, roles)
    table.header_found = header is not None
    if header is None:
        header = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), len(rows))
    table.rows, table.lines = rows[header:], lines[header:]
    return table


# --- CSV --------------------------------------------------------------------------------------------------


# --- CSV, a column at a time -----------------------------------------------------------------------------


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


_HEADER_SEARCH = 50  # lines; a title block is a few lines, so a header further down goes to read_table


def read_columns(path: str | Path, n_criteria: int = 9) -> ColumnTable | None:
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
    if len(delimiters) != 1 or chars & _SUSPICIOUS_CHARS or not unicodedata.is_normalized("NFC", text):
        return None
    delimiter, roles = delimiters[0], column_roles(n_criteria)
    head = text.split("\n", _HEADER_SEARCH)[:_HEADER_SEARCH]
    index = _find_header([line.split(delimiter) if line else [] for line in head], roles)
    if index is None:
        return None
    header = head[index].split(delimiter)
    newlines = np.flatnonzero(units == 0x0A)
    body = units[newlines[index] + 1:] if len(newlines) > index else units[:0]
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


def _read_csv(path: Path, roles: dict[str, str]) -> RawTable:
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
    plain = not _SUSPICIOUS.search(text)  # no character of legacy-font text anywhere: no cell to convert
    if not plain:
        _fix_legacy_text(table, rows, lines, roles)
    if plain and '"' not in text and unicodedata.is_normalized("NFC", text):
        return _trim(table, rows, lines, roles)  # every cell is NFC already (a cell of NFC text split at , ; or \n)
    return _trim(table, [[nfc(cell) for cell in row] for row in rows], lines, roles)


def _best_parse(text: str, roles: dict[str, str]) -> tuple[list[list[str]], list[int]]:
    """Parse with ``;`` and ``,``; keep the one where a header row is found (or, failing both, the first line's)."""
    # A delimiter absent from the text leaves one cell per row, which names no unit and criterion together.
    # With one delimiter present, only whether some row is a header matters (the other scores 0).
    parsed = {d: _parse_csv(text, d) for d in (";", ",") if d in text}
    if len(parsed) == 1:
        found = {d: int(d in parsed and _find_header(parsed[d][0], roles) is not None) for d in (";", ",")}
    else:
        found = {d: _max_header_score(parsed[d][0], roles) if d in parsed else 0 for d in (";", ",")}
    if found[";"] != found[","]:
        return parsed[max(found, key=found.get)]
    first = next((line for line in text.splitlines() if line.strip()), "")
    chosen = ";" if first.count(";") > first.count(",") else ","
    return parsed[chosen] if chosen in parsed else _parse_csv(text, chosen)


def _max_header_score(rows: list[list[str]], roles: dict[str, str]) -> int:
    """The best :func:`_header_score` of any row, scoring only rows holding a cell that names a column role."""
    named = set()
    for cell in set().union(*rows):
        if roles.get(header_key(cell)):
            named.add(cell)
    return max((_header_score(row, roles) for row in rows if not named.isdisjoint(row)), default=0)


# --- Excel ------------------------------------------------------------------------------------------------

_EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                 "#CALC!"}  # fmt: skip


def _number_text(value: float | int | Decimal) -> str:
    """Exact decimal text of a number cell: the shortest repr of a float (1.7, never 1.69999…).

    Excel keeps 15 significant digits, so a formula's stored 15.999999999999998 is read as 16.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        shortest = Decimal(repr(value))
        if len(shortest.as_tuple().digits) > 15:
            shortest = Decimal(format(value, ".15g"))
        return format(shortest.normalize() if shortest == shortest.to_integral() else shortest, "f")
    return format(Decimal(value), "f")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return _number_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def _read_xlsx(path: Path, sheet: str | None, roles: dict[str, str]) -> RawTable:
    import openpyxl

    table = RawTable(str(path), encoding="xlsx")
    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except OSError as exc:
        table.problems.append(Problem(table.file, f"không mở được tệp: {exc.strerror or exc}"))
        table.fatal = True
        return table
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        table.problems.append(Problem(table.file, f"không đọc được tệp Excel (.xlsx): {exc}"))
        table.fatal = True
        return table
    if sheet is not None and sheet not in values.sheetnames:
        names = ", ".join(f"“{n}”" for n in values.sheetnames)
        table.problems.append(Problem(table.file, f"không có trang tính “{sheet}”; các trang tính có: {names}"))
        table.fatal = True
        return table
    ws = values[sheet] if sheet is not None else values.worksheets[0]
    wf = formulas[ws.title]
    table.sheet = ws.title
    rows, lines, odd = [], [], []
    for cells in ws.iter_rows():
        row = []
        for cell in cells:
            text = _cell_text(cell.value)
            formula = wf.cell(row=cell.row, column=cell.column)
            if cell.data_type == "e" or text in _EXCEL_ERRORS:
                message = f"ô {cell.coordinate} có lỗi {text} thay cho giá trị; hãy sửa công thức hoặc nhập số"
                odd.append((len(rows), cell.column - 1, message, text))
            elif cell.value is None and formula.data_type == "f":
                odd.append((len(rows), cell.column - 1, f"{NO_CACHED_VALUE} (ô {cell.coordinate})", str(formula.value)))
            row.append(text)
        rows.append(row)
        lines.append(cells[0].row if cells else len(rows))
    if not any(any(cell.strip() for cell in row) for row in rows):
        table.problems.append(Problem(table.file, "trang tính rỗng, không có tiêu đề cột và dữ liệu", sheet=ws.title))
        table.fatal = True
        return table
    _fix_legacy_text(table, rows, lines, roles)
    rows = [[nfc(cell) for cell in row] for row in rows]
    _trim(table, rows, lines, roles)
    offset = len(rows) - len(table.rows)
    for index, column, message, value in odd:
        if index >= offset:
            table.problems.append(table.problem(message, index - offset, column, value=value))
            table.flagged.add((index - offset, column))
    _report_merged(table, ws, offset)
    return table


def _report_merged(table: RawTable, ws, offset: int) -> None:
    """A cell merged over several rows under the header names its value on its first row only: report it."""
    first_body_line = table.lines[1] if len(table.lines) > 1 else None
    if first_body_line is None:
        return
    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if merged.max_row == merged.min_row or merged.max_row < first_body_line:
            continue
        top = max(merged.min_row, first_body_line)
        index = table.lines.index(top) if top in table.lines else None
        column = merged.min_col - 1
        message = (f"ô gộp {merged.coord} kéo qua {merged.max_row - merged.min_row + 1} dòng; "
                   "mỗi dòng phải ghi đủ giá trị của mình, hãy bỏ gộp ô")  # fmt: skip
        table.problems.append(table.problem(message, index, column))
        for line in range(top, merged.max_row + 1):
            if line in table.lines:
                for col in range(merged.min_col - 1, merged.max_col):
                    table.flagged.add((table.lines.index(line), col))


# --- legacy Vietnamese encodings ---------------------------------------------------------------------------

# TCVN 5712:1993 VN3 ("ABC" fonts such as .VnTime): one byte per lowercase letter; capitals with a tone
# live in a separate font, so only the capitals without tone (Ă Â Ê Ô Ơ Ư Đ) are in this table.
_TCVN3_RUNS = {  # first byte of a run of consecutive bytes: the letters they stand for
    0xA1: "ĂÂÊÔƠƯĐăâêôơưđ",  # A1-AE
    0xB5: "àảãáạ",  # B5-B9
    0xBB: "ằẳẵắ",  # BB-BE
    0xC6: "ặầẩẫấậè",  # C6-CC
    0xCE: "ẻẽéẹềểễếệìỉ",  # CE-D8
    0xDC: "ĩíịò",  # DC-DF
    0xE1: "ỏõóọồổỗốộờởỡớợù",  # E1-EF
    0xF1: "ủũúụừửữứựỳỷỹýỵ",  # F1-FE
}
_TCVN3 = {start + i: letter for start, letters in _TCVN3_RUNS.items() for i, letter in enumerate(letters)}

# Letters of Vietnamese text that Latin-1 also holds; any other character from U+0080 to U+00FF (and the
# Windows-125x punctuation) in a cell is a sign of text typed in a legacy font and decoded as Windows text.
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý\u00a0")
_WINDOWS_EXTRAS = set("ŒœŠšŸŽžƒ")  # letters of Windows-1252 that Vietnamese never uses (quotes and dashes it does)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_SYLLABLE = re.compile(r"^[b-df-hj-np-tv-zđ]*[aeiouy]{1,3}[b-df-hj-np-tv-z]{0,2}$")


def _suspicious(text: str) -> bool:
    """True when text holds characters that Vietnamese in Unicode does not use but legacy-font text shows."""
    return any(
        (0x80 <= ord(c) <= 0xFF and c not in _VIETNAMESE_LATIN1) or c in _WINDOWS_EXTRAS for c in text
    )


def tcvn3_decode(text: str) -> str | None:
    """Text typed in TCVN3 and shown as Windows characters, converted to NFC Unicode; None if it cannot be.

    >>> tcvn3_decode("Ph\\u00adêng 1")
    'Phường 1'
    >>> tcvn3_decode("X· Xu©n Tr\\u00adêng")
    'Xã Xuân Trường'
    """
    for codec in ("cp1252", "cp1258"):
        try:
            raw = text.encode(codec)  # not NFC first: a Windows-1258 reading may hold combining marks
            break
        except UnicodeEncodeError:
            continue
    else:
        return None
    letters = []
    for byte in raw:
        if byte < 0x80:
            letters.append(chr(byte))
        elif byte in _TCVN3:
            letters.append(_TCVN3[byte])
        else:
            return None
    result = nfc("".join(letters))
    return result if _plausible_vietnamese(result) else None


def _plausible_vietnamese(text: str) -> bool:
    """Every word with diacritics is one Vietnamese syllable: Vietnamese letters, at most one tone mark."""
    for word in re.findall(r"\w+", text):
        if word.isascii():
            continue
        parts = unicodedata.normalize("NFD", word.casefold())
        if sum(c in _TONES for c in parts) > 1 or sum(c in _LETTER_MARKS for c in parts) > 2:  # ươ has two
            return False
        if any(not (c.isascii() or c == "đ" or c in _TONES or c in _LETTER_MARKS) for c in parts):
            return False
        if not _SYLLABLE.match("".join(c for c in parts if c.isascii() or c == "đ")):
            return False
    return True


_SUSPICIOUS_CHARS = {chr(c) for c in range(0x80, 0x100)} - _VIETNAMESE_LATIN1 | _WINDOWS_EXTRAS
_SUSPICIOUS = re.compile("[" + re.escape("".join(sorted(_SUSPICIOUS_CHARS))) + "]")


def _fix_legacy_text(table: RawTable, rows: list[list[str]], lines: list[int], roles: dict[str, str]) -> None:
    """Convert TCVN3 text in place when every suspicious cell converts; otherwise report each such cell."""
    suspicious = [(i, j) for i, row in enumerate(rows) for j, cell in enumerate(row) if _suspicious(cell)]
    if not suspicious:
        return
    non_ascii = [(i, j) for i, row in enumerate(rows) for j, cell in enumerate(row) if not cell.isascii()]
    converted = {(i, j): tcvn3_decode(rows[i][j]) for i, j in non_ascii}
    if all(text is not None for text in converted.values()):
        for (i, j), text in converted.items():
            rows[i][j] = text
        table.encoding = f"{table.encoding} (TCVN3, đã chuyển sang Unicode)"
        return
    header = _find_header(rows, roles)
    labels = rows[header] if header is not None else []
    for i, j in suspicious:
        label = nfc(labels[j].strip()) if j < len(labels) and i != header else ""
        table.problems.append(Problem(table.file, LEGACY_TEXT, row=lines[i], column=label or column_letter(j),
                                      value=rows[i][j], sheet=table.sheet))  # fmt: skip
    table.fatal = True
