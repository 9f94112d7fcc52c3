"""What the notebooks call: the report model turned into HTML sections, and the tables a reviewer sees.

The report notebook's first call is :func:`start_report`; each later cell calls one section, which returns
an :class:`Html` value that Jupyter displays and nbconvert carries into the rendered report.
"""

from tthc_analysis.sections.comparison import comparison_section
from tthc_analysis.sections.districts import districts_section
from tthc_analysis.sections.document import (
    assessment,
    charts_appendix,
    closing,
    heading,
    measures_section,
    results_section,
    technical_appendix,
)
from tthc_analysis.sections.figures import (
    band_chart,
    change_chart,
    district_chart,
    points_lost_chart,
    totals_chart,
    trend_section,
)
from tthc_analysis.sections.html import Html, figure_html, plain_text
from tthc_analysis.sections.notebook import show_problems_as_tables, start_overview, start_report
from tthc_analysis.sections.qd766 import (
    checks_section,
    cohorts_section,
    group_share_section,
    indicators_section,
    own_score_section,
)
from tthc_analysis.sections.results import key_figures, methodology, ranking_table
from tthc_analysis.sections.review import bands_frame, criteria_frame, ranking_frame, scores_table
from tthc_analysis.sections.self_assessment import self_assessment_section

__all__ = [
    "own_score_section",
    "indicators_section",
    "group_share_section",
    "cohorts_section",
    "checks_section",
    "Html",
    "assessment",
    "band_chart",
    "bands_frame",
    "change_chart",
    "charts_appendix",
    "closing",
    "comparison_section",
    "criteria_frame",
    "district_chart",
    "districts_section",
    "figure_html",
    "heading",
    "key_figures",
    "measures_section",
    "methodology",
    "plain_text",
    "points_lost_chart",
    "ranking_frame",
    "ranking_table",
    "results_section",
    "scores_table",
    "self_assessment_section",
    "show_problems_as_tables",
    "start_overview",
    "start_report",
    "technical_appendix",
    "totals_chart",
    "trend_section",
]
