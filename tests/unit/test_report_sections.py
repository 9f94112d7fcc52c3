"""The report's section builders (tthc_analysis.report), with snapshots of Section I and the ranking table.

Snapshots live in tests/snapshots/. After an intended change of wording or layout, rewrite them with
``UPDATE_SNAPSHOTS=1 pytest tests/unit/test_report_sections.py`` and read every changed file before committing:
a snapshot is only worth what the human check of it was worth.
"""

from __future__ import annotations

import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from expected import SECTION_I_2021

from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render.export import write_ranking_xlsx
from tthc_analysis.sections import heading, methodology, technical_appendix
from tthc_analysis.sections.document import assessment, closing, results_section
from tthc_analysis.sections.results import key_figures, ranking_table

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
DATA = REPO / "data"
SMALL = TESTS / "fixtures" / "small"
SNAPSHOTS = TESTS / "snapshots"


def assert_snapshot(name: str, text: str) -> None:
    """Compare ``text`` with tests/snapshots/<name>; with UPDATE_SNAPSHOTS=1 write it instead."""
    path = SNAPSHOTS / name
    if not text.endswith("\n"):
        text += "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.is_file(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1, then read the file"
    assert text == path.read_bytes().decode("utf-8"), f"differs from snapshot {path.name}"


class _RankingRows(HTMLParser):
    """The body rows of <table class="ranking"> as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._in_table = self._in_body = self._in_cell = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and "ranking" in classes:
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_cell = False
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][-1] += data


def ranking_rows(html: str) -> list[list[str]]:
    parser = _RankingRows()
    parser.feed(html)
    parser.close()
    return [[cell.strip() for cell in row] for row in parser.rows]


@pytest.fixture(scope="module")
def report_2021():
    return load_year_report(2021, DATA)


@pytest.fixture(scope="module")
def report_small():
    return load_year_report(2024, SMALL)


# --- 2021 (Đà Lạt, reconstructed table) -----------------------------------------------------------


# Worked out by hand from data/2021/scores.csv: (STT, unit, total, band, rank).
RANKING_2021 = [
    ("1", "Phường 3", "16,00", "Xuất sắc", "1"),
    ("2", "Phường 6", "16,00", "Xuất sắc", "1"),
    ("3", "Phường 5", "15,90", "Xuất sắc", "3"),
    ("4", "Phường 10", "15,90", "Xuất sắc", "3"),
    ("5", "Phường 1", "15,85", "Xuất sắc", "5"),
    ("6", "Phường 9", "15,80", "Xuất sắc", "6"),
    ("7", "Xã Trạm Hành", "15,80", "Xuất sắc", "6"),
    ("8", "Phường 2", "15,75", "Xuất sắc", "8"),
    ("9", "Xã Xuân Thọ", "15,75", "Xuất sắc", "8"),
    ("10", "Phường 4", "15,70", "Xuất sắc", "10"),
    ("11", "Xã Tà Nung", "15,70", "Xuất sắc", "10"),
    ("12", "Phường 12", "15,65", "Xuất sắc", "12"),
    ("13", "Phường 7", "14,50", "Tốt", "13"),
    ("14", "Phường 11", "14,00", "Tốt", "14"),
    ("15", "Xã Xuân Trường", "13,50", "Tốt", "15"),
    ("16", "Phường 8", "13,00", "Tốt", "16"),
]


def test_section1_2021_is_the_seeds_text(report_2021):
    assert report_2021.result.section1 == SECTION_I_2021


def test_section1_2021_snapshot(report_2021):
    assert_snapshot("section1-2021.txt", "\n".join(report_2021.result.section1))


def test_results_section_2021_is_the_heading_and_the_seeds_sentences(report_2021):
    html = results_section(report_2021)
    assert "<h2>I. Kết quả thực hiện:</h2>" in html
    assert html.count("<p>") == len(SECTION_I_2021)
    for sentence in SECTION_I_2021:
        assert f"<p>{sentence}</p>" in html.replace("<bdi>", "").replace("</bdi>", "")
    # Unit names are isolated in the sentences too (issue 14): "6" alone is a figure, not a name.
    assert "<p>Đơn vị có điểm số cao nhất là: UBND <bdi>Phường 3</bdi>, 6 (đạt 16,00 điểm).</p>" in html
    # The appendix line and the one before it are kept together in print.
    assert re.search(r'<div class="keep-together">\s*<p>Điểm số bình quân[^<]*</p>\s*<p>\(Chi tiết', html)


def test_heading_2021_opens_as_the_seed(report_2021):
    html = heading(report_2021)
    opening = (
        "UBND thành phố Đà Lạt báo cáo kết quả đánh giá, xếp hạng việc giải quyết TTHC năm 2021 "
        "tại UBND các phường, xã như sau:"
    )
    assert f"<p>{opening}</p>" in html
    assert "<p>Thực hiện Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng về ban hành mẫu" in html


def test_assessment_2021_states_what_the_data_show_once(report_2021):
    """Criterion 9 is named once, as a fact; its cause is only the analyst's paragraph from the metadata."""
    html = assessment(report_2021)
    assert "bị trừ điểm ở cả 16/16 đơn vị (điểm bình quân 0,00/2 điểm)." in html
    assert html.count("Mặc dù UBND thành phố đã tăng cường chỉ đạo") == 1
    assert "Các chỉ số bị trừ điểm" not in html


