"""The report's parts for a two-level index (QĐ 766): cohorts, the parent's own score beside its units' mean,
the sub-indicators that lose most points, each unit's groups as a share of their maxima, and the checks of a
portal file ("Kiểm tra số liệu"). Each returns an empty Html for a table these do not apply to (TT 01)."""

from __future__ import annotations

from decimal import Decimal

from tthc_analysis.charts.rows import MANY_UNITS
from tthc_analysis.narrative.base import format_threshold, format_unit_list
from tthc_analysis.narrative.cohorts import COHORT_LABELS, RANK_NOTE
from tthc_analysis.pipeline import YearReport
from tthc_analysis.score.districts import grouping_noun
from tthc_analysis.score.printed import format_signed, mean_places, printed_mean
from tthc_analysis.score.qd766 import overview_rows, round_half_up
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import Html, chart, chart_note, figure_html, render_html
from tthc_analysis.validate.qd766_checks import KINDS
from tthc_analysis.vietnamese import format_count, format_integer, format_percent, format_points

__all__ = ["checks_section", "cohorts_section", "group_share_section", "indicators_section", "own_score_section"]

CHECK_ROWS = 60  # a national table may have hundreds of rounding notes: the first ones, and the count
INDICATOR_ROWS = 10
_KIND_NAMES = {
    "total": "tổng điểm so với tổng điểm các nhóm",
    "tdgq": "nhóm TDGQ so với 20 × số hồ sơ đúng hạn / số hồ sơ tiếp nhận",
    "indicator": "điểm chỉ tiêu thành phần so với công thức của chỉ tiêu",
    "group": "điểm nhóm so với tổng điểm các chỉ tiêu thành phần",
}


def _portal(report: YearReport):
    return report.result.table.portal


@names_isolated
def cohorts_section(report: YearReport) -> Html:
    """A table of each cohort (departments, communes) and of all units together, with the rank note."""
    result = report.result
    if not result.cohorts and _portal(report) is None:
        return Html("")
    summaries = [(COHORT_LABELS.get(c, c), s) for c, s in result.cohorts.items()]
    summaries.append(("Chung" if result.cohorts else "Tất cả đơn vị", result.summary))
    rows = []
    for name, s in summaries:
        rows.append({
            "name": name, "n": format_integer(s.n_units),
            "mean": format_points(printed_mean(s.total_sum, s.n_units, report.scheme), mean_places(s, report.scheme)),
            "mean_band": s.mean_band.lower(), "counts": [format_count(b.count, s.n_units) for b in s.bands],
            "highest": f"{format_unit_list(s.highest.units, limit=3, shown=3)} ({format_points(s.highest.total)})",
            "lowest": f"{format_unit_list(s.lowest.units, limit=3, shown=3)} ({format_points(s.lowest.total)})",
        })  # fmt: skip
    paragraphs = []
    if result.cohorts:
        paragraphs.append("Mỗi khối được xếp hạng, xếp loại riêng; dòng “Chung” tính trên mọi đơn vị của bảng.")
    if _portal(report) is not None:
        paragraphs.append(RANK_NOTE)
    if report.scheme.bands_convention:
        paragraphs.append(report.scheme.bands_convention)
    return render_html("cohorts.html.j2", bands=[b.name for b in report.scheme.bands], rows=rows,
                       paragraphs=paragraphs)  # fmt: skip


@names_isolated
def own_score_section(report: YearReport) -> Html:
    """The parent's own portal score (a province, the country) beside the plain mean of its units, and why."""
    portal = _portal(report)
    overview = portal.overview if portal is not None else None
    if overview is None or overview.total is None:
        return Html("")
    summary = report.result.summary
    parent = overview.name or "đơn vị cấp trên"
    rows = []
    for row in overview_rows(overview, summary, report.scheme):
        rows.append({
            "name": row.name if not row.code else f"{row.code} – {row.name}",
            "own": format_points(row.own) if row.own is not None else "—",
            "mean": format_points(round_half_up(row.mean)),
            "difference": format_signed(row.difference) if row.difference is not None else "—",
        })  # fmt: skip
    mean = round_half_up(summary.total_sum / summary.n_units)
    lead = (f"Cổng Dịch vụ công quốc gia công bố điểm của {parent} là {format_points(overview.total)} điểm; "
            f"bình quân cộng tổng điểm của {format_integer(summary.n_units)} đơn vị trong bảng là "
            f"{format_points(mean)} điểm.")  # fmt: skip
    why = (f"Hai con số khác nhau vì điểm của {parent} không phải trung bình cộng điểm các đơn vị: Cổng tính "
           "trực tiếp từ số liệu chung (mọi hồ sơ, thủ tục, phản ánh kiến nghị trên phạm vi của cấp đó), nên đơn "
           "vị nhiều hồ sơ có trọng số lớn hơn, và có số liệu chỉ có ở cấp trên (thủ tục, hồ sơ do chính cấp đó "
           "giải quyết). Báo cáo dùng điểm Cổng công bố cho cấp trên và bình quân cộng cho các đơn vị.")  # fmt: skip
    return render_html("own_score.html.j2", parent=parent, lead=lead, rows=rows, why=why,
                       n_units=format_integer(summary.n_units))  # fmt: skip


