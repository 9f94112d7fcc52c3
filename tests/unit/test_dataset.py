"""Reading score tables: header styles, encodings, delimiters, and validation reporting every problem."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.read.metadata import read_metadata
from tthc_analysis.validate import read_scores

VI_HEADER = "Đơn vị,Chỉ số 1,Chỉ số 2,Chỉ số 3,Chỉ số 4,Chỉ số 5,Chỉ số 6,Chỉ số 7,Chỉ số 8,Chỉ số 9"


def problems_of(path, scheme=None):
    """The problems a file raises, as a list (the test fails if nothing is raised)."""
    with pytest.raises(ValidationError) as info:
        read_scores(path, scheme)
    return info.value.problems


def located(problems):
    """(row, unit, column, value) of each problem, for comparing with a literal."""
    return [(p.row, p.unit, p.column, p.value) for p in problems]


# --- reading valid files ---------------------------------------------------------------------------


def test_short_header_style(write_csv):
    """``unit,c1..c9`` is read; values keep their exact decimals."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường 1,2,2,1.85,2,2,2,2,2,0
        Phường 2,1.978,1.9,2,2,2,2,2,2,0.25
        """
    )
    table = read_scores(path)
    assert table.units == ["Phường 1", "Phường 2"]
    assert table.frame.loc[1, "c1"] == Decimal("1.978")
    assert table.frame.loc[0, "c3"] == Decimal("1.85")
    assert list(table.frame["row"]) == [2, 3]
    assert table.has_stated_total is False


def test_vietnamese_header_style_with_stated_total(write_csv):
    """``Đơn vị,Chỉ số 1..9,Tổng điểm`` is read and the stated total kept."""
    path = write_csv(
        f"""
        {VI_HEADER},Tổng điểm
        Phường 1,2,2,1.85,2,2,2,2,2,0,15.85
        """
    )
    table = read_scores(path)
    assert table.units == ["Phường 1"]
    assert table.has_stated_total is True
    assert table.frame.loc[0, "stated_total"] == Decimal("15.85")


def test_utf8_bom_and_nfd_names_become_nfc(write_csv):
    """A BOM before the header is dropped and NFD names (and headers) are normalised to NFC."""
    text = unicodedata.normalize(
        "NFD",
        f"""
        {VI_HEADER}
        Xã Xuân Trường,2,2,2,2,2,2,2,2,0
        """,
    )
    path = write_csv(text, bom=True)
    table = read_scores(path)
    assert table.units == ["Xã Xuân Trường"]
    assert unicodedata.is_normalized("NFC", table.units[0])


def test_semicolon_delimiter_crlf_and_decimal_commas(tmp_path):
    """Office exports: ``;`` between cells, decimal commas, CRLF line ends."""
    path = tmp_path / "scores.csv"
    path.write_bytes(
        (
            "Đơn vị;Chỉ số 1;Chỉ số 2;Chỉ số 3;Chỉ số 4;Chỉ số 5;Chỉ số 6;Chỉ số 7;Chỉ số 8;Chỉ số 9;Tổng điểm\r\n"
            "Xã Tà Nung;2;2;1,7;2;2;2;2;2;0;15,7\r\n"
            "Phường 4;1,9;1,9;1,9;2;2;2;2;2;0;15,70\r\n"
        ).encode()
    )
    table = read_scores(path)
    assert table.units == ["Xã Tà Nung", "Phường 4"]
    assert table.frame.loc[0, "c3"] == Decimal("1.7")
    assert table.frame.loc[1, "stated_total"] == Decimal("15.70")


def test_names_with_commas_are_read_whole(write_rows):
    """A quoted name with a comma stays one name."""
    path = write_rows([("Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt", "1.978 2 2 2 2 2 2 2 1.5")])
    assert read_scores(path).units == ["Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt"]


def test_ignored_columns_and_blank_lines(write_csv):
    """STT/rank/band columns are ignored and blank lines skipped; row numbers stay those of the file."""
    path = write_csv(
        """
        STT,unit,c1,c2,c3,c4,c5,c6,c7,c8,c9,Xếp loại

        1,Phường 1,2,2,2,2,2,2,2,2,0,Xuất sắc
        """
    )
    table = read_scores(path)
    assert table.units == ["Phường 1"]
    assert list(table.frame["row"]) == [3]


@pytest.mark.parametrize(
    ("stated", "scores"),
    [
        ("15.85", "2 2 1.845 2 2 2 2 2 0"),  # 15.845 rounds half up to 15.85
        ("15.8", "2 2 1.8 2 2 2 2 2 0"),  # exact
        ("15.80", "2 2 1.8 2 2 2 2 2 0"),  # same value, trailing zero
        ("16", "2 2 2 2 2 2 2 2 0"),  # whole number
        ("15.84", "2 2 1.844 2 2 2 2 2 0"),  # 15.844 rounds to 15.84
        ("15.845", "2 2 1.845 2 2 2 2 2 0"),  # exact at three decimals
    ],
)
def test_stated_total_with_fewer_decimals_is_accepted(write_rows, stated, scores):
    """A stated total that matches the sum at its own precision (half up) is not an error."""
    header = ["unit", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "total"]
    path = write_rows([("Phường 1", f"{scores} {stated}")], header=header)
    assert read_scores(path).frame.loc[0, "stated_total"] == Decimal(stated)


def test_metadata_of_2021_is_a_reconstruction():
    """The 2021 table is marked as reconstructed, so every output can say so."""
    meta = read_metadata(Path(__file__).parents[2] / "data" / "2021")
    assert meta.year == 2021
    assert meta.status == "reconstruction"
    assert meta.is_constructed is True
    assert meta.level == "xã"


# --- validation: one kind of problem at a time --------------------------------------------------------


def test_missing_criterion_columns(write_csv):
    """Missing criteria are named in one problem on line 1."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7
        Phường 1,2,2,2,2,2,2,2
        """
    )
    [problem] = problems_of(path)
    assert problem.file == str(path)
    assert problem.row == 1
    assert "Chỉ số 8" in problem.message
    assert "Chỉ số 9" in problem.message
    assert "Chỉ số 7" not in problem.message


def test_missing_unit_and_criterion_columns_reported_together(write_csv):
    """Both header problems come at once."""
    path = write_csv(
        """
        name,c1,c2,c3,c4,c5,c6,c7,c8
        Phường 1,2,2,2,2,2,2,2,2
        """
    )
    problems = problems_of(path)
    assert len(problems) == 2
    assert all(p.row == 1 for p in problems)
    assert "đơn vị" in problems[0].message
    assert "Chỉ số 9" in problems[1].message


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("abc", "không phải là số"),
        ("1.9x", "không phải là số"),
        ("2.5", "từ 0 đến 2"),
        ("-1", "từ 0 đến 2"),
        ("2.001", "từ 0 đến 2"),
    ],
)
def test_bad_value_names_file_row_unit_column_and_value(write_csv, cell, fragment):
    """A non-number or a value outside 0..2 is located exactly and quoted."""
    path = write_csv(
        f"""
        {VI_HEADER}
        Phường 1,2,2,2,2,2,2,2,2,0
        Phường 2,2,2,2,2,{cell},2,2,2,0
        """
    )
    [problem] = problems_of(path)
    assert (problem.file, problem.row, problem.unit, problem.column, problem.value) == (
        str(path),
        3,
        "Phường 2",
        "Chỉ số 5",
        cell,
    )
    assert fragment in problem.message
    described = problem.describe()
    assert str(path) in described
    assert "dòng 3" in described
    assert "Phường 2" in described
    assert "Chỉ số 5" in described
    assert cell in described


def test_blank_score(write_csv):
    """An empty score cell is an error, not a zero."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường 1,2,2,2,2,2,2,2,2,
        """
    )
    [problem] = problems_of(path)
    assert located([problem]) == [(2, "Phường 1", "c9", None)]
    assert "trống" in problem.message


def test_duplicate_unit(write_csv):
    """The second occurrence is reported, pointing back to the first line."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường 1,2,2,2,2,2,2,2,2,0
        Phường 2,2,2,2,2,2,2,2,2,0
        Phường 1,1,1,1,1,1,1,1,1,0
        """
    )
    [problem] = problems_of(path)
    assert located([problem]) == [(4, "Phường 1", "unit", None)]
    assert "dòng 2" in problem.message


def test_duplicate_unit_written_in_nfd(write_csv):
    """The same name in NFC and NFD is the same unit."""
    nfd = unicodedata.normalize("NFD", "Xã Xuân Thọ")
    path = write_csv(
        f"""
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Xã Xuân Thọ,2,2,2,2,2,2,2,2,0
        {nfd},2,2,2,2,2,2,2,2,0
        """
    )
    [problem] = problems_of(path)
    assert located([problem]) == [(3, "Xã Xuân Thọ", "unit", None)]


def test_same_name_in_two_districts_is_two_units(write_csv):
    """Province-wide tables repeat commune names across districts; only a repeat within one district is an error."""
    path = write_csv(
        """
        Huyện,unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Huyện Đức Trọng,Xã Tân Hội,2,2,2,2,2,2,2,2,0
        Huyện Lâm Hà,Xã Tân Hội,2,2,2,2,2,2,2,2,0
        Huyện Lâm Hà,xã Tân  Hội,1,1,1,1,1,1,1,1,0
        """
    )
    [problem] = problems_of(path)
    assert located([problem]) == [(4, "xã Tân Hội", "unit", None)]
    assert "dòng 3" in problem.message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n"], ids=["empty", "bom-only", "blank-lines"])
def test_empty_file(tmp_path, content):
    """A file with nothing in it is one problem naming the file."""
    path = tmp_path / "scores.csv"
    path.write_bytes(content)
    [problem] = problems_of(path)
    assert problem.file == str(path)
    assert "rỗng" in problem.message


def test_header_without_rows(write_csv):
    """A header and no data is an error."""
    path = write_csv(VI_HEADER + "\n")
    [problem] = problems_of(path)
    assert problem.file == str(path)
    assert "không có dòng dữ liệu" in problem.message


def test_missing_file(tmp_path):
    """A path that does not exist is a ValidationError, not an OSError."""
    path = tmp_path / "khong-co.csv"
    [problem] = problems_of(path)
    assert problem.file == str(path)


def test_neither_utf8_nor_windows_1258(tmp_path):
    """Bytes no Vietnamese encoding can hold are reported with the line where they stand."""
    path = tmp_path / "scores.csv"
    # 0x81 is undefined in Windows-1258 and cannot start a UTF-8 sequence.
    path.write_bytes(b"unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\nPh\x81ng 1,2,2,2,2,2,2,2,2,0\n")
    [problem] = problems_of(path)
    assert problem.row == 2
    assert problem.message == "tệp không đúng bảng mã UTF-8 hay Windows-1258"


def test_wrong_number_of_cells(write_csv):
    """A short row is located by its line."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường 1,2,2,2,2,2,2,2,2
        """
    )
    [problem] = problems_of(path)
    assert problem.row == 2


@pytest.mark.parametrize("header", ["Tổng điểm", "total"])
def test_stated_total_disagreeing_names_both_figures(write_csv, header):
    """A stated 15.50 against criteria adding to 15.40 names the unit and both figures."""
    path = write_csv(
        f"""
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9,{header}
        Phường 1,2,2,2,2,2,2,2,2,0,16.00
        Phường 2,2,2,2,2,1.5,1.9,2,2,0,15.50
        """
    )
    [problem] = problems_of(path)
    assert located([problem]) == [(3, "Phường 2", header, "15.50")]
    assert "15,50" in problem.message
    assert "15,40" in problem.message


@pytest.mark.parametrize(
    ("stated", "scores", "stated_text", "sum_text"),
    [
        ("15.85", "2 2 1.844 2 2 2 2 2 0", "15,85", "15,844"),  # 15.844 rounds to 15.84, not 15.85
        ("15.84", "2 2 1.845 2 2 2 2 2 0", "15,84", "15,845"),  # 15.845 rounds half up to 15.85
        ("16", "2 2 2 2 2 2 2 1.4 0", "16", "15,4"),
        ("16", "2 2 1.85 2 2 2 2 2 0", "16", "15,85"),  # a whole total must match exactly, not after rounding
        ("15.9", "2 2 1.85 2 2 2 2 2 0", "15,9", "15,85"),  # so must a one-decimal total
    ],
)
def test_stated_total_with_fewer_decimals_that_does_not_round_to_the_sum(
    write_rows, stated, scores, stated_text, sum_text
):
    """Rounding is half up at the stated total's own precision, and only that."""
    header = ["unit", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "Tổng điểm"]
    path = write_rows([("Phường 1", f"{scores} {stated}")], header=header)
    [problem] = problems_of(path)
    assert located([problem]) == [(2, "Phường 1", "Tổng điểm", stated)]
    assert f"là {stated_text} nhưng" in problem.message
    assert problem.message.endswith(sum_text)


