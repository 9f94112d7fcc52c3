"""The official .docx that `tthc report` writes for 2021 (Đà Lạt), read back and printed by LibreOffice.

Everything expected here is written out by hand from the seed (tests/fixtures/seed/) and from
data/2021/metadata.toml, whose [document] table leaves the number and the date out (dotted gaps).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from expected import FULL_2021, shared_render

from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render.document import build_docx
from tthc_analysis.render.official import official_document

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests/fixtures/seed/bao-cao-danh-gia-tthc-2021-da-lat.txt"
SMALL_SCORES = ROOT / "tests/fixtures/small/2024/scores.csv"

CLOSING_2021 = (
    "Trên đây là báo cáo kết quả triển khai đánh giá, chấm điểm việc giải quyết TTHC năm 2021 tại UBND các "
    "phường, xã, UBND thành phố Đà Lạt báo cáo Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng theo dõi, tổng hợp."
)
DISTRIBUTION_2021 = [
    "Nơi nhận:",
    "- Như trên (đề b/c);",
    "- Văn phòng HĐND và UBND thành phố;",
    "- Phòng Nội vụ;",
    "- Phòng Văn hóa – Thông tin;",
    "- UBND các phường, xã;",
    "- Lưu: VT, CCHC.",
]
SIGNER_2021 = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Tôn Thiện San"]
UNITS_2021 = {f"Phường {n}" for n in range(1, 13)} | {"Xã Xuân Thọ", "Xã Xuân Trường", "Xã Tà Nung", "Xã Trạm Hành"}


def seed_section1() -> list[str]:
    """Section I as the seed writes it, with the one correction "từ 12 đến dưới 15 điểm", full stops aside."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    start, end = lines.index("I. Kết quả thực hiện:"), lines.index("II. Đánh giá chung:")
    return [
        line.replace("từ 12 đến 15 điểm", "từ 12 đến dưới 15 điểm").removesuffix(".") for line in lines[start + 1 : end]
    ]


@pytest.fixture(scope="module")
def out_2021(tmp_path_factory) -> Path:
    return shared_render(tmp_path_factory, "render-2021-full", **FULL_2021)


@pytest.fixture(scope="module")
def docx_path(out_2021) -> Path:
    return out_2021 / "bao-cao-tthc-2021.docx"


@pytest.fixture(scope="module")
def doc(docx_path):
    return Document(str(docx_path))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def test_the_docx_is_written_beside_the_html_and_pdf(out_2021):
    names = {p.name for p in out_2021.iterdir()}
    assert {"bao-cao-tthc-2021.docx", "bao-cao-tthc-2021.html", "bao-cao-tthc-2021.pdf"} <= names


def test_header_texts_with_gaps_for_number_and_date(doc):
    left, right = doc.tables[0].rows[0].cells
    assert _cell_lines(left) == ["UBND TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ LẠT", "Số: ……/BC-UBND"]
    assert _cell_lines(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                  "Đà Lạt, ngày … tháng … năm …"]  # fmt: skip
    texts = _texts(doc)
    assert "BÁO CÁO" in texts
    assert "Kính gửi: Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng" in texts


def test_times_new_roman_and_margins(doc):
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    first = doc.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert 20 <= round(first.top_margin.mm) <= 25 and 20 <= round(first.bottom_margin.mm) <= 25
    assert 30 <= round(first.left_margin.mm) <= 35 and 15 <= round(first.right_margin.mm) <= 20


def test_opening_is_the_seeds(doc):
    texts = _texts(doc)
    assert (
        "Thực hiện Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng về ban hành mẫu phiếu đánh giá "
        "việc giải quyết thủ tục hành chính (TTHC) trên địa bàn tỉnh Lâm Đồng,"
    ) in texts
    assert (
        "UBND thành phố Đà Lạt báo cáo kết quả đánh giá, xếp hạng việc giải quyết TTHC năm 2021 tại UBND các "
        "phường, xã như sau:"
    ) in texts


def test_section1_equals_the_seeds_sentences(doc):
    texts = _texts(doc)
    start = texts.index("I. Kết quả thực hiện:")
    expected = seed_section1()
    assert [t.removesuffix(".") for t in texts[start + 1 : start + 1 + len(expected)]] == expected
    assert texts[start + 1 + len(expected)] == "II. Đánh giá chung:"


