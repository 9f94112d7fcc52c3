"""Sentences from templates: Section I, the comparison, the parent level, the years; wording is data.

The Jinja templates and the wording table live in ``resources/templates/``; these modules only choose and
format the figures that fill them.
"""

from tthc_analysis.narrative.base import band_range, format_threshold, format_unit_list, plain_wording, render_template
from tthc_analysis.narrative.comparison import comparison_paragraphs
from tthc_analysis.narrative.districts import district_paragraphs
from tthc_analysis.narrative.section1 import section1
from tthc_analysis.narrative.trends import status_note, year_ranges

__all__ = [
    "band_range",
    "comparison_paragraphs",
    "district_paragraphs",
    "format_threshold",
    "format_unit_list",
    "plain_wording",
    "render_template",
    "section1",
    "status_note",
    "year_ranges",
]
