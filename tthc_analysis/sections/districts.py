"""The section "Kết quả theo đơn vị cấp huyện" of a province-wide table."""

from __future__ import annotations

from tthc_analysis import charts
from tthc_analysis.config import output_names
from tthc_analysis.narrative.base import format_unit_list, plain_wording
from tthc_analysis.narrative.districts import district_paragraphs
from tthc_analysis.pipeline import YearReport
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.districts import DistrictStat, district_mean_places, district_stats, parent_level
from tthc_analysis.score.printed import mean_text
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import Html, render_html
from tthc_analysis.vietnamese import format_integer, format_points


def _table_rows(stats: list[DistrictStat], places: int, summary: Summary, scheme: Scheme) -> list[dict]:
    colours = charts.band_colours(scheme)
    wording = plain_wording()
    return [
        {"rank": s.rank, "district": s.district, "n_units": format_integer(s.n_units),
         "mean": mean_text(s.mean, s.mean_band, places, scheme), "band": s.mean_band, "colour": colours[s.mean_band],
         "text_colour": charts.contrast_text_colour(colours[s.mean_band]),
         "band_counts": [b.count for b in s.bands],
         "best": f"{format_unit_list(s.best.units, wording)} ({format_points(s.best.total, summary.places)})",
         "worst": f"{format_unit_list(s.worst.units, wording)} ({format_points(s.worst.total, summary.places)})"}
        for s in stats
    ]  # fmt: skip


@names_isolated
def districts_section(report: YearReport) -> Html:
    """The per-district section: sentences and a table; empty when the table has no district column."""

    summary = report.result.summary
    scheme = report.scheme
    stats = district_stats(summary, scheme)
    if not stats:
        return Html("")
    places = district_mean_places(stats, scheme)
    shown, cut_after = stats, None
    if len(stats) > DISTRICT_ROWS_LIMIT:
        # Hundreds of districts (a national table): the best and the worst here, all of them in the workbook.
        shown, cut_after = stats[:DISTRICT_KEEP] + stats[-DISTRICT_KEEP:], DISTRICT_KEEP
    rows = _table_rows(shown, places, summary, scheme)
    return render_html(
        "districts.html.j2",
        paragraphs=district_paragraphs(stats, summary, scheme),
        bands=[b.name for b in scheme.bands],
        rows=rows,
        places=places,
        cut_after=cut_after,
        omitted=len(stats) - 2 * DISTRICT_KEEP,
        n_districts=len(stats),
        n_columns=7 + len(scheme.bands),
        workbook=output_names(report.year if report.period is None or report.period.kind == "year" else report.period)[
            "xlsx"
        ],
        noun=parent_level(summary.ranking)[0],
        level=parent_level(summary.ranking)[1],
    )


# Up to this many districts the table is complete; beyond it, the DISTRICT_KEEP best and worst.
DISTRICT_ROWS_LIMIT = 60


DISTRICT_KEEP = 30
