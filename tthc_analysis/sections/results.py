"""The sections of the report itself: heading, key figures, Section I, criteria, assessment, ranking, methodology."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from tthc_analysis import charts
from tthc_analysis.config import __version__, output_names
from tthc_analysis.narrative.base import band_range, format_threshold, format_unit_list, render_template
from tthc_analysis.narrative.cohorts import cohort_paragraphs
from tthc_analysis.period import Period
from tthc_analysis.pipeline import YearReport, file_sha256
from tthc_analysis.score.districts import parent_level
from tthc_analysis.score.printed import mean_places
from tthc_analysis.sections.html import Html, render_html, status_notice
from tthc_analysis.sections.qd766 import checks_section, cohorts_section, indicators_section, own_score_section
from tthc_analysis.vietnamese import format_count, format_integer, format_percent, format_points

# In a notebook, a ValidationError shows as a table of problems rather than a traceback.


UNKNOWN = "Không rõ"


# Up to this many units the HTML ranking is complete; beyond it, the first and last RANKING_KEEP rows.
RANKING_ROWS_LIMIT = 500


RANKING_KEEP = 50  # as many as the comparison's rises and falls; 100 rows print on about 8 A4 pages


# Beyond this many units, a sentence gives a count instead of naming them.
NAMED_UNITS_LIMIT = 30


# A key-figure card names at most this many tied units and counts the rest.
CARD_UNITS = 3


def _is_year(report: YearReport) -> bool:
    return report.period is None or report.period.kind == "year"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def criterion_ref(scheme, stat) -> str:
    """How the text names a criterion or group: "chỉ số 5", or "nhóm MDSH" for a group of QĐ 766."""
    return f"nhóm {stat.key}" if scheme.two_level else f"chỉ số {stat.number}"


def _words(scheme) -> dict[str, str]:
    """The column heading and the plural noun of a scheme's scored columns."""
    if scheme.two_level:
        return {"word": "Nhóm", "word_plural": "nhóm chỉ số"}
    return {"word": "Chỉ số", "word_plural": "chỉ số"}


def heading(report: YearReport) -> Html:
    """Title block: issuer, title, recipient, data source, and a notice for constructed or unknown data."""
    meta = report.result.metadata
    return render_html(
        "heading.html.j2",
        issuer=meta.reporting_body or UNKNOWN,
        period_label=report.period_label,
        period_heading="Năm đánh giá" if _is_year(report) else "Kỳ đánh giá",
        period_value=str(report.year) if _is_year(report) else _cap(report.period_label),
        units_phrase=meta.units_phrase or "các đơn vị",
        recipient=meta.recipient,
        status=meta.status or "unknown",
        status_label=meta.status_label or "Chưa rõ tình trạng số liệu",
        status_notice=status_notice(report),
        locality=meta.locality or UNKNOWN,
        source=meta.source or UNKNOWN,
    )


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
    return render_html("key_figures.html.j2", cards=cards)


def results_section(report: YearReport) -> Html:
    """Section I: the introduction and the narrative of the results."""
    meta = report.result.metadata
    intro = render_template(
        "intro.vi.j2",
        reporting_body=meta.reporting_body or "Cơ quan báo cáo",
        period_label=report.period_label,
        units_phrase=meta.units_phrase or "các đơn vị",
    ).strip()
    section = render_html("section1.html.j2", intro=intro, paragraphs=cohort_paragraphs(report.result))
    # A two-level index adds its cohorts and the parent's own score here (nothing for TT 01, whose HTML stays).
    return Html(section + cohorts_section(report) + own_score_section(report))


def ranking_table(report: YearReport) -> Html:
    """The detailed ranking (appendix of the report), rows coloured by band."""
    s = report.result.summary
    scheme = report.scheme
    colours = charts.band_colours(scheme)
    score_places = max(2, max((-v.as_tuple().exponent for k in scheme.criterion_keys for v in s.ranking[k]), default=2))
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
        scores = [
            {"text": format_points(r[c.key], score_places), "lost": r[c.key] < c.max_points}
            for c in ([] if report.result.table.totals_only else scheme.criteria)
        ]
        rows.append({
            "position": position, "unit": r["unit"], "district": r.get("district") or "", "scores": scores, "total": format_points(r["total"], s.places),
            "band": r["band"], "rank": r["rank"], "colour": colours[r["band"]],
            "text_colour": charts.contrast_text_colour(colours[r["band"]]),
        })  # fmt: skip
    meta = report.result.metadata
    level = f" cấp {meta.level}" if meta.level else ""
    criteria = [{"number": c.number, "name": c.name, "max": format_threshold(c.max_points),
                 "head": c.code or f"CS {c.number}", "code": c.code}
                for c in ([] if report.result.table.totals_only else scheme.criteria)]  # fmt: skip
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
    )


