"""The scheme is data: TT 01/2018 as shipped, custom TOML schemes, and malformed schemes."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.narrative.section1 import section1
from tthc_analysis.scheme import SchemeError, available_schemes, load_scheme
from tthc_analysis.score.summary import summarize
from tthc_analysis.validate import read_scores

# Copied by hand from the table in DOMAIN.md.
TT01_NAMES = [
    "Tổng thời gian giải quyết thủ tục hành chính so với quy định của pháp luật",
    "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết (kể cả đơn vị phối hợp)",
    "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ thủ tục hành chính "
    "(kể cả liên hệ theo hình thức trực tuyến)",
    "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ thủ tục hành chính "
    "(kể cả liên hệ theo hình thức trực tuyến)",
    "Thực hiện tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa",
    "Công khai các thủ tục hành chính",
    "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, tiếp nhận hồ sơ và giải quyết "
    "thủ tục hành chính",
    "Tiếp thu, giải trình đối với các ý kiến phản ánh, kiến nghị của tổ chức, cá nhân",
    "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan có thẩm quyền",
]

CUSTOM_SCHEME = """\
name = "thu-nghiem"
title = "Bộ tiêu chí thử nghiệm"
min_points = "0"

[[criteria]]
number = 1
name = "Tiêu chí một"
max_points = "5"

[[criteria]]
number = 2
name = "Tiêu chí hai"
max_points = "5"

[[criteria]]
number = 3
name = "Tiêu chí ba"
max_points = "5"

[[bands]]
name = "Cao"
min = "12"

[[bands]]
name = "Vừa"
min = "7.5"

