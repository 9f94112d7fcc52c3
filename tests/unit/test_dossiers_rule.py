"""The on-time rule on a small hand-made export: every expected count was worked out by hand (see the comments),
and both the engine (DuckDB) and the plain-Python reference must give them."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tthc_analysis.dossiers import compute, open_source, parse_period
from tthc_analysis.dossiers.reference import Dossier, reference_counts

HEADER = ["MaHoSo", "DonViXuLy", "KenhThucHien", "TrangThaiHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy",
          "NgayTra", "NgayYeuCauBoSung", "NgayTiepNhanBoSung", "SoLanBoSung", "DuocThanhToanTrucTuyen",
          "HoSoCoThanhPhanSoHoa"]  # fmt: skip
HB = "UBND xã Hòa Bình"
DH = "UBND phường Đông Hà"

# id, unit, channel, status, received, due, processed, returned, asked, back, supplements, paid, digitised
ROWS = [
    ("H1", HB, 2, 10, "2026-07-01 08:00:00", "2026-07-05 17:00:00", "2026-07-03 09:00:00", "", "", "", "", 1, 1),  # early
    ("H2", HB, 1, 10, "2026-07-01 08:00:00", "2026-07-03 17:00:00", "2026-07-03 16:59:59", "", "", "", "", 0, 1),  # on time, same day
    ("H3", HB, 1, 10, "2026-07-01 08:00:00", "2026-07-03 17:00:00", "2026-07-03 17:00:01", "", "", "", "", 0, 0),  # late by 1 s
    # supplement: 5 days with the citizen do not count -> effective end 07-03 10:00, on time
    ("H4", HB, 2, 10, "2026-07-01 08:00:00", "2026-07-03 17:00:00", "2026-07-08 10:00:00", "", "2026-07-02 08:00:00",
     "2026-07-07 08:00:00", "1", 1, 0),
    # the same with two supplement requests: late
    ("H5", HB, 2, 10, "2026-07-01 08:00:00", "2026-07-03 17:00:00", "2026-07-08 10:00:00", "", "2026-07-02 08:00:00",
     "2026-07-07 08:00:00", "2", 0, 0),
    ("H6", HB, 3, 4, "2026-09-20 08:00:00", "2026-10-05 17:00:00", "", "", "", "", "", 0, 0),  # open, within
    ("H7", HB, 1, 4, "2026-09-01 08:00:00", "2026-09-10 17:00:00", "", "", "", "", "", 0, 0),  # open, past the deadline
    # finished after the period: open at its end, and past the deadline then
    ("H8", HB, 1, 10, "2026-09-25 08:00:00", "2026-09-28 17:00:00", "2026-10-03 08:00:00", "", "", "", "", 0, 0),
    # carried over from Q2, finished on the promised day: on time (not early)
    ("H9", HB, 2, 10, "2026-06-20 08:00:00", "2026-07-02 17:00:00", "2026-07-02 10:00:00", "", "", "", "", 1, 0),
    # finished in Q2: outside Q3; late in Q2
    ("H10", HB, 1, 10, "2026-06-01 08:00:00", "2026-06-05 17:00:00", "2026-06-15 08:00:00", "", "", "", "", 0, 0),
    ("H11", HB, 1, 4, "2026-10-02 08:00:00", "2026-10-05 17:00:00", "", "", "", "", "", 0, 0),  # after the period
    ("H12", HB, 1, 3, "2026-07-05 08:00:00", "2026-07-10 17:00:00", "", "", "", "", "", 0, 0),  # refused: not counted
    ("H13", HB, 1, 7, "2026-07-05 08:00:00", "2026-07-10 17:00:00", "", "", "", "", "", 0, 0),  # withdrawn: excluded
    ("H14", HB, 1, 10, "2026-07-05 08:00:00", "", "2026-07-06 08:00:00", "", "", "", "", 0, 1),  # no promised date
    # supplement never came back: the clock stops at the request (09-22), within the deadline
    ("H15", HB, 2, 5, "2026-09-20 08:00:00", "2026-09-25 17:00:00", "", "", "2026-09-22 08:00:00", "", "", 0, 0),
    # only NgayTra filled, dates written dd/mm/yyyy: early
    ("H16", HB, 1, 10, "10/07/2026 08:00:00", "12/07/2026 17:00:00", "", "11/07/2026 09:00:00", "", "", "", 0, 0),
    ("D1", DH, 2, 10, "2026-07-01 08:00:00", "2026-07-02 17:00:00", "2026-07-01 15:00:00", "", "", "", "", 0, 1),
]  # fmt: skip

# Q3 by hand. Hòa Bình: in scope H1-H9, H13 (excluded), H14 (unjudgeable), H15, H16.
HOA_BINH_Q3 = {
    "received": 11, "received_online": 4, "received_direct": 6, "received_post": 1, "carried_over": 1,
    "dossiers": 11, "on_time": 7, "late": 4, "early": 2, "on_time_finished": 3, "late_finished": 2,
    "open_within": 2, "open_overdue": 2, "finished": 7,
    # H1 2d1h, H2 2d8:59:59, H3 2d9:00:01, H4 2d2h, H5 2d2h, H9 12d2h, H16 1d1h
    "processing_seconds": 176400 + 205199 + 205201 + 180000 + 180000 + 1044000 + 90000,
    "paid_online": 2, "digitised": 3, "unjudgeable": 1, "excluded": 1,
}  # fmt: skip
DONG_HA_Q3 = {"received": 1, "received_online": 1, "received_direct": 0, "received_post": 0, "carried_over": 0,
              "dossiers": 1, "on_time": 1, "late": 0, "early": 1, "on_time_finished": 0, "late_finished": 0,
              "open_within": 0, "open_overdue": 0, "finished": 1, "processing_seconds": 7 * 3600, "paid_online": 0,
              "digitised": 1, "unjudgeable": 0, "excluded": 0}  # fmt: skip
# Q2: H9 open at 07-01 00:00 within its deadline, H10 finished late; both received in Q2.
HOA_BINH_Q2 = {
    "received": 2,
    "received_online": 1,
    "received_direct": 1,
    "dossiers": 2,
    "on_time": 1,
    "late": 1,
    "open_within": 1,
    "late_finished": 1,
    "finished": 1,
    "processing_seconds": 14 * 86400,
    "paid_online": 1,
}  # fmt: skip  (H9 was paid online)


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dossiers") / "ho-so.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


def _moment(text: str) -> datetime | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise AssertionError(text)


def _reference_dossiers() -> list[Dossier]:
    return [
        Dossier(i, unit, ch, st, _moment(rec), _moment(due), _moment(end), _moment(ret), _moment(asked), _moment(back),
                int(n) if n else None, paid, dig)
        for i, unit, ch, st, rec, due, end, ret, asked, back, n, paid, dig in ROWS
    ]  # fmt: skip


def _engine(export: Path, code: str) -> dict[str, dict[str, int]]:
    period = parse_period(code)
    result = compute(open_source(export), [period])[period]
    return {u.unit: u.counts() for u in result.units}


def _full(expected: dict[str, int]) -> dict[str, int]:
    names = DONG_HA_Q3.keys()
    return {name: expected.get(name, 0) for name in names}


def test_engine_gives_the_hand_counts(export):
    assert _engine(export, "2026-Q3") == {HB: HOA_BINH_Q3, DH: DONG_HA_Q3}
    assert _engine(export, "2026-Q2") == {HB: _full(HOA_BINH_Q2)}


def test_reference_gives_the_hand_counts():
    dossiers = _reference_dossiers()
    got = reference_counts(dossiers, parse_period("2026-Q3"))
    assert {unit: _full(c) for unit, c in got.items()} == {HB: HOA_BINH_Q3, DH: DONG_HA_Q3}
    got = reference_counts(dossiers, parse_period("2026-Q2"))
    assert {unit: _full(c) for unit, c in got.items()} == {HB: _full(HOA_BINH_Q2)}


def test_derived_figures_by_hand(export):
    period = parse_period("2026-Q3")
    units = {u.unit: u for u in compute(open_source(export), [period])[period].units}
    hb = units[HB]
    assert hb.tdgq == Decimal("12.73")  # 20 × 7 / 11 = 12.7272…
    assert hb.on_time_ratio == Decimal("63.64")
    assert hb.average_processing_days == Decimal("3.44")  # 2,080,800 s / 7 / 86,400 = 3.4404…
    assert (hb.online_share, hb.online_payment_share, hb.digitised_share) == (
        Decimal("36.36"), Decimal("18.18"), Decimal("27.27"))  # fmt: skip
    assert units[DH].tdgq == Decimal("20.00")
    assert units[DH].average_processing_days == Decimal("0.29")  # 7 h
    # received + carried over = judged + unjudgeable
    assert hb.received + hb.carried_over == hb.dossiers + hb.unjudgeable


def test_unit_with_no_judged_dossier_has_no_tdgq(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(",".join(HEADER) + "\nX1,UBND xã Không,1,10,2026-07-01,,2026-07-02,,,,,,\n", encoding="utf-8")
    period = parse_period("2026-07")
    (unit,) = compute(open_source(path), [period])[period].units
    assert (unit.dossiers, unit.unjudgeable, unit.tdgq) == (0, 1, None)


def test_several_periods_in_one_query_equal_one_by_one(export):
    periods = [parse_period(code) for code in ("2026-Q2", "2026-Q3", "2026-6T", "2026-9T", "2026", "2026-07")]
    together = compute(open_source(export), periods)
    for period in periods:
        alone = compute(open_source(export), [period])[period]
        assert together[period].units == alone.units
