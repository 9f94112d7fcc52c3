"""The portal JSON reader on small SYNTHETIC files shaped like the portal's (saved files and raw API answers).

Every unit, code and score below is made up for the test (labelled synthetic); the shapes copy the real
files in data/portal-766/ and the API answer the crawler saved (`{"code": "OK", "data": {...}}`).
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.period import Period
from tthc_analysis.read.portal import load_json, read_portal

METADATA = {"province": "UBND tỉnh Thử Nghiệm", "provinceCode": "H99", "timeType": "quarter", "year": 2026,
            "period": 3, "periodLabel": "Quarter 3/2026"}  # fmt: skip


def unit(name, code, total, groups, cohort="COMMUNE", rank=None, **extra):
    keys = ("CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL")
    item = {"departmentName": name, "departmentCode": code, "childGroup": cohort, "totalScore": total,
            "groupScores": dict(zip(keys, groups)) if isinstance(groups, (list, tuple)) else groups}  # fmt: skip
    if rank is not None:
        item["rank"] = rank
    item.update(extra)
    return item


def write(tmp_path, data, name="synthetic.json"):
    path = tmp_path / name
    # Written as text so that the numbers reach the reader exactly as typed here.
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def saved(units, key="communes", overview=None):
    data = {"metadata": METADATA, "count": len(units), key: units}
    if overview is not None:
        data["overview"] = overview
    return data


def test_saved_file_units_groups_period_and_parent(tmp_path):
    groups = ["11.79", "19.41", "6.31", "7.34", "12.49", "18.0"]
    text = json.dumps(saved([unit("UBND xã Một", "H99.001", "__T__", "__G__", rank=2)]))
    text = text.replace('"__T__"', "75.34").replace(
        '"__G__"',
        "{"
        + ", ".join(f'"{k}": {v}' for k, v in zip(("CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL"), groups))
        + "}",
    )
    table = read_portal(write(tmp_path, text))
    [u] = table.units
    assert (u.name, u.code, u.cohort, u.parent_code, u.parent_name) == (
        "UBND xã Một",
        "H99.001",
        "COMMUNE",
        "H99",
        "UBND tỉnh Thử Nghiệm",
    )
    assert u.total == Decimal("75.34")
    assert u.groups == tuple(zip(("CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL"), map(Decimal, groups)))
    assert all(type(v) is Decimal for _, v in u.groups)
    assert u.portal_rank == 2
    assert table.period == Period("quarter", 2026, 3)
    assert table.group_codes == ("CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL")
    assert table.source.endswith("synthetic.json")


def test_numbers_never_pass_through_floats():
    """0.1 + 0.2 read as decimals is exactly 0.3; through floats it would not be."""
    data = load_json('{"a": 0.1, "b": 0.2, "n": 3}')
    assert data["a"] + data["b"] == Decimal("0.3")
    assert type(data["n"]) is Decimal


def test_cohort_from_the_list_when_no_child_group(tmp_path):
    agency = unit("Sở Một - tỉnh Thử Nghiệm", "H99.01", 50, [9, 10, 6, 5, 11, 9], cohort=None)
    del agency["childGroup"]
    province = unit("UBND tỉnh Hai", "H98", 50, [9, 10, 6, 5, 11, 9], cohort=None)
    del province["childGroup"]
    table = read_portal(write(tmp_path, {"metadata": METADATA, "agencies": [agency], "provinces": [province]}))
    assert [(u.cohort, u.parent_code) for u in table.units] == [("AGENCY", "H99"), ("PROVINCE", None)]
    assert table.cohorts == ("AGENCY", "PROVINCE")


def test_catalog_province_per_unit(tmp_path):
    u = unit("UBND xã Ba", "H97.3", 50, [9, 10, 6, 5, 11, 9], provinceCode="H97", provinceName="UBND tỉnh Bảy")
    table = read_portal(write(tmp_path, {"communes": [u]}))
    assert (table.units[0].parent_code, table.units[0].parent_name) == ("H97", "UBND tỉnh Bảy")
    assert table.period is None


def test_names_are_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "UBND xã Hòa Hội")
    assert nfd != "UBND xã Hòa Hội"
    table = read_portal(write(tmp_path, saved([unit(nfd, "H99.2", 50, [9, 10, 6, 5, 11, 9])])))
    assert table.units[0].name == "UBND xã Hòa Hội"


def test_raw_api_answer_with_clgq_and_radar(tmp_path):
    """The API's own answer: units under data.evaluation, CLGQ for ONLINE, the overview's groups in its radar."""
    raw = {
        "code": "OK",
        "data": {
            "overview": {"departmentName": "Cả nước", "departmentCode": None, "totalScore": 56.56, "totalMaxScore": 100},
            "radar": [{"code": "CKMB", "score": 8.79, "maxScore": 18}, {"code": "TDGQ", "score": 15.58, "maxScore": 20},
                      {"code": "ONLINE_SERVICE", "score": 13.1, "maxScore": 22}, {"code": "MDHL", "score": 10.49},
                      {"code": "MDSH", "score": 8.6}],
            "evaluation": [
                {"departmentName": "UBND tỉnh Một", "departmentCode": "H01", "totalScore": 60,
                 "groupScores": {"CKMB": 10, "TDGQ": 15, "CLGQ": 8, "TTTT": 6, "MDHL": 12, "MDSH": 9}},
            ],
        },
        "message": "OK",
    }  # fmt: skip
    table = read_portal(write(tmp_path, raw))
    [u] = table.units
    assert u.cohort == "PROVINCE"
    assert dict(u.groups)["ONLINE"] == Decimal(8)
    assert "CLGQ" not in dict(u.groups)
    assert table.overview.name == "Cả nước"
    assert table.overview.total == Decimal("56.56")
    assert dict(table.overview.groups)["ONLINE_SERVICE"] == Decimal("13.1")


def test_merged_online_service_group(tmp_path):
    """A file with ONLINE_SERVICE (22) in place of ONLINE and TTTT is read with that column."""
    groups = {"CKMB": 10, "TDGQ": 15, "ONLINE_SERVICE": 21.5, "MDSH": 9, "MDHL": 12}
    table = read_portal(write(tmp_path, saved([unit("UBND xã Bốn", "H99.4", 67.5, groups)])))
    assert table.group_codes == ("CKMB", "TDGQ", "MDSH", "MDHL", "ONLINE_SERVICE")
    assert dict(table.units[0].groups)["ONLINE_SERVICE"] == Decimal("21.5")


def test_every_problem_at_once(tmp_path):
    units = [
        unit("UBND xã Quá", "H99.1", 50, [19, 10, 6, 5, 11, 9]),  # CKMB 19 above 18
        unit("UBND xã Âm", "H99.2", 50, [9, -1, 6, 5, 11, 9]),  # TDGQ below 0
        unit("UBND xã Chữ", "H99.3", "năm mươi", [9, 10, "sáu", 5, 11, 9]),  # two non-numbers
        unit("UBND xã Trăm", "H99.4", 100.5, [9, 10, 6, 5, 11, 9]),  # total above 100
        unit("", "H99.5", 50, [9, 10, 6, 5, 11, 9]),  # no name
        unit("UBND xã Thiếu", "H99.6", 50, {"CKMB": 9, "TDGQ": 10, "ONLINE": 6, "TTTT": 5, "MDSH": 11}),  # no MDHL
        unit(
            "UBND xã Lạ", "H99.7", 50, {"CKMB": 9, "TDGQ": 10, "ONLINE": 6, "TTTT": 5, "MDSH": 11, "MDHL": 9, "XYZ": 1}
        ),
        unit("UBND xã Đúng", "H99.8", None, [9, 10, 6, 5, 11, True]),  # missing total, a boolean
        unit("UBND xã Trùng", "H99.1", 50, [9, 10, 6, 5, 11, 9]),  # same code as the first
    ]
    with pytest.raises(ValidationError) as info:
        read_portal(write(tmp_path, saved(units)))
    problems = info.value.problems
    seen = {(p.unit, p.column) for p in problems}
    assert ("UBND xã Quá", "communes[0].groupScores.CKMB") in seen
    assert ("UBND xã Âm", "communes[1].groupScores.TDGQ") in seen
    assert ("UBND xã Chữ", "communes[2].totalScore") in seen
    assert ("UBND xã Chữ", "communes[2].groupScores.ONLINE") in seen
    assert ("UBND xã Trăm", "communes[3].totalScore") in seen
    assert any(p.column == "communes[4].departmentName" for p in problems)
    assert any(p.unit == "UBND xã Thiếu" and "MDHL" in p.message for p in problems)
    assert ("UBND xã Lạ", "communes[6].groupScores.XYZ") in seen
    assert ("UBND xã Đúng", "communes[7].totalScore") in seen
    assert ("UBND xã Đúng", "communes[7].groupScores.MDHL") in seen
    assert any(p.unit == "UBND xã Trùng" and "H99.1" in p.message for p in problems)
    assert len(problems) == 11  # 1 + 1 + 2 + 1 + 1 + 1 + 1 + 2 + 1, counted by hand above
    assert all(p.file == "synthetic.json" for p in problems)
    quá = next(p for p in problems if p.unit == "UBND xã Quá")
    assert quá.value == "19" and "từ 0 đến 18" in quá.message


def test_unknown_metric_and_wrong_maximum(tmp_path):
    detail = unit("UBND xã Năm", "H99.5", 50, [9, 10, 6, 5, 11, 9], componentIndicators={
        "CKMB_CongKhaiMinhBach": {"score": 9, "maxScore": 18, "metrics": [
            {"code": "PUBLISH_ON_TIME", "numerator": 1, "denominator": 2, "score": 3, "maxScore": 5},
            {"code": "NEW_METRIC", "numerator": 1, "denominator": 2, "score": 3, "maxScore": 6},
        ]}})  # fmt: skip
    with pytest.raises(ValidationError) as info:
        read_portal(write(tmp_path, saved([detail], key="communesDetail")))
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2
    assert any("NEW_METRIC" in m for m in messages)
    assert any("PUBLISH_ON_TIME" in m and "tối đa" in m for m in messages)


def test_every_unusual_sub_indicator_is_reported_where_it_is(tmp_path):
    """The common case is read on a short path; anything else still gets its own problem and location."""
    detail = unit("UBND xã Tám", "H99.8", 50, [9, 10, 6, 5, 11, 9], componentIndicators={
        "CKMB_CongKhaiMinhBach": {"score": 9, "maxScore": 18, "metrics": [
            {"code": "PUBLISH_ON_TIME", "numerator": 1, "denominator": 2, "score": 3, "maxScore": 6},
            {"code": "PUBLISH_ON_TIME", "score": 7, "maxScore": 6},
            {"code": "PUBLISH_ON_TIME", "score": "3", "maxScore": 6},
            {"code": "PUBLISH_ON_TIME", "ratio": float("nan")},  # JSON's NaN, read as a float
            {"code": "DOSSIER_ON_TIME", "score": 3},
            "PUBLISH_ON_TIME",
        ]}})  # fmt: skip
    with pytest.raises(ValidationError) as info:
        read_portal(write(tmp_path, saved([detail], key="communesDetail")))
    where = "communesDetail[0].componentIndicators.CKMB_CongKhaiMinhBach.metrics"
    assert sorted((p.column, p.message) for p in info.value.problems) == [
        (f"{where}[1].score", "Điểm chỉ tiêu “PUBLISH_ON_TIME” phải từ 0 đến 6."),
        (f"{where}[2].score", "Giá trị không phải là số."),
        (f"{where}[3].ratio", "Giá trị không phải là số."),
        (f"{where}[4]", "Chỉ tiêu “DOSSIER_ON_TIME” thuộc nhóm TDGQ, không thuộc nhóm CKMB."),
        (f"{where}[5]", "Chỉ tiêu thành phần không phải một đối tượng JSON."),
    ]


def test_detail_file_sub_indicators_and_tdgq_counts(tmp_path):
    detail = unit("UBND xã Sáu", "H99.6", 50, [9, 10, 6, 5, 11, 9], componentIndicators={
        "TDGQ_TienDoGiaiQuyet": {"totalReceived": 200, "totalOnTime": 100, "score": 10, "maxScore": 20},
        "MDHL_MucDoHaiLong": {"score": 9, "maxScore": 18, "metrics": [
            {"code": "PETITION_CLASSIFICATION_TTHC", "name": "Tỷ lệ PAKN", "numerator": 0, "denominator": 0,
             "ratio": 0, "score": None, "maxScore": 0},
            {"code": "PETITION_PROCESSING_ON_TIME", "name": "Tỷ lệ PAKN xử lý đúng hạn", "numerator": 0,
             "denominator": 0, "ratio": 0, "score": 6, "maxScore": 6},
        ]}})  # fmt: skip
    table = read_portal(write(tmp_path, saved([detail], key="communesDetail")))
    [u] = table.units
    assert (u.total_received, u.total_on_time) == (Decimal(200), Decimal(100))
    assert [(s.group, s.code, s.score, s.max_points) for s in u.indicators] == [
        ("MDHL", "PETITION_CLASSIFICATION_TTHC", None, Decimal(0)),
        ("MDHL", "PETITION_PROCESSING_ON_TIME", Decimal(6), Decimal(6)),
    ]


def test_not_json_and_not_a_portal_file(tmp_path):
    with pytest.raises(ValidationError, match="JSON"):
        read_portal(write(tmp_path, "{ not json", name="hong.json"))
    with pytest.raises(ValidationError, match="danh sách đơn vị"):
        read_portal(write(tmp_path, {"metadata": METADATA}))
    with pytest.raises(ValidationError, match="metadata.timeType"):
        read_portal(write(tmp_path, {"metadata": {**METADATA, "timeType": "week"},
                                     "communes": [unit("UBND xã Bảy", "H99.7", 50, [9, 10, 6, 5, 11, 9])]}))  # fmt: skip


def test_competition_ranks_differ_from_the_portals_ordinal_ranks(tmp_path):
    """Three units, two tied at 73.29: the portal ranks them 1, 2, 3 (ordinal); competition ranks are 1, 2, 2."""
    units = [
        unit("UBND xã A", "H99.1", 80, [18, 20, 10, 10, 11, 11], rank=1),
        unit("UBND xã B", "H99.2", 73.29, [11.79, 19, 6.5, 7, 11, 18], rank=2),
        unit("UBND xã C", "H99.3", 73.29, [11.79, 18, 7.5, 7, 11, 18], rank=3),
        unit("UBND xã D", "H99.4", 70, [11, 18, 6, 6, 11, 18], rank=4),
    ]
    table = read_portal(write(tmp_path, saved(units)))
    totals = [u.total for u in table.units]
    competition = [1 + sum(1 for other in totals if other > t) for t in totals]  # computed here, independently
    assert competition == [1, 2, 2, 4]
    assert [u.portal_rank for u in table.units] == [1, 2, 3, 4]


def test_table_is_frozen(tmp_path):
    table = read_portal(write(tmp_path, saved([unit("UBND xã Tám", "H99.8", 50, [9, 10, 6, 5, 11, 9])])))
    with pytest.raises(AttributeError):
        table.units = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        table.units[0].total = Decimal(1)  # type: ignore[misc]


def test_period_given_by_the_caller(tmp_path):
    """A file without metadata takes the period given; a file whose metadata says otherwise is refused."""
    bare = write(tmp_path, {"communes": [unit("UBND xã Chín", "H99.9", 50, [9, 10, 6, 5, 11, 9])]}, name="bare.json")
    assert read_portal(bare, period=Period("month", 2026, 9)).period == Period("month", 2026, 9)
    dated = write(tmp_path, saved([unit("UBND xã Mười", "H99.10", 50, [9, 10, 6, 5, 11, 9])]), name="dated.json")
    assert read_portal(dated, period=Period("quarter", 2026, 3)).period == Period("quarter", 2026, 3)
    with pytest.raises(ValidationError, match="quý III năm 2026, không phải tháng 9 năm 2026"):
        read_portal(dated, period=Period("month", 2026, 9))
