"""Periods of a report: from a table's metadata, from --period, in output names; previous period by layout."""

from __future__ import annotations

import pytest

from tthc_analysis.config import output_names
from tthc_analysis.errors import ValidationError
from tthc_analysis.period import Period, parse_period
from tthc_analysis.pipeline import analyse, load_year_report

TABLE = "Đơn vị,CKMB,TDGQ,ONLINE,TTTT,MDSH,MDHL\nXã A,11.79,19.41,10,8.5,15,18\nXã B,11.79,18,9,8.5,15,17\n"


def _folder(root, slug: str, period: str | None = None, text: str = TABLE):
    folder = root / slug
    folder.mkdir(parents=True)
    (folder / "scores.csv").write_text(text, encoding="utf-8")
    if period:
        (folder / "metadata.toml").write_text(f'year = 2026\nperiod = "{period}"\n', encoding="utf-8")
    return folder


def test_output_names_carry_the_period_and_a_year_keeps_its_names():
    assert output_names(2021)["html"] == "bao-cao-tthc-2021.html"
    assert output_names(Period("year", 2021))["csv"] == "bang-xep-hang-2021.csv"
    assert output_names(parse_period("2026-Q3"))["html"] == "bao-cao-tthc-2026-q3.html"
    assert output_names(parse_period("2026-6T"))["xlsx"] == "bang-xep-hang-2026-6t.xlsx"


def test_the_period_comes_from_metadata_and_names_section_one(tmp_path):
    result = analyse(_folder(tmp_path, "2026-6t", "2026-6T"))
    assert result.period == Period("half", 2026)
    assert "(Chi tiết bảng xếp hạng giải quyết TTHC 6 tháng đầu năm 2026 kèm theo)" in result.section1


def test_a_period_asked_for_that_the_file_contradicts_is_refused(tmp_path):
    with pytest.raises(ValidationError) as caught:
        analyse(_folder(tmp_path, "2026-09", "2026-09"), period=parse_period("2026-Q3"))
    assert "tháng 9 năm 2026" in caught.value.report() and "quý III năm 2026" in caught.value.report()


def test_the_previous_quarter_is_found_in_the_data_directory(tmp_path):
    _folder(tmp_path, "2026-q2", "2026-Q2", TABLE.replace("18,17", "18,16"))
    _folder(tmp_path, "2026-q3", "2026-Q3")
    report = load_year_report(2026, tmp_path, period="2026-Q3")
    assert report.period_label == "quý III năm 2026" and report.comparison is not None
    assert report.comparison.previous_label == "quý II năm 2026"
    assert report.previous_file == "2026-q2/scores.csv"


def test_the_first_quarter_looks_for_the_fourth_of_the_year_before(tmp_path):
    _folder(tmp_path, "2025-q4", "2025-Q4")
    (tmp_path / "2025-q4" / "metadata.toml").write_text('year = 2025\nperiod = "2025-Q4"\n', encoding="utf-8")
    _folder(tmp_path, "2026-q1", "2026-Q1")
    report = load_year_report(2026, tmp_path, period="2026-Q1")
    assert report.comparison is not None and report.comparison.previous_label == "quý IV năm 2025"
