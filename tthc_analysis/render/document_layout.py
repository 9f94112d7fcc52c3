"""Low-level pieces of the NĐ 30/2020 layout that python-docx has no API for, and the reproducible save.

Fonts on every script slot (ascii, hAnsi, eastAsia, cs), a rule drawn as a paragraph border, the PAGE field,
repeated table header rows, and a zip rewritten with fixed entry times and order so that two builds of the
same document are byte-identical.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Callable

from docx.document import Document as _Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = [
    "FIXED_TIME",
    "FONT",
    "ROW_MARK",
    "add_page_field",
    "add_rule",
    "estimate_width_mm",
    "expand_rows",
    "fix_properties",
    "keep_row_together",
    "repeat_header",
    "reproducible_zip",
    "set_cell_width",
    "set_document_font",
    "set_run_font",
    "styled_run",
    "xml_text",
]

FONT = "Times New Roman"
# The time written into the document's properties and every zip entry: a build is a function of its inputs.
FIXED_TIME = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _set_fonts(rpr, name: str) -> None:
    """rFonts naming ``name`` for all four script slots, theme fonts removed (a theme font would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_run_font(run: Run, size_pt: float, *, bold: bool = False, italic: bool = False) -> None:
    """Times New Roman at ``size_pt`` on every script slot of ``run``, black."""
    run.font.name = FONT
    _set_fonts(run._element.get_or_add_rPr(), FONT)
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.italic = italic
    # Complex-script size too, so that no slot falls back to the default size.
    rpr = run._element.get_or_add_rPr()
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        rpr.append(szcs)
    szcs.set(qn("w:val"), str(round(size_pt * 2)))


def styled_run(paragraph: Paragraph, text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> Run:
    run = paragraph.add_run(text)
    set_run_font(run, size_pt, bold=bold, italic=italic)
    return run


def set_document_font(document: _Document, size_pt: float) -> None:
    """Times New Roman and Vietnamese as the defaults of the document and of its Normal style."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr, FONT)
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    _set_fonts(normal.element.get_or_add_rPr(), FONT)
    normal.font.size = Pt(size_pt)


def estimate_width_mm(text: str, size_pt: float) -> float:
    """The printed width of ``text`` in Times New Roman bold, estimated from average glyph widths.

    Capitals average about 0.70 em, small letters 0.50 em and spaces 0.25 em (measured on Liberation Serif 2
    Bold, Times New Roman's metric twin); good to a few per cent,
    which is all a rule under a header line needs (an estimate keeps the build independent of installed fonts).
    """
    em = sum(0.25 if c.isspace() else 0.70 if c.isupper() else 0.50 for c in text)
    return em * size_pt * 25.4 / 72


def add_rule(container, width_mm: float, available_mm: float, gap_pt: float = 3) -> Paragraph:
    """A centred horizontal rule ``width_mm`` long: the bottom border of an empty, indented 1 pt paragraph."""
    paragraph = container.add_paragraph()
    side = max(0.0, (available_mm - width_mm) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.first_line_indent = Mm(0)
    fmt.space_before = Pt(gap_pt)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr goes before spacing/indentation in the schema's order.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)
    styled_run(paragraph, "", 1)
    return paragraph


def add_page_field(paragraph: Paragraph, size_pt: float) -> None:
    """A PAGE field (the current page number) in ``paragraph``; Word and LibreOffice compute it on display."""

    def char(kind: str) -> None:
        run = styled_run(paragraph, "", size_pt)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._element.append(element)

    char("begin")
    run = styled_run(paragraph, "", size_pt)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._element.append(instr)
    char("separate")
    styled_run(paragraph, "2", size_pt)
    char("end")


def keep_row_together(row: _Row) -> None:
    """Never split ``row`` across two pages (the signer block, a table row)."""
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant)


def repeat_header(row: _Row) -> None:
    """Mark a table row as a header row, repeated at the top of every page the table runs onto."""
    keep_row_together(row)
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def set_cell_margins(table: Table, side_mm: float) -> None:
    """Left and right padding of every cell of ``table`` (the Table Grid style's is 1.9 mm): a dozen narrow columns of
    figures keep room for their text."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(side_mm * 1440 / 25.4)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    # Where the schema puts it: after the width, the alignment and the layout, before the look.
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def set_cell_width(table: Table, widths_mm: list[float]) -> None:
    """Fixed column widths, on the grid (read by LibreOffice) and on every cell (read by Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def fix_properties(document: _Document, title: str) -> None:
    """Document properties with fixed dates and no author, so they do not vary between builds."""
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = title
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1


def reproducible_zip(data: bytes, edits: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same package with every entry dated 1980-01-01, in a fixed order ([Content_Types].xml first);
    ``edits``: entry name -> a function giving the entry's new bytes from its old ones."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    for name, edit in (edits or {}).items():
        entries[name] = edit(entries[name])
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


# The body rows of an appendix are written as text into the saved document.xml: the first row is built and
# styled in the document with a marker for each cell's text, and every row is that row's XML with its own
# texts. A national ranking (3,838 rows of 11 cells) built as XML elements took 0.7 s and 300 MB; the XML
# is the same (lxml writes these elements exactly so).
ROW_MARK = "\ue000{}\ue001"  # private-use characters around a cell's index: never in a validated name or figure
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text content as lxml (libxml2) writes it; what lxml would refuse is refused here too."""
    if _NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


# LibreOffice lays a table out in a time that grows faster than its rows: a national ranking of 3,838 rows as one
# table took it almost seven minutes to open, the same rows as tables of 500 less than a minute (Word takes either
# at once). A longer appendix is therefore cut into tables of this many rows, each with the header rows and each
# from the top of a page, so that a cut never shows a header in the middle of a page.
ROWS_PER_TABLE = 500
# Between two of those tables: a paragraph one twentieth of a point high that holds the page break.
_TABLE_BREAK = (
    b'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/>'
    b'</w:rPr></w:pPr><w:r><w:rPr><w:sz w:val="2"/></w:rPr><w:br w:type="page"/></w:r></w:p>'
)


def expand_rows(xml: bytes, mark: str, rows: tuple[tuple[str, ...], ...], per_table: int = ROWS_PER_TABLE) -> bytes:
    """``xml`` with the marked template row replaced by one row per entry of ``rows``, each with its texts; past
    ``per_table`` rows the table is closed and continued in a new one on the next page, with the same properties,
    grid and header rows."""
    first = xml.index(mark.format(0).encode())
    start = max(xml.rindex(b"<w:tr>", 0, first), xml.rfind(b"<w:tr ", 0, first))
    end = xml.index(b"</w:tr>", first) + len(b"</w:tr>")
    template = xml[start:end].decode("utf-8")
    pieces = re.split("|".join(re.escape(mark.format(c)) for c in range(template.count("\ue001"))), template)
    # What opens a continuation: the table's start up to its first body row (properties, grid, header rows).
    continuation = b"</w:tbl>" + _TABLE_BREAK + xml[xml.rindex(b"<w:tbl>", 0, start) : start]
    # Each row is encoded as it is made and the whole joined once: a national appendix is some 60 MB of XML, and
    # one text of it all (two bytes a character, Vietnamese letters being past Latin-1) then its encoding and a
    # concatenation were four copies at once.
    out = [xml[:start]]
    for number, values in enumerate(rows):
        if number and number % per_table == 0:
            out.append(continuation)
        cells = [xml_text(v) for v in values][: len(pieces) - 1]
        cells += ["x"] * (len(pieces) - 1 - len(cells))  # a short row: the rest keep the template's text
        out.append("".join(part for pair in zip(pieces, [*cells, ""]) for part in pair).encode("utf-8"))
    out.append(xml[end:])
    return b"".join(out)
