"""(f) Dossiers: indicators for every unit and quarter from 10 million SYNTHETIC dossiers, against DuckDB's own
bare grouped count over the same file (the floor), Parquet and CSV; Spark and PostgreSQL on 1 million. Beside them,
the read bound: DuckDB reading every column the rule needs from the same file with a trivial aggregate of each, a
lower bound of any computation of the indicators from that file.

Every timed step runs in a fresh interpreter (``--child``), which reports the time of the query alone (imports and
interpreter start left out, the same for both sides) and its own peak resident memory (VmHWM). The two sides alternate and the median of the repeats is kept. PostgreSQL needs TTHC_TEST_PG_URL (source
``scripts/ci-services.sh`` to start a throwaway server); without it that line is skipped.

    python bench/dossiers.py [--dossiers 10000000] [--small 1000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026


def _peak_mib() -> float:
    """This process's peak resident memory since its exec (VmHWM). The rusage of a waited-for child would not do:
    on Linux its ru_maxrss starts from the parent's size at fork, and this parent holds the generated data."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _child(kind: str, path: str, engine: str) -> dict:
    """Run one measured query in this (fresh) process and return its time and peak memory."""
    figures = _measured(kind, path, engine)
    figures["peak_mib"] = _peak_mib()
    return figures


# What the rule reads besides the floor's two columns (the read bound's trivial aggregates).
RULE_READS = ("KenhThucHien", "TrangThaiHoSo", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayYeuCauBoSung",
              "NgayTiepNhanBoSung", "SoLanBoSung", "DuocThanhToanTrucTuyen", "HoSoCoThanhPhanSoHoa")  # fmt: skip


def _measured(kind: str, path: str, engine: str) -> dict:
    if kind in ("floor", "read"):
        import duckdb

        reader = "read_parquet" if path.endswith(".parquet") else "read_csv"
        connection = duckdb.connect()
        connection.execute("SET enable_progress_bar = false")
        # The floor: DuckDB's bare grouped count. The read bound: the same grouping, reading every column the
        # rule needs as well, with a trivial aggregate of each (a lower bound of any rule over this file).
        extra = ""
        if kind == "read":
            extra = ', max(length("MaHoSo"))' + "".join(f', max("{column}")' for column in RULE_READS)
        start = time.perf_counter()
        literal = "'" + path.replace("'", "''") + "'"  # a literal path: a prepared parameter plans worse
        rows = connection.execute(
            f'SELECT "DonViXuLy", quarter("NgayTiepNhan") AS q, count(*){extra} FROM {reader}({literal}) GROUP BY ALL'
        ).fetchall()
        return {"seconds": time.perf_counter() - start, "groups": len(rows)}
    from tthc_analysis.dossiers import compute, open_source
    from tthc_analysis.period import quarters

    session = None
    if engine == "spark":
        from tthc_analysis.dossiers import spark_session

        started = time.perf_counter()
        session = spark_session()
        startup = time.perf_counter() - started
    start = time.perf_counter()
    source = open_source(path, engine, spark=session)
    if engine == "duckdb":
        source.backend.raw_sql("SET enable_progress_bar = false")
    result = compute(source, quarters(YEAR))
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "groups": sum(len(r.units) for r in result.values())}
    if session is not None:
        out["startup"] = startup
    return out


def measure(kind: str, path: str | Path, engine: str = "duckdb") -> dict:
    """One child run: its reported time and peak resident memory (MiB; for Spark, the Python driver only)."""
    command = [sys.executable, __file__, "--child", kind, str(path), engine]
    environment = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, cwd=ROOT, env=environment)
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def compare(path: Path, repeats: int) -> dict:
    floors, reads, ours, peaks, floor_peaks = [], [], [], [], []
    for _ in range(repeats):
        floor = measure("floor", path)
        mine = measure("indicators", path)
        reads.append(measure("read", path)["seconds"])
        floors.append(floor["seconds"])
        floor_peaks.append(floor["peak_mib"])
        ours.append(mine["seconds"])
        peaks.append(mine["peak_mib"])
    floor_s, ours_s, read_s = statistics.median(floors), statistics.median(ours), statistics.median(reads)
    return {"file": path.name, "bytes": path.stat().st_size, "floor_s": floor_s, "indicators_s": ours_s,
            "ratio": ours_s / floor_s, "read_s": read_s, "read_ratio": read_s / floor_s, "peak_mib": max(peaks),
            "floor_peak_mib": max(floor_peaks), "load": os.getloadavg()}  # fmt: skip