[[bands]]
name = "Thấp"
min = "0"
"""


@pytest.fixture
def custom_scheme_path(tmp_path):
    path = tmp_path / "thu-nghiem.toml"
    path.write_text(CUSTOM_SCHEME, encoding="utf-8")
    return path


def write_scheme(tmp_path, text: str):
    path = tmp_path / "scheme.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_tt01_is_shipped_and_loads_by_name():
    """The default scheme is available by its name."""
    assert "tt01-2018" in available_schemes()
    scheme = load_scheme("tt01-2018")
    assert scheme.name == "tt01-2018"
    assert load_scheme().name == "tt01-2018"


def test_tt01_has_nine_criteria_named_as_in_the_circular():
    """Nine criteria, numbered 1..9, with the exact Vietnamese names, 2 points each, 18 in all."""
    scheme = load_scheme("tt01-2018")
    assert [c.number for c in scheme.criteria] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [c.name for c in scheme.criteria] == TT01_NAMES
    assert [c.max_points for c in scheme.criteria] == [Decimal(2)] * 9
    assert scheme.criterion_keys == ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"]
    assert scheme.max_total == Decimal(18)
    assert scheme.min_points == Decimal(0)


def test_tt01_bands_in_order_with_half_open_bounds():
    """Bands highest first: Xuất sắc 15+, Tốt 12..15, Khá 9..12, Trung bình 6..9, Yếu below 6."""
    scheme = load_scheme("tt01-2018")
    assert [(b.name, b.lower, b.upper) for b in scheme.bands] == [
        ("Xuất sắc", Decimal(15), None),
        ("Tốt", Decimal(12), Decimal(15)),
        ("Khá", Decimal(9), Decimal(12)),
        ("Trung bình", Decimal(6), Decimal(9)),
        ("Yếu", Decimal(0), Decimal(6)),
    ]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        ("18", "Xuất sắc"),
        ("15", "Xuất sắc"),
        ("15.000", "Xuất sắc"),
        ("14.999", "Tốt"),
        ("14.99", "Tốt"),
        ("12", "Tốt"),
        ("11.95", "Khá"),
        ("11.999", "Khá"),
        ("9", "Khá"),
        ("8.99", "Trung bình"),
        ("6", "Trung bình"),
        ("5.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_band_of_each_boundary(total, band):
    """Each lower bound belongs to its band; just below it belongs to the next band down."""
    assert load_scheme("tt01-2018").band_of(Decimal(total)) == band


@pytest.mark.parametrize(
    ("total_sum", "count", "band"),
    [("45", 3, "Xuất sắc"), ("44.99", 3, "Tốt"), ("29.992", 2, "Tốt"), ("30", 2, "Xuất sắc")],
)
def test_band_of_mean_decides_without_rounding(total_sum, count, band):
    """The band of a mean is exact: 44.99/3 = 14.9966… is Tốt although it rounds to 15,00."""
    assert load_scheme("tt01-2018").band_of_mean(Decimal(total_sum), count) == band


def test_unknown_scheme_name_is_a_scheme_error():
    """A name that is neither shipped nor a file gives SchemeError naming what exists."""
    with pytest.raises(SchemeError, match="tt01-2018") as info:
        load_scheme("khong-co-bo-nay")
    assert "khong-co-bo-nay" in str(info.value)


def test_bands_not_decreasing_is_a_scheme_error(tmp_path):
    """Bands must be listed highest first with strictly decreasing minima."""
    path = write_scheme(
        tmp_path,
        """
        name = "sai"
        [[criteria]]
        number = 1
        name = "Một"
        max_points = "2"
        [[bands]]
        name = "Thấp"
        min = "0"
        [[bands]]
        name = "Cao"
        min = "1"
        """,
    )
    with pytest.raises(SchemeError, match="decreasing"):
        load_scheme(path)


def test_equal_band_minima_is_a_scheme_error(tmp_path):
    """Two bands with the same minimum leave one of them empty forever: rejected."""
    path = write_scheme(
        tmp_path,
        """
        name = "sai"
        [[criteria]]
        number = 1
        name = "Một"
        max_points = "2"
        [[bands]]
        name = "Cao"
        min = "1"
        [[bands]]
        name = "Cũng cao"
        min = "1"
        [[bands]]
        name = "Thấp"
        min = "0"
        """,
    )
    with pytest.raises(SchemeError):
        load_scheme(path)


def test_missing_field_is_a_scheme_error(tmp_path):
    """A criterion without max_points is reported as a SchemeError, not a KeyError."""
    path = write_scheme(
        tmp_path,
        """
        name = "thieu"
        [[criteria]]
        number = 1
        name = "Một"
        [[bands]]
        name = "Tất cả"
        min = "0"
        """,
    )
    with pytest.raises(SchemeError, match="max_points"):
        load_scheme(path)


def test_non_numeric_maximum_is_a_scheme_error(tmp_path):
    """A maximum that is not a number is a SchemeError."""
    path = write_scheme(
        tmp_path,
        """
        name = "sai"
        [[criteria]]
        number = 1
        name = "Một"
        max_points = "hai"
        [[bands]]
        name = "Tất cả"
        min = "0"
        """,
    )
    with pytest.raises(SchemeError, match="hai"):
        load_scheme(path)


def test_lowest_band_above_lowest_total_is_a_scheme_error(tmp_path):
    """A total of 0 must fall in some band."""
    path = write_scheme(
        tmp_path,
        """
        name = "sai"
        [[criteria]]
        number = 1
        name = "Một"
        max_points = "2"
        [[bands]]
        name = "Cao"
        min = "1"
        """,
    )
    with pytest.raises(SchemeError):
        load_scheme(path)


@pytest.mark.parametrize(
    "text",
    [
        'name = "hong"\n[[criteria]\n',  # TOML syntax error
        'name = "hong"\ncriteria = 3\n[[bands]]\nname = "A"\nmin = "0"\n',  # criteria not a list of tables
        'name = "hong"\n[[criteria]]\nnumber = "mot"\nname = "Một"\nmax_points = "2"\n[[bands]]\nname = "A"\nmin = "0"\n',
    ],
    ids=["toml-syntax", "criteria-not-tables", "number-not-integer"],
)
def test_unreadable_scheme_file_is_a_scheme_error(tmp_path, text):
    """Any malformed scheme file is a SchemeError (the command line turns it into exit status 2)."""
    path = tmp_path / "hong.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemeError):
        load_scheme(path)


def test_custom_scheme_loads(custom_scheme_path):
    """Three criteria of 5 points each and three bands with a decimal bound."""
    scheme = load_scheme(custom_scheme_path)
    assert scheme.name == "thu-nghiem"
    assert scheme.criterion_keys == ["c1", "c2", "c3"]
    assert scheme.max_total == Decimal(15)
    assert [(b.name, b.lower, b.upper) for b in scheme.bands] == [
        ("Cao", Decimal(12), None),
        ("Vừa", Decimal("7.5"), Decimal(12)),
        ("Thấp", Decimal(0), Decimal("7.5")),
    ]


def test_custom_scheme_end_to_end(custom_scheme_path, write_csv):
    """A 3-criterion, 5-point scheme reads, scores, ranks, bands and words a table: nothing assumes 9 criteria."""
    scheme = load_scheme(custom_scheme_path)
    path = write_csv(
        """
        unit,c1,c2,c3
        Đơn vị A,5,5,5
        Đơn vị B,4.5,4,3.5
        Đơn vị C,4,3.5,0
        Đơn vị D,2.5,2.5,2.49
        Đơn vị E,5,5,5
        """
    )
    table = read_scores(path, scheme)
    summary = summarize(table)
    ranking = summary.ranking
    assert list(zip(ranking["rank"], ranking["unit"], ranking["total"], ranking["band"])) == [
        (1, "Đơn vị A", Decimal(15), "Cao"),
        (1, "Đơn vị E", Decimal(15), "Cao"),
        (3, "Đơn vị B", Decimal(12), "Cao"),
        (4, "Đơn vị C", Decimal("7.5"), "Vừa"),
        (5, "Đơn vị D", Decimal("7.49"), "Thấp"),
    ]
    assert [(b.band, b.count) for b in summary.bands] == [("Cao", 3), ("Vừa", 1), ("Thấp", 1)]
    assert summary.mean == Decimal("11.398")
    assert summary.mean_band == "Vừa"
    assert section1(summary, scheme) == [
        "Nhóm đạt mức độ cao (đạt từ 12 điểm trở lên): 03/05 đơn vị, chiếm tỷ lệ 60%.",
        "Nhóm đạt mức độ vừa (đạt từ 7,5 đến dưới 12 điểm): 01/05 đơn vị, chiếm tỷ lệ 20%.",
        "Nhóm đạt mức độ thấp (đạt dưới 7,5 điểm): 01/05 đơn vị, chiếm tỷ lệ 20%.",
        "Đơn vị có điểm số cao nhất là: Đơn vị A, Đơn vị E (đạt 15,00 điểm).",
        "Đơn vị có điểm số thấp nhất là: Đơn vị D (đạt 7,49 điểm).",
        "Điểm số bình quân của các đơn vị là: 11,40 điểm, xếp loại vừa theo hướng dẫn.",
        "(Chi tiết bảng xếp hạng giải quyết TTHC kèm theo)",
    ]


def test_custom_scheme_validates_against_its_own_maximum(custom_scheme_path, write_csv):
    """4.5 is valid under a 5-point maximum, 5.5 is not; the message states the scheme's range."""
    scheme = load_scheme(custom_scheme_path)
    path = write_csv(
        """
        unit,c1,c2,c3
        Đơn vị A,4.5,5,5.5
        """
    )
    with pytest.raises(ValidationError) as info:
        read_scores(path, scheme)
    [problem] = info.value.problems
    assert (problem.row, problem.unit, problem.column, problem.value) == (2, "Đơn vị A", "c3", "5.5")
    assert "từ 0 đến 5" in problem.message


def test_custom_scheme_does_not_ask_for_nine_columns(custom_scheme_path, write_csv):
    """Missing c3 under a 3-criterion scheme names only Chỉ số 3."""
    scheme = load_scheme(custom_scheme_path)
    path = write_csv(
        """
        unit,c1,c2
        Đơn vị A,4,5
        """
    )
    with pytest.raises(ValidationError) as info:
        read_scores(path, scheme)
    [problem] = info.value.problems
    assert problem.row == 1
    assert "Chỉ số 3" in problem.message
    assert "Chỉ số 4" not in problem.message
