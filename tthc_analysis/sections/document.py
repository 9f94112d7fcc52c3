"""The report as the official document reads: header block, I, II, III, closing and signer, then appendices.

Each function is one notebook cell. The text comes from :func:`tthc_analysis.sections.official.document_text`,
the same text the .docx carries, so the HTML, the PDF and the Word document say the same thing. The key
figures, the data-status notice and the technical provenance are an appendix ("Thông tin kỹ thuật").
"""

from __future__ import annotations

from tthc_analysis.pipeline import YearReport
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.figures import band_chart, points_lost_chart, totals_chart
from tthc_analysis.sections.html import Html, render_html, status_notice
from tthc_analysis.sections.official import DocumentText, document_text
from tthc_analysis.sections.qd766 import cohorts_section, indicators_section, own_score_section
from tthc_analysis.sections.results import key_figures, methodology

__all__ = [
    "assessment",
    "charts_appendix",
    "closing",
    "heading",
    "measures_section",
    "results_section",
    "technical_appendix",
]


def _text(report: YearReport) -> DocumentText:
    return document_text(report)  # worded once per report (sections.official)


@names_isolated
def heading(report: YearReport) -> Html:
    """The national header (two columns), number and date, "BÁO CÁO", the summary line, "Kính gửi", the opening."""
    text = _text(report)
    facts = text.facts
    return render_html(
        "heading.html.j2",
        parent=facts.parent_line(),
        issuing=facts.issuing_lines(),
        number=facts.number_line(),
        place_date=facts.place_date_line(),
        summary=text.summary,
        recipients=facts.recipient_lines(),
        opening=text.opening,
    )


def _section(report: YearReport, index: int, template: str) -> Html:
    title, paragraphs = _text(report).sections[index]
    return render_html(template, heading=title, paragraphs=list(paragraphs))


@names_isolated
def results_section(report: YearReport) -> Html:
    """Section I: the report's Section I sentences; for a two-level index also its cohorts and the parent's own
    portal score beside the mean of its units (both empty for TT 01)."""
    return Html(_section(report, 0, "section1.html.j2") + cohorts_section(report) + own_score_section(report))


@names_isolated
def assessment(report: YearReport) -> Html:
    """Section II: what the scores show, and the analyst's own text from the metadata; for a two-level index also
    the sub-indicators that lose most points, with their real ratios (empty for TT 01)."""
    return Html(_section(report, 1, "assessment.html.j2") + indicators_section(report))


@names_isolated
def measures_section(report: YearReport) -> Html:
    """Section III: the measures for the criteria (or groups) that lost most points, from the measures file."""
    return _section(report, 2, "measures.html.j2")


@names_isolated
def closing(report: YearReport) -> Html:
    """The closing sentence, "Nơi nhận" and the signer."""
    text = _text(report)
    authority, name = text.facts.signer_lines()
    return render_html("closing.html.j2", closing=text.closing, distribution=text.facts.distribution_lines(),
                       authority=authority, signer=name)  # fmt: skip


@names_isolated
def charts_appendix(report: YearReport) -> Html:
    """The charts of the year, as an appendix."""
    figures = "".join(str(f(report)) for f in (totals_chart, band_chart, points_lost_chart))
    return Html(f'<section class="section-charts">\n  <h2 class="appendix">Biểu đồ</h2>\n{figures}\n</section>')


@names_isolated
def technical_appendix(report: YearReport) -> Html:
    """The data-status notice, the key figures and the method with the data's provenance (file, SHA-256, …)."""
    meta = report.result.metadata
    return render_html(
        "technical.html.j2",
        status=meta.status or "unknown",
        status_label=meta.status_label or "Chưa rõ tình trạng số liệu",
        status_notice=status_notice(report),
        cards=key_figures(report),
        methodology=methodology(report),
    )