def test_headings_and_no_paragraph_twice(doc):
    texts = _texts(doc)
    headings = [t for t in texts if t.startswith(("I. ", "II. ", "III. "))]
    assert headings == [
        "I. Kết quả thực hiện:",
        "II. Đánh giá chung:",
        "III. Phương hướng, giải pháp nâng cao chất lượng giải quyết TTHC trong năm 2022:",
    ]
    long = [t for t in texts if len(t) > 40]
    assert len(long) == len(set(long))
    # Criterion 9: once as a fact, once as the analyst's paragraph from the metadata; no unnumbered section.
    assert sum("bị trừ điểm ở cả 16/16 đơn vị" in t for t in texts) == 1
    assert sum(t.startswith("Mặc dù UBND thành phố đã tăng cường chỉ đạo") for t in texts) == 1
    assert "Các chỉ số bị trừ điểm" not in texts
    # Section III's first measure answers criterion 9, the one that lost most points.
    iii = texts.index(headings[2])
    assert texts[iii + 2].startswith("1. ") and "dịch vụ công trực tuyến" in texts[iii + 2]


def test_closing_recipients_and_signer(doc):
    texts = _texts(doc)
    assert [t for t in texts if t.startswith("Trên đây là báo cáo")] == [CLOSING_2021]
    left, right = doc.tables[1].rows[0].cells
    assert _cell_lines(left) == DISTRIBUTION_2021
    assert _cell_lines(right) == SIGNER_2021


def test_appendix_has_all_16_units_and_repeats_its_header(doc):
    texts = _texts(doc)
    assert "BẢNG XẾP HẠNG GIẢI QUYẾT TTHC CẤP XÃ NĂM 2021" in texts
    assert "(Kèm theo Báo cáo số ……/BC-UBND ngày …… của UBND thành phố Đà Lạt)" in texts
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    table = doc.tables[2]
    assert len(table.rows) == 2 + 16
    flags = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows]
    assert flags == [True, True] + [False] * 16
    assert {row.cells[1].text for row in table.rows[2:]} == UNITS_2021
    last = table.rows[-1].cells
    assert (last[1].text, last[11].text, last[12].text, last[13].text) == ("Phường 8", "13,00", "Tốt", "16")
    assert not doc.inline_shapes  # charts only when asked


def test_two_renders_give_the_same_bytes(docx_path):
    report = load_year_report(2021, ROOT / "data")
    again = build_docx(official_document(report))
    assert again == docx_path.read_bytes()
    assert build_docx(official_document(load_year_report(2021, ROOT / "data"))) == again


def test_no_metadata_gives_placeholders_not_unknown():
    doc = Document(io.BytesIO(build_docx(official_document(load_year_report(2024, scores_path=SMALL_SCORES)))))
    everything = _texts(doc) + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert not any("KHÔNG RÕ" in t.upper() for t in everything)
    assert not any("Cơ quan báo cáo báo cáo" in t for t in everything)
    left, right = doc.tables[0].rows[0].cells
    assert "Số: ……/BC-UBND" in _cell_lines(left)
    assert "……, ngày … tháng … năm …" in _cell_lines(right)
    assert "Kính gửi: ……" in everything


def test_charts_go_in_when_asked():
    report = load_year_report(2021, ROOT / "data")
    doc = Document(io.BytesIO(build_docx(official_document(report, figures=True), figures=True)))
    assert len(doc.inline_shapes) == 3
    assert [t for t in _texts(doc) if t.startswith("Phụ lục")] == ["Phụ lục I", "Phụ lục II"]


@pytest.fixture(scope="module")
def pdf_text(docx_path, tmp_path_factory) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/install-system-deps.sh (libreoffice-writer-nogui)"
    folder = tmp_path_factory.mktemp("official-pdf")
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         str(docx_path)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    pdf = folder / "bao-cao-tthc-2021.pdf"
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_libreoffice_prints_header_sections_and_signer(pdf_text):
    lines = [line.strip() for line in pdf_text.splitlines()]
    for expected in ["UBND TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ LẠT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "I. Kết quả thực hiện:", "II. Đánh giá chung:",
                     "Nơi nhận:", *SIGNER_2021]:  # fmt: skip
        assert expected in lines, expected
    flat = " ".join(pdf_text.split())
    assert "III. Phương hướng, giải pháp nâng cao chất lượng giải quyết TTHC trong năm 2022:" in flat
    assert "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 04/16 đơn vị, chiếm tỷ lệ 25%." in flat
    assert "Xã Xuân Trường" in flat


def test_a_bad_document_table_stops_the_run_before_anything_is_written(tmp_path, capsys):
    from tthc_analysis.cli import main

    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "scores.csv").write_bytes((ROOT / "data/2021/scores.csv").read_bytes())
    (tmp_path / "2021" / "metadata.toml").write_text('year = 2021\n[document]\nnumber = -1\nsigner_name = 5\n',
                                                     encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    assert main(["report", "--year", "2021", "--data-dir", str(tmp_path), "--out", str(out), "--quiet"]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "document.number" in err and "document.signer_name" in err
