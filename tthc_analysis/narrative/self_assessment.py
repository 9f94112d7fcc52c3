"""Sentences of the self-score comparison: how many units over-scored themselves, who most, which criteria."""

from __future__ import annotations

from tthc_analysis.narrative.base import render_template
from tthc_analysis.score.printed import format_signed
from tthc_analysis.score.self_assessment import SelfAssessment
from tthc_analysis.vietnamese import format_count, format_points


def self_assessment_paragraphs(comparison: SelfAssessment, places: int = 2) -> list[str]:
    """The paragraphs of the section, one per line of the template."""
    n = len(comparison.units)
    mean = comparison.mean_gap
    units = "; ".join(
        f"{u.unit}{f' ({u.district})' if u.district else ''} (tự chấm {format_points(u.self_total, places)}, "
        f"thẩm định {format_points(u.total, places)}, chênh {format_signed(u.gap, places)} điểm)"
        for u in comparison.most_over_scored_units()
    )
    criteria = "; ".join(
        f"Chỉ số {c.number} ({format_count(c.over_units, n)} đơn vị, tổng cộng {format_points(c.over_points, places)} "
        "điểm)"
        for c in comparison.most_over_scored_criteria()
    )
    text = render_template(
        "self_assessment.vi.j2",
        n=n,
        n_over=format_count(len(comparison.over), n),
        n_under=format_count(len(comparison.under), n),
        n_equal=format_count(n - len(comparison.over) - len(comparison.under), n),
        mean_gap_sign=(mean > 0) - (mean < 0),
        mean_gap=format_points(abs(mean), places),
        top_units=units,
        top_criteria=criteria,
    )
    return [line for line in text.splitlines() if line.strip()]
