"""The reader and the QĐ 766 checks on the portal's REAL files (data/portal-766/, Gia Lai and the 34 provinces).

Expected values come from the JSON itself, loaded here with the standard library (numbers as Decimal) and
summed in the test, or were read off the files by eye (quoted with the file's line in comments).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tthc_analysis.period import Period
from tthc_analysis.read.portal import read_portal
from tthc_analysis.validate.qd766_checks import check_table

DATA = Path(__file__).resolve().parents[2] / "data" / "portal-766"
FILES = {
    "agencies_GiaLai_10102026.json": ("agencies", "AGENCY", 14),
    "communes_GiaLai_10102026.json": ("communes", "COMMUNE", 135),
    "communes_detail_GiaLai_10102026.json": ("communesDetail", "COMMUNE", 9),
    "scores_Provinces_10102026.json": ("provinces", "PROVINCE", 34),
}
CANONICAL = {"CLGQ": "ONLINE"}


def raw(name: str) -> dict:
    """The file as the standard library reads it, numbers as Decimal: the independent reference."""
    return json.loads((DATA / name).read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_unit_read_as_stated(name):
    key, cohort, count = FILES[name]
    table = read_portal(DATA / name)
    items = raw(name)[key]
    assert len(table.units) == len(items) == count
    assert {u.cohort for u in table.units} == {cohort}
    assert table.period == Period("year", 2026)
    for unit, item in zip(table.units, items):
        assert unit.name == item["departmentName"]
        assert unit.code == item["departmentCode"]
        assert unit.total == item["totalScore"]
        assert dict(unit.groups) == {CANONICAL.get(k, k): v for k, v in item["groupScores"].items()}
        assert unit.portal_rank == int(item["rank"])


def test_gia_lai_parent_and_overview():
    """Overview of the communes file (lines 15-35): Gia Lai 66.23, CLGQ 9.14 read as ONLINE."""
    table = read_portal(DATA / "communes_GiaLai_10102026.json")
    assert {(u.parent_code, u.parent_name) for u in table.units} == {("H21", "UBND tỉnh Gia Lai")}
    assert table.overview.total == Decimal("66.23")
    assert dict(table.overview.groups) == {"CKMB": Decimal("11.79"), "TDGQ": Decimal("17.17"),
                                           "ONLINE": Decimal("9.14"), "TTTT": Decimal("7.21"),
                                           "MDSH": Decimal("9.62"), "MDHL": Decimal("11.3")}  # fmt: skip


def test_province_score_is_not_the_mean_of_its_units():
    """66.23 (the portal's own figure for Gia Lai) against the plain mean of its 149 units' totals."""
    units = raw("communes_GiaLai_10102026.json")["communes"] + raw("agencies_GiaLai_10102026.json")["agencies"]
    mean = sum(u["totalScore"] for u in units) / len(units)
    table = read_portal(DATA / "agencies_GiaLai_10102026.json")
    assert len(units) == 149
    assert table.overview.total != mean.quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_provinces_file_overview_is_the_country():
    table = read_portal(DATA / "scores_Provinces_10102026.json")
    assert (table.overview.name, table.overview.total) == ("Cả nước", Decimal("62.59"))
    assert all(u.parent_code is None for u in table.units)


def test_detail_file_sub_indicators():
    """Vân Canh (first unit of the detail file): 16 metrics in three groups, TDGQ counts 2541 of 2618."""
    vân_canh = read_portal(DATA / "communes_detail_GiaLai_10102026.json").units[0]
    assert vân_canh.name == "UBND xã Vân Canh"
    assert (vân_canh.total_on_time, vân_canh.total_received) == (Decimal(2541), Decimal(2618))
    assert len(vân_canh.indicators) == 16
    publish = next(s for s in vân_canh.indicators if s.code == "PUBLISH_ON_TIME")
    assert (publish.numerator, publish.denominator, publish.ratio, publish.score) == (1, 47, Decimal("2.13"),
                                                                                    Decimal("0.13"))  # fmt: skip
    assert publish.name == "Tỷ lệ TTHC công bố đúng hạn"


def _sum_mismatches(name: str) -> list[tuple[str, Decimal, Decimal]]:
    key = FILES[name][0]
    found = []
    for item in raw(name)[key]:
        total = sum(item["groupScores"].values(), Decimal(0))
        if total != item["totalScore"]:
            found.append((item["departmentName"], item["totalScore"], total))
    return found


@pytest.mark.parametrize("name", sorted(FILES))
def test_total_checks_match_an_independent_sum(name):
    report = check_table(read_portal(DATA / name))
    expected = _sum_mismatches(name)
    found = [(c.unit, c.stated, c.computed) for c in report.checks if c.kind == "total"]
    assert found == expected
    assert dict(report.made)["total"] == FILES[name][2]


def test_the_two_provinces_off_by_a_cent_are_rounding():
    """Thái Nguyên states 63.97 (line 217), its groups add up to 63.98 (lines 222-227, added by hand);
    Thanh Hóa states 60.8 (line 502), its groups 60.79 (lines 507-512). Both noted as rounding, nothing else."""
    report = check_table(read_portal(DATA / "scores_Provinces_10102026.json"))
    assert [(c.kind, c.unit, c.stated, c.computed, c.rounding) for c in report.checks] == [
        ("total", "UBND tỉnh Thái Nguyên", Decimal("63.97"), Decimal("63.98"), True),
        ("total", "UBND tỉnh Thanh Hóa", Decimal("60.8"), Decimal("60.79"), True),
    ]
    assert report.discrepancies == ()
    assert "63,97" in report.checks[0].describe() and "làm tròn" in report.checks[0].describe()


def test_detail_file_checks_all_agree():
    """On the 9 detail communes every formula agrees (README: TDGQ 9/9, metric scores 9/9, groups 9/9)."""
    report = check_table(read_portal(DATA / "communes_detail_GiaLai_10102026.json"))
    assert report.checks == ()
    # Comparisons made: 9 totals, 9 TDGQ, 14 scored metrics × 9 (16 minus the 2 tracking ones), 3 groups × 9.
    assert dict(report.made) == {"total": 9, "tdgq": 9, "indicator": 126, "group": 27}


def test_tdgq_against_an_independent_rounding():
    """20 × onTime / received, half-up to 2 decimals, computed here for each detail commune."""
    table = read_portal(DATA / "communes_detail_GiaLai_10102026.json")
    for item, unit in zip(raw("communes_detail_GiaLai_10102026.json")["communesDetail"], table.units):
        block = item["componentIndicators"]["TDGQ_TienDoGiaiQuyet"]
        expected = (20 * block["totalOnTime"] / block["totalReceived"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert unit.group("TDGQ") == expected


def test_a_changed_figure_is_a_discrepancy(tmp_path):
    """The real detail file with Vân Canh's PUBLISH_ON_TIME score changed from 0.13 to 0.5: a discrepancy
    for the metric and for CKMB against its metrics; nothing else moves."""
    text = (DATA / "communes_detail_GiaLai_10102026.json").read_text(encoding="utf-8")
    changed = text.replace(
        '"ratio": 2.13,\n              "score": 0.13,', '"ratio": 2.13,\n              "score": 0.5,', 1
    )
    assert changed != text
    path = tmp_path / "changed.json"
    path.write_text(changed, encoding="utf-8")
    report = check_table(read_portal(path))
    assert [(c.kind, c.figure, c.stated, c.computed, c.rounding) for c in report.checks] == [
        ("indicator", "CKMB/PUBLISH_ON_TIME", Decimal("0.5"), Decimal("0.13"), False),
        ("group", "CKMB", Decimal("11.79"), Decimal("12.16"), False),  # 0.5 + 3.66 + 2 + 6
    ]


def test_competition_ranks_against_the_portals_ordinal_ranks():
    """Gia Lai's 149 units: the portal ranks Hoài Nhơn and Ia Mơ, both 73.29, as 13 and 14 (communes file,
    lines 247-281). Competition ranks, computed here, give both the same rank and skip the next."""
    communes = read_portal(DATA / "communes_GiaLai_10102026.json").units
    agencies = read_portal(DATA / "agencies_GiaLai_10102026.json").units
    units = communes + agencies
    totals = [u.total for u in units]
    competition = {u.name: 1 + sum(1 for t in totals if t > u.total) for u in units}
    ordinal = {u.name: u.portal_rank for u in units}
    tied = ["UBND phường Hoài Nhơn", "UBND xã Ia Mơ"]
    assert [ordinal[n] for n in tied] == [13, 14]
    assert competition[tied[0]] == competition[tied[1]] == 13
    assert sorted(ordinal.values()) == list(range(1, 150))  # ordinal: no ties, no gaps
    assert sorted(set(competition.values())) != list(range(1, 150))  # competition: ties share, gaps follow


def test_raw_api_answer():
    """The API's own answer (cut to 3 provinces): CLGQ read as ONLINE, the country's merged ONLINE_SERVICE
    group from the radar, each total equal to its groups (added by hand: Đồng Tháp 11.45 + 17.72 + 8.83 +
    6.22 + 14.45 + 9.65 = 68.32)."""
    table = read_portal(DATA / "raw_service-results_national_17092026_cut.json")
    assert [(u.name, u.code, u.cohort, u.total) for u in table.units] == [
        ("UBND tỉnh Đồng Tháp", "H20", "PROVINCE", Decimal("68.32")),
        ("UBND Thành phố Đồng Nai", "H19", "PROVINCE", Decimal("67.55")),
        ("UBND Thành phố Hải Phòng", "H24", "PROVINCE", Decimal("66.54")),
    ]
    assert dict(table.units[0].groups)["ONLINE"] == Decimal("8.83")
    assert table.period is None  # the raw answer carries no metadata
    assert (table.overview.name, table.overview.total) == ("Cả nước", Decimal("56.56"))
    assert dict(table.overview.groups) == {"CKMB": Decimal("8.79"), "TDGQ": Decimal("15.58"),
                                           "MDSH": Decimal("8.6"), "MDHL": Decimal("10.49"),
                                           "ONLINE_SERVICE": Decimal("13.1")}  # fmt: skip
    report = check_table(table)
    assert report.checks == () and dict(report.made)["total"] == 3