@cache
def _criteria_notes(scheme_name: str) -> list[dict]:
    note_file = resources.files("tthc_analysis") / "resources" / "templates" / f"criteria-notes.{scheme_name}.toml"
    if not note_file.is_file():
        return []
    return tomllib.loads(note_file.read_text(encoding="utf-8")).get("notes", [])


def criterion_notes(report: YearReport) -> list[str]:
    """The scheme's explanatory sentences whose condition holds this year (e.g. criterion 9 at 0 everywhere)."""
    s = report.result.summary
    notes = []
    for note in _criteria_notes(report.scheme.name):
        stat = next((c for c in s.criteria if c.number == note["criterion"]), None)
        if stat is None:
            continue
        if note["when"] == "all_zero" and all(v == 0 for v in s.ranking[stat.key]):
            notes.append(note["text"].format(name=stat.name))
    return notes


def _losing_rows(report: YearReport) -> list[dict]:
    s = report.result.summary
    return [
        {"number": c.key if report.scheme.two_level else c.number, "name": c.name, "mean": format_points(c.mean, 2), "lost": format_points(c.points_lost, 2),
         "units_count": format_count(len(c.units_losing), s.n_units)}
        for c in s.criteria_losing
    ]  # fmt: skip


def criteria_section(report: YearReport) -> Html:
    """Which criteria lost points, how many and where."""
    s = report.result.summary
    paragraphs = []
    for c in s.criteria_losing:
        ref = _cap(criterion_ref(report.scheme, c))
        if len(c.units_losing) == s.n_units:
            paragraphs.append(f"{ref} bị trừ điểm tại: tất cả các đơn vị.")
        elif len(c.units_losing) > NAMED_UNITS_LIMIT:
            # Hundreds of names help no reader: the count here, each unit's scores in the ranking table.
            paragraphs.append(f"{ref} bị trừ điểm tại {format_count(len(c.units_losing), s.n_units)} "
                              "đơn vị (điểm từng đơn vị xem tại bảng xếp hạng kèm theo).")  # fmt: skip
        else:
            paragraphs.append(f"{ref} bị trừ điểm tại: {format_unit_list(c.units_losing)}.")
    paragraphs += criterion_notes(report)
    section = render_html("criteria.html.j2", rows=_losing_rows(report), paragraphs=paragraphs,
                          totals_only=report.result.table.totals_only, **_words(report.scheme))  # fmt: skip
    return Html(section + indicators_section(report))


def assessment(report: YearReport, top: int = 3) -> Html:
    """Section II, drafted from the figures: legal basis, overall result, weakest criteria, notes."""
    s = report.result.summary
    meta = report.result.metadata
    refs = meta.extra.get("legal_references") or [report.scheme.legal_basis]
    below = [f"{format_count(b.count, s.n_units)} đơn vị đạt mức độ {b.band.lower()}" for b in s.bands[1:] if b.count]
    losing = [
        {"number": c.number, "name": c.name, "lost": format_points(c.points_lost, 2),
         "units": format_count(len(c.units_losing), s.n_units), "ref": criterion_ref(report.scheme, c)}
        for c in s.criteria_losing[:top]
    ]  # fmt: skip
    text = render_template(
        "assessment.vi.j2",
        legal_references="; ".join(r for r in refs if r),
        period_label=report.period_label,
        totals_only=report.result.table.totals_only,
        word_plural=_words(report.scheme)["word_plural"],
        n_units=format_integer(s.n_units),
        mean=format_points(s.mean, mean_places(s, report.scheme)),
        mean_band=s.mean_band.lower(),
        top_band=s.bands[0].band.lower(),
        top_band_count=format_count(s.bands[0].count, s.n_units),
        below_text=", ".join(below),
        losing=losing,
        notes=criterion_notes(report),
    )
    return render_html("assessment.html.j2", paragraphs=[line for line in text.splitlines() if line.strip()])


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
            scheme_title=scheme.title,
            legal_basis=scheme.legal_basis,
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
            version=__version__,
            parameters=sorted(report.parameters.items()),
            previous_year=report.year - 1 if report.previous is not None else None,
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
            previous_file=report.previous_file,
            previous_sha256=file_sha256(Path(report.previous.table.source)) if report.previous is not None else None,
            registry_file=Path(report.registry_file).name if report.registry_file else None,
        )
    )
