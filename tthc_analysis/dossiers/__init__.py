"""Dossier exports of a one-stop system -> per-unit on-time indicators (QĐ 766 TDGQ), on DuckDB, PostgreSQL or Spark.

Typical use::

    from tthc_analysis.dossiers import open_source, compute, parse_period
    period = parse_period("2026-Q3")
    result = compute(open_source("ho-so.parquet"), [period])[period.code]
    result.units[0].tdgq
"""

from .compute import ListedDossier, PeriodIndicators, compute, list_dossiers
from .fields import FIELDS, TDGQ_MAX, load_mapping
from .indicators import UnitIndicators, tdgq_points, tdgq_ratio
from .periods import Period, PeriodError, parse_period
from .rule import REASONS
from .source import ENGINES, Source, open_source, spark_session

__all__ = [
    "ENGINES", "FIELDS", "REASONS", "TDGQ_MAX", "ListedDossier", "Period", "PeriodError", "PeriodIndicators",
    "Source", "UnitIndicators", "compute", "list_dossiers", "load_mapping", "open_source", "parse_period",
    "spark_session", "tdgq_points", "tdgq_ratio",
]  # fmt: skip
