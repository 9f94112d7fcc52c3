"""The official report as a .docx from the report model: the document's text, its ranking appendix, charts.

:func:`official_document` turns :func:`tthc_analysis.sections.official.document_text` into an
``OfficialDocument`` (the same text the HTML shows); :func:`write_official_docx` writes it. Charts go in
only when asked (``tthc report --docx-charts``).
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt

from tthc_analysis.pipeline import YearReport
from tthc_analysis.render.document import AppendixTable, Figure, OfficialDocument, Section, Span, build_docx
from tthc_analysis.sections.figures import document_figures
from tthc_analysis.sections.official import RankingText, document_text, ranking_text

__all__ = ["appendix_table", "official_document", "write_official_docx"]


def appendix_table(ranking: RankingText) -> AppendixTable:
    """Two header rows from the columns: a column's group heading spans its group, lone headings span both rows."""
    top: list[str | Span] = []
    bottom: list[str | Span] = []
    previous_group = None
    for group, label in ranking.columns:
        if group is None:
            top.append(label)
            bottom.append(Span.UP)
        else:
            top.append(Span.LEFT if group == previous_group else group)
            bottom.append(label)
        previous_group = group
    has_groups = any(group is not None for group, _ in ranking.columns)
    header = (tuple(top), tuple(bottom)) if has_groups else (tuple(label for _, label in ranking.columns),)
    note = " ".join(
        part for part in ("Chỉ số: " + " ".join(ranking.legend) if ranking.legend else "", ranking.note or "") if part
    )
    return AppendixTable(
        title=ranking.title,
        header_rows=header,
        rows=ranking.rows,
        column_widths_mm=ranking.widths_mm,
        align=ranking.align,
        note=note or None,
    )


def _figures(report: YearReport) -> tuple[Figure, ...]:
    """The report's charts as PNG images with their captions."""
    figures = []
    for caption, fig in document_figures(report):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
        plt.close(fig)
        figures.append(Figure(caption, buffer.getvalue()))
    return tuple(figures)


def official_document(report: YearReport, *, figures: bool = False) -> OfficialDocument:
    """The ``OfficialDocument`` of ``report``; raises ValidationError on bad [document] facts or measures."""
    text = document_text(report)
    return OfficialDocument(
        facts=text.facts,
        summary=text.summary,
        opening=text.opening,
        sections=tuple(Section(heading, paragraphs) for heading, paragraphs in text.sections),
        closing=text.closing,
        appendices=(appendix_table(ranking_text(report)),),
        figures=_figures(report) if figures else (),
    )


def write_official_docx(doc: OfficialDocument, path: str | Path) -> Path:
    """Write ``doc`` to ``path`` (figures included when the document holds them)."""
    path = Path(path)
    path.write_bytes(build_docx(doc, figures=bool(doc.figures)))
    return path
