"""The section comparing self-scores with the appraisal, shown only where the table carries both."""

from __future__ import annotations

from tthc_analysis.config import output_names
from tthc_analysis.narrative.self_assessment import self_assessment_paragraphs
from tthc_analysis.pipeline import YearReport
from tthc_analysis.score.printed import format_signed
from tthc_analysis.score.self_assessment import self_assessment
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import Html, render_html
from tthc_analysis.vietnamese import format_integer, format_points

# Rows printed in the report; every unit is in the workbook's "Tự chấm" sheet.
SELF_ROWS_LIMIT = 60


@names_isolated
def self_assessment_section(report: YearReport) -> Html:
    """ "Điểm tự chấm so với kết quả thẩm định": sentences, then each unit's gaps (largest over-score first)."""
    comparison = self_assessment(report.result.table, report.scheme)
    if comparison is None:
        return Html("")
    units = comparison.units[:SELF_ROWS_LIMIT]
    rows = [
        {"number": i, "unit": f"{u.unit} ({u.district})" if u.district else u.unit,
         "self_total": format_points(u.self_total), "total": format_points(u.total), "gap": format_signed(u.gap),
         "criteria": [format_signed(g) for g in u.criteria]}
        for i, u in enumerate(units, 1)
    ]  # fmt: skip
    omitted = len(comparison.units) - len(units)
    return render_html(
        "self_assessment.html.j2",
        paragraphs=self_assessment_paragraphs(comparison),
        numbers=[c.number for c in report.scheme.criteria],
        rows=rows,
        omitted=format_integer(omitted) if omitted else "",
        workbook=output_names(report.year)["xlsx"],
    )
