"""The section "So với năm …": movements, unit, band and criterion tables."""

from __future__ import annotations

from decimal import Decimal

from tthc_analysis.narrative.base import format_unit_list, plain_wording
from tthc_analysis.narrative.comparison import comparison_paragraphs
from tthc_analysis.pipeline import YearReport
from tthc_analysis.score.compare import Comparison
from tthc_analysis.score.printed import format_signed, places_of
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import Html, render_html
from tthc_analysis.sections.results import RANKING_ROWS_LIMIT
from tthc_analysis.vietnamese import format_count, format_integer, format_points

COMPARISON_KEEP = 50


_KIND_NOTES = {"new": "không có kết quả {previous}", "gone": "không có trong số liệu {year}"}


def _comparison_note(change, comparison: Comparison) -> str:
    if change.kind == "merged":
        plain = format_unit_list(list(change.predecessors), plain_wording())
        note = f"bình quân các đơn vị cũ: {plain}"
        if change.missing_predecessors:
            note += f" (không có số liệu: {', '.join(change.missing_predecessors)})"
        return note
    if change.renamed:
        return f"tên {comparison.previous_label}: {change.previous_name}"
    template = _KIND_NOTES.get(change.kind)
    return template.format(previous=comparison.previous_label, year=comparison.label) if template else ""


def _points_or_dash(value: Decimal | None, places: int) -> str:
    return "—" if value is None else format_points(value, places)


@names_isolated
def comparison_section(report: YearReport) -> Html:
    """ "So với năm <previous year>": movements in sentences, then the unit, band and criterion tables."""
    c = report.comparison
    if c is None:
        texts = [t for t in (report.comparison_notice, report.registry_notice) if t]
        return Html("".join(render_html("notice.html.j2", text=t) for t in texts))
    places = c.places
    rows = []
    units = c.units
    omitted = 0
    if len(units) > RANKING_ROWS_LIMIT:
        # Thousands of rows help nobody here: the largest rises and falls; every unit is in the ranking files.
        moved = sorted((u for u in units if u.change is not None), key=lambda u: u.change, reverse=True)
        keep = moved[:COMPARISON_KEEP] + [u for u in moved[-COMPARISON_KEEP:] if u not in moved[:COMPARISON_KEEP]]
        omitted = len(units) - len(keep)
        units = keep
    for u in units:
        before_places = places_of(u.before, places) if u.before is not None else places
        rows.append({
            "unit": u.unit, "kind": u.kind,
            "before": _points_or_dash(u.before, before_places), "after": _points_or_dash(u.after, places),
            "change": "—" if u.change is None else format_signed(u.change, max(places, before_places)),
            "rank_before": u.rank_before or "—", "rank_after": u.rank_after or "—",
            "band_before": u.band_before or "—", "band_after": u.band_after or "—",
            "note": _comparison_note(u, c),
        })  # fmt: skip
    two_level = report.scheme.two_level
    refs = {x.number: x.key for x in report.scheme.criteria} if two_level else {}
    criteria = [
        {"number": k.number, "name": k.name, "before": format_points(k.before), "after": format_points(k.after),
         "change": format_signed(k.change), "ref": refs.get(k.number, k.number)}
        for k in c.criteria
    ]  # fmt: skip
    bands = [{"name": name, "before": format_count(b, c.n_before), "after": format_count(a, c.n_after)}
             for name, b, a in c.band_counts]  # fmt: skip
    previous_meta = report.previous.metadata
    notice = None
    if previous_meta.is_constructed:
        notice = f"Số liệu {c.previous_label} dùng để so sánh là {previous_meta.status_label.lower()}."
    notice = " ".join(t for t in (notice, report.comparison_notice, report.registry_notice) if t) or None
    return render_html(
        "comparison.html.j2",
        year=c.year,
        previous_year=c.previous_year,
        **c.labels,
        word="nhóm chỉ số" if two_level else "chỉ số",
        word_cap="Nhóm" if two_level else "Chỉ số",
        notice=notice,
        paragraphs=comparison_paragraphs(c, report.scheme),
        rows=rows,
        has_merged=bool(c.merged),
        omitted=format_integer(omitted) if omitted else "",
        keep=COMPARISON_KEEP,
        bands=bands,
        criteria=criteria,
    )