def _ratio_text(value: Decimal | None) -> str:
    return "—" if value is None else format_percent(round_half_up(value))


@names_isolated
def indicators_section(report: YearReport) -> Html:
    """The sub-indicators that lose most points across units, with their real ratios (detail files only)."""
    portal = _portal(report)
    if portal is None or not portal.has_indicators:
        return Html("")
    losses = [x for x in portal.losses if x.points_lost > 0]
    n = portal.n_detailed
    rows = [{"group": x.group, "name": x.name, "max": format_threshold(x.max_points).lstrip("0") or "0",
             "mean": format_points(round_half_up(x.mean_score)), "lost": format_points(x.points_lost),
             "units": format_count(x.units_losing, x.n_units), "ratio": _ratio_text(x.ratio)}
            for x in losses[:INDICATOR_ROWS]]  # fmt: skip
    lead = (f"Số liệu chỉ tiêu thành phần có cho {format_integer(n)} đơn vị. Tỷ lệ thực tế là tỷ lệ gộp (tổng tử số "
            "trên tổng mẫu số của các đơn vị) khi Cổng công bố số đếm, nếu không là bình quân các tỷ lệ Cổng công bố.")  # fmt: skip
    paragraphs = [f"{x.name}: {_ratio_text(x.ratio)} (bị trừ tổng cộng {format_points(x.points_lost)} điểm tại "
                  f"{format_count(x.units_losing, x.n_units)} đơn vị)." for x in losses[:3]]  # fmt: skip
    return render_html("indicators.html.j2", lead=lead, rows=rows, paragraphs=paragraphs)


@names_isolated
def group_share_section(report: YearReport) -> Html:
    """The chart of each unit's groups as a share of their maxima (two-level schemes with group scores)."""
    if not report.scheme.two_level or report.result.table.totals_only:
        return Html("")
    summary = report.result.summary
    fig = chart("group_share_chart", summary, report.scheme, note=chart_note(report))
    if len(summary.ranking) > MANY_UNITS:  # the chart then has a row per parent (or band), not per unit
        by = grouping_noun(summary.ranking)
        return figure_html(fig, f"Điểm từng nhóm chỉ số, tính theo tỷ lệ so với điểm tối đa của nhóm, bình quân theo {by}.",
                           f"Bản đồ nhiệt tỷ lệ điểm đạt bình quân theo {by} và nhóm chỉ số")  # fmt: skip
    return figure_html(fig, "Điểm từng nhóm chỉ số của mỗi đơn vị, tính theo tỷ lệ so với điểm tối đa của nhóm.",
                       "Bản đồ nhiệt tỷ lệ điểm đạt theo đơn vị và nhóm chỉ số")  # fmt: skip


@names_isolated
def checks_section(report: YearReport) -> Html:
    """ "Kiểm tra số liệu": the comparisons made on a portal file and every disagreement found."""
    portal = _portal(report)
    if portal is None:
        return Html("")
    checks = portal.checks
    made = dict(checks.made)
    paragraphs = ["Số liệu của Cổng Dịch vụ công quốc gia là số liệu chính thức: báo cáo xếp hạng theo tổng điểm "
                  "Cổng công bố. Các số liệu được đối chiếu như sau (chênh lệch trong phạm vi làm tròn đến hai chữ "
                  "số thập phân là do làm tròn):"]  # fmt: skip
    for kind in KINDS:
        if made.get(kind):
            rounding, beyond = checks.count(kind, True), checks.count(kind, False)
            if rounding or beyond:
                outcome = (
                    f"{format_integer(rounding)} chênh lệch do làm tròn, {format_integer(beyond)} vượt mức làm tròn"
                )
            else:
                outcome = "khớp hoàn toàn"
            paragraphs.append(f"Đối chiếu {_KIND_NAMES[kind]}: {format_integer(made[kind])} lần, {outcome}.")
    if not checks.checks:
        paragraphs.append("Không có chênh lệch nào.")
    shown = sorted(checks.checks, key=lambda c: c.rounding)[:CHECK_ROWS]
    rows = [{"unit": c.unit, "figure": c.figure, "stated": format_points(c.stated), "computed": format_points(c.computed),
             "difference": format_signed(c.difference),
             "verdict": "do làm tròn" if c.rounding else "vượt mức làm tròn"} for c in shown]  # fmt: skip
    omitted = len(checks.checks) - len(shown)
    return render_html("checks.html.j2", paragraphs=paragraphs, rows=rows, shown=len(shown),
                       omitted=format_integer(omitted) if omitted else "")  # fmt: skip