def test_ranking_table_2021_rows(report_2021):
    rows = ranking_rows(ranking_table(report_2021))
    # STT, unit, 9 criteria, total, band, rank
    assert all(len(row) == 14 for row in rows)
    assert [(r[0], r[1], r[11], r[12], r[13]) for r in rows] == RANKING_2021
    # Phường 8's criteria, decimal commas, two places.
    assert rows[-1][2:11] == ["1,50", "1,50", "1,25", "1,75", "2,00", "1,50", "1,50", "2,00", "0,00"]


def test_ranking_table_2021_marks_lost_points(report_2021):
    html = ranking_table(report_2021)
    # Phường 3 has full marks on criteria 1-8 and 0 on criterion 9: only that cell is marked.
    row = re.search(r"<td class=\"unit\"><bdi>Phường 3</bdi></td>(.*?)</tr>", html, re.S).group(1)
    assert row.count('class="num lost"') == 1
    assert '<td class="num lost">0,00</td>' in row
    assert "Bảng xếp hạng giải quyết TTHC cấp xã năm 2021" in html


def test_ranking_table_2021_snapshot(report_2021):
    assert_snapshot("ranking-2021.html", ranking_table(report_2021))


def test_heading_2021_is_the_national_header(report_2021):
    html = heading(report_2021)
    for text in ("UBND TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ LẠT", "Số: ……/BC-UBND",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đà Lạt, ngày … tháng … năm …",
                 "Kính gửi: Trung tâm Phục vụ Hành chính công tỉnh Lâm Đồng"):  # fmt: skip
        assert text in html, text


def test_technical_appendix_2021_says_the_table_is_reconstructed(report_2021):
    html = technical_appendix(report_2021)
    assert "Thông tin kỹ thuật" in html
    assert "<strong>Số liệu dựng lại.</strong>" in html
    assert "Điểm từng chỉ số của từng đơn vị là giả định, không phải số liệu chính thức." in html
    assert report_2021.sha256 in html


def test_closing_2021_names_the_recipients_and_the_signer(report_2021):
    html = closing(report_2021)
    assert "Trên đây là báo cáo kết quả triển khai đánh giá, chấm điểm việc giải quyết TTHC năm 2021" in html
    assert "<div>- Phòng Văn hóa – Thông tin;</div>" in html and "<div>- Lưu: VT, CCHC.</div>" in html
    assert "KT. CHỦ TỊCH" in html and "Tôn Thiện San" in html


