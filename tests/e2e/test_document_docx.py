"""The official BÁO CÁO .docx for 2021 (Đà Lạt), read back with python-docx and converted to PDF by LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from document_sample import DOCUMENT_2021, ROOT, SECTION1_2021, sample_document
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tthc_analysis.render.document import Figure, build_docx, write_docx

SEED = ROOT / "tests/fixtures/seed/bao-cao-danh-gia-tthc-2021-da-lat.txt"


@pytest.fixture(scope="module")
def docx_bytes(document_2021) -> bytes:
    return build_docx(document_2021)


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _body_texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def test_page_is_a4_with_decree_margins(doc):
    first = doc.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert 20 <= round(first.top_margin.mm, 1) <= 25 and 20 <= round(first.bottom_margin.mm, 1) <= 25
    assert 30 <= round(first.left_margin.mm, 1) <= 35
    assert 15 <= round(first.right_margin.mm, 1) <= 20


def test_header_texts(doc):
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert _cell_lines(left) == ["UBND TỈNH LÂM ĐỒNG", "UBND THÀNH PHỐ ĐÀ LẠT", "Số: 05/BC-UBND"]
    assert _cell_lines(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                  "Đà Lạt, ngày 05 tháng 01 năm 2022"]  # fmt: skip
    bold = {p.text: all(r.bold for r in p.runs if r.text) for c in (left, right) for p in c.paragraphs if p.text}
    assert bold["UBND THÀNH PHỐ ĐÀ LẠT"] and bold["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert not bold["UBND TỈNH LÂM ĐỒNG"]
    date = next(p for p in right.paragraphs if p.text.startswith("Đà Lạt"))
    assert all(r.italic for r in date.runs if r.text)
    # Short rules: bordered empty paragraphs under the issuing body and under the motto.
    rules = [p for c in (left, right) for p in c.paragraphs if p._p.find(".//" + qn("w:pBdr")) is not None]
    assert len(rules) == 2 and all(not p.text for p in rules)
    # The header table has no borders.
    assert header.style is None or header.style.name != "Table Grid"
    assert header._tbl.tblPr.find(qn("w:tblBorders")) is None


def test_title_summary_and_recipient(doc):
    texts = _body_texts(doc)
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == DOCUMENT_2021["summary"]
    assert all(r.bold for r in doc.paragraphs[i].runs + doc.paragraphs[i + 1].runs if r.text)
    assert doc.paragraphs[i + 2]._p.find(".//" + qn("w:pBdr")) is not None  # the short rule
    assert "Kính gửi: Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng" in texts
    assert texts[texts.index("Kính gửi: Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng") + 1].startswith(
        "Thực hiện Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng"
    )


def _seed_section1() -> list[str]:
    """Section I as the seed writes it, with the one correction: "từ 12 đến dưới 15 điểm"."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    start, end = lines.index("I. Kết quả thực hiện:"), lines.index("II. Đánh giá chung:")
    return [line.replace("từ 12 đến 15 điểm", "từ 12 đến dưới 15 điểm") for line in lines[start + 1 : end]]


def test_section1_equals_the_seed(doc):
    texts = _body_texts(doc)
    start = texts.index("I. Kết quả thực hiện:")
    assert texts[start + 1 : start + 1 + len(SECTION1_2021)] == _seed_section1()


def test_sections_headings_and_body_format(doc):
    texts = _body_texts(doc)
    headings = [p for p in doc.paragraphs if p.text.startswith(("I. ", "II. ", "III. "))]
    assert [p.text.split(" ")[0] for p in headings] == ["I.", "II.", "III."]
    assert headings[2].text == "III. Phương hướng, giải pháp nâng cao chất lượng giải quyết TTHC trong năm 2022:"
    assert all(r.bold for p in headings for r in p.runs if r.text)
    first_measure = texts[texts.index(headings[2].text) + 2]
    assert first_measure.startswith("1. ") and "dịch vụ công trực tuyến" in first_measure  # criterion 9 first
    body = doc.paragraphs[texts.index(SECTION1_2021[0])]
    fmt = body.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 10.0 <= fmt.first_line_indent.mm <= 12.75
    assert fmt.space_after.pt >= 6
    assert {r.font.size.pt for r in body.runs} <= {13.0, 14.0}
    # No paragraph twice in the body.
    body_texts = [t for t in texts if len(t) > 40]
    assert len(body_texts) == len(set(body_texts))


