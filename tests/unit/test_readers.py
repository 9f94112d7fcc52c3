"""Reading what units send: Excel sheets, CSV shapes, encodings, legacy fonts; the corpus; no tracebacks."""

from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tthc_analysis.cli import _print_problems, main
from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.read.legacy import tcvn3_decode
from tthc_analysis.read.tables import read_table
from tthc_analysis.validate import read_scores

CORPUS = Path(__file__).parents[1] / "corpus"
EXPECTATIONS = tomllib.loads((CORPUS / "expectations.toml").read_text(encoding="utf-8"))
VALID = re.compile(r"^valid, same summary as clean twin (?P<twin>.+)$")
REFUSED = re.compile(r"^refused: (?P<fragment>.+), row (?P<row>\d+), column (?P<column>.*)$")


def split_key(key: str) -> tuple[Path, str | None]:
    name, _, sheet = key.partition("#")
    return CORPUS / name, sheet or None


def summary_output(path: Path, sheet: str | None, capsys) -> str:
    """What ``tthc summary`` prints for a file (a named sheet goes through read_scores, as the CLI has no flag)."""
    if sheet is None:
        assert main(["summary", str(path)]) == 0
        return capsys.readouterr().out
    from tthc_analysis.score.summary import summarize

    return repr(summarize(read_scores(path, sheet=sheet)).to_dict())


# --- the corpus -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [k for k, v in EXPECTATIONS.items() if VALID.match(v)])
def test_odd_but_valid_file_gives_the_same_summary_as_its_clean_twin(key, capsys):
    """Each odd-but-valid file prints exactly the summary of its clean twin."""
    path, sheet = split_key(key)
    twin = CORPUS / VALID.match(EXPECTATIONS[key])["twin"]
    if sheet is None:
        assert summary_output(path, None, capsys) == summary_output(twin, None, capsys)
    else:
        from tthc_analysis.score.summary import summarize

        assert summarize(read_scores(path, sheet=sheet)).to_dict() == summarize(read_scores(twin)).to_dict()


@pytest.mark.parametrize("key", [k for k, v in EXPECTATIONS.items() if REFUSED.match(v)])
def test_bad_file_is_refused_naming_the_place(key):
    """Each bad file raises a ValidationError with a problem at the expected row and column."""
    path, sheet = split_key(key)
    expected = REFUSED.match(EXPECTATIONS[key])
    with pytest.raises(ValidationError) as info:
        read_scores(path, sheet=sheet)
    places = [(p.row, p.column or "") for p in info.value.problems if expected["fragment"] in p.message]
    assert (int(expected["row"]), expected["column"]) in places
    assert all(p.file == str(path) for p in info.value.problems)


def test_clean_twin_figures():
    """The twin everything is compared with: four units, totals as written by hand."""
    table = read_scores(CORPUS / "clean.csv")
    assert table.units == ["Phường 1", "Xã Xuân Trường", "Xã Tà Nung", "Phường Hòa Bình"]
    assert list(table.frame["stated_total"]) == [Decimal("15.85"), Decimal("15"), Decimal("15.7"), Decimal("12")]


