"""The official report (BÁO CÁO) as an editable .docx in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I.

Built with python-docx from a plain, frozen ``OfficialDocument``: the document facts (``document_facts``),
the summary line, the opening, the numbered sections, the closing, appendix tables and, when asked, figures.
A4, margins 20/20/30/15 mm, Times New Roman; a borderless two-column header with short rules; page numbers
at the top centre from page 2; "Nơi nhận" and the signer in a borderless two-column table; each appendix on
its own section, landscape when its table is wider than a portrait page. Two builds of the same model give
byte-identical files.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as _Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tthc_analysis.document_facts import DocumentFacts
from tthc_analysis.render.document_layout import (
    ROW_MARK,
    add_page_field,
    add_rule,
    estimate_width_mm,
    expand_rows,
    fix_properties,
    keep_row_together,
    repeat_header,
    reproducible_zip,
    set_cell_margins,
    set_cell_width,
    set_document_font,
    styled_run,
)

__all__ = [
    "AppendixTable",
    "Figure",
    "OfficialDocument",
    "Section",
    "Span",
    "build_docx",
    "write_docx",
]

# Page geometry (mm): A4; NĐ 30 allows top/bottom 20–25, left 30–35, right 15–20.
PAGE_SHORT, PAGE_LONG = 210.0, 297.0
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
HEADER_DISTANCE = 10.0
# Text sizes (pt).
BODY = 14
HEADER_SMALL = 12
TABLE_TEXT = 11
FIRST_LINE_INDENT = 12.7  # mm (1.27 cm)
# The header and signer tables: left and right column widths (mm) of the 165 mm portrait text width.
HEADER_COLUMNS = (68.0, 97.0)
SIGNER_COLUMNS = (80.0, 85.0)
RECIPIENTS_INDENT = 20.0  # mm: "Kính gửi:" when there are several addressees


class Span(enum.Enum):
    """A header cell that continues its neighbour: to the LEFT (column span) or ABOVE (row span)."""

    LEFT = "left"
    UP = "up"


@dataclass(frozen=True)
class Section:
    """A numbered section: its heading ("I. Kết quả thực hiện:") and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppendixTable:
    """An appendix: a bordered table whose header rows repeat on every page.

    ``header_rows`` cells are text or a ``Span`` marking a merged cell; ``align`` gives each column's
    alignment ("left", "center", "right"); widths are in millimetres and are scaled to fit the page.
    The default label "Phụ lục" is numbered ("Phụ lục I", "Phụ lục II") when the document has several.
    """

    title: str
    header_rows: tuple[tuple[str | Span, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    column_widths_mm: tuple[float, ...]
    align: tuple[str, ...] = ()
    label: str = "Phụ lục"
    note: str | None = None


@dataclass(frozen=True)
class Figure:
    """A chart as PNG bytes, with its caption; included only when the caller asks for figures."""

    title: str
    png: bytes
    width_mm: float = 150.0


@dataclass(frozen=True)
class OfficialDocument:
    """Everything the .docx shows, as plain text and tables: no scores or report internals."""

    facts: DocumentFacts
    summary: str
    opening: tuple[str, ...]
    sections: tuple[Section, ...]
    closing: str
    appendices: tuple[AppendixTable, ...] = ()
    figures: tuple[Figure, ...] = field(default=(), repr=False)
    title: str = "BÁO CÁO"


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _text_width(landscape: bool) -> float:
    return (PAGE_LONG if landscape else PAGE_SHORT) - MARGIN_LEFT - MARGIN_RIGHT


def _set_page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_LONG if landscape else PAGE_SHORT)
    section.page_height = Mm(PAGE_SHORT if landscape else PAGE_LONG)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE)
    section.gutter = Mm(0)


def _line(container, text: str, size: float, *, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0):  # fmt: skip
    """One paragraph of one run, no indent, in ``container`` (the document or a table cell)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    styled_run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _borderless(document: _Document, widths: tuple[float, ...]):
    table = document.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_cell_width(table, list(widths))
    return table


def _first_in_cell(cell):
    """Remove the empty paragraph a new cell starts with, once the cell has content."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


