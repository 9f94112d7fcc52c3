"""Property: on random exports holding every awkward case, the engine's counts equal the plain-Python reference's.

The reference (``dossiers.reference``) states the rule dossier by dossier with datetimes; the engine runs the Ibis
expression on DuckDB from a file. Exports are written both as Parquet with typed dates and as CSV with text dates in
the spellings exports use (ISO with a space or a T, dd/mm/yyyy, date only at midnight).
"""

from __future__ import annotations

import csv
import os
from datetime import datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc_analysis.dossiers import compute, open_source, parse_period
from tthc_analysis.dossiers.reference import Dossier, reference_counts

UNITS = ["UBND xã Ia Grai", "UBND phường Đông Hà", "Sở Tư pháp", "UBND xã Chư Păh"]
BASE = datetime(2026, 1, 1)
PERIODS = ["2026-02", "2026-07", "2026-12", "2026-Q1", "2026-Q3", "2026-Q4", "2026-6T", "2026-9T", "2026"]
FIELDS = ["received", "due", "processed", "returned", "supplement_asked", "supplement_back"]
NATIONAL = {"received": "NgayTiepNhan", "due": "NgayHenTra", "processed": "NgayKetThucXuLy", "returned": "NgayTra",
            "supplement_asked": "NgayYeuCauBoSung", "supplement_back": "NgayTiepNhanBoSung"}  # fmt: skip


def _maybe(strategy, none_weight: int = 1):
    return st.one_of(*([st.none()] * none_weight), strategy)


