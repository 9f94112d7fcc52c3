"""The same SYNTHETIC export gives identical indicators on DuckDB, PostgreSQL (read in place) and Spark (local mode).

PostgreSQL comes from TTHC_TEST_PG_URL (``.ci/run`` starts a throwaway cluster with ``scripts/ci-services.sh``);
Spark needs a JDK. Locally, without them, these tests are skipped with the reason; in CI (TTHC_REQUIRE_SERVICES=1)
a missing service fails them instead.
"""

from __future__ import annotations

import os
import shutil

import pyarrow.parquet as pq
import pytest

from tthc_analysis.dossiers import compute, open_source, parse_period
from tthc_analysis.dossiers.reference import reference_counts
from tthc_analysis.dossiers.rule import COUNTS
from tthc_analysis.dossiers.synthetic import generate, to_postgres, to_reference, write_export
from tthc_analysis.errors import ValidationError
from tthc_analysis.period import quarters

REQUIRED = os.environ.get("TTHC_REQUIRE_SERVICES") == "1"
PERIODS = [*quarters(2026), parse_period("2026-9T"), parse_period("2026")]


def _missing(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason} (TTHC_REQUIRE_SERVICES=1: .ci/run must provide it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pg_url() -> str:
    url = os.environ.get("TTHC_TEST_PG_URL")
    if not url:
        _missing("TTHC_TEST_PG_URL is not set: no PostgreSQL server (source scripts/ci-services.sh to start one)")
    return url


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _missing("no JDK for Spark (scripts/ci-services.sh installs default-jdk-headless)")
    from tthc_analysis.dossiers import spark_session

    os.environ.setdefault("TTHC_SPARK_MASTER", "local[2]")
    return spark_session()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """20,000 synthetic dossiers as Parquet (typed dates) and CSV (dd/mm/yyyy text dates)."""
    folder = tmp_path_factory.mktemp("engines")
    table = generate(20_000, seed=11, units=40)
    pq.write_table(table, folder / "ho-so.parquet")
    write_export(folder / "ho-so.csv", 20_000, seed=11, units=40, date_style="vn")
    return table, folder / "ho-so.parquet", folder / "ho-so.csv"


def _by_unit(result) -> dict[str, dict[str, int]]:
    return {u.unit: u.counts() for u in result.units}


def _reference(table, period) -> dict[str, dict[str, int]]:
    got = reference_counts(to_reference(table), period)
    return {unit: {name: c.get(name, 0) for name in COUNTS} for unit, c in got.items()}


@pytest.mark.postgres
def test_postgres_in_place_equals_duckdb_and_reference(small, pg_url):
    table, parquet, _ = small
    to_postgres(table, pg_url, "ho_so_e2e_small")
    on_pg = compute(open_source(f"{pg_url}?table=ho_so_e2e_small", engine="postgres"), PERIODS)
    on_duckdb = compute(open_source(parquet), PERIODS)
    for period in PERIODS:
        assert on_pg[period].units == on_duckdb[period].units
    q3 = PERIODS[2]
    assert _by_unit(on_pg[q3]) == _reference(table, q3)


@pytest.mark.postgres
def test_postgres_bad_rows_are_reported_by_dossier(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS ho_so_e2e_bad")
        connection.execute('CREATE TABLE ho_so_e2e_bad ("MaHoSo" text, "DonViXuLy" text, "KenhThucHien" int, '
                           '"TrangThaiHoSo" int, "NgayTiepNhan" timestamp, "NgayHenTra" timestamp)')  # fmt: skip
        connection.execute("INSERT INTO ho_so_e2e_bad VALUES ('X1', 'UBND xã A', 2, 42, '2026-07-01', '2026-07-03'),"
                           " ('X2', 'UBND xã A', 2, 10, '2026-07-01', '2026-07-03')")  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        compute(open_source(f"{pg_url}?table=ho_so_e2e_bad", engine="postgres"), PERIODS[:1])
    (problem,) = caught.value.problems
    assert (problem.column, problem.value, problem.row) == ("TrangThaiHoSo", "42", None)
    assert problem.message.startswith("hồ sơ X1:") and "ho_so_e2e_bad" in problem.file


@pytest.mark.spark
def test_spark_equals_duckdb_and_reference(small, spark):
    table, parquet, csv_path = small
    on_duckdb = compute(open_source(parquet), PERIODS)
    for path in (parquet, csv_path):
        on_spark = compute(open_source(path, engine="spark", spark=spark), PERIODS)
        for period in PERIODS:
            assert on_spark[period].units == on_duckdb[period].units, (path.suffix, period.slug)
    q3 = PERIODS[2]
    assert _by_unit(on_duckdb[q3]) == _reference(table, q3)


@pytest.mark.postgres
@pytest.mark.spark
def test_one_million_dossiers_agree_on_the_three_engines(tmp_path, pg_url, spark):
    """1,000,000 synthetic dossiers, every quarter, nine months and the year in one query on each engine."""
    parquet = write_export(tmp_path / "ho-so-1m.parquet", 1_000_000, seed=2026, units=300)
    to_postgres(pq.read_table(parquet), pg_url, "ho_so_e2e_1m")
    on_duckdb = compute(open_source(parquet), PERIODS)
    on_pg = compute(open_source(f"{pg_url}?table=ho_so_e2e_1m", engine="postgres"), PERIODS)
    on_spark = compute(open_source(parquet, engine="spark", spark=spark), PERIODS)
    for period in PERIODS:
        assert len(on_duckdb[period].units) == 300
        assert on_pg[period].units == on_duckdb[period].units, period.slug
        assert on_spark[period].units == on_duckdb[period].units, period.slug
    year = on_duckdb[parse_period("2026")].totals()
    # About 1 in 7 synthetic dossiers is received in the two months before the year, most finished before it.
    assert 800_000 < year.dossiers < 1_000_000 and 0 < year.unjudgeable < 10_000 and 0 < year.excluded < 10_000