# --- validation: everything at once -------------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once(write_csv):
    """Six different problems on six lines come back together, in file order."""
    path = write_csv(
        f"""
        {VI_HEADER},Tổng điểm
        Phường 1,2,2,2,2,2,2,2,2,0,16
        Phường 2,abc,2,2,2,2,2,2,2,0,
        Phường 3,2,2.5,2,2,2,2,2,2,0,
        Phường 4,2,2,-1,2,2,2,2,2,0,
        Phường 5,2,2,2,,2,2,2,2,0,
        Phường 1,2,2,2,2,2,2,2,2,0,16
        Phường 6,2,2,2,2,1.5,1.9,2,2,0,15.50
        """
    )
    with pytest.raises(ValidationError) as info:
        read_scores(path)
    problems = info.value.problems
    assert located(problems) == [
        (3, "Phường 2", "Chỉ số 1", "abc"),
        (4, "Phường 3", "Chỉ số 2", "2.5"),
        (5, "Phường 4", "Chỉ số 3", "-1"),
        (6, "Phường 5", "Chỉ số 4", None),
        (7, "Phường 1", "Đơn vị", None),
        (8, "Phường 6", "Tổng điểm", "15.50"),
    ]
    assert all(p.file == str(path) for p in problems)
    assert "không phải là số" in problems[0].message
    assert "từ 0 đến 2" in problems[1].message
    assert "từ 0 đến 2" in problems[2].message
    assert "trống" in problems[3].message
    assert "trùng" in problems[4].message
    assert "15,50" in problems[5].message and "15,40" in problems[5].message
    report = str(info.value)
    assert "6 lỗi" in report
    assert report.count(str(path)) == 6


