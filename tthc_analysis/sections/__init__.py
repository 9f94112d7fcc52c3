"""What the notebooks call: the report model turned into HTML sections, and the tables a reviewer sees.

The report notebook's first call is :func:`start_report`; each later cell calls one section, which returns
an :class:`Html` value that Jupyter displays and nbconvert carries into the rendered report.
"""

from tthc_analysis.sections.comparison import comparison_section
from tthc_analysis.sections.districts import districts_section
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
from tthc_analysis.sections.results import (
    assessment,
    criteria_section,
    heading,
    key_figures,
    methodology,
    ranking_table,
    results_section,
)
from tthc_analysis.sections.review import bands_frame, criteria_frame, ranking_frame, scores_table

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
    "comparison_section",
    "criteria_frame",
    "criteria_section",
    "district_chart",
    "districts_section",
    "figure_html",
    "heading",
    "key_figures",
    "methodology",
    "plain_text",
    "points_lost_chart",
    "ranking_frame",
    "ranking_table",
    "results_section",
    "scores_table",
    "show_problems_as_tables",
    "start_overview",
    "start_report",
    "totals_chart",
    "trend_section",
]
