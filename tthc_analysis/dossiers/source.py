"""Open a dossier export where it lies, on the chosen engine, as a raw Ibis table.

- DuckDB (default, embedded): CSV (every column read as text), Parquet (its own types), xlsx (read here).
- PostgreSQL: a table read in place by a connection URL (``postgresql://user@host:port/db?table=ho_so``);
  nothing is exported, the whole computation runs in the server.
- Spark (local mode, or any session the caller gives): CSV and Parquet read by Spark itself, xlsx read here.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tthc_analysis.dossiers.fields import match_columns
from tthc_analysis.errors import Problem, ValidationError

__all__ = ["ENGINES", "Source", "is_database_url", "open_source", "spark_session"]

ENGINES = ("duckdb", "postgres", "spark")
DEFAULT_TABLE = "ho_so"
ROW = "__row"  # the line (CSV), record (Parquet) or Excel row of a raw row, where the reader can tell it


@dataclass
class Source:
    """A raw dossier table on an engine, and how to locate its rows in the validation report."""

    name: str
    engine: str
    raw: ir.Table
    columns: dict[str, str]  # national field -> raw column
    backend: Any
    row_offset: int | None = None  # add to a 0-based row number to get the row a person sees; None: not known
    numbered: bool = False  # the raw table already carries ROW
    fallback: Callable[[], Source] | None = None  # the same source read as text, when the fast read fails


def is_database_url(source: str) -> bool:
    return str(source).startswith(("postgresql://", "postgres://"))


def spark_session():
    """A local Spark session (all cores, UTC, no web UI), created once per process."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(os.environ.get("TTHC_SPARK_MASTER", "local[*]"))
        .appName("tthc-dossiers")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("TTHC_SPARK_PARTITIONS", "8"))
        .config("spark.driver.memory", os.environ.get("TTHC_SPARK_DRIVER_MEMORY", "2g"))
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    # Spark fuses the rule's projections into one generated method larger than the JVM allows, logs the whole
    # compiler error and falls back to interpreted evaluation (same results). Silence that one logger.
    log4j = session._jvm.org.apache.logging.log4j
    log4j.core.config.Configurator.setLevel(
        "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator", log4j.Level.OFF
    )
    return session


def _cell_text(value: Any) -> str | None:
    """An Excel cell as the text a CSV export would hold (dates ISO, whole numbers without ".0")."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> pa.Table:
    """The first sheet as text columns; the first non-empty row is the header; ROW is the Excel row number."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header: list[str] | None = None
        data: list[list[str | None]] = []
        numbers: list[int] = []
        for number, row in enumerate(rows, 1):
            cells = [_cell_text(v) for v in row]
            if header is None:
                if any(c for c in cells):
                    header = [c or f"cột {i + 1}" for i, c in enumerate(cells)]
                continue
            if not any(c not in (None, "") for c in cells):
                continue
            data.append(cells + [None] * (len(header) - len(cells)))
            numbers.append(number)
    finally:
        book.close()
    if header is None:
        raise ValidationError([Problem(str(path), "trang tính đầu tiên không có dữ liệu")])
    columns = {name: pa.array([r[i] for r in data], type=pa.string()) for i, name in enumerate(header)}
    columns[ROW] = pa.array(numbers, type=pa.int64())
    return pa.table(columns)


def _pg_source(url: str, table: str | None) -> tuple[Any, ir.Table, str]:
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    name = (query.pop("table", [None])[0]) or table or DEFAULT_TABLE
    clean = urlunparse(parsed._replace(query=urlencode(query, doseq=True), scheme="postgresql"))
    backend = ibis.postgres.connect(
        host=parsed.hostname or "localhost",
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=(parsed.path or "/").lstrip("/") or None,
    )
    # PostgreSQL's JIT would spend far longer compiling the rule's large expression than running it (25 s against
    # under 1 s on 50,000 dossiers, measured): off for this session only. With the default 4 MB of work memory the
    # pairs are sorted on disk to be grouped by (period, unit); 64 MB lets a hash aggregate keep the groups in memory
    # (four quarters of 1 million dossiers: 4.6 s -> 3.1 s, measured), for this session only.
    with backend.con.cursor() as cursor:
        cursor.execute("SET jit = off")
        cursor.execute("SET work_mem = '64MB'")
    schema, _, bare = name.rpartition(".")
    raw = backend.table(bare, database=schema or None)
    shown = urlunparse(urlparse(clean)._replace(netloc=parsed.hostname or "", query=""))
    return backend, raw, f"bảng {name} ({shown})"