def test_key_figures_2021(report_2021):
    html = key_figures(report_2021)
    for value in ("16", "15,30", "16,00", "13,00", "12/16"):
        assert f">{value}<" in html
    # A non-breaking space after the comma: the card never breaks "Phường 3, 6" apart.
    assert "UBND <bdi>Phường 3</bdi>,\u00a06" in html and "UBND <bdi>Phường 8</bdi>" in html
    assert "xếp loại xuất sắc" in html and "chiếm tỷ lệ 75%" in html


# --- small fixture: five units, one tie, no metadata.toml ----------------------------------------

SECTION_I_SMALL = [
    "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 02/05 đơn vị, chiếm tỷ lệ 40%.",
    "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 01/05 đơn vị, chiếm tỷ lệ 20%.",
    "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): 02/05 đơn vị, chiếm tỷ lệ 40%.",
    "Nhóm đạt mức độ trung bình và yếu: Không.",
    "Đơn vị có điểm số cao nhất là: Sở Tư pháp tỉnh Lâm Đồng (đạt 17,50 điểm).",
    "Đơn vị có điểm số thấp nhất là: UBND Phường Cam Ly - Đà Lạt, Lâm Viên - Đà Lạt (đạt 10,00 điểm).",
    "Điểm số bình quân của các đơn vị là: 13,45 điểm, xếp loại tốt theo hướng dẫn.",
    "(Chi tiết bảng xếp hạng giải quyết TTHC năm 2024 kèm theo)",
]

RANKING_SMALL = [
    ("1", "Sở Tư pháp tỉnh Lâm Đồng", "17,50", "Xuất sắc", "1"),
    ("2", "Phường Xuân Hương - Đà Lạt", "16,75", "Xuất sắc", "2"),
    ("3", "Trung tâm Phục vụ Hành chính công", "13,00", "Tốt", "3"),
    ("4", "Phường Cam Ly - Đà Lạt", "10,00", "Khá", "4"),
    ("5", "Phường Lâm Viên - Đà Lạt", "10,00", "Khá", "4"),
]


def test_small_fixture_has_no_metadata():
    assert sorted(p.name for p in (SMALL / "2024").iterdir()) == ["scores.csv"]


def test_section1_small(report_small):
    assert report_small.result.section1 == SECTION_I_SMALL


def test_section1_small_snapshot(report_small):
    assert_snapshot("section1-small-2024.txt", "\n".join(report_small.result.section1))


def test_ranking_table_small_rows(report_small):
    rows = ranking_rows(ranking_table(report_small))
    assert [(r[0], r[1], r[11], r[12], r[13]) for r in rows] == RANKING_SMALL
    assert rows[0][2:11] == ["2,00"] * 8 + ["1,50"]


def test_ranking_table_small_snapshot(report_small):
    html = ranking_table(report_small)
    # No metadata: no "cấp ..." level in the title.
    assert '<h2 class="appendix">Bảng xếp hạng giải quyết TTHC năm 2024</h2>' in html
    assert_snapshot("ranking-small-2024.html", html)


def test_heading_small_has_placeholders_not_unknown(report_small):
    html = heading(report_small) + closing(report_small)
    assert "không rõ" not in html.lower()
    assert "Cơ quan báo cáo báo cáo" not in html
    assert "Số: ……/BC-UBND" in html and "……, ngày … tháng … năm …" in html
    assert "Kính gửi: ……" in html


def test_technical_appendix_small_says_what_is_unknown(report_small):
    html = technical_appendix(report_small)
    assert ("Bảng số liệu không kèm tệp thông tin (metadata.toml): chưa rõ địa phương, nguồn và tình trạng số liệu."
            in html)  # fmt: skip
    assert "<strong>Chưa rõ tình trạng số liệu.</strong>" in html


