"""Section I wording: counts, shares, empty bands, decimals, tied units, the mean and its band."""

from __future__ import annotations

import pytest
from expected import BOUNDARY_ROWS

from tthc_analysis.narrative.base import format_unit_list
from tthc_analysis.narrative.section1 import section1
from tthc_analysis.read.metadata import Metadata
from tthc_analysis.scheme import load_scheme
from tthc_analysis.score.summary import summarize
from tthc_analysis.validate import read_scores

TT01 = load_scheme("tt01-2018")


@pytest.fixture
def narrative(write_rows):
    """Return ``narrative(rows, metadata=None)``: Section I lines of an inline table."""

    def run(rows, metadata=None):
        summary = summarize(read_scores(write_rows(rows), TT01))
        return section1(summary, TT01, metadata)

    return run


def line_starting(lines, prefix):
    [line] = [line for line in lines if line.startswith(prefix)]
    return line


def test_every_band_filled(narrative):
    """All five bands have units: five band sentences with their ranges, no merged sentence."""
    assert narrative(BOUNDARY_ROWS) == [
        "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 01/08 đơn vị, chiếm tỷ lệ 12,5%.",
        "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 02/08 đơn vị, chiếm tỷ lệ 25%.",
        "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): 02/08 đơn vị, chiếm tỷ lệ 25%.",
        "Nhóm đạt mức độ trung bình (đạt từ 06 đến dưới 09 điểm): 02/08 đơn vị, chiếm tỷ lệ 25%.",
        "Nhóm đạt mức độ yếu (đạt dưới 06 điểm): 01/08 đơn vị, chiếm tỷ lệ 12,5%.",
        "Đơn vị có điểm số cao nhất là: UBND Phường 1 (đạt 15,00 điểm).",
        "Đơn vị có điểm số thấp nhất là: UBND Phường 8 (đạt 5,99 điểm).",
        "Điểm số bình quân của các đơn vị là: 10,49 điểm, xếp loại khá theo hướng dẫn.",
        "(Chi tiết bảng xếp hạng giải quyết TTHC kèm theo)",
    ]


def test_metadata_names_the_level_and_year(narrative):
    """With a level and a year the mean and the appendix line read as in the seed."""
    lines = narrative([("Phường 1", "2 2 2 2 2 2 2 2 0")], Metadata(level="xã", year=2022))
    assert lines[-2:] == [
        "Điểm số bình quân cấp xã là: 16,00 điểm, xếp loại xuất sắc theo hướng dẫn.",
        "(Chi tiết bảng xếp hạng giải quyết TTHC cấp xã năm 2022 kèm theo)",
    ]


def test_single_unit(narrative):
    """One unit: 01/01, 100%, the same unit highest and lowest."""
    assert narrative([("Xã Tà Nung", "2 2 1.5 2 2 2 2 0 0")]) == [
        "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): Không.",
        "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 01/01 đơn vị, chiếm tỷ lệ 100%.",
        "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): Không.",
        "Nhóm đạt mức độ trung bình và yếu: Không.",
        "Đơn vị có điểm số cao nhất là: UBND Xã Tà Nung (đạt 13,50 điểm).",
        "Đơn vị có điểm số thấp nhất là: UBND Xã Tà Nung (đạt 13,50 điểm).",
        "Điểm số bình quân của các đơn vị là: 13,50 điểm, xếp loại tốt theo hướng dẫn.",
        "(Chi tiết bảng xếp hạng giải quyết TTHC kèm theo)",
    ]


def test_shares_with_decimals(narrative):
    """1 of 3 is 33,33%; 1 of 16 is 6,25%; 15 of 16 is 93,75%."""
    thirds = narrative([("Xã A", "2 2 2 2 2 2 2 2 0"), ("Xã B", "2 2 2 2 2 2 0 0 0"), ("Xã C", "2 2 2 2 2 0 0 0 0")])
    assert thirds[:3] == [
        "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 01/03 đơn vị, chiếm tỷ lệ 33,33%.",
        "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 01/03 đơn vị, chiếm tỷ lệ 33,33%.",
        "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): 01/03 đơn vị, chiếm tỷ lệ 33,33%.",
    ]
    sixteenths = narrative(
        [(f"Phường {n}", "2 2 2 2 2 2 2 2 0") for n in range(1, 16)] + [("Xã Tà Nung", "2 2 2 2 2 2 1 0 0")]
    )
    assert sixteenths[:2] == [
        "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 15/16 đơn vị, chiếm tỷ lệ 93,75%.",
        "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 01/16 đơn vị, chiếm tỷ lệ 6,25%.",
    ]


# --- Trung bình and Yếu: one sentence only when both are empty ----------------------------------------


def test_trung_binh_and_yeu_merged_only_when_both_empty(narrative):
    """Both empty: the seed's single sentence."""
    lines = narrative([("Xã A", "2 2 2 2 2 2 2 2 0"), ("Xã B", "2 2 2 2 2 0 0 0 0")])
    assert lines[3] == "Nhóm đạt mức độ trung bình và yếu: Không."
    assert not any(line.startswith("Nhóm đạt mức độ yếu") for line in lines)


