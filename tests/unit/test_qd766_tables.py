"""Flat QĐ 766 tables (one column per group, by code or Vietnamese name) and tables of totals only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.pipeline import analyse


def _write(tmp_path, text: str, name: str = "scores.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_group_codes_as_headings_choose_the_qd766_scheme(tmp_path):
    path = _write(tmp_path, "Đơn vị,CKMB,TDGQ,ONLINE,TTTT,MDSH,MDHL,Tổng điểm\n"
                            "Xã A,11.79,19.41,10,8.5,15,18,82.70\nXã B,11.79,18,9,8.5,15,18,80.29\n")  # fmt: skip
    result = analyse(path)
    assert result.scheme.name == "qd766"
    assert [r.unit for r in result.summary.ranking.itertuples()] == ["Xã A", "Xã B"]
    assert result.summary.ranking["total"].tolist() == [Decimal("82.70"), Decimal("80.29")]
    assert result.summary.mean_band == "Tốt"
    assert {c.key for c in result.summary.criteria} == {"CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL"}


def test_vietnamese_group_names_as_provincial_notices_print_them(tmp_path):
    path = _write(tmp_path, "STT;Tên đơn vị;Công khai, minh bạch;Tiến độ, kết quả giải quyết;Dịch vụ công trực tuyến;"
                            "Thanh toán trực tuyến;Số hóa hồ sơ;Mức độ hài lòng\n"
                            "1;Xã A;18;20;12;10;22;18\n2;Xã B;9;10;6;5;11;9\n")  # fmt: skip
    result = analyse(path)
    assert result.scheme.name == "qd766"
    assert result.summary.ranking["total"].tolist() == [Decimal(100), Decimal(50)]


def test_an_analyst_table_whose_total_disagrees_with_its_groups_is_refused(tmp_path):
    path = _write(tmp_path, "Đơn vị,CKMB,TDGQ,ONLINE,TTTT,MDSH,MDHL,Tổng điểm\nXã A,11.79,19.41,10,8.5,15,18,82.72\n")
    with pytest.raises(ValidationError) as caught:
        analyse(path)
    assert "82,72" in caught.value.report() and "Tổng điểm" in caught.value.report()


def test_a_group_above_its_maximum_is_refused(tmp_path):
    path = _write(tmp_path, "Đơn vị,CKMB,TDGQ,ONLINE,TTTT,MDSH,MDHL\nXã A,19,19.41,10,8.5,15,18\n")
    with pytest.raises(ValidationError):
        analyse(path)


def test_totals_only_for_either_scheme(tmp_path):
    tt01 = analyse(_write(tmp_path, "Đơn vị,Tổng điểm\nPhường 1,16\nPhường 2,15\nPhường 3,16\n"))
    assert tt01.scheme.name == "tt01-2018" and tt01.table.totals_only
    assert tt01.summary.ranking["rank"].tolist() == [1, 1, 3] and tt01.summary.criteria == []
    (tmp_path / "q").mkdir()
    qd = analyse(_write(tmp_path / "q", "Đơn vị,Tổng điểm\nXã A,75.34\nXã B,56.11\n"))
    assert qd.scheme.name == "qd766" and qd.summary.mean_band == "Trung bình"
    assert "Các mức xếp loại nêu trên là quy ước" in "\n".join(qd.section1)


def test_totals_only_refuses_every_bad_row_at_once(tmp_path):
    path = _write(tmp_path, "Đơn vị,Tổng điểm\nXã A,abc\n,50\nXã A,101\n")
    with pytest.raises(ValidationError) as caught:
        analyse(path, scheme="qd766")
    assert len(caught.value.problems) == 4


def test_a_portal_answer_with_online_service_merged_is_read_with_five_columns(tmp_path):
    units = [
        {"departmentName": "UBND tỉnh A", "departmentCode": "H01", "totalScore": 70.5,
         "groupScores": {"CKMB": 12, "TDGQ": 18, "ONLINE_SERVICE": 15.5, "MDSH": 12, "MDHL": 13}},
        {"departmentName": "UBND tỉnh B", "departmentCode": "H02", "totalScore": 60,
         "groupScores": {"CKMB": 10, "TDGQ": 15, "ONLINE_SERVICE": 12, "MDSH": 10, "MDHL": 13}},
    ]  # fmt: skip
    import json

    path = tmp_path / "merged.json"
    path.write_text(json.dumps({"code": "OK", "data": {"evaluation": units}}), encoding="utf-8")
    result = analyse(path)
    assert [c.key for c in result.scheme.criteria] == ["CKMB", "TDGQ", "MDSH", "MDHL", "ONLINE_SERVICE"]
    assert result.scheme.criterion("ONLINE_SERVICE").max_points == Decimal(22)
    assert result.summary.ranking["total"].tolist() == [Decimal("70.5"), Decimal(60)]
    assert result.table.portal.checks.checks == ()
