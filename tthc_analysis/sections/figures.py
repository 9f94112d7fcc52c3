"""The report's charts as sections: a figure with its caption and alternative text."""

from __future__ import annotations

from pathlib import Path

from tthc_analysis import charts
from tthc_analysis.charts.text import figure_text
from tthc_analysis.narrative.trends import status_note
from tthc_analysis.pipeline import YearReport, load_years
from tthc_analysis.read.years import available_years
from tthc_analysis.score.districts import parent_level
from tthc_analysis.score.trends import unit_series
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import Html, chart, chart_note, figure_html, render_html
from tthc_analysis.sections.qd766 import group_share_section
from tthc_analysis.sections.shared_figures import producing


@names_isolated
def totals_chart(report: YearReport) -> Html:
    fig = chart("totals_chart", report.result.summary, report.scheme, note=chart_note(report))
    return figure_html(fig, figure_text("totals", "caption"), figure_text("totals", "alt"))


@names_isolated
def points_lost_chart(report: YearReport) -> Html:
    if report.result.table.totals_only:
        return Html("")  # totals only: nothing per criterion to draw
    fig = chart("points_lost_heatmap", report.result.summary, report.scheme, note=chart_note(report))
    what = "nhóm chỉ số" if report.scheme.two_level else "chỉ số"
    lost = figure_html(
        fig, figure_text("points_lost", "caption", what=what), figure_text("points_lost", "alt", what=what)
    )
    return Html(lost + group_share_section(report)) if report.scheme.two_level else lost


@names_isolated
def band_chart(report: YearReport) -> Html:
    fig = chart("band_counts_chart", report.result.summary, report.scheme, note=chart_note(report))
    return figure_html(fig, figure_text("bands", "caption"), figure_text("bands", "alt"))


@names_isolated
def change_chart(report: YearReport) -> Html:
    """Dumbbell chart of each unit's total in both years (merged units against their predecessors' mean)."""
    c = report.comparison
    if c is None:
        return Html("")
    rows = [charts.ChangeRow(u.unit, u.before, u.after, merged=u.kind == "merged")
            for u in c.units if u.before is not None and u.after is not None]  # fmt: skip
    if not rows:
        return Html("")  # no unit in both years: the comparison section says so
    note = chart_note(report)
    if report.previous.metadata.is_constructed and note is None:
        note = f"{c.previous_label_cap}: {report.previous.metadata.status_label.lower()}"
    fig = chart("change_chart", rows, report.scheme, before_year=c.previous_label, after_year=c.label, note=note)
    labels = {"before": c.previous_label, "after": c.label}
    return figure_html(fig, figure_text("change", "caption", **labels), figure_text("change", "alt", **labels))


@names_isolated
def district_chart(report: YearReport) -> Html:
    if "district" not in report.result.summary.ranking.columns:
        return Html("")
    fig = chart("district_chart", report.result.summary, report.scheme, note=chart_note(report))
    level = parent_level(report.result.summary.ranking)[1]
    return figure_html(
        fig, figure_text("districts", "caption", level=level), figure_text("districts", "alt", level=level)
    )


MIN_TREND_YEARS = 3


@names_isolated
def trend_section(report: YearReport) -> Html:
    """Each unit's totals over every year of the data directory up to this one (three years or more)."""

    if report.data_dir is None:
        return Html("")
    years = [y for y in available_years(report.data_dir) if y <= report.year]
    if len(years) < MIN_TREND_YEARS:
        return Html("")
    data = load_years(report.data_dir, years)
    if not data.same_scheme:
        return Html("")
    note = status_note(data.metadata)
    fig = chart("trend_chart", unit_series(data.years, data.units, data.scheme), report.scheme, years, note=note)
    span = f"{years[0]}–{years[-1]}"
    figure = figure_html(fig, figure_text("trend", "caption", span=span), figure_text("trend", "alt"))
    return render_html("trend.html.j2", first=years[0], last=years[-1], figure=figure)


def document_figures(report: YearReport) -> list[tuple[str, object]]:
    """The charts the .docx carries when asked: (caption, matplotlib figure); the caller closes each figure."""
    s, scheme, note = report.result.summary, report.scheme, chart_note(report)
    return [
        ("Tổng điểm của từng đơn vị, xếp từ cao xuống thấp.", charts.totals_chart(s, scheme, note=note)),
        ("Số đơn vị theo xếp loại.", charts.band_counts_chart(s, scheme, note=note)),
        ("Điểm bị trừ theo từng đơn vị và từng chỉ số.", charts.points_lost_heatmap(s, scheme, note=note)),
    ]


def figure_sections() -> list:
    """The sections that draw figures, in the order the report notebook shows them (``charts_appendix`` draws the
    first three): ``tthc report``'s worker draws them alongside the kernel, from the last (sections.shared_figures)."""
    return [totals_chart, band_chart, points_lost_chart, change_chart, district_chart, trend_section]


def draw_figures_into(report: YearReport, folder: Path) -> None:
    """Draw every figure of ``report`` the kernel has not drawn or started into ``folder``, from the last in the
    notebook's order back to the first, while the kernel takes them from the first: the two meet in the middle."""
    with producing(folder):
        for section in reversed(figure_sections()):
            section(report)