def bench_dossiers(dossiers: int = 10_000_000, small: int = 1_000_000, repeats: int = 3) -> dict:
    from tthc_analysis.dossiers.synthetic import to_postgres, write_export

    work = Path(tempfile.mkdtemp(prefix="tthc-dossiers-bench-"))
    results: dict = {"dossiers": dossiers, "small": small}
    try:
        start = time.perf_counter()
        parquet = write_export(work / "ho-so.parquet", dossiers, seed=YEAR, units=3000)
        csv_path = write_export(work / "ho-so.csv", dossiers, seed=YEAR, units=3000)
        results["generate_s"] = time.perf_counter() - start
        results["parquet"] = compare(parquet, repeats)
        results["csv"] = compare(csv_path, repeats)
        one = write_export(work / "ho-so-1m.parquet", small, seed=YEAR, units=3000)
        results["duckdb_small"] = measure("indicators", one)
        results["spark_small"] = measure("indicators", one, "spark")
        url = os.environ.get("TTHC_TEST_PG_URL")
        if url:
            import pyarrow.parquet as pq

            start = time.perf_counter()
            to_postgres(pq.read_table(one), url, "ho_so_bench")
            results["postgres_load_s"] = time.perf_counter() - start
            results["postgres_small"] = measure("indicators", f"{url}?table=ho_so_bench", "postgres")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def report(results: dict) -> None:
    n = f"{results['dossiers']:,}".replace(",", ".")
    for key, label in (("parquet", "Parquet"), ("csv", "CSV")):
        r = results[key]
        print(f"(f) {n} hồ sơ, {label} ({r['bytes'] / 1e9:.2f} GB): chỉ số mọi đơn vị, mọi quý {r['indicators_s']:.2f} s; "
              f"đếm nhóm trần của DuckDB {r['floor_s']:.2f} s; tỷ lệ {r['ratio']:.2f} (mục tiêu ≤ 2); bộ nhớ cao nhất "
              f"{r['peak_mib']:.0f} MiB (< 2 GB: {'đạt' if r['peak_mib'] < 2048 else 'KHÔNG ĐẠT'})", flush=True)  # fmt: skip
        print(f"    chỉ đọc các cột quy tắc cần (cận dưới) {r['read_s']:.2f} s = {r['read_ratio']:.2f} × mức sàn; "
              f"tải máy {r['load'][0]:.1f}", flush=True)  # fmt: skip
    m = f"{results['small']:,}".replace(",", ".")
    d, s = results["duckdb_small"], results["spark_small"]
    print(
        f"    {m} hồ sơ: DuckDB {d['seconds']:.2f} s; Spark {s['seconds']:.2f} s (khởi động phiên {s['startup']:.1f} s)"
    )
    if "postgres_small" in results:
        p = results["postgres_small"]
        print(f"    PostgreSQL (tại chỗ) {p['seconds']:.2f} s (nạp bảng {results['postgres_load_s']:.1f} s)")
    else:
        print("    PostgreSQL: bỏ qua (đặt TTHC_TEST_PG_URL hoặc `. scripts/ci-services.sh`)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="(f) Đo hiệu năng tính chỉ số từ hồ sơ (dữ liệu tổng hợp).")
    parser.add_argument("--dossiers", type=int, default=10_000_000)
    parser.add_argument("--small", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PATH", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    results = bench_dossiers(args.dossiers, args.small, args.repeats)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
