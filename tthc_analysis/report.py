"""The report's sections: one function per section, each returning HTML ready to display.

The report notebook calls these one by one; each returns an :class:`Html` value
that Jupyter displays and nbconvert carries into the rendered report. Wording
lives in ``resources/templates/``; every value put into HTML is escaped.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import math
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import pandas as pd
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from .registry import Registry

from . import __version__, charts
from .compare import Comparison, YearUnits, compare_years, name_ids
from .dataset import read_metadata, year_file
from .narrative import (band_range, comparison_paragraphs, format_signed, format_threshold, format_unit_list, mean_places,
                        plain_wording, render_template)
from .scheme import Scheme
from .render import output_names
from .summary import YearResult, analyse
from .validation import Problem, ValidationError, show_problems_as_tables
from .vietnamese import format_count, format_integer, format_percent, format_points

__all__ = [
    "Html",
    "YearReport",
    "assessment",
    "band_chart",
    "change_chart",
    "comparison_section",
    "district_chart",
    "districts_section",
    "criteria_section",
    "heading",
    "identify_units",
    "key_figures",
    "load_year_report",
    "methodology",
    "points_lost_chart",
    "ranking_table",
    "results_section",
    "totals_chart",
    "trend_section",
]

# In a notebook, a ValidationError shows as a table of problems rather than a traceback.
show_problems_as_tables()

UNKNOWN = "Không rõ"
# Up to this many units the HTML ranking is complete; beyond it, the first and last RANKING_KEEP rows.
RANKING_ROWS_LIMIT = 500
RANKING_KEEP = 50  # as many as the comparison's rises and falls; 100 rows print on about 8 A4 pages
COMPARISON_KEEP = 50
# Beyond this many units, a sentence gives a count instead of naming them.
NAMED_UNITS_LIMIT = 30
# A key-figure card names at most this many tied units and counts the rest.
CARD_UNITS = 3
FIGURE_DPI = 150
# A4's printable area (182 × 263 mm) at about 180 dpi: no chart needs more pixels than a printed page holds.
FIGURE_MAX_PIXELS = 2_400_000


class Html(str):
    """A string of HTML that Jupyter displays as HTML.

    Its plain-text form (a notebook's ``text/plain`` output, what a terminal or a text diff shows) is the
    section's text, a figure standing as its alternative text: IPython would otherwise store the whole
    HTML a second time, base64 images included, and double the executed notebook (2.5 MB at national scale).
    """

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # noqa: ARG002 - IPython's signature
        printer.text(plain_text(self))

    def __html__(self) -> str:
        # Jinja's autoescape leaves objects with __html__ as they are: already-built HTML is not escaped twice.
        return str(self)


_IMAGE = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>", re.IGNORECASE)
_LINE_END = re.compile(r"</(?:p|h[1-6]|li|tr|caption|figcaption|div|section|aside|header|dd|dt|ul|ol|dl|table)>"
                       r"|<br\s*/?>", re.IGNORECASE)  # fmt: skip
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_HIDDEN = re.compile(r"<(style|script)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """The text of a piece of report HTML: a line per paragraph, heading or table row (cells between ``|``),
    ``[Hình: …]`` for an image."""
    text = " ".join(_HIDDEN.sub("", html).split())  # whitespace in HTML is one space
    text = _IMAGE.sub(lambda m: f"[Hình: {m.group(1)}]\n", text)
    text = _LINE_END.sub("\n", _CELL_END.sub("\t", text))
    text = html_lib.unescape(_TAG.sub("", text))
    rows = ([" ".join(cell.split()) for cell in line.split("\t") if cell.strip()] for line in text.split("\n"))
    return "\n".join(" | ".join(cells) for cells in rows if cells)


@dataclass
class YearReport:
    """Everything the report shows for one year, loaded and validated once."""

    year: int
    result: YearResult
    data_file: str
    sha256: str
    parameters: dict[str, object] = field(default_factory=dict)
    units: YearUnits | None = None
    previous: YearResult | None = None
    previous_file: str | None = None
    comparison: Comparison | None = None
    comparison_notice: str | None = None
    registry_file: str | None = None
    data_dir: Path | None = None  # set when the year was read from a data directory (then other years are there)

    @property
    def scheme(self) -> Scheme:
        return self.result.scheme


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def identify_units(result: YearResult, year: int, registry: Registry | None, file: str) -> YearUnits:
    """Stable ids for the year's units: the registry's, or spelling-insensitive names without one.

    Raises ``ValidationError`` listing every name the registry does not know, with the closest known names.
    """
    ranking = result.summary.ranking
    if registry is None:
        return YearUnits(year, result.summary, tuple(name_ids(ranking)))
    records = registry.resolve(list(ranking["unit"]), year, file=file, rows=[int(r) for r in ranking["row"]])
    predecessors = {r.id: tuple(r.predecessors) for r in records}
    names = {p: registry.get(p).name_in(year - 1) for ids in predecessors.values() for p in ids}
    return YearUnits(year, result.summary, tuple(r.id for r in records), predecessors, names)


def load_year_report(
    year: int,
    data_dir: str | Path = "data",
    scores_path: str | Path = "",
    scheme: str = "",
    previous_scores_path: str | Path = "",
    registry_path: str | Path = "",
) -> YearReport:
    """Find, read and validate the scores of ``year`` and, where it exists, of the year before.

    ``scores_path`` names a scores file directly (any locality); otherwise the table is
    ``<data_dir>/<year>/scores.csv``. Metadata is read from ``metadata.toml`` beside the table.
    The previous year is ``previous_scores_path`` if given, else ``<data_dir>/<year - 1>/scores.csv``
    when the scores come from ``data_dir``. Units are matched through ``registry_path``, or
    ``<data_dir>/registry.toml`` when present. Raises ``ValidationError`` with every problem found.
    """
    from .registry import find_registry, load_registry

    data_dir = Path(data_dir)
    if scores_path:
        path = Path(scores_path)
        shown = path.name
    else:
        path = year_file(data_dir, year)
        shown = f"{year}/{path.name}"
    if not path.is_file():
        raise ValidationError([Problem(str(path), f"không tìm thấy tệp điểm của năm {year}")])
    metadata = read_metadata(path.parent)
    if metadata.year is not None and metadata.year != year:
        raise ValidationError([Problem(metadata.path or str(path.parent), f"thông tin năm ghi năm {metadata.year}, "
                                       f"không khớp với năm cần lập báo cáo ({year})", column="year")])  # fmt: skip
    if registry_path:
        registry = load_registry(registry_path)
    else:
        registry = None if scores_path else find_registry(data_dir)
    previous_path = Path(previous_scores_path) if previous_scores_path else None
    if previous_path is None and not scores_path and year_file(data_dir, year - 1).is_file():
        previous_path = year_file(data_dir, year - 1)
    if previous_path is not None and not previous_path.is_file():
        raise ValidationError([Problem(str(previous_path), f"không tìm thấy tệp điểm năm {year - 1} để so sánh")])

    problems: list[Problem] = []
    result = previous = units = previous_units = None
    try:
        result = analyse(path, scheme=scheme or None, year=year)
        units = identify_units(result, year, registry, str(path))
    except ValidationError as exc:
        problems += exc.problems
    if previous_path is not None:
        try:
            previous = analyse(previous_path, scheme=None, year=year - 1)
            previous_units = identify_units(previous, year - 1, registry, str(previous_path))
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems)

    parameters = {"year": year, "scheme": result.scheme.name, "data_file": shown}
    report = YearReport(year=year, result=result, data_file=shown, sha256=file_sha256(path), parameters=parameters,
                        units=units, registry_file=registry.path if registry else None,
                        data_dir=None if scores_path else data_dir)  # fmt: skip
    if previous is not None:
        report.previous = previous
        report.previous_file = previous_path.name if scores_path or previous_scores_path else f"{year - 1}/{previous_path.name}"
        if previous.scheme.name != result.scheme.name:
            report.comparison_notice = (
                f"Không so sánh với năm {year - 1}: hai năm chấm điểm theo hai bộ tiêu chí khác nhau "
                f"({previous.scheme.title}; {result.scheme.title})."
            )
        else:
            report.comparison = compare_years(previous_units, units, result.scheme)
    return report


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
    n = len(s.ranking)
    # A national table is thousands of rows: the HTML keeps the head and the tail, the files keep everything.
    shown = s.ranking if n <= RANKING_ROWS_LIMIT else pd.concat([s.ranking.head(RANKING_KEEP), s.ranking.tail(RANKING_KEEP)])
    positions = list(range(1, n + 1)) if n <= RANKING_ROWS_LIMIT else [
        *range(1, RANKING_KEEP + 1), *range(n - RANKING_KEEP + 1, n + 1)]  # fmt: skip
    for position, r in zip(positions, shown.to_dict("records")):
        scores = [
            {"text": format_points(r[c.key], score_places), "lost": r[c.key] < c.max_points} for c in scheme.criteria
        ]
        rows.append({
            "position": position, "unit": r["unit"], "district": r.get("district") or "", "scores": scores, "total": format_points(r["total"], s.places),
            "band": r["band"], "rank": r["rank"], "colour": colours[r["band"]],
            "text_colour": charts.contrast_text_colour(colours[r["band"]]),
        })  # fmt: skip
    meta = report.result.metadata
    level = f" cấp {meta.level}" if meta.level else ""
    criteria = [{"number": c.number, "name": c.name, "max": format_threshold(c.max_points)} for c in scheme.criteria]
    return _render(
        "ranking.html.j2",
        title=f"Bảng xếp hạng giải quyết TTHC{level} năm {report.year}",
        with_district="district" in s.ranking.columns,
        criteria=criteria,
        rows=rows,
        cut_after=RANKING_KEEP if n > RANKING_ROWS_LIMIT else None,
        omitted=format_integer(n - 2 * RANKING_KEEP) if n > RANKING_ROWS_LIMIT else "",
        n_units=format_integer(n),
        files=f"{output_names(report.year)['xlsx']} và {output_names(report.year)['csv']}",
        n_columns=len(scheme.criteria) + 6 + int("district" in s.ranking.columns),
    )


def figure_dpi(fig: Figure) -> float:
    """FIGURE_DPI, or less for a figure so large it would exceed FIGURE_MAX_PIXELS.

    A tall chart is printed shrunk to the page (at most 235 mm high, report.css), so past a page's worth
    of pixels the extra ones never reach the paper; they only cost drawing, encoding and printing time.
    """
    width, height = fig.get_size_inches()
    return min(FIGURE_DPI, math.sqrt(FIGURE_MAX_PIXELS / (width * height)))


def figure_html(fig: Figure, caption: str, alt: str) -> Html:
    """Embed a figure as an inline PNG (no external file), with a caption and alternative text.

    The width and height given to the browser are those at FIGURE_DPI, whatever the image's own pixels,
    so a large figure drawn at a lower resolution takes the same place on the screen and the page.
    """
    width, height = (round(v * FIGURE_DPI) for v in fig.get_size_inches())
    png = base64.b64encode(charts.figure_bytes(fig, "png", dpi=figure_dpi(fig))).decode("ascii")
    return _render("figure.html.j2", png=png, caption=caption, alt=alt, width=width, height=height)


def _chart_note(report: YearReport) -> str | None:
    meta = report.result.metadata
    return meta.status_label if meta.is_constructed else None


def totals_chart(report: YearReport) -> Html:
    fig = charts.totals_chart(report.result.summary, report.scheme, note=_chart_note(report))
    return figure_html(fig, "Tổng điểm của từng đơn vị, xếp từ cao xuống thấp; các đường dọc là ngưỡng xếp loại.",
                       "Biểu đồ thanh tổng điểm của từng đơn vị, tô màu theo xếp loại")  # fmt: skip


def points_lost_chart(report: YearReport) -> Html:
    fig = charts.points_lost_heatmap(report.result.summary, report.scheme, note=_chart_note(report))
    return figure_html(fig, "Điểm bị trừ theo từng đơn vị và từng chỉ số.",
                       "Bản đồ nhiệt điểm bị trừ theo đơn vị và chỉ số")  # fmt: skip


def band_chart(report: YearReport) -> Html:
    fig = charts.band_counts_chart(report.result.summary, report.scheme, note=_chart_note(report))
    return figure_html(fig, "Số đơn vị theo xếp loại.", "Biểu đồ số đơn vị theo từng mức xếp loại")


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
            paragraphs.append(f"Chỉ số {c.number} bị trừ điểm tại: tất cả các đơn vị.")
        elif len(c.units_losing) > NAMED_UNITS_LIMIT:
            # Hundreds of names help no reader: the count here, each unit's scores in the ranking table.
            paragraphs.append(f"Chỉ số {c.number} bị trừ điểm tại {format_count(len(c.units_losing), s.n_units)} "
                              "đơn vị (điểm từng đơn vị xem tại bảng xếp hạng kèm theo).")  # fmt: skip
        else:
            paragraphs.append(f"Chỉ số {c.number} bị trừ điểm tại: {format_unit_list(c.units_losing)}.")
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
        n_units=format_integer(s.n_units),
        mean=format_points(s.mean, mean_places(s, report.scheme)),
        mean_band=s.mean_band.lower(),
        top_band=s.bands[0].band.lower(),
        top_band_count=format_count(s.bands[0].count, s.n_units),
        below_text=", ".join(below),
        losing=losing,
        notes=criterion_notes(report),
    )
    return _render("assessment.html.j2", paragraphs=[line for line in text.splitlines() if line.strip()])


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
        bands=[{"name": b.name, "range": band_range(b.lower, b.upper, lowest=i == len(scheme.bands) - 1)}
               for i, b in enumerate(scheme.bands)],  # fmt: skip
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
        previous_file=report.previous_file,
        previous_sha256=file_sha256(Path(report.previous.table.source)) if report.previous is not None else None,
        registry_file=Path(report.registry_file).name if report.registry_file else None,
    )


_KIND_NOTES = {"new": "không có kết quả năm {previous}", "gone": "không có trong số liệu năm {year}"}


def _comparison_note(change, comparison: Comparison) -> str:
    if change.kind == "merged":
        plain = format_unit_list(list(change.predecessors), plain_wording())
        note = f"bình quân các đơn vị cũ: {plain}"
        if change.missing_predecessors:
            note += f" (không có số liệu: {', '.join(change.missing_predecessors)})"
        return note
    if change.renamed:
        return f"tên năm {comparison.previous_year}: {change.previous_name}"
    template = _KIND_NOTES.get(change.kind)
    return template.format(previous=comparison.previous_year, year=comparison.year) if template else ""


def _points_or_dash(value: Decimal | None, places: int) -> str:
    return "—" if value is None else format_points(value, places)


def comparison_section(report: YearReport) -> Html:
    """"So với năm <previous year>": movements in sentences, then the unit, band and criterion tables."""
    c = report.comparison
    if c is None:
        if report.comparison_notice:
            return _render("notice.html.j2", text=report.comparison_notice)
        return Html("")
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
        before_places = max(places, -u.before.as_tuple().exponent) if u.before is not None else places
        rows.append({
            "unit": u.unit, "kind": u.kind,
            "before": _points_or_dash(u.before, before_places), "after": _points_or_dash(u.after, places),
            "change": "—" if u.change is None else format_signed(u.change, max(places, before_places)),
            "rank_before": u.rank_before or "—", "rank_after": u.rank_after or "—",
            "band_before": u.band_before or "—", "band_after": u.band_after or "—",
            "note": _comparison_note(u, c),
        })  # fmt: skip
    criteria = [
        {"number": k.number, "name": k.name, "before": format_points(k.before), "after": format_points(k.after),
         "change": format_signed(k.change)}
        for k in c.criteria
    ]  # fmt: skip
    bands = [{"name": name, "before": format_count(b, c.n_before), "after": format_count(a, c.n_after)}
             for name, b, a in c.band_counts]  # fmt: skip
    previous_meta = report.previous.metadata
    notice = None
    if previous_meta.is_constructed:
        notice = f"Số liệu năm {c.previous_year} dùng để so sánh là {previous_meta.status_label.lower()}."
    return _render(
        "comparison.html.j2",
        year=c.year,
        previous_year=c.previous_year,
        notice=notice,
        paragraphs=comparison_paragraphs(c, report.scheme),
        rows=rows,
        has_merged=bool(c.merged),
        omitted=format_integer(omitted) if omitted else "",
        keep=COMPARISON_KEEP,
        bands=bands,
        criteria=criteria,
    )


def change_chart(report: YearReport) -> Html:
    """Dumbbell chart of each unit's total in both years (merged units against their predecessors' mean)."""
    c = report.comparison
    if c is None:
        return Html("")
    rows = [charts.ChangeRow(u.unit, u.before, u.after, merged=u.kind == "merged")
            for u in c.units if u.before is not None and u.after is not None]  # fmt: skip
    note = _chart_note(report)
    if report.previous.metadata.is_constructed and note is None:
        note = f"Năm {c.previous_year}: {report.previous.metadata.status_label.lower()}"
    fig = charts.change_chart(rows, report.scheme, before_year=c.previous_year, after_year=c.year, note=note)
    return figure_html(fig, f"Tổng điểm năm {c.previous_year} và năm {c.year} của từng đơn vị.",
                       f"Biểu đồ so sánh tổng điểm năm {c.previous_year} và năm {c.year} của từng đơn vị")  # fmt: skip


def districts_section(report: YearReport) -> Html:
    """Per-district results (province-wide tables with a district column); empty otherwise."""
    from .districts import districts_section as build

    return build(report)


def district_chart(report: YearReport) -> Html:
    if "district" not in report.result.summary.ranking.columns:
        return Html("")
    fig = charts.district_chart(report.result.summary, report.scheme, note=_chart_note(report))
    return figure_html(fig, "Tổng điểm của các đơn vị theo đơn vị cấp huyện; vạch đậm là điểm bình quân.",
                       "Biểu đồ điểm của từng đơn vị, nhóm theo đơn vị cấp huyện, xếp theo điểm bình quân")  # fmt: skip


MIN_TREND_YEARS = 3


def trend_section(report: YearReport) -> Html:
    """Each unit's totals over every year of the data directory up to this one (three years or more)."""
    from .trends import available_years, load_years, status_note, unit_series

    if report.data_dir is None:
        return Html("")
    years = [y for y in available_years(report.data_dir) if y <= report.year]
    if len(years) < MIN_TREND_YEARS:
        return Html("")
    data = load_years(report.data_dir, years)
    if not data.same_scheme:
        return Html("")
    note = status_note(data)
    fig = charts.trend_chart(unit_series(data), report.scheme, years, note=note)
    figure = figure_html(fig, f"Tổng điểm của từng đơn vị qua các năm {years[0]}–{years[-1]}; đường nét đứt "
                              "là bình quân tổng điểm của các đơn vị cũ trước khi sắp xếp.",
                         "Các biểu đồ nhỏ, mỗi biểu đồ là tổng điểm của một đơn vị qua các năm")  # fmt: skip
    return _render("trend.html.j2", first=years[0], last=years[-1], figure=figure)