def test_trung_binh_filled_yeu_empty(narrative):
    """Trung bình has a unit: two sentences, each with its range."""
    lines = narrative([("Xã A", "2 2 2 2 2 2 2 2 0"), ("Xã B", "2 2 2 2 0 0 0 0 0")])
    assert lines[3:5] == [
        "Nhóm đạt mức độ trung bình (đạt từ 06 đến dưới 09 điểm): 01/02 đơn vị, chiếm tỷ lệ 50%.",
        "Nhóm đạt mức độ yếu (đạt dưới 06 điểm): Không.",
    ]


def test_yeu_filled_trung_binh_empty(narrative):
    """Yếu has a unit: two sentences, Trung bình reads Không."""
    lines = narrative([("Xã A", "2 2 2 2 2 2 2 2 0"), ("Xã B", "2 2 1 0 0 0 0 0 0")])
    assert lines[3:5] == [
        "Nhóm đạt mức độ trung bình (đạt từ 06 đến dưới 09 điểm): Không.",
        "Nhóm đạt mức độ yếu (đạt dưới 06 điểm): 01/02 đơn vị, chiếm tỷ lệ 50%.",
    ]


# --- decimals of totals and of the mean --------------------------------------------------------------


def test_totals_that_would_print_alike_get_three_decimals(narrative):
    """15.991 and 15.994 are both 15,99 at two decimals, so both are printed with three."""
    lines = narrative([("Phường 1", "2 2 2 2 2 2 2 1.991 0"), ("Phường 2", "2 2 2 2 2 2 2 1.994 0")])
    assert line_starting(lines, "Đơn vị có điểm số cao nhất") == (
        "Đơn vị có điểm số cao nhất là: UBND Phường 2 (đạt 15,994 điểm)."
    )
    assert line_starting(lines, "Đơn vị có điểm số thấp nhất") == (
        "Đơn vị có điểm số thấp nhất là: UBND Phường 1 (đạt 15,991 điểm)."
    )
    assert line_starting(lines, "Điểm số bình quân") == (
        "Điểm số bình quân của các đơn vị là: 15,99 điểm, xếp loại xuất sắc theo hướng dẫn."
    )


def test_15_994_15_996_and_16_print_with_three_decimals(narrative):
    """15.996 and 16 would both read 16,00: every total goes to three decimals."""
    lines = narrative(
        [
            ("Phường 1", "2 2 2 2 2 2 2 1.994 0"),
            ("Phường 2", "2 2 2 2 2 2 2 1.996 0"),
            ("Phường 3", "2 2 2 2 2 2 2 2 0"),
        ]
    )
    assert line_starting(lines, "Đơn vị có điểm số cao nhất") == (
        "Đơn vị có điểm số cao nhất là: UBND Phường 3 (đạt 16,000 điểm)."
    )
    assert line_starting(lines, "Đơn vị có điểm số thấp nhất") == (
        "Đơn vị có điểm số thấp nhất là: UBND Phường 1 (đạt 15,994 điểm)."
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # (15.992 + 14) / 2 = 14.996: 15,00 would read as Xuất sắc.
        ([("Xã A", "2 2 2 2 2 2 2 1.992 0"), ("Xã B", "2 2 2 2 2 2 2 0 0")], "14,996 điểm, xếp loại tốt"),
        # (15.999 + 14) / 2 = 14.9995: 15,000 still would.
        ([("Xã A", "2 2 2 2 2 2 2 1.999 0"), ("Xã B", "2 2 2 2 2 2 2 0 0")], "14,9995 điểm, xếp loại tốt"),
        # (16 + 14.61) / 2 = 15.305: rounds up within its band, two decimals.
        ([("Xã A", "2 2 2 2 2 2 2 2 0"), ("Xã B", "2 2 2 2 2 2 2 0.61 0")], "15,31 điểm, xếp loại xuất sắc"),
        # (12 + 11.99 + 11.99) / 3 = 11.9933…: rounds to 11,99, Khá.
        (
            [("Xã A", "2 2 2 2 2 2 0 0 0"), ("Xã B", "2 2 2 2 2 1.99 0 0 0"), ("Xã C", "2 2 2 2 2 1.99 0 0 0")],
            "11,99 điểm, xếp loại khá",
        ),
        # (12 + 12 + 11.99) / 3 = 11.99666…: 12,00 would read as Tốt; 11,997 does not.
        (
            [("Xã A", "2 2 2 2 2 2 0 0 0"), ("Xã B", "2 2 2 2 2 2 0 0 0"), ("Xã C", "2 2 2 2 2 1.99 0 0 0")],
            "11,997 điểm, xếp loại khá",
        ),
    ],  # fmt: skip
    ids=["14.996", "14.9995", "15.305", "11.9933", "11.9967"],
)
def test_mean_never_reads_as_the_next_band(narrative, rows, expected):
    """The mean is printed with two decimals, or more when two would round it into the next band."""
    mean_line = line_starting(narrative(rows), "Điểm số bình quân")
    assert mean_line == f"Điểm số bình quân của các đơn vị là: {expected} theo hướng dẫn."


