"""`tthc report --scores` on the REAL portal files (QĐ 766) and on the constructed month and quarter files.

Expected figures are the portal's own (read from the files by hand): Gia Lai's 135 communes, 14 agencies, the
province's own score 66,23; the constructed folders (data/portal-766-constructed/, labelled in their metadata)
are real scores relabelled as months 8-9 and quarters II-III of 2026.
"""

from __future__ import annotations

import csv
import html
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tthc_analysis.cli import main

REPO = Path(__file__).resolve().parents[2]
PORTAL = REPO / "data" / "portal-766"
CONSTRUCTED = REPO / "data" / "portal-766-constructed"
OUTPUTS = {"bao-cao-tthc-2026.html", "bao-cao-tthc-2026.pdf", "bao-cao-tthc-2026.docx", "bao-cao-tthc-2026.ipynb", "bang-xep-hang-2026.xlsx",
        "bang-xep-hang-2026.csv"}  # fmt: skip


def _text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture(scope="module")
def communes(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("communes")
    assert (
        main(["report", "--scores", str(PORTAL / "communes_GiaLai_10102026.json"), "--out", str(out), "--quiet"]) == 0
    )
    return out


@pytest.fixture(scope="module")
def agencies(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("agencies")
    assert (
        main(["report", "--scores", str(PORTAL / "agencies_GiaLai_10102026.json"), "--out", str(out), "--quiet"]) == 0
    )
    return out


@pytest.mark.parametrize("fixture", ["communes", "agencies"])
def test_renders_html_pdf_ipynb_xlsx_csv(fixture, request):
    out = request.getfixturevalue(fixture)
    assert {p.name for p in out.iterdir()} == OUTPUTS
    pdf = subprocess.run(["pdftotext", str(out / "bao-cao-tthc-2026.pdf"), "-"], capture_output=True, text=True)
    assert "Kiểm tra số liệu" in pdf.stdout and "năm 2026" in pdf.stdout


def test_communes_report_reads_as_the_portal_figures(communes):
    text = _text(communes / "bao-cao-tthc-2026.html")
    assert "Nhóm đạt mức độ khá (đạt từ 70 đến dưới 80 điểm): 94/135 đơn vị, chiếm tỷ lệ 69,63%." in text
    assert "Điểm số bình quân của các đơn vị là: 69,97 điểm, xếp loại trung bình" in text
    assert "Các mức xếp loại nêu trên là quy ước" in text
    assert "Cổng Dịch vụ công quốc gia công bố điểm của UBND tỉnh Gia Lai là 66,23 điểm" in text
    assert "không phải trung bình cộng điểm các đơn vị" in text
    assert "thứ tự liên tiếp" in text  # the portal's rank is ordinal, said so


def test_csv_and_xlsx_have_every_group_and_competition_ranks(communes):
    with open(communes / "bang-xep-hang-2026.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for code in ("CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL"):
        assert any(h.startswith(code + " ") for h in header)
    tied = [r for r in rows[1:] if r[header.index("Tổng điểm")] == "73.29"]
    assert [r[header.index("Xếp hạng")] for r in tied] == ["12", "12"]
    assert sorted(r[header.index("Thứ tự trên Cổng (không đồng hạng)")] for r in tied) == ["13", "14"]
    sheet = load_workbook(communes / "bang-xep-hang-2026.xlsx").worksheets[0]
    assert sheet.max_row == 136 and sheet.cell(1, 3).value.startswith("CKMB")


def test_a_month_names_its_period_and_compares_with_the_month_before(tmp_path):
    out = tmp_path / "m"
    assert main(["report", "--scores", str(CONSTRUCTED / "2026-09" / "scores.json"), "--out", str(out),
                 "--no-pdf", "--quiet"]) == 0  # fmt: skip
    assert (out / "bao-cao-tthc-2026-09.html").is_file() and (out / "bang-xep-hang-2026-09.csv").is_file()
    text = _text(out / "bao-cao-tthc-2026-09.html")
    assert "dịch vụ công tháng 9 năm 2026 tại các đơn vị" in text  # the summary line under "BÁO CÁO"
    assert "So với tháng 8 năm 2026" in text
    assert "Điểm bình quân tháng 9 năm 2026 là 60,33 điểm, không thay đổi so với tháng 8 năm 2026" in text
    assert "Số liệu minh họa" in text  # constructed, and said so


def test_a_quarter_names_its_period_and_compares_with_the_quarter_before(tmp_path):
    out = tmp_path / "q"
    assert main(["report", "--period", "2026-Q3", "--data-dir", str(CONSTRUCTED), "--out", str(out),
                 "--no-pdf", "--quiet"]) == 0  # fmt: skip
    text = _text(out / "bao-cao-tthc-2026-q3.html")
    assert "quý III năm 2026" in text and "So với quý II năm 2026" in text
    # Đồng Tháp 68,32 (API answer of 17/09) against 68,80 (10/10), matched by departmentCode H20.
    assert "UBND tỉnh Đồng Tháp 68,32 68,80 +0,48" in text
    # The two provinces whose stated total is a cent off their groups are listed as rounding.
    assert "UBND tỉnh Thái Nguyên" in text.split("Kiểm tra số liệu", 1)[1]


def test_a_month_is_not_compared_with_a_quarter(tmp_path):
    out = tmp_path / "x"
    assert main(["report", "--scores", str(CONSTRUCTED / "2026-09" / "scores.json"), "--previous-scores",
                 str(CONSTRUCTED / "2026-q3" / "scores.json"), "--out", str(out), "--no-pdf", "--quiet"]) == 0  # fmt: skip
    text = _text(out / "bao-cao-tthc-2026-09.html")
    assert "chỉ so sánh với kỳ liền trước cùng loại (tháng 8 năm 2026)" in text
