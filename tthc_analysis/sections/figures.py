"""The report's charts as sections: a figure with its caption and alternative text."""

from __future__ import annotations

from tthc_analysis import charts
from tthc_analysis.narrative.trends import status_note
from tthc_analysis.pipeline import YearReport, load_years
from tthc_analysis.read.years import available_years
from tthc_analysis.score.districts import parent_level
from tthc_analysis.score.trends import unit_series
from tthc_analysis.sections.html import Html, chart_note, figure_html, render_html
from tthc_analysis.sections.qd766 import group_share_section


def totals_chart(report: YearReport) -> Html:
    fig = charts.totals_chart(report.result.summary, report.scheme, note=chart_note(report))
    return figure_html(fig, "Tổng điểm của từng đơn vị, xếp từ cao xuống thấp; các đường dọc là ngưỡng xếp loại.",
                       "Biểu đồ thanh tổng điểm của từng đơn vị, tô màu theo xếp loại")  # fmt: skip


def points_lost_chart(report: YearReport) -> Html:
    if report.result.table.totals_only:
        return Html("")  # totals only: nothing per criterion to draw
    fig = charts.points_lost_heatmap(report.result.summary, report.scheme, note=chart_note(report))
    if report.scheme.two_level:
        lost = figure_html(fig, "Điểm bị trừ theo từng đơn vị và từng nhóm chỉ số.",
                           "Bản đồ nhiệt điểm bị trừ theo đơn vị và nhóm chỉ số")  # fmt: skip
        return Html(lost + group_share_section(report))
    return figure_html(fig, "Điểm bị trừ theo từng đơn vị và từng chỉ số.",
                       "Bản đồ nhiệt điểm bị trừ theo đơn vị và chỉ số")  # fmt: skip


def band_chart(report: YearReport) -> Html:
    fig = charts.band_counts_chart(report.result.summary, report.scheme, note=chart_note(report))
    return figure_html(fig, "Số đơn vị theo xếp loại.", "Biểu đồ số đơn vị theo từng mức xếp loại")


def change_chart(report: YearReport) -> Html:
    """Dumbbell chart of each unit's total in both years (merged units against their predecessors' mean)."""
    c = report.comparison
    if c is None:
        return Html("")
    rows = [charts.ChangeRow(u.unit, u.before, u.after, merged=u.kind == "merged")
            for u in c.units if u.before is not None and u.after is not None]  # fmt: skip
    note = chart_note(report)
    if report.previous.metadata.is_constructed and note is None:
        note = f"{c.previous_label_cap}: {report.previous.metadata.status_label.lower()}"
    fig = charts.change_chart(rows, report.scheme, before_year=c.previous_label, after_year=c.label, note=note)
    return figure_html(fig, f"Tổng điểm {c.previous_label} và {c.label} của từng đơn vị.",
                       f"Biểu đồ so sánh tổng điểm {c.previous_label} và {c.label} của từng đơn vị")  # fmt: skip


def district_chart(report: YearReport) -> Html:
    if "district" not in report.result.summary.ranking.columns:
        return Html("")
    fig = charts.district_chart(report.result.summary, report.scheme, note=chart_note(report))
    level = parent_level(report.result.summary.ranking)[1]
    return figure_html(fig, f"Tổng điểm của các đơn vị theo {level}; vạch đậm là điểm bình quân.",
                       f"Biểu đồ điểm của từng đơn vị, nhóm theo {level}, xếp theo điểm bình quân")  # fmt: skip


MIN_TREND_YEARS = 3


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
    fig = charts.trend_chart(unit_series(data.years, data.units, data.scheme), report.scheme, years, note=note)
    figure = figure_html(fig, f"Tổng điểm của từng đơn vị qua các năm {years[0]}–{years[-1]}; đường nét đứt "
                              "là bình quân tổng điểm của các đơn vị cũ trước khi sắp xếp.",
                         "Các biểu đồ nhỏ, mỗi biểu đồ là tổng điểm của một đơn vị qua các năm")  # fmt: skip
    return render_html("trend.html.j2", first=years[0], last=years[-1], figure=figure)