def test_mean_of_14_996_keeps_totals_at_two_decimals(narrative):
    """Only the mean needs more decimals here: totals 15,99 and 14,00 stay at two."""
    lines = narrative([("Xã A", "2 2 2 2 2 2 2 1.992 0"), ("Xã B", "2 2 2 2 2 2 2 0 0")])
    assert "(đạt 15,99 điểm)" in line_starting(lines, "Đơn vị có điểm số cao nhất")
    assert "(đạt 14,00 điểm)" in line_starting(lines, "Đơn vị có điểm số thấp nhất")


# --- tied units named together ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("units", "text"),
    [
        (["Phường 6", "Phường 3"], "UBND Phường 3, 6"),
        (["Xã Xuân Thọ", "Phường 1"], "UBND Phường 1, Xã Xuân Thọ"),
        (["Phường 10", "Xã Trạm Hành", "Phường 2", "Xã Tà Nung"], "UBND Phường 2, 10, Xã Tà Nung, Trạm Hành"),
        (["Thị trấn Lạc Dương", "Xã Lát"], "UBND Thị trấn Lạc Dương, Xã Lát"),
        (["Phường 8"], "UBND Phường 8"),
        (["Sở Y tế", "Sở Tư pháp"], "Sở Tư pháp, Sở Y tế"),
        (
            ["Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt", "Sở Tài nguyên và Môi trường, chi nhánh Bảo Lộc"],
            "Sở Tài nguyên và Môi trường, chi nhánh Bảo Lộc; Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt",
        ),
    ],
    ids=["same-type", "mixed", "two-types", "thi-tran", "one", "departments", "departments-with-commas"],
)
def test_format_unit_list(units, text):
    """Tied communes share their type after one UBND; departments are named in full without it."""
    assert format_unit_list(units) == text


def test_tied_highest_and_lowest_in_the_narrative(narrative):
    """A mixed tie at the top and a same-type tie at the bottom."""
    lines = narrative(
        [
            ("Xã Xuân Thọ", "2 2 2 2 2 2 2 2 0"),
            ("Phường 10", "2 2 2 2 2 2 1 1 0"),
            ("Phường 1", "2 2 2 2 2 2 2 2 0"),
            ("Phường 2", "2 2 2 2 2 2 1 1 0"),
        ]
    )
    assert line_starting(lines, "Đơn vị có điểm số cao nhất") == (
        "Đơn vị có điểm số cao nhất là: UBND Phường 1, Xã Xuân Thọ (đạt 16,00 điểm)."
    )
    assert line_starting(lines, "Đơn vị có điểm số thấp nhất") == (
        "Đơn vị có điểm số thấp nhất là: UBND Phường 2, 10 (đạt 14,00 điểm)."
    )


def test_provincial_departments(narrative):
    """Departments: same figures, names in full without UBND, tied names with commas split by "; "."""
    lines = narrative(
        [
            ("Sở Y tế", "1.5 1.75 1.978 2 2 2 2 1.5 0.25"),  # 14.978
            ("Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt", "1.978 2 2 2 2 2 2 2 1.5"),  # 17.478
            ("Sở Tư pháp", "2 2 2 2 2 2 2 2 1.25"),  # 17.25
            ("Sở Tài nguyên và Môi trường, chi nhánh Bảo Lộc", "1.978 2 2 2 2 2 2 2 1.5"),  # 17.478
            ("Sở Giáo dục và Đào tạo", "1.978 1.978 1.978 2 2 2 2 2 1"),  # 16.934
        ]
    )
    assert lines == [
        "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 04/05 đơn vị, chiếm tỷ lệ 80%.",
        "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 01/05 đơn vị, chiếm tỷ lệ 20%.",
        "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): Không.",
        "Nhóm đạt mức độ trung bình và yếu: Không.",
        "Đơn vị có điểm số cao nhất là: Sở Tài nguyên và Môi trường, chi nhánh Bảo Lộc; "
        "Sở Tài nguyên và Môi trường, chi nhánh Đà Lạt (đạt 17,48 điểm).",
        "Đơn vị có điểm số thấp nhất là: Sở Y tế (đạt 14,98 điểm).",
        "Điểm số bình quân của các đơn vị là: 16,82 điểm, xếp loại xuất sắc theo hướng dẫn.",
        "(Chi tiết bảng xếp hạng giải quyết TTHC kèm theo)",
    ]
    assert not any("UBND" in line for line in lines)


def test_departments_tied_without_commas(narrative):
    """Department names without commas are separated by ", " and still get no UBND."""
    lines = narrative([("Sở Y tế", "2 2 2 2 2 2 2 1 0"), ("Sở Tư pháp", "2 2 2 2 2 2 2 1 0")])
    assert line_starting(lines, "Đơn vị có điểm số cao nhất") == (
        "Đơn vị có điểm số cao nhất là: Sở Tư pháp, Sở Y tế (đạt 15,00 điểm)."
    )
