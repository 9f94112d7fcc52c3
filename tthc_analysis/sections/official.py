"""The text of the official report (BÁO CÁO), from the report model: one source for the HTML and the .docx.

Section I is the report's Section I sentences; Section II states only what the scores show (the legal basis,
the criteria or groups that lost most points, where) plus the analyst's ``assessment_notes``; Section III
takes the measures of those criteria or groups from the scheme's measures file (``resources/measures/``).
Nothing here depends on the scheme's shape: a flat scheme's criteria and a two-level scheme's groups are
both the summary's criteria, and the ranking table takes whatever columns the ranking has.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from tthc_analysis.document_facts import DocumentFacts, document_facts
from tthc_analysis.narrative.base import format_unit_list
from tthc_analysis.narrative.cohorts import cohort_paragraphs
from tthc_analysis.narrative.measures import chosen, load_measures, section3, section3_heading
from tthc_analysis.pipeline import YearReport
from tthc_analysis.score.base import CriterionStat
from tthc_analysis.sections.memo import LastReport
from tthc_analysis.vietnamese import format_count, format_points

__all__ = [
    "DocumentText",
    "RankingText",
    "document_text",
    "ranking_text",
]

# Beyond this many units a Section II sentence counts them instead of naming them.
NAMED_UNITS_LIMIT = 10

# A national ranking prints a hundred thousand scores, but only a few hundred distinct ones: each distinct
# (value, places) is worded once. Equal Decimals (2.0, 2.00) print the same at the same places.
_cell = lru_cache(maxsize=8192)(format_points)


@dataclass(frozen=True)
class RankingText:
    """The ranking appendix as text: columns (group heading or None, heading), rows, widths and alignment."""

    title: str
    columns: tuple[tuple[str | None, str], ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    align: tuple[str, ...]
    legend: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class DocumentText:
    """Everything the official report says, in order: header facts, opening, I–III, closing."""

    facts: DocumentFacts
    summary: str
    opening: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    closing: str


def _facts(report: YearReport) -> DocumentFacts:
    """The document facts from the year's metadata (its [document] table and the top-level fields)."""
    meta = report.result.metadata
    mapping = dict(meta.extra)
    for key in ("reporting_body", "recipient", "locality"):
        value = getattr(meta, key)
        if value:
            mapping[key] = value
    return document_facts(mapping, meta.path or "metadata.toml")


def _units(report: YearReport) -> str:
    return report.result.metadata.units_phrase or "các đơn vị"


def _level(report: YearReport) -> str:
    level = report.result.metadata.level
    return f" cấp {level}" if level else ""


def _what(report: YearReport) -> str:
    """What is evaluated, as a noun phrase after "kết quả đánh giá"."""
    if report.scheme.two_level:
        return "Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công"
    return "việc giải quyết TTHC"


def _criterion_word(report: YearReport) -> str:
    return "Nhóm chỉ số" if report.scheme.two_level else "Chỉ số"


def _max_text(value: Decimal) -> str:
    """A maximum as an official writes it: "2", "22", "1,5"."""
    return str(int(value)) if value == value.to_integral_value() else format_points(value, 2)


def _lost(report: YearReport) -> list[CriterionStat]:
    """Criteria (or groups) ordered by points lost, most first; ties by number."""
    return sorted(report.result.summary.criteria, key=lambda c: (-c.points_lost, c.number))


def _measure_key(report: YearReport, stat: CriterionStat) -> str:
    criterion = report.scheme.criterion(stat.key)
    return criterion.code if criterion.code is not None else str(criterion.number)


def _losing_sentence(report: YearReport, stat: CriterionStat) -> str:
    """One criterion that lost points: how many units, which (when few), the mean against the maximum."""
    s = report.result.summary
    n = len(stat.units_losing)
    mean = f"{format_points(stat.mean, 2)}/{_max_text(stat.max_points)} điểm"
    head = f"{_criterion_word(report)} {stat.number} “{stat.name}”"
    if n == s.n_units:
        return f"{head} bị trừ điểm ở cả {format_count(n, s.n_units)} đơn vị (điểm bình quân {mean})."
    where = f"{format_count(n, s.n_units)} đơn vị"
    if n <= NAMED_UNITS_LIMIT:
        where += f" ({format_unit_list(stat.units_losing)})"
    return f"{head} bị trừ điểm tại {where}; điểm bình quân {mean}."


def _section2(report: YearReport, facts: DocumentFacts, picked: list[CriterionStat]) -> list[str]:
    """Section II: the legal basis, the criteria that lost most points (facts only), the analyst's notes."""
    meta = report.result.metadata
    refs = [r for r in (meta.extra.get("legal_references") or [report.scheme.legal_basis]) if r]
    year = f" {report.period_label}"
    paragraphs = []
    if refs:
        paragraphs.append(f"Kết quả đánh giá {_what(report)}{year} được thực hiện theo đúng quy định tại "
                          f"{'; '.join(refs)}, đảm bảo đánh giá thực chất, khách quan, chặt chẽ, đúng quy trình.")  # fmt: skip
    if picked:
        paragraphs += [_losing_sentence(report, c) for c in picked]
    else:
        paragraphs.append(f"Tất cả các đơn vị đạt điểm tối đa ở mọi {_criterion_word(report).lower()}.")
    return paragraphs + facts.assessment_paragraphs()


