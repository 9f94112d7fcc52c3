"""The index page over all years: one row per year with links to its report, and the multi-year trend.

The overview notebook (``notebooks/tong-hop-cac-nam.ipynb``) calls these sections one by one,
as the yearly report notebook calls those of :mod:`tthc_analysis.report`.
"""

from __future__ import annotations

from pathlib import Path

from tthc_analysis import charts
from tthc_analysis.charts.text import figure_text
from tthc_analysis.config import __version__, output_names
from tthc_analysis.narrative.base import format_unit_list
from tthc_analysis.narrative.trends import status_note
from tthc_analysis.pipeline import Overview, file_sha256
from tthc_analysis.score.printed import places_of, printed_mean
from tthc_analysis.score.trends import unit_series
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import Html, figure_html, render_html
from tthc_analysis.sections.notebook import start_overview
from tthc_analysis.vietnamese import format_count, format_integer, format_points

__all__ = ["heading", "methodology", "start_overview", "trend_chart", "trend_overview_chart", "years_table"]


def _span(overview: Overview) -> str:
    return str(overview.first) if overview.first == overview.last else f"{overview.first}–{overview.last}"


def _mean_text(result) -> str:
    s = result.summary
    mean = printed_mean(s.total_sum, s.n_units, result.scheme)
    return format_points(mean, places_of(mean))


@names_isolated
def heading(overview: Overview) -> Html:
    """Title, localities, and which years are not official figures."""
    results = overview.data.results
    localities = []
    for y in overview.data.years:
        name = results[y].metadata.locality
        if name and name not in localities:
            localities.append(name)
    return render_html(
        "overview_heading.html.j2",
        span=_span(overview),
        localities="; ".join(localities) or "Không rõ",
        n_years=len(overview.data.years),
        constructed=status_note(overview.data.metadata),
    )


def _paragraphs(overview: Overview) -> list[str]:
    data = overview.data
    results = data.results
    means = "; ".join(f"năm {y}: {_mean_text(results[y])} điểm ({results[y].summary.mean_band.lower()})"
                      for y in data.years)  # fmt: skip
    lines = [f"Điểm bình quân của các đơn vị qua {len(data.years)} năm: {means}."]
    counts = [results[y].summary.n_units for y in data.years]
    if len(set(counts)) > 1:
        changes = [f"năm {y}: {format_integer(results[y].summary.n_units)} đơn vị" for y in data.years]
        lines.append("Số đơn vị được đánh giá thay đổi qua các năm (" + "; ".join(changes) + "). Đơn vị hình thành "
                     "sau sắp xếp được theo dõi cùng bình quân tổng điểm của các đơn vị cũ trong những năm trước đó "
                     "(đường nét đứt trên biểu đồ).")  # fmt: skip
    top = [y for y in data.years if results[y].summary.bands[0].count == results[y].summary.n_units]
    if top:
        band = results[top[0]].summary.bands[0].band.lower()
        lines.append(f"Năm có tất cả các đơn vị đạt mức độ {band}: {', '.join(map(str, top))}.")
    return lines


@names_isolated
def years_table(overview: Overview) -> Html:
    """One row per year: units, mean and band, band counts, highest and lowest, data status, links."""
    results = overview.data.results
    # Bands no year has a unit in are left out: the table stays readable on A4.
    shown = [i for i, b in enumerate(overview.data.scheme.bands)
             if any(results[y].summary.bands[i].count for y in overview.data.years)]  # fmt: skip
    band_names = [overview.data.scheme.bands[i].name for i in shown]
    rows = []
    for year in overview.data.years:
        s = results[year].summary
        names = output_names(year)
        rows.append({
            "year": year, "n_units": format_integer(s.n_units), "mean": _mean_text(results[year]), "band": s.mean_band,
            "bands": [format_count(s.bands[i].count, s.n_units) for i in shown],
            "highest": f"{format_unit_list(s.highest.units)} ({format_points(s.highest.total, s.places)})",
            "lowest": f"{format_unit_list(s.lowest.units)} ({format_points(s.lowest.total, s.places)})",
            "status": results[year].metadata.status_label or "Chưa rõ",
            "html": f"{year}/{names['html']}", "docx": f"{year}/{names['docx']}", "pdf": f"{year}/{names['pdf']}" if overview.with_pdf else None,
        })  # fmt: skip
    return render_html("overview_years.html.j2", rows=rows, band_names=band_names, paragraphs=_paragraphs(overview))


def _note(overview: Overview) -> str | None:
    return status_note(overview.data.metadata)


@names_isolated
def trend_overview_chart(overview: Overview) -> Html:
    series = unit_series(overview.data.years, overview.data.units, overview.data.scheme)
    fig = charts.trend_overview_chart(series, overview.data.scheme, overview.data.years, note=_note(overview))
    return figure_html(
        fig, figure_text("trend_overview", "caption", span=_span(overview)), figure_text("trend_overview", "alt")
    )


@names_isolated
def trend_chart(overview: Overview) -> Html:
    series = unit_series(overview.data.years, overview.data.units, overview.data.scheme)
    fig = charts.trend_chart(series, overview.data.scheme, overview.data.years, note=_note(overview))
    return figure_html(fig, figure_text("trend", "caption", span=_span(overview)), figure_text("trend", "alt"))


@names_isolated
def methodology(overview: Overview) -> Html:
    """Where each year's figures came from (file, SHA-256, status) and how units are followed."""
    data = overview.data
    files = [{"year": y, "file": f"{y}/{Path(data.results[y].table.source).name}",
              "sha256": file_sha256(Path(data.results[y].table.source)),
              "status": data.results[y].metadata.status_label or "Chưa rõ", "n_units": format_integer(data.results[y].summary.n_units)}
             for y in data.years]  # fmt: skip
    return render_html(
        "overview_methodology.html.j2",
        files=files,
        registry_file=Path(data.registry_file).name if data.registry_file else None,
        version=__version__,
        parameters=sorted(overview.parameters.items()),
    )