def test_closing_sentence(doc):
    closing = [t for t in _body_texts(doc) if t.startswith("Trên đây là báo cáo")]
    assert closing == [
        (
            "Trên đây là báo cáo kết quả triển khai đánh giá, chấm điểm việc giải quyết TTHC năm 2021 tại UBND các "
            "phường, xã, UBND thành phố Đà Lạt báo cáo Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng theo dõi, "
            "tổng hợp."
        )
    ]


def test_recipients_and_signer(doc):
    left, right = doc.tables[1].rows[0].cells
    assert _cell_lines(left) == [
        "Nơi nhận:",
        "- Như trên (đề b/c);",
        "- Văn phòng HĐND và UBND thành phố;",
        "- Phòng Nội vụ;",
        "- Phòng Văn hóa – Thông tin;",
        "- UBND các phường, xã;",
        "- Lưu: VT, CCHC.",
    ]
    heading = left.paragraphs[0].runs[0]
    assert heading.bold and heading.italic and heading.font.size.pt == 12
    assert {r.font.size.pt for p in left.paragraphs[1:] for r in p.runs if r.text} == {11.0}
    lines = _cell_lines(right)
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Tôn Thiện San"]
    assert all(r.bold for p in right.paragraphs for r in p.runs if r.text)
    # Space for the signature and the seal between the title and the name.
    gap = sum(p.paragraph_format.space_after.pt for p in right.paragraphs if not p.text)
    assert gap >= 48


def test_every_run_is_times_new_roman(doc):
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert [fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")] == ["Times New Roman"] * 4
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_page_numbers_from_page_two(doc):
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    header = first.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in "".join(t.text for t in header._p.iter(qn("w:instrText")))


def test_appendix_ranking_table(doc):
    appendix = doc.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert round(appendix.page_width.mm) == 297
    texts = _body_texts(doc)
    assert [t for t in texts if t.startswith("Phụ lục")] == ["Phụ lục"]
    assert "BẢNG XẾP HẠNG GIẢI QUYẾT TTHC CẤP XÃ NĂM 2021" in texts
    reference = "(Kèm theo Báo cáo số 05/BC-UBND ngày 05/01/2022 của UBND thành phố Đà Lạt)"
    assert reference in texts
    assert all(r.italic for r in doc.paragraphs[texts.index(reference)].runs if r.text)
    table = doc.tables[2]
    assert len(table.rows) == 2 + 16
    header_flags = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows]
    assert header_flags == [True, True] + [False] * 16
    assert table.rows[0].cells[2].text == "Điểm các chỉ số"
    assert [c.text for c in table.rows[1].cells[2:11]] == [str(k) for k in range(1, 10)]
    units = {row.cells[1].text for row in table.rows[2:]}
    expected = {f"UBND Phường {n}" for n in range(1, 13)} | {
        "UBND Xã Xuân Thọ",
        "UBND Xã Xuân Trường",
        "UBND Xã Tà Nung",
        "UBND Xã Trạm Hành",
    }
    assert units == expected
    top = table.rows[2].cells
    assert top[1].text in {"UBND Phường 3", "UBND Phường 6"} and top[11].text == "16,00" and top[13].text == "1"
    bottom = table.rows[-1].cells
    assert (bottom[1].text, bottom[11].text, bottom[12].text) == ("UBND Phường 8", "13,00", "Tốt")