def _header(document: _Document, facts: DocumentFacts) -> None:
    """The national header: bodies and number on the left, the State's name, motto and date on the right."""
    left_w, right_w = HEADER_COLUMNS
    table = _borderless(document, HEADER_COLUMNS)
    left, right = table.rows[0].cells
    inner_left, inner_right = left_w - 3.8, right_w - 3.8  # cell margins 1.9 mm each side

    _line(left, facts.parent_line(), HEADER_SMALL)
    issuing = facts.issuing_lines()
    for text in issuing:
        _line(left, text, HEADER_SMALL, bold=True)
    longest = max(estimate_width_mm(t, HEADER_SMALL) for t in issuing)
    add_rule(left, min(inner_left, max(20.0, longest * 0.4)), inner_left)
    _line(left, facts.number_line(), 13, before=6)
    _first_in_cell(left)

    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEADER_SMALL, bold=True)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _line(right, motto, 13, bold=True)
    add_rule(right, min(inner_right, estimate_width_mm(motto, 13)), inner_right)
    _line(right, facts.place_date_line(), 14, italic=True, before=6)
    _first_in_cell(right)


def _title(document: _Document, doc: OfficialDocument) -> None:
    _line(document, doc.title, BODY, bold=True, before=18)
    _line(document, doc.summary, BODY, bold=True)
    add_rule(document, 30.0, _text_width(False))
    lines = doc.facts.recipient_lines()
    if len(lines) == 1:
        _line(document, lines[0], BODY, before=12, after=6)
    else:
        # Several addressees: "Kính gửi:" then one "- …;" line each, aligned under it.
        heading = _line(document, lines[0], BODY, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
        heading.paragraph_format.left_indent = Mm(RECIPIENTS_INDENT)
        for text in lines[1:]:
            p = _line(document, text, BODY, align=WD_ALIGN_PARAGRAPH.LEFT)
            p.paragraph_format.left_indent = Mm(RECIPIENTS_INDENT + 22)
        document.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _body(document: _Document, text: str, *, bold: bool = False):
    """A body paragraph: justified, first-line indent 1.27 cm, 6 pt after, single spacing."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(FIRST_LINE_INDENT)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    if bold:
        fmt.keep_with_next = True
    styled_run(paragraph, text, BODY, bold=bold)
    return paragraph


def _signature(document: _Document, facts: DocumentFacts) -> None:
    """ "Nơi nhận" (left) and the signer (right) side by side, kept on one page."""
    table = _borderless(document, SIGNER_COLUMNS)
    table.rows[0].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
    for text in facts.distribution_lines():
        _line(left, text, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _first_in_cell(left)
    authority, name = facts.signer_lines()
    for i, text in enumerate(authority):
        _line(right, text, BODY, bold=True, before=6 if i == 0 else 0)
    # Space for the signature and the seal.
    _line(right, "", BODY, after=60)
    _line(right, name, BODY, bold=True)
    _first_in_cell(right)
    keep_row_together(table.rows[0])


def _new_section(document: _Document, landscape: bool):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _set_page(section, landscape)
    # Continue the numbering header on the first page of the section as well.
    section.different_first_page_header_footer = False
    return section


def _appendix(document: _Document, appendix: AppendixTable, facts: DocumentFacts, label: str,
              index: int) -> tuple[str, tuple[tuple[str, ...], ...]] | None:  # fmt: skip
    """An appendix on a new section, landscape when the table does not fit the portrait width."""
    widths = list(appendix.column_widths_mm)
    landscape = sum(widths) > _text_width(False)
    _new_section(document, landscape)
    available = _text_width(landscape)
    if sum(widths) > available:
        widths = [w * available / sum(widths) for w in widths]
    _appendix_title(document, label, appendix.title, facts, available)

    n_cols = len(widths)
    n_head = len(appendix.header_rows)
    # The header rows and one body row are built cell by cell; the other body rows are copies of that row
    # with their texts set. python-docx finds a row's cells by walking the whole table, which would make a
    # table of thousands of units quadratic (two minutes for 2,000 units instead of about a second).
    table = document.add_table(rows=n_head + min(1, len(appendix.rows)), cols=n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_cell_width(table, widths)
    set_cell_margins(table, APPENDIX_CELL_PADDING_MM)
    for r, header in enumerate(appendix.header_rows):
        row = table.rows[r]
        repeat_header(row)
        for c, value in enumerate(header):
            cell = row.cells[c]
            if value is Span.LEFT:
                row.cells[c - 1].merge(cell)
                continue
            if value is Span.UP:
                table.cell(r - 1, c).merge(cell)
                continue
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Mm(0)
            styled_run(p, value, TABLE_TEXT, bold=True)
    rows = _body_rows(table, n_head, appendix, index) if appendix.rows else None
    if appendix.note:
        _line(document, appendix.note, 12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
    return rows


# The appendix's cells are padded 1 mm on each side instead of the style's 1.9 mm: a TT 01 ranking with its
# district column is scaled to 85% to fit a landscape page, and "STT" or a four-digit position then wrapped.
APPENDIX_CELL_PADDING_MM = 1.0


def _body_rows(table, n_head: int, appendix: AppendixTable, index: int) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """Style the first body row, a marker for each cell's text; (the marker, the rows) to write at save.
    ``index``: the appendix's position, so that each table has its own markers."""
    template = table.rows[n_head]
    keep_row_together(template)  # a unit's row, names wrapped over two lines, is never cut by a page break
    mark = ROW_MARK.format(f"{index}:{{}}")
    for c, cell in enumerate(template.cells):
        p = cell.paragraphs[0]
        align = appendix.align[c] if c < len(appendix.align) else "left"
        p.paragraph_format.alignment = _ALIGN[align]
        p.paragraph_format.first_line_indent = Mm(0)
        styled_run(p, "x", TABLE_TEXT)  # every cell gets a w:t
    for c, t in enumerate(template._tr.iter(qn("w:t"))):
        t.text = mark.format(c)
        t.set(qn("xml:space"), "preserve")
    return mark, appendix.rows


def _appendix_title(document: _Document, label: str, title: str, facts: DocumentFacts, available: float) -> None:
    """ "Phụ lục", its title in bold capitals and "(Kèm theo Báo cáo số … ngày … của …)" in italics."""
    _line(document, label, 14, bold=True)
    _line(document, title.upper(), 13, bold=True)
    _line(document, facts.reference_line(), 13, italic=True, after=2)
    add_rule(document, 30.0, available)
    _line(document, "", 6)


def _labels(doc: OfficialDocument, figures: bool) -> list[str]:
    """ "Phụ lục" for a single appendix; "Phụ lục I", "Phụ lục II", … when there are several."""
    count = len(doc.appendices) + (1 if figures else 0)
    if count == 1:
        return ["Phụ lục"]
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    return [f"Phụ lục {numerals[i] if i < len(numerals) else i + 1}" for i in range(count)]


def _figures(document: _Document, figures: tuple[Figure, ...], facts: DocumentFacts, label: str) -> None:
    _new_section(document, False)
    _appendix_title(document, label, "Biểu đồ", facts, _text_width(False))
    for figure in figures:
        paragraph = _line(document, "", BODY)
        paragraph.runs[0].add_picture(io.BytesIO(figure.png), width=Mm(min(figure.width_mm, _text_width(False))))
        paragraph.paragraph_format.keep_with_next = True
        _line(document, figure.title, 13, italic=True, after=12)


def build_docx(doc: OfficialDocument, *, figures: bool = False) -> bytes:
    """The .docx bytes of ``doc``; the same model always gives the same bytes. Figures only when asked."""
    document = Document()
    set_document_font(document, BODY)
    first = document.sections[0]
    _set_page(first, False)
    # Page numbers at the top centre, not on the first page.
    first.different_first_page_header_footer = True
    number = first.header.paragraphs[0]
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(number, 13)

    _header(document, doc.facts)
    _title(document, doc)
    for text in doc.opening:
        _body(document, text)
    for section in doc.sections:
        _body(document, section.heading, bold=True)
        for text in section.paragraphs:
            _body(document, text)
    closing = _body(document, doc.closing)
    closing.paragraph_format.keep_with_next = True
    _signature(document, doc.facts)
    with_figures = figures and bool(doc.figures)
    labels = _labels(doc, with_figures) if doc.appendices or with_figures else []
    pending = []
    for index, (appendix, label) in enumerate(zip(doc.appendices, labels)):
        rows = _appendix(document, appendix, doc.facts, label if appendix.label == "Phụ lục" else appendix.label,
                         index)  # fmt: skip
        if rows is not None:
            pending.append(rows)
    if with_figures:
        _figures(document, doc.figures, doc.facts, labels[-1])

    fix_properties(document, f"{doc.title} {doc.summary}")
    buffer = io.BytesIO()
    document.save(buffer)

    def body(xml: bytes) -> bytes:
        for mark, rows in pending:
            xml = expand_rows(xml, mark, rows)
        return xml

    return reproducible_zip(buffer.getvalue(), {"word/document.xml": body})


def write_docx(doc: OfficialDocument, path: str | Path, *, figures: bool = False) -> Path:
    """Write the .docx to ``path`` (e.g. ``bao-cao-tthc-2021.docx``) and return the path."""
    path = Path(path)
    path.write_bytes(build_docx(doc, figures=figures))
    return path
