"""Dossier exports of a one-stop system -> per-unit on-time indicators (QĐ 766 TDGQ), on DuckDB, PostgreSQL or Spark.

Typical use::

    from tthc_analysis.dossiers import compute, open_source, parse_period

    period = parse_period("2026-Q3")
    result = compute(open_source("ho-so.parquet"), [period])[period]
    result.units[0].tdgq

The public names are loaded on first use (PEP 562), so ``tthc``'s command line, which imports ``dossiers.cli``
to add the subcommand, does not pay for Ibis, DuckDB and pyarrow unless the subcommand runs.
"""

from __future__ import annotations

from importlib import import_module

from tthc_analysis.period import Period, PeriodError, parse_period  # standard library only: cheap to import

_WHERE = {
    "ListedDossier": "evaluate", "PeriodIndicators": "evaluate", "compute": "evaluate", "list_dossiers": "evaluate",
    "FIELDS": "fields", "TDGQ_MAX": "fields", "load_mapping": "fields",
    "UnitIndicators": "indicators", "tdgq_points": "indicators", "tdgq_ratio": "indicators",
    "REASONS": "rule",
    "ENGINES": "source", "Source": "source", "open_source": "source", "spark_session": "source",
}  # fmt: skip

__all__ = [
    "ENGINES", "FIELDS", "REASONS", "TDGQ_MAX", "ListedDossier", "Period", "PeriodError", "PeriodIndicators",
    "Source", "UnitIndicators", "compute", "list_dossiers", "load_mapping", "open_source", "parse_period",
    "spark_session", "tdgq_points", "tdgq_ratio",
]  # fmt: skip
assert sorted(__all__) == sorted([*_WHERE, "Period", "PeriodError", "parse_period"])


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