def test_methodology_small_names_the_file_and_its_hash(report_small):
    html = methodology(report_small)
    digest = hashlib.sha256((SMALL / "2024" / "scores.csv").read_bytes()).hexdigest()
    assert digest in html
    assert "2024/scores.csv" in html
    assert "Không rõ (không có tệp thông tin)" in html
    assert str(REPO) not in html


# --- escaping: a unit name is text, never markup or a formula ---------------------------------------


def test_unit_names_are_escaped_in_html_and_kept_as_text_in_xlsx(write_rows, tmp_path):
    scores = write_rows([
        ('<b>Tổ</b> & "Co"', "2 2 2 2 2 2 2 2 1"),
        ("=1+1", "1 1 1 1 1 1 1 1 1"),
    ])  # fmt: skip
    report = load_year_report(2024, scores_path=scores)
    html = ranking_table(report) + results_section(report) + key_figures(report) + assessment(report)
    assert "<b>Tổ</b>" not in html
    assert "&lt;b&gt;Tổ&lt;/b&gt; &amp; &#34;Co&#34;" in ranking_table(report)

    from openpyxl import load_workbook

    path = tmp_path / "bang.xlsx"
    write_ranking_xlsx(report, path)
    ws = load_workbook(path).worksheets[0]
    assert ws["B3"].value == "=1+1"
    assert ws["B3"].data_type == "s"


# --- figure resolution ------------------------------------------------------------------------------


def _png_size(html: str) -> tuple[int, int]:
    import base64
    import struct

    data = base64.b64decode(re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html).group(1))
    return struct.unpack(">II", data[16:24])


def test_a_figure_up_to_a_page_of_pixels_is_drawn_at_150_dpi():
    from matplotlib.figure import Figure

    from tthc_analysis.sections.html import figure_html

    html = str(figure_html(Figure(figsize=(8, 6)), "Chú thích", "Mô tả"))
    assert _png_size(html) == (1200, 900)
    assert 'width="1200"' in html and 'height="900"' in html


def test_a_tall_figure_is_drawn_with_fewer_pixels_but_keeps_its_place_on_the_page():
    from matplotlib.figure import Figure

    from tthc_analysis.sections.html import FIGURE_MAX_PIXELS, figure_html

    html = str(figure_html(Figure(figsize=(10, 20)), "Chú thích", "Mô tả"))
    width, height = _png_size(html)
    # 10 × 20 inches at 150 dpi would be 4.5 million pixels; sqrt(2.4e6 / 200) = 109.5 dpi gives 1095 × 2191.
    assert width * height <= FIGURE_MAX_PIXELS
    assert abs(width - 1095) <= 1 and abs(height - 2191) <= 1
    assert 'width="1500"' in html and 'height="3000"' in html  # the size the browser lays out, as at 150 dpi


# --- plain text of a section (the notebook's text/plain output) ------------------------------------


def test_a_section_in_plain_text_is_its_text_with_rows_and_figures_spelt_out(report_2021):
    from IPython.lib.pretty import pretty

    from tthc_analysis.sections import totals_chart
    from tthc_analysis.sections.results import ranking_table

    table = pretty(ranking_table(report_2021)).splitlines()
    assert table[1].startswith("STT | Đơn vị | CS 1 | CS 2 |")
    assert table[2] == "1 | Phường 3 | " + "2,00 | " * 8 + "0,00 | 16,00 | Xuất sắc | 1"
    chart = pretty(totals_chart(report_2021))
    assert chart.splitlines()[0] == "[Hình: Biểu đồ thanh tổng điểm của từng đơn vị, tô màu theo xếp loại]"
    assert "base64" not in chart and len(chart) < 300


def test_plain_text_unescapes_entities_and_drops_styles():
    from tthc_analysis.sections.html import plain_text

    html = '<style>p { color: red }</style><p>UBND &amp; <b>Phường&nbsp;3</b></p>\n<p>  hai   dòng </p><img alt="A &lt; B" src="x">'
    assert plain_text(html) == "UBND & Phường 3\nhai dòng\n[Hình: A < B]"
