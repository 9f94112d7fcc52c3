"""Sections of the report's appendices: key figures, the ranking table, the method and the data's provenance.

The document itself (header, I, II, III, closing) is :mod:`tthc_analysis.sections.document`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tthc_analysis import charts
from tthc_analysis.config import __version__, output_names
from tthc_analysis.narrative.base import band_range, format_threshold, format_unit_list
from tthc_analysis.period import Period
from tthc_analysis.pipeline import YearReport, file_sha256
from tthc_analysis.score.districts import parent_level
from tthc_analysis.score.printed import mean_places, places_of_all
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import Html, render_html
from tthc_analysis.sections.qd766 import checks_section
from tthc_analysis.vietnamese import format_count, format_integer, format_percent, format_points

# In a notebook, a ValidationError shows as a table of problems rather than a traceback.


UNKNOWN = "Không rõ"


# Up to this many units the HTML ranking is complete; beyond it, the first and last RANKING_KEEP rows.
RANKING_ROWS_LIMIT = 500


RANKING_KEEP = 50  # as many as the comparison's rises and falls; 100 rows print on about 8 A4 pages


# A key-figure card names at most this many tied units and counts the rest.
CARD_UNITS = 3


def _is_year(report: YearReport) -> bool:
    return report.period is None or report.period.kind == "year"


@names_isolated
def key_figures(report: YearReport) -> Html:
    """Four figures at a glance: units, mean with band, highest, lowest."""
    s = report.result.summary
    top = s.bands[0]
    cards = [
        {"value": format_integer(s.n_units), "label": "đơn vị được đánh giá", "detail": ""},
        {"value": format_points(s.mean, mean_places(s, report.scheme)), "label": "điểm bình quân",
         "detail": f"xếp loại {s.mean_band.lower()}"},
        {"value": format_points(s.highest.total, s.places), "label": "điểm cao nhất",
         "detail": format_unit_list(s.highest.units, limit=CARD_UNITS, shown=CARD_UNITS)},
        {"value": format_points(s.lowest.total, s.places), "label": "điểm thấp nhất",
         "detail": format_unit_list(s.lowest.units, limit=CARD_UNITS, shown=CARD_UNITS)},
        {"value": format_count(top.count, s.n_units), "label": f"đơn vị {top.band.lower()}",
         "detail": f"chiếm tỷ lệ {format_percent(top.share)}"},
    ]  # fmt: skip
    for card in cards:
        # "UBND Phường 3, 6": a line break after a comma would separate the numbers of one list.
        card["detail"] = card["detail"].replace(", ", ",\u00a0")
    return render_html("key_figures.html.j2", cards=cards)


@names_isolated
def ranking_table(report: YearReport) -> Html:
    """The detailed ranking (appendix of the report), rows coloured by band."""
    s = report.result.summary
    scheme = report.scheme
    colours = charts.band_colours(scheme)
    scored = report.scored_criteria
    score_places = places_of_all(v for c in scored for v in s.ranking[c.key])
    rows = []
    n = len(s.ranking)
    # A national table is thousands of rows: the HTML keeps the head and the tail, the files keep everything.
    shown = (
        s.ranking
        if n <= RANKING_ROWS_LIMIT
        else pd.concat([s.ranking.head(RANKING_KEEP), s.ranking.tail(RANKING_KEEP)])
    )
    positions = list(range(1, n + 1)) if n <= RANKING_ROWS_LIMIT else [
        *range(1, RANKING_KEEP + 1), *range(n - RANKING_KEEP + 1, n + 1)]  # fmt: skip
    for position, r in zip(positions, shown.to_dict("records")):
        scores = [{"text": format_points(r[c.key], score_places), "lost": r[c.key] < c.max_points} for c in scored]
        rows.append({
            "position": position, "unit": r["unit"], "district": r.get("district") or "", "scores": scores, "total": format_points(r["total"], s.places),
            "band": r["band"], "rank": r["rank"], "colour": colours[r["band"]],
            "text_colour": charts.contrast_text_colour(colours[r["band"]]),
        })  # fmt: skip
    meta = report.result.metadata
    level = f" cấp {meta.level}" if meta.level else ""
    criteria = [{"number": c.number, "name": c.name, "max": format_threshold(c.max_points),
                 "head": c.code or f"CS {c.number}", "code": c.code}
                for c in scored]  # fmt: skip
    names = output_names(report.year if _is_year(report) else report.period)
    return render_html(
        "ranking.html.j2",
        title=f"Bảng xếp hạng giải quyết TTHC{level} {report.period_label}",
        head_note="" if scheme.two_level or not criteria else "CS: chỉ số. ",
        lost_word="nhóm chỉ số" if scheme.two_level else "chỉ số",
        rank_note="Xếp hạng đồng hạng, không phải thứ tự trên Cổng." if report.result.table.portal is not None else "",
        with_district="district" in s.ranking.columns,
        parent_heading=parent_level(s.ranking)[0].capitalize(),
        criteria=criteria,
        rows=rows,
        cut_after=RANKING_KEEP if n > RANKING_ROWS_LIMIT else None,
        omitted=format_integer(n - 2 * RANKING_KEEP) if n > RANKING_ROWS_LIMIT else "",
        n_units=format_integer(n),
        files=f"{names['xlsx']} và {names['csv']}",
        n_columns=len(criteria) + 6 + int("district" in s.ranking.columns),
        status_note=" ".join(meta.notes.split()) if meta.is_constructed and meta.notes else None,
    )


def scheme_title(title: str, legal_basis: str | None) -> str:
    """The scheme's title naming its legal basis once: the short name in the title becomes the full one.

    >>> scheme_title("Bộ chỉ số theo Thông tư số 01/2018/TT-VPCP", "Thông tư số 01/2018/TT-VPCP ngày 23/11/2018")
    'Bộ chỉ số theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018'
    """
    if not legal_basis:
        return title
    short = re.match(r".*?số \S+", legal_basis)
    if short and short.group(0) in title:
        return title.replace(short.group(0), legal_basis, 1)
    return f"{title} ({legal_basis})"


@names_isolated
def methodology(report: YearReport) -> Html:
    """Scheme, bands, how figures are computed, and where the data came from (with its SHA-256)."""
    scheme = report.scheme
    meta = report.result.metadata
    maxima = {c.max_points for c in scheme.criteria}
    checks = checks_section(report)  # "Kiểm tra số liệu" of a portal file, before the methodology
    return Html(
        checks
        + render_html(
            "methodology.html.j2",
            scheme_title=scheme_title(scheme.title, scheme.legal_basis),
            n_criteria=len(scheme.criteria),
            min_points=format_threshold(scheme.min_points).lstrip("0") or "0",
            max_points=" hoặc ".join(format_threshold(m) for m in sorted(maxima)),
            max_total=format_threshold(scheme.max_total),
            bands=[
                {"name": b.name, "range": band_range(b.lower, b.upper, lowest=i == len(scheme.bands) - 1)}
                for i, b in enumerate(scheme.bands)
            ],  # fmt: skip
            places=report.result.summary.places,
            data_file=report.data_file,
            sha256=report.sha256,
            n_units=format_integer(report.result.summary.n_units),
            status_label=meta.status_label or "Không rõ (không có tệp thông tin)",
            notes=meta.notes,
            source=meta.source or UNKNOWN,
            locality=meta.locality or UNKNOWN,
            version=__version__,
            parameters=sorted(report.parameters.items()),
            previous_year=report.year - 1 if report.previous is not None else None,
            previous_file=report.previous_file,
            previous_sha256=file_sha256(Path(report.previous.table.source)) if report.previous is not None else None,
            registry_file=Path(report.registry_file).name if report.registry_file else None,
            previous_label=(
                report.comparison.previous_label
                if report.comparison is not None
                else (report.period or Period("year", report.year)).previous().label
            ),
            groups=[{"code": c.key, "name": c.name, "max": format_threshold(c.max_points)} for c in scheme.criteria]
            if scheme.two_level
            else [],
            convention=scheme.bands_convention,
            official_total=report.result.table.official_total,
            totals_only=report.result.table.totals_only,
        )
    )
