"""Seeded, SYNTHETIC dossier exports for tests and the benchmark (nothing large is committed).

The exports look like a province's one-stop system: communes, wards and departments of very different sizes,
procedures with legal durations, the three channels, supplement requests (some twice, some never answered),
dossiers still open at export time, carried over from the previous year, withdrawn or refused, and the awkward
cases the rule must count apart (no promised date, dates out of order, finished with no end date).
Unit names say "Mẫu" (sample) and dossier codes start with "SYN-", so a synthetic table is never mistaken for a
real one; a Parquet file also carries ``synthetic = true`` in its metadata.

    python -m tthc_analysis.dossiers.synthetic --dossiers 1000000 --seed 7 --year 2026 --out ho-so.parquet
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tthc_analysis.dossiers.reference import Dossier
from tthc_analysis.dossiers.rule import seconds

__all__ = ["generate", "to_postgres", "to_reference", "write_export"]

DAY = 86400
DURATIONS = np.array([1, 2, 3, 5, 7, 10, 15, 20, 30])  # legal durations (days) of the synthetic procedures
CHUNK = 1_000_000
DATE_FIELDS = ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayYeuCauBoSung", "NgayTiepNhanBoSung")


def unit_names(count: int) -> list[str]:
    """Synthetic unit names: mostly communes and wards, a few departments."""
    kinds = ["UBND xã Mẫu", "UBND phường Mẫu", "UBND xã Mẫu", "Sở Mẫu"]
    return [f"{kinds[i % len(kinds)]} {i + 1:03d}" for i in range(count)]


def generate(dossiers: int, seed: int = 7, year: int = 2026, units: int = 150, start: int = 0) -> pa.Table:
    """One table of ``dossiers`` synthetic dossiers (typed: dates are timestamps, codes integers)."""
    rng = np.random.default_rng([seed, start])
    n = dossiers
    names = np.array(unit_names(units), dtype=object)
    weights = 1.0 / np.arange(1, units + 1) ** 0.8  # a few large units, many small ones
    unit = rng.choice(units, size=n, p=weights / weights.sum())
    procedure = rng.integers(0, 400, size=n)
    duration = DURATIONS[procedure % len(DURATIONS)] * DAY
    channel = rng.choice([1, 2, 3], size=n, p=[0.45, 0.5, 0.05])
    year_start, year_end = seconds(datetime(year, 1, 1)), seconds(datetime(year + 1, 1, 1))
    export_at = year_end + 10 * DAY
    day = rng.integers(-60, 365, size=n) * DAY  # some dossiers are carried over from the previous year
    received = year_start + day + rng.integers(7 * 3600 + 1800, 17 * 3600, size=n)
    due = received - received % DAY + duration + 17 * 3600
    work = (duration * rng.lognormal(-0.6, 0.55, size=n)).astype(np.int64)
    asked_any = rng.random(n) < 0.08
    asked = received + (duration * rng.uniform(0.1, 0.7, size=n)).astype(np.int64)
    citizen = rng.integers(DAY // 2, 12 * DAY, size=n)
    never_back = rng.random(n) < 0.1
    back = asked + citizen
    twice = rng.random(n) < 0.1
    finish = received + work + np.where(asked_any, np.where(never_back, 10**9, citizen), 0)
    open_now = finish > export_at
    status = np.where(open_now, np.where(asked_any & never_back, 5, rng.choice([4, 4, 4, 6], size=n)),
                      np.where(rng.random(n) < 0.7, 10, 9))  # fmt: skip
    returned = finish + rng.integers(0, 2 * DAY, size=n)
    odd = rng.random(n)
    status = np.where(
        odd < 0.004, 7, np.where(odd < 0.006, 8, np.where(odd < 0.01, 3, np.where(odd < 0.012, 1, status)))
    )
    no_due = (odd >= 0.012) & (odd < 0.015)
    due_before = (odd >= 0.015) & (odd < 0.016)
    end_before = (odd >= 0.016) & (odd < 0.017)
    done_no_date = (odd >= 0.017) & (odd < 0.018)
    due = np.where(due_before, received - DAY, due)
    finish = np.where(end_before, received - 3600, finish)
    status = np.where(done_no_date | end_before, 10, status)

    def stamps(values: np.ndarray, missing: np.ndarray) -> pa.Array:
        return pa.array(values.astype(np.int64), type=pa.timestamp("s"), mask=missing)

    finished_missing = (open_now & ~end_before) | done_no_date
    asked_missing = ~asked_any
    back_missing = ~asked_any | never_back | (back > np.where(finished_missing, export_at, finish))
    table = pa.table({
        "MaHoSo": pa.array([f"SYN-{year}-{start + i:09d}" for i in range(n)]),
        "MaTTHC": pa.array(np.char.add("1.00", np.char.zfill(procedure.astype(str), 4))),
        "DonViXuLy": pa.array(names[unit], type=pa.string()),
        "KenhThucHien": pa.array(channel.astype(np.int64)),
        "TrangThaiHoSo": pa.array(status.astype(np.int64)),
        "NgayTiepNhan": stamps(received, np.zeros(n, dtype=bool)),
        "NgayHenTra": stamps(due, no_due),
        "NgayKetThucXuLy": stamps(finish, finished_missing),
        "NgayTra": stamps(returned, finished_missing | (status != 10)),
        "NgayYeuCauBoSung": stamps(asked, asked_missing),
        "NgayTiepNhanBoSung": stamps(back, back_missing),
        "SoLanBoSung": pa.array(np.where(asked_any, np.where(twice, 2, 1), 0).astype(np.int64)),
        "DuocThanhToanTrucTuyen": pa.array(((channel == 2) & (rng.random(n) < 0.35)).astype(np.int64)),
        "HoSoCoThanhPhanSoHoa": pa.array((rng.random(n) < 0.6).astype(np.int64)),
    })  # fmt: skip
    return table


def _chunks(dossiers: int, seed: int, year: int, units: int) -> Iterator[pa.Table]:
    for start in range(0, dossiers, CHUNK):
        yield generate(min(CHUNK, dossiers - start), seed, year, units, start)


def as_text(table: pa.Table, date_style: str = "iso") -> pa.Table:
    """The dates written as exports write them: ISO ``2026-03-05 14:30:00`` or ``05/03/2026 14:30:00``."""
    fmt = "%Y-%m-%d %H:%M:%S" if date_style == "iso" else "%d/%m/%Y %H:%M:%S"
    for name in DATE_FIELDS:
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, pc.strftime(table[name], format=fmt))
    return table


def write_export(
    path: str | Path, dossiers: int, seed: int = 7, year: int = 2026, units: int = 150, date_style: str = "iso"
) -> Path:
    """Write a synthetic export (.parquet with typed dates, or .csv with ``date_style`` text dates), chunk by chunk."""
    path = Path(path)
    writer = None
    try:
        for chunk in _chunks(dossiers, seed, year, units):
            if path.suffix == ".parquet":
                if writer is None:
                    schema = chunk.schema.with_metadata({"synthetic": "true", "generator": "tthc_analysis.dossiers"})
                    writer = pq.ParquetWriter(path, schema)
                writer.write_table(chunk.replace_schema_metadata(writer.schema.metadata))
            else:
                text = as_text(chunk, date_style)
                if writer is None:
                    writer = pacsv.CSVWriter(path, text.schema)
                writer.write_table(text)
    finally:
        if writer is not None:
            writer.close()
    return path


def to_reference(table: pa.Table) -> list[Dossier]:
    """The typed table as reference dossiers (for tests comparing the engines with the plain-Python rule)."""
    names = {
        "MaHoSo": "dossier_id", "DonViXuLy": "unit", "KenhThucHien": "channel", "TrangThaiHoSo": "status",
        "NgayTiepNhan": "received", "NgayHenTra": "due", "NgayKetThucXuLy": "processed", "NgayTra": "returned",
        "NgayYeuCauBoSung": "supplement_asked", "NgayTiepNhanBoSung": "supplement_back", "SoLanBoSung": "supplements",
        "DuocThanhToanTrucTuyen": "paid_online", "HoSoCoThanhPhanSoHoa": "digitised", "MaTTHC": "procedure",
    }  # fmt: skip
    rows = table.to_pylist()
    return [Dossier(**{names[key]: value for key, value in row.items()}) for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a SYNTHETIC dossier export (seeded).")
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--date-style", choices=("iso", "vn"), default="iso")
    parser.add_argument("--out", required=True, help="a .parquet or .csv path")
    args = parser.parse_args(argv)
    write_export(args.out, args.dossiers, args.seed, args.year, args.units, args.date_style)
    print(f"Đã ghi {args.dossiers:,} hồ sơ TỔNG HỢP (synthetic) vào {args.out}".replace(",", "."))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


_PG_TYPES = {
    "string": "text",
    "int64": "bigint",
    "timestamp[s]": "timestamp",
    "timestamp[ms]": "timestamp",
    "timestamp[us]": "timestamp",
}


def to_postgres(table: pa.Table, url: str, name: str) -> None:
    """Load a typed synthetic table into PostgreSQL (replacing ``name``), as a one-stop system's database holds it."""
    import psycopg

    columns = ", ".join(f'"{field.name}" {_PG_TYPES[str(field.type)]}' for field in table.schema)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        connection.execute(f'CREATE TABLE "{name}" ({columns})')
        with connection.cursor().copy(f'COPY "{name}" FROM STDIN') as copy:
            for batch in table.to_batches(100_000):
                for row in zip(*(column.to_pylist() for column in batch.columns)):
                    copy.write_row(row)
        connection.execute(f'ANALYZE "{name}"')
