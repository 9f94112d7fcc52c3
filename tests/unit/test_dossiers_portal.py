"""The package's TDGQ formula reproduces the national portal's published TDGQ from the portal's own counts.

Fixture: the TDGQ block of the 9 communes in the real portal file (Gia Lai, year 2026 to 10/10/2026); see its
``_source``. Expected values are the portal's printed ones, not recomputed here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tthc_analysis.dossiers import TDGQ_MAX, tdgq_points, tdgq_ratio
from tthc_analysis.dossiers.output import portal_tdgq

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dossiers" / "portal-766-tdgq-gialai-2026.json"
UNITS = json.loads(FIXTURE.read_text(encoding="utf-8"), parse_float=Decimal)["units"]


def test_fixture_holds_the_nine_communes():
    assert len(UNITS) == 9
    assert UNITS[0]["departmentName"] == "UBND xã Vân Canh"
    assert (UNITS[0]["totalReceived"], UNITS[0]["totalOnTime"], UNITS[0]["score"]) == (2618, 2541, Decimal("19.41"))


@pytest.mark.parametrize("unit", UNITS, ids=[u["departmentCode"] for u in UNITS])
def test_tdgq_points_from_the_portal_counts(unit):
    assert TDGQ_MAX == unit["maxScore"] == 20
    assert tdgq_points(unit["totalOnTime"], unit["totalReceived"]) == unit["score"] == unit["groupScoreTDGQ"]


@pytest.mark.parametrize("unit", UNITS, ids=[u["departmentCode"] for u in UNITS])
def test_tdgq_ratio_from_the_counts_not_the_points(unit):
    assert tdgq_ratio(unit["totalOnTime"], unit["totalReceived"]) == unit["ratio"]
    # The portal's denominator is on time + overdue, as the package's dossiers = on_time + late.
    assert unit["totalReceived"] == unit["totalOnTime"] + unit["totalOverdue"]


def test_van_canh_ratio_is_from_counts():
    # 2541/2618 = 97.0588…% -> 97.06, while 19.41 / 20 would give 97.05.
    assert tdgq_ratio(2541, 2618) == Decimal("97.06")


def test_portal_file_is_read_by_name_and_code(tmp_path):
    path = tmp_path / "portal.json"
    path.write_text(json.dumps({"communes": [{"departmentName": "UBND xã Vân Canh", "departmentCode": "H21.227",
                                              "groupScores": {"TDGQ": 19.41}}]}), encoding="utf-8")  # fmt: skip
    small = portal_tdgq(path)
    assert small["ubnd xã vân canh"] == small["h21.227"] == Decimal("19.41")
