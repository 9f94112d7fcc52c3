"""The report's sections: one function per section, each returning HTML ready to display.

The report notebook calls these one by one; each returns an :class:`Html` value
that Jupyter displays and nbconvert carries into the rendered report. Wording
lives in ``resources/templates/``; every value put into HTML is escaped.
"""

from __future__ import annotations

import base64
import hashlib
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from matplotlib.figure import Figure

from . import __version__, charts
from .dataset import SCORES_FILE, read_metadata
from .narrative import format_threshold, format_unit_list, mean_places, render_template
from .scheme import DEFAULT_SCHEME, Scheme, load_scheme
from .summary import YearResult, analyse
from .validation import Problem, ValidationError
from .vietnamese import format_count, format_percent, format_points

__all__ = [
    "Html",
    "YearReport",
    "assessment",
    "band_chart",
    "criteria_section",
    "heading",
    "key_figures",
    "load_year_report",
    "methodology",
    "points_lost_chart",
    "ranking_table",
    "results_section",
    "totals_chart",
]

UNKNOWN = "Không rõ"
FIGURE_DPI = 150


class Html(str):
    """A string of HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


@dataclass
class YearReport:
    """Everything the report shows for one year, loaded and validated once."""

    year: int
    result: YearResult
    data_file: str
    sha256: str
    parameters: dict[str, object] = field(default_factory=dict)

    @property
    def scheme(self) -> Scheme:
        return self.result.scheme


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_year_report(year: int, data_dir: str | Path = "data", scores_path: str | Path = "", scheme: str = "") -> YearReport:
    """Find, read and validate the scores of ``year``.

    ``scores_path`` names a scores file directly (any locality); otherwise the table is
    ``<data_dir>/<year>/scores.csv``. Metadata is read from ``metadata.toml`` beside the table.
    Raises ``ValidationError`` with every problem found.
    """
    data_dir = Path(data_dir)
    if scores_path:
        path = Path(scores_path)
        shown = path.name
    else:
        path = data_dir / str(year) / SCORES_FILE
        shown = f"{year}/{SCORES_FILE}"
    if not path.is_file():
        raise ValidationError([Problem(str(path), f"không tìm thấy tệp điểm của năm {year}")])
    metadata = read_metadata(path.parent)
    if metadata.year is not None and metadata.year != year:
        raise ValidationError([Problem(metadata.path or str(path.parent), f"thông tin năm ghi năm {metadata.year}, "
                                       f"không khớp với năm cần lập báo cáo ({year})", column="year")])  # fmt: skip
    result = analyse(path, scheme=scheme or None, year=year)
    parameters = {"year": year, "scheme": result.scheme.name, "data_file": shown}
    return YearReport(year=year, result=result, data_file=shown, sha256=file_sha256(path), parameters=parameters)


@cache
def _html_environment() -> jinja2.Environment:
    folder = resources.files("tthc_analysis") / "resources" / "templates" / "report"
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (folder / name).read_text(encoding="utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


def _render(name: str, **values: object) -> Html:
    return Html(_html_environment().get_template(name).render(**values))


def _status_notice(report: YearReport) -> str | None:
    meta = report.result.metadata
    if meta.path is None:
        return ("Bảng số liệu không kèm tệp thông tin (metadata.toml): chưa rõ địa phương, nguồn và tình trạng "
                "số liệu. Các số liệu dưới đây được tính từ bảng điểm như đã cung cấp.")  # fmt: skip
    if meta.is_constructed:
        return meta.notes or f"Bảng điểm này không phải số liệu chính thức ({meta.status_label})."
    return None


def heading(report: YearReport) -> Html:
    """Title block: issuer, title, recipient, data source, and a notice for constructed or unknown data."""
    meta = report.result.metadata
    return _render(
        "heading.html.j2",
        issuer=meta.reporting_body or UNKNOWN,
        year=report.year,
        units_phrase=meta.units_phrase or "các đơn vị",
        recipient=meta.recipient,
        status=meta.status or "unknown",
        status_label=meta.status_label or "Chưa rõ tình trạng số liệu",
        status_notice=_status_notice(report),
        locality=meta.locality or UNKNOWN,
        source=meta.source or UNKNOWN,
    )


def key_figures(report: YearReport) -> Html:
    """Four figures at a glance: units, mean with band, highest, lowest."""
    s = report.result.summary
    top = s.bands[0]
    cards = [
        {"value": str(s.n_units), "label": "đơn vị được đánh giá", "detail": ""},
        {"value": format_points(s.mean, mean_places(s, report.scheme)), "label": "điểm bình quân",
         "detail": f"xếp loại {s.mean_band.lower()}"},
        {"value": format_points(s.highest.total, s.places), "label": "điểm cao nhất",
         "detail": format_unit_list(s.highest.units)},
        {"value": format_points(s.lowest.total, s.places), "label": "điểm thấp nhất",
         "detail": format_unit_list(s.lowest.units)},
        {"value": format_count(top.count, s.n_units), "label": f"đơn vị {top.band.lower()}",
         "detail": f"chiếm tỷ lệ {format_percent(top.share)}"},
    ]  # fmt: skip
    return _render("key_figures.html.j2", cards=cards)


def results_section(report: YearReport) -> Html:
    """Section I: the introduction and the narrative of the results."""
    meta = report.result.metadata
    intro = render_template(
        "intro.vi.j2",
        reporting_body=meta.reporting_body or "Cơ quan báo cáo",
        year=report.year,
        units_phrase=meta.units_phrase or "các đơn vị",
    ).strip()
    return _render("section1.html.j2", intro=intro, paragraphs=report.result.section1)


def ranking_table(report: YearReport) -> Html:
    """The detailed ranking (appendix of the report), rows coloured by band."""
    s = report.result.summary
    scheme = report.scheme
    colours = charts.band_colours(scheme)
    score_places = max(2, max((-v.as_tuple().exponent for k in scheme.criterion_keys for v in s.ranking[k]), default=2))
    rows = []
    for position, r in enumerate(s.ranking.to_dict("records"), start=1):
        scores = [
            {"text": format_points(r[c.key], score_places), "lost": r[c.key] < c.max_points} for c in scheme.criteria
        ]
        rows.append({
            "position": position, "unit": r["unit"], "scores": scores, "total": format_points(r["total"], s.places),
            "band": r["band"], "rank": r["rank"], "colour": colours[r["band"]],
            "text_colour": charts.contrast_text_colour(colours[r["band"]]),
        })  # fmt: skip
    meta = report.result.metadata
    level = f" cấp {meta.level}" if meta.level else ""
    criteria = [{"number": c.number, "name": c.name, "max": format_threshold(c.max_points)} for c in scheme.criteria]
    return _render(
        "ranking.html.j2",
        title=f"Bảng xếp hạng giải quyết TTHC{level} năm {report.year}",
        criteria=criteria,
        rows=rows,
    )


def figure_html(fig: Figure, caption: str, alt: str) -> Html:
    """Embed a figure as an inline PNG (no external file), with a caption and alternative text."""
    width, height = (round(v * FIGURE_DPI) for v in fig.get_size_inches())
    png = base64.b64encode(charts.figure_bytes(fig, "png", dpi=FIGURE_DPI)).decode("ascii")
    return _render("figure.html.j2", png=png, caption=caption, alt=alt, width=width, height=height)


def _chart_note(report: YearReport) -> str | None:
    meta = report.result.metadata
    return meta.status_label if meta.is_constructed else None


def totals_chart(report: YearReport) -> Html:
    fig = charts.totals_chart(report.result.summary, report.scheme, note=_chart_note(report))
    return figure_html(fig, "Hình 1. Tổng điểm của từng đơn vị, xếp từ cao xuống thấp; các đường dọc là ngưỡng xếp loại.",
                       "Biểu đồ thanh tổng điểm của từng đơn vị, tô màu theo xếp loại")  # fmt: skip


def points_lost_chart(report: YearReport) -> Html:
    fig = charts.points_lost_heatmap(report.result.summary, report.scheme, note=_chart_note(report))
    return figure_html(fig, "Hình 3. Điểm bị trừ theo từng đơn vị và từng chỉ số.",
                       "Bản đồ nhiệt điểm bị trừ theo đơn vị và chỉ số")  # fmt: skip


def band_chart(report: YearReport) -> Html:
    fig = charts.band_counts_chart(report.result.summary, report.scheme, note=_chart_note(report))
    return figure_html(fig, "Hình 2. Số đơn vị theo xếp loại.", "Biểu đồ số đơn vị theo từng mức xếp loại")


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
        {"number": c.number, "name": c.name, "mean": format_points(c.mean, 2), "lost": format_points(c.points_lost, 2),
         "units_count": format_count(len(c.units_losing), s.n_units)}
        for c in s.criteria_losing
    ]  # fmt: skip


def criteria_section(report: YearReport) -> Html:
    """Which criteria lost points, how many and where."""
    s = report.result.summary
    paragraphs = []
    for c in s.criteria_losing:
        if len(c.units_losing) == s.n_units:
            where = "tất cả các đơn vị"
        else:
            where = format_unit_list(c.units_losing)
        paragraphs.append(f"Chỉ số {c.number} bị trừ điểm tại: {where}.")
    paragraphs += criterion_notes(report)
    return _render("criteria.html.j2", rows=_losing_rows(report), paragraphs=paragraphs)


def assessment(report: YearReport, top: int = 3) -> Html:
    """Section II, drafted from the figures: legal basis, overall result, weakest criteria, notes."""
    s = report.result.summary
    meta = report.result.metadata
    refs = meta.extra.get("legal_references") or [report.scheme.legal_basis]
    below = [f"{format_count(b.count, s.n_units)} đơn vị đạt mức độ {b.band.lower()}" for b in s.bands[1:] if b.count]
    losing = [
        {"number": c.number, "name": c.name, "lost": format_points(c.points_lost, 2),
         "units": format_count(len(c.units_losing), s.n_units)}
        for c in s.criteria_losing[:top]
    ]  # fmt: skip
    text = render_template(
        "assessment.vi.j2",
        legal_references="; ".join(r for r in refs if r),
        year=report.year,
        n_units=s.n_units,
        mean=format_points(s.mean, mean_places(s, report.scheme)),
        mean_band=s.mean_band.lower(),
        top_band=s.bands[0].band.lower(),
        top_band_count=format_count(s.bands[0].count, s.n_units),
        below_text=", ".join(below),
        losing=losing,
        notes=criterion_notes(report),
    )
    return _render("assessment.html.j2", paragraphs=[line for line in text.splitlines() if line.strip()])


def _band_range(scheme: Scheme, index: int) -> str:
    band = scheme.bands[index]
    lower = format_threshold(band.lower)
    if band.upper is None:
        return f"từ {lower} điểm trở lên"
    if index == len(scheme.bands) - 1:
        return f"dưới {format_threshold(band.upper)} điểm"
    return f"từ {lower} đến dưới {format_threshold(band.upper)} điểm"


def methodology(report: YearReport) -> Html:
    """Scheme, bands, how figures are computed, and where the data came from (with its SHA-256)."""
    scheme = report.scheme
    meta = report.result.metadata
    maxima = {c.max_points for c in scheme.criteria}
    return _render(
        "methodology.html.j2",
        scheme_title=scheme.title,
        legal_basis=scheme.legal_basis,
        n_criteria=len(scheme.criteria),
        min_points=format_threshold(scheme.min_points).lstrip("0") or "0",
        max_points=" hoặc ".join(format_threshold(m) for m in sorted(maxima)),
        max_total=format_threshold(scheme.max_total),
        bands=[{"name": b.name, "range": _band_range(scheme, i)} for i, b in enumerate(scheme.bands)],
        places=report.result.summary.places,
        data_file=report.data_file,
        sha256=report.sha256,
        n_units=report.result.summary.n_units,
        status_label=meta.status_label or "Không rõ (không có tệp thông tin)",
        notes=meta.notes,
        source=meta.source or UNKNOWN,
        version=__version__,
        parameters=sorted(report.parameters.items()),
    )
