"""Cohorts (provincial departments, communes and wards) described separately, then together; the JSON summary.

The portal scores a province's departments (``AGENCY``) and its communes and wards (``COMMUNE``) as two
cohorts: each is ranked, banded and described on its own, then the whole table. ``result`` is the pipeline's
``YearResult`` (table, scheme, metadata, summary, cohorts, period, section1).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tthc_analysis.narrative.section1 import section1
from tthc_analysis.score.base import Summary
from tthc_analysis.score.printed import printed_mean
from tthc_analysis.vietnamese import format_integer

__all__ = ["COHORT_LABELS", "cohort_paragraphs", "summary_json"]

COHORT_LABELS = {
    "AGENCY": "Khối sở, ban, ngành",
    "COMMUNE": "Khối xã, phường, đặc khu",
    "PROVINCE": "Các tỉnh, thành phố",
}
RANK_NOTE = (
    "Thứ hạng trong báo cáo là thứ hạng đồng hạng (các đơn vị bằng điểm cùng hạng, hạng kế tiếp bị bỏ qua); "
    "thứ hạng Cổng Dịch vụ công quốc gia công bố là thứ tự liên tiếp, hai đơn vị bằng điểm vẫn nhận hai hạng khác nhau."
)


def cohort_heading(cohort: str, n_units: int) -> str:
    return f"{COHORT_LABELS.get(cohort, cohort)} ({format_integer(n_units)} đơn vị):"


def cohort_paragraphs(result: Any) -> list[str]:
    """Section I: each cohort on its own (when there are several), then all units together."""
    if not result.cohorts:
        return list(result.section1)
    lines: list[str] = []
    for cohort, summary in result.cohorts.items():
        # "cấp xã" describes communes only: departments and provinces are named without a level.
        meta = result.metadata if cohort == "COMMUNE" else replace(result.metadata, level=None)
        lines.append(cohort_heading(cohort, summary.n_units))
        lines += section1(summary, result.scheme, meta, None, result.period, closing=False, convention=False)
    lines.append(f"Tính chung các khối ({format_integer(result.summary.n_units)} đơn vị):")
    together = replace(result.metadata, level=None)
    year = result.period.year if result.period is not None else None
    return lines + section1(result.summary, result.scheme, together, year, result.period)


def _summary_dict(summary: Summary, scheme) -> dict:
    data = summary.to_dict()
    data["mean_printed"] = str(printed_mean(summary.total_sum, summary.n_units, scheme))
    ranking = summary.ranking
    for column in ("code", "cohort", "portal_rank"):
        if column in ranking.columns:
            for item, value in zip(data["ranking"], ranking[column]):
                item[column] = None if value is None or value != value else (int(value) if column == "portal_rank"
                                                                             else str(value))  # fmt: skip
    return data


def summary_json(result: Any) -> dict:
    """Today's keys over every unit of the file, plus ``scheme``, ``period``, ``cohorts`` and ``checks``."""
    data = _summary_dict(result.summary, result.scheme)
    data["scheme"] = result.scheme.name
    data["period"] = result.period.to_json() if result.period is not None else None
    if result.cohorts:
        data["cohorts"] = {c: _summary_dict(s, result.scheme) for c, s in result.cohorts.items()}
    portal = result.table.portal
    data["checks"] = [c.to_json() for c in portal.checks.checks] if portal is not None else []
    if portal is not None:
        data["rank_note"] = RANK_NOTE
    return data