@st.composite
def dossiers(draw, index: int) -> Dossier:
    # Times on the hour or at odd seconds; midnight is common, as exports without a time write it.
    received = BASE + timedelta(
        days=draw(st.integers(-40, 370)), seconds=draw(st.sampled_from([0, 8 * 3600, 30601, 86399]))
    )

    def after(start: datetime, low: int, high: int) -> datetime:
        # Mostly whole hours, so that ends, promised dates and period ends often meet exactly (the boundaries),
        # sometimes whole days (the end and the promised date on the same calendar day) or odd seconds.
        step = draw(st.sampled_from([3600, 3600, 86400, 1]))
        return start + timedelta(seconds=step * draw(st.integers(low // step, high // step)))

    day = 86400
    processed = after(received, -day, 60 * day) if draw(st.integers(0, 4)) else None
    returned = None
    if draw(st.integers(0, 3)) == 0:
        returned = after(processed or received, 0, 3 * day)
    asked = after(received, -day, 20 * day) if draw(st.integers(0, 2)) == 0 else None
    back = None
    if draw(st.integers(0, 2)) and (asked is not None or draw(st.integers(0, 9)) == 0):
        back = after(asked or received, -2 * day, 15 * day)
    # The promised date: none (1 in 10), anywhere, or exactly on a boundary the rule must get right: the end,
    # the end less the time with the citizen, the first instant of a month (a period's end).
    end = processed or returned
    kind = draw(st.sampled_from(["none", "any", "any", "end", "effective", "month"]))
    if kind == "none":
        due = None
    elif kind == "end" and end is not None:
        due = end
    elif kind == "effective" and end is not None and asked is not None and back is not None and asked <= back <= end:
        due = end - (back - asked)
    elif kind == "month":
        due = datetime(2026, draw(st.integers(1, 12)), 1)
    else:
        due = after(received, -2 * day, 30 * day)
    return Dossier(
        dossier_id=f"P{index}",
        unit=draw(st.sampled_from(UNITS)),
        channel=draw(st.integers(1, 3)),
        status=draw(st.integers(1, 10)),
        received=received,
        due=due,
        processed=processed,
        returned=returned,
        supplement_asked=asked,
        supplement_back=back,
        supplements=draw(_maybe(st.integers(0, 3), 2)),
        paid_online=draw(st.sampled_from([None, 0, 1])),
        digitised=draw(st.sampled_from([None, 0, 1])),
    )


@st.composite
def exports(draw) -> list[Dossier]:
    count = draw(st.integers(1, 40))
    return [draw(dossiers(i)) for i in range(count)]


def _text(moment: datetime | None, style: int) -> str:
    if moment is None:
        return ""
    if style == 0:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if style == 1:
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    if style == 2:
        return moment.strftime("%d/%m/%Y %H:%M:%S")
    if moment.hour == moment.minute == moment.second == 0:
        return moment.strftime("%d/%m/%Y" if style == 3 else "%Y-%m-%d")
    return moment.strftime("%d/%m/%Y %H:%M") if moment.second == 0 else moment.strftime("%Y-%m-%d %H:%M:%S")


def _write_csv(path, rows: list[Dossier], styles: list[int]) -> None:
    header = ["MaHoSo", "DonViXuLy", "KenhThucHien", "TrangThaiHoSo", *NATIONAL.values(), "SoLanBoSung",
              "DuocThanhToanTrucTuyen", "HoSoCoThanhPhanSoHoa"]  # fmt: skip
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for d, style in zip(rows, styles):
            writer.writerow([d.dossier_id, d.unit, d.channel, d.status, *(_text(getattr(d, f), style) for f in FIELDS),
                             "" if d.supplements is None else d.supplements, "" if d.paid_online is None else d.paid_online,
                             "" if d.digitised is None else d.digitised])  # fmt: skip


def _write_parquet(path, rows: list[Dossier]) -> None:
    columns = {
        "MaHoSo": pa.array([d.dossier_id for d in rows]),
        "DonViXuLy": pa.array([d.unit for d in rows]),
        "KenhThucHien": pa.array([d.channel for d in rows], type=pa.int64()),
        "TrangThaiHoSo": pa.array([d.status for d in rows], type=pa.int64()),
    }
    for name in FIELDS:
        columns[NATIONAL[name]] = pa.array([getattr(d, name) for d in rows], type=pa.timestamp("s"))
    columns["SoLanBoSung"] = pa.array([d.supplements for d in rows], type=pa.int64())
    columns["DuocThanhToanTrucTuyen"] = pa.array([d.paid_online for d in rows], type=pa.int64())
    columns["HoSoCoThanhPhanSoHoa"] = pa.array([d.digitised for d in rows], type=pa.int64())
    pq.write_table(pa.table(columns), path)


def _engine_counts(path, code: str) -> dict[str, dict[str, int]]:
    period = parse_period(code)
    result = compute(open_source(path), [period])[period]
    return {u.unit: u.counts() for u in result.units}


def _reference(rows: list[Dossier], code: str) -> dict[str, dict[str, int]]:
    got = reference_counts(rows, parse_period(code))
    names = ("received", "received_direct", "received_online", "received_post", "carried_over", "dossiers",
             "on_time", "late", "early", "on_time_finished", "late_finished", "open_within", "open_overdue",
             "finished", "processing_seconds", "paid_online", "digitised", "unjudgeable", "excluded")  # fmt: skip
    return {unit: {name: counts.get(name, 0) for name in names} for unit, counts in got.items()}


# `make test` (and CI) draws 25 random exports per property; `make test-fast` fewer (TTHC_PROPERTY_EXAMPLES).
SETTINGS = settings(max_examples=int(os.environ.get("TTHC_PROPERTY_EXAMPLES", "25")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])  # fmt: skip


@SETTINGS
@given(rows=exports(), code=st.sampled_from(PERIODS), data=st.data())
def test_csv_export_engine_equals_reference(tmp_path, rows, code, data):
    styles = data.draw(st.lists(st.integers(0, 4), min_size=len(rows), max_size=len(rows)))
    path = tmp_path / "ho-so.csv"
    _write_csv(path, rows, styles)
    assert _engine_counts(path, code) == _reference(rows, code)


@SETTINGS
@given(rows=exports(), code=st.sampled_from(PERIODS))
def test_parquet_export_engine_equals_reference(tmp_path, rows, code):
    path = tmp_path / "ho-so.parquet"
    _write_parquet(path, rows)
    assert _engine_counts(path, code) == _reference(rows, code)