def ranking_text(report: YearReport) -> RankingText:
    """The ranking appendix: every unit, its score per criterion (or group), total, band and rank."""
    s = report.result.summary
    scheme = report.scheme
    with_district = "district" in s.ranking.columns
    criteria = report.scored_criteria  # none for a table of totals only
    places = max(2, max((-v.as_tuple().exponent for c in criteria for v in s.ranking[c.key]), default=2))
    group = "Điểm các nhóm chỉ số" if scheme.two_level else "Điểm các chỉ số"
    columns: list[tuple[str | None, str]] = [(None, "STT"), (None, "Đơn vị")]
    # STT holds the last position: 12 mm up to three digits, 2.5 mm more for each digit past them.
    widths: list[float] = [12 + 2.5 * max(0, len(str(len(s.ranking))) - 3), 52]
    align = ["center", "left"]
    if with_district:
        columns.append((None, "Đơn vị cấp trên"))
        widths.append(36)
        align.append("left")
    for c in criteria:
        columns.append((group, str(c.number)))
        widths.append(15)
        align.append("center")
    columns += [(None, "Tổng điểm"), (None, "Xếp loại"), (None, "Xếp hạng")]
    widths += [20, 24, 18]
    align += ["center", "center", "center"]
    rows = []
    # Column lists, not a dict per row: a national appendix has thousands of rows.
    units, bands, totals, ranks = (s.ranking[c].tolist() for c in ("unit", "band", "total", "rank"))
    districts = s.ranking["district"].tolist() if with_district else None
    scores = [s.ranking[c.key].tolist() for c in criteria]
    for i in range(len(units)):
        row = [str(i + 1), str(units[i])] + ([str(districts[i] or "")] if districts is not None else [])
        row += [_cell(values[i], places) for values in scores]
        row += [_cell(totals[i], s.places), str(bands[i]), str(ranks[i])]
        rows.append(tuple(row))
    meta = report.result.metadata
    legend = tuple(f"{c.number}. {c.name} (tối đa {_max_text(c.max_points)} điểm)." for c in criteria)
    note = None
    if meta.is_constructed:
        note = meta.notes or f"Bảng điểm này không phải số liệu chính thức ({meta.status_label})."
    return RankingText(
        title=f"Bảng xếp hạng giải quyết TTHC{_level(report)} {report.period_label}",
        columns=tuple(columns),
        rows=tuple(rows),
        widths_mm=tuple(widths),
        align=tuple(align),
        legend=legend,
        note=" ".join(note.split()) if note else None,
    )


def document_text(report: YearReport) -> DocumentText:
    """The official report's text for ``report``; raises ValidationError on bad [document] facts or measures.

    Worded once per report: four cells of the notebook and the .docx show it, and at national scale the ranking
    sentences alone take a few tenths of a second. The ranking appendix is not part of it (:func:`ranking_text`):
    only the .docx prints it, so the kernel never words it.
    """
    return _last_worded(report)


def _worded(report: YearReport) -> DocumentText:
    facts = _facts(report)
    measures = load_measures(report.scheme.name)
    units = _units(report)
    year = report.year
    ordered = _lost(report)
    lost = [(c.key, c.name, Decimal(c.points_lost)) for c in ordered]
    picked_keys = {key for key, _, _ in chosen(lost, measures.top)}
    picked = [c for c in ordered if c.key in picked_keys]
    by_measure = [(_measure_key(report, c), c.name, Decimal(c.points_lost)) for c in ordered]
    period = report.period_label  # "năm 2021", "quý III năm 2026"
    subject = f"kết quả đánh giá, xếp hạng {_what(report)} {period} tại {units}"
    if report.scheme.two_level:
        default_summary = f"Kết quả đánh giá {_what(report)} {period} tại {units}"
        closing_subject = f"kết quả đánh giá {_what(report)} {period} tại {units}"
    else:
        default_summary = (
            f"Kết quả triển khai đánh giá, chấm điểm việc giải quyết thủ tục hành chính {period} tại {units}"
        )
        closing_subject = f"kết quả triển khai đánh giá, chấm điểm việc giải quyết TTHC {period} tại {units}"
    section3_lines = section3(by_measure, measures, units=units, body=facts.body_name(), next_year=year + 1,
                              notes=facts.measures_notes)  # fmt: skip
    sections = (
        ("I. Kết quả thực hiện:", tuple(cohort_paragraphs(report.result))),
        ("II. Đánh giá chung:", tuple(_section2(report, facts, picked))),
        (section3_heading(measures, year + 1), tuple(section3_lines)),
    )
    return DocumentText(
        facts=facts,
        summary=facts.summary_line(default_summary),
        opening=tuple(facts.opening(subject)),
        sections=sections,
        closing=facts.closing(closing_subject),
    )


# Worded once per report: a report is frozen, so its text cannot go stale; only the last one is held.
_last_worded: LastReport[DocumentText] = LastReport(_worded)