def test_no_metadata_gives_placeholders():
    doc = Document(io.BytesIO(build_docx(sample_document({}))))
    everything = _body_texts(doc) + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert not any("KHÔNG RÕ" in t.upper() for t in everything)
    left, right = doc.tables[0].rows[0].cells
    assert "Số: ……/BC-UBND" in _cell_lines(left)
    assert "……, ngày … tháng … năm …" in _cell_lines(right)
    assert "Kính gửi: ……" in everything
    assert _cell_lines(doc.tables[1].rows[0].cells[0])[-1] == "- Lưu: VT, ……."


def test_two_builds_are_byte_identical(document_2021, tmp_path):
    first = write_docx(document_2021, tmp_path / "a.docx").read_bytes()
    second = build_docx(document_2021)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = Document(io.BytesIO(first)).core_properties
    assert props.created.year == 2000 and props.modified.year == 2000


def _png(width: int = 4, height: int = 3) -> bytes:
    """A tiny grey PNG written by hand (synthetic), so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_figures_only_when_asked(document_2021):
    with_figure = replace(document_2021, figures=(Figure("Biểu đồ 1. Điểm các đơn vị (dữ liệu tổng hợp)", _png()),))
    without = Document(io.BytesIO(build_docx(with_figure)))
    assert not without.inline_shapes
    asked = Document(io.BytesIO(build_docx(with_figure, figures=True)))
    assert len(asked.inline_shapes) == 1
    texts = _body_texts(asked)
    assert "Biểu đồ 1. Điểm các đơn vị (dữ liệu tổng hợp)" in texts
    # Two appendices are numbered; the figures' carries the report's reference too.
    assert [t for t in texts if t.startswith("Phụ lục")] == ["Phụ lục I", "Phụ lục II"]
    assert texts.count("(Kèm theo Báo cáo số 05/BC-UBND ngày 05/01/2022 của UBND thành phố Đà Lạt)") == 2
    assert build_docx(with_figure, figures=True) == build_docx(with_figure, figures=True)


# --- LibreOffice: the document as it prints ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(docx_bytes, tmp_path_factory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/install-system-deps.sh (libreoffice-writer-nogui)"
    folder = tmp_path_factory.mktemp("docx-pdf")
    source = folder / "bao-cao-tthc-2021.docx"
    source.write_bytes(docx_bytes)
    # A private profile, so that a LibreOffice already running for someone else does not take the job.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    return folder / "bao-cao-tthc-2021.pdf"


def _pdftotext(pdf: Path, *pages: str) -> str:
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_pdf_text_has_header_sections_and_signer(pdf):
    text = _pdftotext(pdf)
    lines = [line.strip() for line in text.splitlines()]
    for expected in (
        "UBND TỈNH LÂM ĐỒNG",
        "UBND THÀNH PHỐ ĐÀ LẠT",
        "Số: 05/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đà Lạt, ngày 05 tháng 01 năm 2022",
        "BÁO CÁO",
        "Kính gửi: Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng",
        "I. Kết quả thực hiện:",
        "II. Đánh giá chung:",
        "Nơi nhận:",
        "- Lưu: VT, CCHC.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Tôn Thiện San",
        "Phụ lục",
        "BẢNG XẾP HẠNG GIẢI QUYẾT TTHC CẤP XÃ NĂM 2021",
    ):
        assert expected in lines, expected
    flat = " ".join(text.split())
    assert "III. Phương hướng, giải pháp nâng cao chất lượng giải quyết TTHC trong năm 2022:" in flat
    assert "Điểm số bình quân cấp xã là: 15,30 điểm, xếp loại xuất sắc theo hướng dẫn." in flat
    assert "UBND Xã Xuân Trường" in flat


def test_pdf_pages_and_numbers(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3
    # Page 1 has no number; page 2 starts with its number at the top.
    assert _pdftotext(pdf, "-f", "1", "-l", "1").lstrip().startswith("UBND TỈNH LÂM ĐỒNG")
    assert _pdftotext(pdf, "-f", "2", "-l", "2").split()[0] == "2"
    assert _pdftotext(pdf, "-f", str(pages), "-l", str(pages)).split()[0] == str(pages)