def test_several_problems_on_one_row(write_csv):
    """Two bad cells on one line are two problems."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường 1,x,2,2,2,2,2,2,2,3
        """
    )
    assert located(problems_of(path)) == [(2, "Phường 1", "c1", "x"), (2, "Phường 1", "c9", "3")]


def test_old_and_new_tone_placement_are_the_same_unit(write_csv):
    """“Hòa” (old tone placement) and “Hoà” (new) name one unit, so the second row is a duplicate."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường Hòa Bình,2,2,2,2,2,2,2,2,0
        Phường Hoà Bình,2,2,2,2,2,2,2,2,0
        """
    )
    with pytest.raises(ValidationError) as caught:
        read_scores(path)
    [problem] = caught.value.problems
    assert problem.row == 3
    assert problem.unit == "Phường Hoà Bình"
    assert "dòng 2" in problem.message


def test_signature_block_under_the_table_is_not_read_as_units(write_csv):
    """Office sheets end with who drew up the table; after a blank row, rows without scores are that block."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường 1,2,2,2,2,2,2,2,2,0
        Phường 2,2,2,2,2,2,2,2,1,0
        ,,,,,,,,,
        Người lập biểu,,,,,,,,,
        "Đà Lạt, ngày 10 tháng 01 năm 2022"
        """
    )
    assert list(read_scores(path).frame["unit"]) == ["Phường 1", "Phường 2"]


def test_rows_with_scores_after_a_blank_row_are_still_units(write_csv):
    """A blank row inside the data does not end it: the rows below with scores are read (and checked)."""
    path = write_csv(
        """
        unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
        Phường 1,2,2,2,2,2,2,2,2,0

        Phường 2,2,2,2,2,2,2,2,1,0
        Người lập biểu,,,,,,,,,
        """
    )
    problems = problems_of(path)
    assert [(p.row, p.unit) for p in problems][0] == (5, "Người lập biểu")