def test_corpus_refusals_exit_2_and_write_nothing(capsys):
    """The CLI exits 2 on a bad file, prints nothing on stdout and names the place on stderr."""
    path = CORPUS / "formula_without_value.xlsx"
    assert main(["summary", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "dòng 7" in captured.err and "“Tổng điểm”" in captured.err and "K7" in captured.err


# --- Excel ----------------------------------------------------------------------------------------------


def test_xlsx_title_block_formulas_and_row_numbers():
    """Header on row 5 under a title block; rows keep Excel's numbers; SUM results read as stored, 16 digits cut."""
    table = read_scores(CORPUS / "title_block_formulas.xlsx")
    assert list(table.frame["row"]) == [6, 7, 8, 9]
    assert table.sheet == "Điểm 2021"
    # Excel stored 14.999999999999998 for 8 x 1.7 + 1.4; Excel shows 15 and so do we.
    assert table.frame.loc[1, "stated_total"] == Decimal("15")
    assert table.frame.loc[1, "c1"] == Decimal("1.7")


def test_xlsx_named_sheet_that_does_not_exist_lists_the_sheets():
    with pytest.raises(ValidationError) as info:
        read_scores(CORPUS / "second_sheet.xlsx", sheet="Điểm 2022")
    [problem] = info.value.problems
    assert "“Điểm 2022”" in problem.message
    assert "“Ghi chú”, “Điểm 2021”" in problem.message


def test_xlsx_problems_carry_the_sheet_and_are_listed_once():
    """An error cell is one problem (not also 'not a number'); the sheet is named in the description."""
    with pytest.raises(ValidationError) as info:
        read_scores(CORPUS / "error_cell.xlsx")
    problems = info.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [(8, "Chỉ số 3", "#REF!"), (8, "Tổng điểm", "#REF!")]
    assert all(p.sheet == "Sheet" for p in problems)
    assert "trang tính “Sheet”, dòng 8" in problems[0].describe()


def test_xlsx_numbers_are_exact_decimals(tmp_path):
    """Floats from Excel become their shortest decimal text: 1.7, 0.25, 1.978; integers stay whole."""
    wb = openpyxl.Workbook()
    wb.active.append(["unit"] + [f"c{n}" for n in range(1, 10)])
    wb.active.append(["Phường 1", 1.7, 0.25, 1.978, 2, 2.0, 0.1, 1.85, 0, 1])
    wb.save(tmp_path / "a.xlsx")
    raw = read_table(tmp_path / "a.xlsx")
    assert raw.rows[1] == ["Phường 1", "1.7", "0.25", "1.978", "2", "2", "0.1", "1.85", "0", "1"]
    assert raw.lines == [1, 2]


def test_xlsx_year_folder(tmp_path):
    """A year folder with scores.xlsx is read; with both scores.csv and scores.xlsx it is refused."""
    wb = openpyxl.Workbook()
    wb.active.append(["unit"] + [f"c{n}" for n in range(1, 10)])
    wb.active.append(["Phường 1", 2, 2, 2, 2, 2, 2, 2, 2, 0])
    wb.save(tmp_path / "scores.xlsx")
    assert read_scores(tmp_path).units == ["Phường 1"]
    assert read_scores(tmp_path / "scores.csv").units == ["Phường 1"]  # what analyse() asks for
    (tmp_path / "scores.csv").write_text("unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\nPhường 2,2,2,2,2,2,2,2,2,0\n")
    with pytest.raises(ValidationError) as info:
        read_scores(tmp_path)
    assert "cả scores.csv và scores.xlsx" in info.value.problems[0].message


def test_not_an_xlsx(tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(b"unit,c1\n")
    with pytest.raises(ValidationError) as info:
        read_scores(path)
    assert "không đọc được tệp Excel" in info.value.problems[0].message


# --- CSV and encodings ----------------------------------------------------------------------------------


def test_title_block_in_csv_keeps_line_numbers():
    table = read_scores(CORPUS / "title_block.csv")
    assert list(table.frame["row"]) == [4, 5, 6, 7]


def test_windows_1258_is_decoded_and_normalised(tmp_path):
    """ư = FD, ơ = F5, then the combining grave CC: NFC "Phường 1"."""
    path = tmp_path / "scores.csv"
    path.write_bytes(b"unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\nPh\xfd\xf5\xccng 1,2,2,2,2,2,2,2,2,0\n")
    table = read_scores(path)
    assert table.units == ["Phường 1"]
    assert unicodedata.is_normalized("NFC", table.units[0])
    assert table.encoding == "Windows-1258"


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Ph\u00adêng 1", "Phường 1"),
        ("X· Xu©n Tr\u00adêng", "Xã Xuân Trường"),
        ("§¬n vÞ", "Đơn vị"),
        ("Tæng ®iÓm", "Tổng điểm"),
        ("ViÖt Nam", "Việt Nam"),
    ],
)
def test_tcvn3_decode(shown, expected):
    """Known TCVN3 mojibake (written by hand) converts to the names."""
    assert tcvn3_decode(shown) == expected


def test_tcvn3_decode_refuses_what_does_not_map():
    """A byte that is no letter in TCVN3 (B0), a word that is no syllable, or Unicode text: no conversion."""
    assert tcvn3_decode("X· Tµ Nung °") is None
    assert tcvn3_decode("Ph\u00ad\u00adêng") is None  # "Phưường" is not a syllable
    assert tcvn3_decode("Phường") is None


def test_quoted_decimal_comma_and_semicolon_numbers(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text('unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\n"Phường 1","1,75",2,2,2,2,2,2,2,0\n', encoding="utf-8")
    assert read_scores(path).frame.loc[0, "c1"] == Decimal("1.75")


# --- the report -----------------------------------------------------------------------------------------


def test_html_report_is_an_escaped_table():
    error = ValidationError([Problem("a<b>.xlsx", "sai & thiếu", row=3, sheet="S", unit="Phường 1", column="c1",
                                     value="<script>")])  # fmt: skip
    html = error._repr_html_()
    assert html == error.html()
    assert "<th>Trang tính</th>" in html
    assert "a&lt;b&gt;.xlsx" in html and "&lt;script&gt;" in html and "sai &amp; thiếu" in html
    assert "<script>" not in html
    assert "phát hiện 1 lỗi" in html


def test_terminal_table_names_every_column():
    """On a terminal the problems are a table; with two files and every field used, all seven headings show."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    problems = [Problem("a.xlsx", "ô điểm để trống", row=4, unit="Phường 9", column="c2", value="", sheet="Điểm"),
                Problem("b.csv", "không phải là số", row=2, unit="Phường 1", column="c3", value="x")]  # fmt: skip
    _print_problems(ValidationError(problems), stream)
    text = stream.getvalue()
    for heading in ("Tệp", "Trang tính", "Dòng", "Đơn vị", "Cột", "Giá trị", "Vấn đề"):
        assert heading in text
    assert "Phường 9" in text and "trống" in text and "b.csv" in text


def test_terminal_table_of_one_file_names_it_once_and_drops_empty_columns():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    _print_problems(ValidationError([Problem("scores.csv", "ô điểm để trống", row=4, unit="Phường 9", column="c2")]),
                    stream)  # fmt: skip
    text = stream.getvalue()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert " ".join(plain.split()).startswith("Dữ liệu không hợp lệ: phát hiện 1 lỗi. Tệp: scores.csv")
    assert "Trang tính" not in text and "Giá trị" not in text
    for heading in ("STT", "Dòng", "Đơn vị", "Cột", "Vấn đề"):
        assert heading in text


# --- fuzz: malformed tables never give a traceback ---------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(["", "2", "1,75", "1.7", "1.234,5", "abc", "#REF!", "Phường 1", "X· Xu©n", "Ph\u00adêng",
                     "=SUM(A1)", "unit", "Đơn vị", "c1", "Chỉ số 9", "Tổng điểm", "total", '"', ";", ",", "\n", "\u0300", "-1"]),
    st.text(max_size=6),
)  # fmt: skip
TABLES = st.lists(st.lists(CELLS, max_size=12), max_size=8)
SHORT_HEADER = ["unit"] + [f"c{n}" for n in range(1, 10)]
HEADERS = st.sampled_from([[], SHORT_HEADER, ["Đơn vị"] + [f"Chỉ số {n}" for n in range(1, 10)]])


def outcome(path: Path) -> str:
    """'ok' or 'refused'; anything else raised fails the test."""
    try:
        read_scores(path)
    except ValidationError as error:
        assert error.problems and all(isinstance(p.describe(), str) for p in error.problems)
        error.html()
        return "refused"
    return "ok"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADERS, rows=TABLES, delimiter=st.sampled_from([",", ";"]),
       encoding=st.sampled_from(["utf-8", "cp1258"]))  # fmt: skip
def test_random_csv_tables_never_traceback(tmp_path, header, rows, delimiter, encoding):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows] if header else rows)
    path = tmp_path / "fuzz.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    assert outcome(path) in {"ok", "refused"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes_never_traceback(tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    assert outcome(path) in {"ok", "refused"}


XLSX_CELLS = st.one_of(CELLS, st.floats(allow_nan=False, allow_infinity=False, width=32), st.integers(-5, 5),
                       st.none())  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADERS, rows=st.lists(st.lists(XLSX_CELLS, max_size=11), max_size=5), merge=st.booleans())
def test_random_xlsx_tables_never_traceback(tmp_path, header, rows, merge):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ([header] if header else []) + rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row] or [None])
    if merge:
        ws.merge_cells("A2:A3")
    path = tmp_path / "fuzz.xlsx"
    wb.save(path)
    assert outcome(path) in {"ok", "refused"}