def _duckdb_text_csv(path: Path, name: str, mapping: dict[str, str] | None) -> Source:
    """Every column as text: the portable parse flags every bad value (the validation report's path)."""
    backend = ibis.duckdb.connect()
    raw = backend.read_csv(str(path), all_varchar=True, header=True)
    return Source(name, "duckdb", raw, match_columns(list(raw.columns), name, mapping), backend, 2)


_VN_STAMP = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$")
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def _duckdb_csv_types(path: Path, mapping: dict[str, str] | None, lines: int = 200) -> dict | None:
    """Column types for DuckDB's own fast CSV reader, from the first lines, or None to read everything as text.

    Text fields are always VARCHAR (a code such as 00123 keeps its zeros). A date column whose first values are
    all ``yyyy-mm-dd HH:MM:SS`` or all ``dd/mm/yyyy HH:MM:SS`` is read as TIMESTAMP in that format (one format per
    file; a column in the other one stays text). A value further down that does not convert makes the query fail,
    and ``compute`` then reads the file again as text, where every bad value is reported (``Source.fallback``).
    """
    from tthc_analysis.dossiers.fields import FIELDS

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            sample = [row for _, row in zip(range(lines), reader)]
    except (OSError, UnicodeDecodeError, StopIteration, csv.Error):
        return None
    try:
        found = match_columns(header, str(path), mapping)
    except ValidationError:
        return None
    types: dict[str, str] = {}
    styles: dict[str, str] = {}
    for national, column in found.items():
        kind = FIELDS[national].kind
        if kind == "text":
            types[column] = "VARCHAR"
        elif kind == "date":
            index = header.index(column)
            values = [row[index].strip() for row in sample if index < len(row) and row[index].strip()]
            if values and all(_VN_STAMP.match(v) for v in values):
                styles[column] = "vn"
            elif values and all(_ISO_STAMP.match(v) for v in values):
                styles[column] = "iso"
            else:
                types[column] = "VARCHAR"
    if not styles:
        return {"types": types}
    chosen = max(("vn", "iso"), key=lambda style: sum(1 for v in styles.values() if v == style))
    for column, style in styles.items():
        types[column] = "TIMESTAMP" if style == chosen else "VARCHAR"
    return {"types": types, "timestampformat": "%d/%m/%Y %H:%M:%S" if chosen == "vn" else "%Y-%m-%d %H:%M:%S"}


def open_source(
    source: str | Path,
    engine: str = "duckdb",
    mapping: dict[str, str] | None = None,
    table: str | None = None,
    spark=None,
) -> Source:
    """Open ``source`` (a CSV/xlsx/Parquet path or a PostgreSQL URL) on ``engine`` and match its columns."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    if is_database_url(str(source)):
        if engine != "postgres":
            raise ValidationError(
                [Problem(str(source), "nguồn là bảng PostgreSQL: dùng --engine postgres (đọc tại chỗ)")]
            )
        backend, raw, name = _pg_source(str(source), table)
        return Source(name, engine, raw, match_columns(list(raw.columns), name, mapping), backend)
    path = Path(source)
    name = str(path)
    if engine == "postgres":
        raise ValidationError(
            [Problem(name, "--engine postgres đọc một bảng tại chỗ: nguồn phải là địa chỉ postgresql://…")]
        )
    if not path.exists():
        raise ValidationError([Problem(name, "không tìm thấy tệp")])
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".xlsx"):
        raise ValidationError([Problem(name, "định dạng không hỗ trợ: cần .csv, .xlsx hoặc .parquet")])
    if engine == "spark":
        backend = ibis.pyspark.connect(spark or spark_session())
    else:
        backend = ibis.duckdb.connect()
    offset, numbered = None, False
    if suffix == ".xlsx":
        raw = backend.create_table(ibis.util.gen_name("ho_so"), _read_xlsx(path), temp=engine == "duckdb")
        numbered = True
    elif suffix == ".csv":
        if engine == "spark":
            raw = backend.read_csv(str(path), header=True, inferSchema=False, encoding="UTF-8")
        else:
            typed = _duckdb_csv_types(path, mapping)
            if typed is not None:
                raw = backend.read_csv(str(path), header=True, **typed)
                columns = match_columns(list(raw.columns), name, mapping)
                plain = Source(name, engine, raw, columns, backend, 2)
                plain.fallback = lambda: _duckdb_text_csv(path, name, mapping)
                return plain
            return _duckdb_text_csv(path, name, mapping)
    else:
        raw = backend.read_parquet(str(path))
        offset = 1 if engine == "duckdb" else None
    columns = [c for c in raw.columns if c != ROW]
    return Source(name, engine, raw, match_columns(columns, name, mapping), backend, offset, numbered)
