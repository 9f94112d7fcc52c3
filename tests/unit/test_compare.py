"""Year over year: rank and band changes with ties, units in one year only, a rename, the 2025 merger,
unknown names. Every expected figure below was worked out by hand from the tables written here."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.narrative.comparison import comparison_paragraphs
from tthc_analysis.pipeline import load_year_report
from tthc_analysis.scheme import load_scheme
from tthc_analysis.score.printed import format_signed, printed_mean
from tthc_analysis.sections.comparison import comparison_section
from tthc_analysis.sections.figures import change_chart

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "data" / "registry.toml"
RENAME_REGISTRY = ROOT / "tests" / "fixtures" / "registry" / "rename.toml"
SCHEME = load_scheme("tt01-2018")

# Criterion strings for the totals used below (criteria 1-8 worth 16 at most, criterion 9 adds the rest).
SCORES = {
    "17": "2 2 2 2 2 2 2 2 1",
    "16.25": "2 2 2 2 2 2 2 2 0.25",
    "16": "2 2 2 2 2 2 2 2 0",
    "15.75": "2 2 2 2 2 2 2 1.75 0",
    "15.5": "2 2 2 2 2 2 2 1.5 0",
    "15.25": "2 2 2 2 2 2 2 1.25 0",
    "15": "2 2 2 2 2 2 2 1 0",
    "14.5": "2 2 2 2 2 2 1.5 1 0",
    "14": "2 2 2 2 2 2 1 1 0",
}


def year_folder(tmp_path: Path, write_rows, year: int, rows: list[tuple[str, str]]) -> Path:
    path = write_rows([(unit, SCORES[total]) for unit, total in rows], name=f"{year}.csv")
    folder = tmp_path / "data" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.move(path, folder / "scores.csv")
    return folder.parent


def by_unit(report) -> dict:
    return {u.unit: u for u in report.comparison.units}


# --- ranks and bands, with ties -------------------------------------------------------------------------

TIES_2023 = [("Phường 1", "16"), ("Phường 2", "15"), ("Phường 3", "15"), ("Phường 4", "14.5")]
TIES_2024 = [("Phường 1", "15"), ("Phường 2", "16"), ("Phường 3", "14.5"), ("Phường 4", "15")]


@pytest.fixture
def ties(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2023, TIES_2023)
    data = year_folder(tmp_path, write_rows, 2024, TIES_2024)
    return load_year_report(2024, data)


def test_rank_and_band_changes_with_ties(ties):
    units = by_unit(ties)
    # 2023 ranks: 1, 2, 2, 4. 2024 ranks: Phường 2 first, Phường 1 and 4 share 2nd, Phường 3 4th.
    assert [(u.unit, u.rank_before, u.rank_after, u.rank_change) for u in ties.comparison.units] == [
        ("Phường 2", 2, 1, 1),
        ("Phường 1", 1, 2, -1),
        ("Phường 4", 4, 2, 2),
        ("Phường 3", 2, 4, -2),
    ]
    assert units["Phường 1"].change == Decimal("-1")
    assert units["Phường 4"].change == Decimal("0.5")
    assert (units["Phường 3"].band_before, units["Phường 3"].band_after) == ("Xuất sắc", "Tốt")
    assert (units["Phường 4"].band_before, units["Phường 4"].band_after) == ("Tốt", "Xuất sắc")
    assert [u.unit for u in ties.comparison.band_changes] == ["Phường 4", "Phường 3"]


def test_tie_sentences(ties):
    assert comparison_paragraphs(ties.comparison, SCHEME)[:5] == [
        # Means 15,125 and 15,125 print as 15,13: no change.
        "Điểm bình quân năm 2024 là 15,13 điểm, không thay đổi so với năm 2023; xếp loại xuất sắc.",
        "Trong 4 đơn vị có kết quả cả hai năm: 02/04 đơn vị tăng điểm, 02/04 đơn vị giảm điểm.",
        "Tăng nhiều nhất: Phường 2 (tăng 1,00 điểm, từ 15,00 lên 16,00 điểm; từ hạng 2 lên hạng 1).",
        "Giảm nhiều nhất: Phường 1 (giảm 1,00 điểm, từ 16,00 xuống 15,00 điểm; từ hạng 1 xuống hạng 2).",
        "Thay đổi xếp loại (02/04 đơn vị): Phường 4 từ tốt lên xuất sắc; Phường 3 từ xuất sắc xuống tốt.",
    ]


def test_equal_largest_rises_are_named_together(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2023, [("Phường 1", "15"), ("Phường 2", "15"), ("Phường 3", "16")])
    data = year_folder(tmp_path, write_rows, 2024, [("Phường 1", "16"), ("Phường 2", "16"), ("Phường 3", "16")])
    report = load_year_report(2024, data)
    lines = comparison_paragraphs(report.comparison, SCHEME)
    assert lines[2] == (
        "Tăng nhiều nhất: Phường 1 (tăng 1,00 điểm, từ 15,00 lên 16,00 điểm; từ hạng 2 lên hạng 1); "
        "Phường 2 (tăng 1,00 điểm, từ 15,00 lên 16,00 điểm; từ hạng 2 lên hạng 1)."
    )
    assert "Giảm nhiều nhất" not in " ".join(lines)
    assert lines[1] == "Trong 3 đơn vị có kết quả cả hai năm: 02/03 đơn vị tăng điểm, 01/03 đơn vị giữ nguyên điểm."


# --- a unit in one year only ----------------------------------------------------------------------------


def test_unit_present_in_one_year_only(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2023, [("Phường 1", "16"), ("Xã Cũ", "15")])
    data = year_folder(tmp_path, write_rows, 2024, [("Phường 1", "15.5"), ("Xã Mới", "14")])
    report = load_year_report(2024, data)
    units = by_unit(report)
    assert (units["Xã Mới"].kind, units["Xã Mới"].before, units["Xã Mới"].change) == ("new", None, None)
    assert (units["Xã Cũ"].kind, units["Xã Cũ"].after, units["Xã Cũ"].rank_before) == ("gone", None, 2)
    lines = comparison_paragraphs(report.comparison, SCHEME)
    assert "Đơn vị không có kết quả năm 2023 để so sánh: Xã Mới." in lines
    assert "Đơn vị có kết quả năm 2023 nhưng không có trong số liệu năm 2024: Xã Cũ." in lines
    assert lines[1] == "Trong 1 đơn vị có kết quả cả hai năm: 01/01 đơn vị giảm điểm."
    html = comparison_section(report)
    assert '<td class="note">không có kết quả năm 2023</td>' in html
    assert '<td class="note">không có trong số liệu năm 2024</td>' in html


def test_spelling_variants_are_the_same_unit_without_a_registry(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2023, [("Xã Hòa Bình", "15"), ("Phường 1", "16")])
    data = year_folder(tmp_path, write_rows, 2024, [("xã  Hoà Bình", "16"), ("Phường 1", "16")])
    units = by_unit(load_year_report(2024, data))
    assert units["xã Hoà Bình"].kind == "same"
    assert units["xã Hoà Bình"].change == Decimal("1")


def test_first_year_has_no_comparison(tmp_path, write_rows):
    data = year_folder(tmp_path, write_rows, 2024, TIES_2024)
    report = load_year_report(2024, data)
    assert report.comparison is None
    assert comparison_section(report) == ""


# --- a renamed unit (registry) --------------------------------------------------------------------------


def test_renamed_unit_is_compared_with_itself(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2019, [("Xã A", "15"), ("Phường Cũ", "16")])
    data = year_folder(tmp_path, write_rows, 2020, [("Phường B", "16"), ("Phường Cũ", "16")])
    report = load_year_report(2020, data, registry_path=RENAME_REGISTRY)
    units = by_unit(report)
    assert (units["Phường B"].kind, units["Phường B"].previous_name, units["Phường B"].change) == (
        "same", "Xã A", Decimal("1"))  # fmt: skip
    assert ("Phường B (năm 2019 có tên Xã A) được so sánh với kết quả của chính đơn vị này dưới tên cũ."
            in comparison_paragraphs(report.comparison, SCHEME))  # fmt: skip
    assert '<td class="note">tên năm 2019: <bdi>Xã A</bdi></td>' in comparison_section(report)


# --- the 2025 merger (data/registry.toml) ---------------------------------------------------------------

OLD_2024 = [
    ("Phường 1", "16"), ("Phường 2", "15.5"), ("Phường 3", "15"), ("Phường 4", "17"), ("Phường 10", "16.25"),
    ("Phường 5", "15"), ("Phường 6", "16"), ("Xã Tà Nung", "14"),
    ("Phường 8", "14"), ("Phường 9", "15"), ("Phường 12", "15.5"),
    ("Phường 11", "16"), ("Xã Xuân Thọ", "15"), ("Xã Xuân Trường", "14.5"), ("Xã Trạm Hành", "15.25"),
    ("Phường 7", "15.75"),
]  # fmt: skip
WARDS_2025 = [
    ("Phường Xuân Hương - Đà Lạt", "16"),
    ("Phường Cam Ly – Đà Lạt", "15"),  # en dash, as some documents write it
    ("Phường Lâm Viên - Đà Lạt", "14.5"),
    ("Phường Xuân Trường - Đà Lạt", "15.25"),
    ("Phường Lang Biang - Đà Lạt", "15.75"),
]


@pytest.fixture
def merger(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2024, OLD_2024)
    data = year_folder(tmp_path, write_rows, 2025, WARDS_2025)
    shutil.copy(REGISTRY, data / "registry.toml")
    return load_year_report(2025, data)


def test_each_new_ward_is_compared_with_its_predecessors_mean(merger):
    units = by_unit(merger)
    # (16 + 15.5 + 15 + 17 + 16.25) / 5 = 15.95
    assert units["Phường Xuân Hương - Đà Lạt"].before == Decimal("15.95")
    assert units["Phường Xuân Hương - Đà Lạt"].change == Decimal("0.05")
    # (15 + 16 + 14) / 3 = 15
    # The en dash of the input is stored as a hyphen.
    assert units["Phường Cam Ly - Đà Lạt"].before == Decimal("15.00")
    # (14 + 15 + 15.5) / 3 = 14.8333... printed 14,83; band of the exact mean: Tốt
    assert units["Phường Lâm Viên - Đà Lạt"].before == Decimal("14.83")
    assert units["Phường Lâm Viên - Đà Lạt"].band_before == "Tốt"
    # (16 + 15 + 14.5 + 15.25) / 4 = 15.1875, half-up 15.19
    assert units["Phường Xuân Trường - Đà Lạt"].before == Decimal("15.19")
    assert units["Phường Xuân Trường - Đà Lạt"].change == Decimal("0.06")
    # Only Phường 7 has a 2024 score; Thị trấn Lạc Dương and Xã Lát were not in Đà Lạt's table.
    lang_biang = units["Phường Lang Biang - Đà Lạt"]
    assert (lang_biang.before, lang_biang.predecessors) == (Decimal("15.75"), ("Phường 7",))
    assert lang_biang.missing_predecessors == ("Thị trấn Lạc Dương", "Xã Lát")
    assert {u.kind for u in merger.comparison.units} == {"merged"}
    assert all(u.rank_before is None and u.rank_change is None for u in merger.comparison.units)


def test_merged_comparisons_are_counted_apart(merger):
    lines = comparison_paragraphs(merger.comparison, SCHEME)
    assert not any(line.startswith("Trong ") for line in lines)
    assert lines[1] == (
        "05 đơn vị hình thành sau sắp xếp đơn vị hành chính được so sánh với bình quân tổng điểm năm 2024 của các "
        "đơn vị cũ, tính riêng, không cộng vào số đơn vị tăng, giảm nêu trên: 02/05 đơn vị cao hơn, "
        "01/05 đơn vị thấp hơn, 02/05 đơn vị bằng bình quân cũ."
    )
    assert ("Phường Lang Biang - Đà Lạt: 15,75 điểm, so với 15,75 điểm là bình quân tổng điểm năm 2024 của "
            "Phường 7 (0,00 điểm). Thị trấn Lạc Dương, Xã Lát không có kết quả năm 2024 trong số liệu nên không "
            "được tính vào bình quân.") in lines  # fmt: skip


def test_merged_rows_are_marked_in_the_table(merger):
    html = comparison_section(merger)
    assert '<td class="num">14,83<sup>*</sup></td>' in html
    assert "bình quân các đơn vị cũ: <bdi>Phường 8</bdi>, 9, 12" in html
    assert "Bình quân các đơn vị cũ: trung bình cộng tổng điểm năm 2024" in html


def test_strict_registry_lists_unknown_names_with_the_closest_known_names(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2024, OLD_2024)
    data = year_folder(tmp_path, write_rows, 2025, [("Phường Xuan Huong", "16"), *WARDS_2025[1:]])
    shutil.copy(REGISTRY, data / "registry.toml")
    with pytest.raises(ValidationError) as caught:
        load_year_report(2025, data, strict_registry=True)
    (problem,) = caught.value.problems
    assert (problem.row, problem.unit, problem.column) == (2, "Phường Xuan Huong", "Đơn vị")
    assert problem.message.endswith("tên gần nhất: Phường Xuân Hương - Đà Lạt")


def test_strict_registry_lists_problems_of_both_years_together(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2024, [*OLD_2024[:-1], ("Phường 77", "15")])
    data = year_folder(tmp_path, write_rows, 2025, [("Phường Xuan Huong", "16"), *WARDS_2025[1:]])
    shutil.copy(REGISTRY, data / "registry.toml")
    with pytest.raises(ValidationError) as caught:
        load_year_report(2025, data, strict_registry=True)
    assert [p.unit for p in caught.value.problems] == ["Phường Xuan Huong", "Phường 77"]


def test_unknown_name_is_a_new_unit_named_with_the_closest_known_names(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2024, OLD_2024)
    data = year_folder(tmp_path, write_rows, 2025, [("Phường Xuan Huong", "16"), *WARDS_2025[1:]])
    shutil.copy(REGISTRY, data / "registry.toml")
    report = load_year_report(2025, data)
    assert by_unit(report)["Phường Xuan Huong"].kind == "new"
    assert "“Phường Xuan Huong” (năm 2025; tên gần nhất trong danh mục: Phường Xuân Hương - Đà Lạt)" in (
        report.registry_notice
    )
    assert "chưa có trong danh mục đơn vị hành chính (registry.toml)" in comparison_section(report)


def test_years_with_no_unit_in_common_render_and_say_so(tmp_path, write_rows):
    year_folder(tmp_path, write_rows, 2024, [("Phường 1", "16"), ("Phường 2", "15")])
    data = year_folder(tmp_path, write_rows, 2025, [("Phường Lâm Viên", "16"), ("Phường Cam Ly", "14")])
    report = load_year_report(2025, data)
    assert "không có đơn vị nào chung" in report.comparison_notice and "registry.toml" in report.comparison_notice
    html = comparison_section(report)
    assert "không có đơn vị nào chung" in html
    assert change_chart(report) == ""


# --- printing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.28"), "+0,28"),
        (Decimal("-1.5"), "-1,50"),
        (Decimal("0"), "0,00"),
        (Decimal("-0.004"), "0,00"),
        (Decimal("-0.005"), "-0,01"),
    ],
)
def test_format_signed(value, text):
    assert format_signed(value) == text


def test_merged_mean_just_under_a_bound_keeps_its_band():
    # 14 + 15 + 15.99 = 44.99; / 3 = 14.99666..., two decimals would print 15,00 (a Xuất sắc figure).
    assert printed_mean(Decimal("44.99"), 3, SCHEME) == Decimal("14.997")


def test_year_folders_may_hold_an_excel_workbook(tmp_path, write_rows):
    from openpyxl import Workbook

    from tthc_analysis.read.years import available_years

    year_folder(tmp_path, write_rows, 2023, TIES_2023)
    folder = tmp_path / "data" / "2024"
    folder.mkdir()
    book = Workbook()
    sheet = book.active
    sheet.append(["BẢNG ĐIỂM NĂM 2024"])  # a title block above the header
    sheet.append(["unit"] + [f"c{n}" for n in range(1, 10)])
    for unit, total in TIES_2024:
        sheet.append([unit, *(float(v) for v in SCORES[total].split())])
    book.save(folder / "scores.xlsx")
    report = load_year_report(2024, tmp_path / "data")
    assert available_years(tmp_path / "data") == [2023, 2024]
    assert report.data_file == "2024/scores.xlsx"
    assert by_unit(report)["Phường 4"].change == Decimal("0.5")
