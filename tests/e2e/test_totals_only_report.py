"""`tthc report` on a table of totals only (``Đơn vị, Tổng điểm``), for either scheme: the ranking, the bands and
Section I in every output, and nothing per criterion. The figures expected are worked out by hand from the three
rows written here."""

from __future__ import annotations

import csv
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from tthc_analysis.cli import main

TABLES = {
    # year, scores, (unit, total as printed, band) in ranking order
    "tt01": (2024, "Đơn vị,Tổng điểm\nPhường 1,16.5\nPhường 2,15.25\nXã A,17\n",
             [("Xã A", "17,00", "Xuất sắc"), ("Phường 1", "16,50", "Xuất sắc"), ("Phường 2", "15,25", "Xuất sắc")]),
    "qd766": (2026, "Đơn vị,Tổng điểm\nXã A,75.34\nXã B,56.11\nXã C,91\n",
              [("Xã C", "91,00", "Xuất sắc"), ("Xã A", "75,34", "Khá"), ("Xã B", "56,11", "Trung bình")]),
}  # fmt: skip


@pytest.mark.parametrize("scheme", sorted(TABLES))
def test_a_table_of_totals_renders_every_output_without_criteria(scheme, tmp_path, capsys):
    year, text, expected = TABLES[scheme]
    (tmp_path / "data" / str(year)).mkdir(parents=True)
    (tmp_path / "data" / str(year) / "scores.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert (
        main(["report", "--year", str(year), "--data-dir", str(tmp_path / "data"), "--out", str(out), "--quiet"]) == 0
    )
    assert {p.name for p in out.iterdir()} == {f"bao-cao-tthc-{year}.{e}" for e in ("html", "pdf", "docx", "ipynb")} | {
        f"bang-xep-hang-{year}.{e}" for e in ("xlsx", "csv")}  # fmt: skip

    document = Document(io.BytesIO((out / f"bao-cao-tthc-{year}.docx").read_bytes()))
    appendix = [t for t in document.tables if t.rows[0].cells[0].text == "STT"][0]
    assert [c.text for c in appendix.rows[0].cells] == ["STT", "Đơn vị", "Tổng điểm", "Xếp loại", "Xếp hạng"]
    assert [tuple(c.text for c in r.cells[1:4]) for r in appendix.rows[1:]] == expected
    rows = list(csv.reader(io.StringIO((out / f"bang-xep-hang-{year}.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["STT", "Đơn vị", "Tổng điểm", "Xếp loại", "Xếp hạng"]
    assert [r[1] for r in rows[1:]] == [unit for unit, _, _ in expected]
    sheet = load_workbook(out / f"bang-xep-hang-{year}.xlsx").worksheets[0]
    assert [c.value for c in sheet[1]][:5] == ["STT", "Đơn vị", "Tổng điểm", "Xếp loại", "Xếp hạng"]
    page = (out / f"bao-cao-tthc-{year}.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)  # names stand in <bdi>
    assert f"Đơn vị có điểm số cao nhất là: UBND {expected[0][0]} (đạt {expected[0][1]} điểm)" in text
    ranking = page[page.index('<table class="ranking">') :]
    head = re.sub(r"<[^>]+>", " ", ranking[: ranking.index("</thead>")]).split()
    assert head == ["STT", "Đơn", "vị", "Tổng", "điểm", "Xếp", "loại", "Xếp", "hạng"]
