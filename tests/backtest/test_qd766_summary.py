"""`tthc summary --json` on every REAL portal file (data/portal-766/) against an independent Decimal computation.

The reference below reads the JSON itself (numbers as Decimal), takes each unit's stated `totalScore`, and
computes competition ranks, band counts, the printed mean and the extremes by hand: nothing from the package
is used to compute an expected value.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tthc_analysis.cli import main

DATA = Path(__file__).resolve().parents[2] / "data" / "portal-766"
FILES = sorted(p.name for p in DATA.glob("*.json"))
# The portal's convention (DOMAIN.md), highest first.
BANDS = [("Xuất sắc", Decimal(90)), ("Tốt", Decimal(80)), ("Khá", Decimal(70)), ("Trung bình", Decimal(50)),
         ("Yếu", Decimal(0))]  # fmt: skip


def _units(name: str) -> list[tuple[str, Decimal, str | None]]:
    raw = json.loads((DATA / name).read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)
    if "data" in raw:
        items = raw["data"]["evaluation"]
    else:
        key = next(k for k in ("communes", "communesDetail", "agencies", "provinces") if k in raw)
        items = raw[key]
    return [(u["departmentName"].strip(), u["totalScore"], u.get("childGroup")) for u in items]


def _band(total: Decimal) -> str:
    return next(name for name, lower in BANDS if total >= lower)


def _expected(units: list[tuple[str, Decimal, str | None]]) -> dict:
    totals = [t for _, t, _ in units]
    n = len(totals)
    ranks = {}
    for name, total, _ in units:
        ranks[name] = 1 + sum(1 for t in totals if t > total)
    exact = sum(totals, Decimal(0)) / n
    true_band = next(name for name, lower in BANDS if sum(totals, Decimal(0)) >= lower * n)
    places = 2
    while _band(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)) != true_band:
        places += 1
    return {
        "n_units": n,
        "ranks": ranks,
        "bands": {name: sum(1 for t in totals if _band(t) == name) for name, _ in BANDS},
        "mean_printed": exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP),
        "mean_band": true_band,
        "highest": (max(totals), sorted(u for u, t, _ in units if t == max(totals))),
        "lowest": (min(totals), sorted(u for u, t, _ in units if t == min(totals))),
    }


def _summary(name: str, capsys) -> dict:
    assert main(["summary", str(DATA / name), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", FILES)
def test_summary_json_matches_an_independent_decimal_computation(name, capsys):
    data = _summary(name, capsys)
    units = _units(name)
    expected = _expected(units)
    assert data["scheme"] == "qd766"
    assert data["n_units"] == expected["n_units"]
    assert {r["unit"]: r["rank"] for r in data["ranking"]} == expected["ranks"]
    assert {b["band"]: b["count"] for b in data["bands"]} == expected["bands"]
    assert Decimal(data["mean_printed"]) == expected["mean_printed"]
    assert data["mean_band"] == expected["mean_band"]
    assert Decimal(str(data["highest"]["total"])) == expected["highest"][0]
    assert sorted(data["highest"]["units"]) == expected["highest"][1]
    assert Decimal(str(data["lowest"]["total"])) == expected["lowest"][0]
    assert sorted(data["lowest"]["units"]) == expected["lowest"][1]
    cohorts = {c for _, _, c in units if c}
    if len(cohorts) > 1:
        assert set(data["cohorts"]) == cohorts


def test_real_figures_as_phase_one_found_them(capsys):
    communes = _summary("communes_GiaLai_10102026.json", capsys)
    assert (communes["n_units"], communes["mean_printed"], communes["mean_band"]) == (135, "69.97", "Trung bình")
    assert {b["band"]: b["count"] for b in communes["bands"]}["Khá"] == 94
    # Two communes at 73.29 share rank 12 (the portal ranks them 13 and 14 among all 149 units).
    tied = [r for r in communes["ranking"] if r["total"] == 73.29]
    assert [r["rank"] for r in tied] == [12, 12] and sorted(r["portal_rank"] for r in tied) == [13, 14]
    assert communes["period"] == {"kind": "year", "year": 2026, "number": None, "label": "năm 2026"}


def test_provinces_rounding_checks_are_listed_and_nothing_is_refused(capsys):
    data = _summary("scores_Provinces_10102026.json", capsys)
    assert data["n_units"] == 34
    checks = {c["unit"]: c for c in data["checks"]}
    assert set(checks) == {"UBND tỉnh Thái Nguyên", "UBND tỉnh Thanh Hóa"}
    assert all(c["rounding"] and c["kind"] == "total" for c in checks.values())
    assert (checks["UBND tỉnh Thái Nguyên"]["stated"], checks["UBND tỉnh Thái Nguyên"]["computed"]) == (
        "63.97",
        "63.98",
    )
    # Ranked on the portal's own total, the official figure.
    thanh_hoa = next(r for r in data["ranking"] if r["unit"] == "UBND tỉnh Thanh Hóa")
    assert thanh_hoa["total"] == 60.8
