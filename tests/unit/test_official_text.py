"""The official document's text from a report model, for a flat scheme (TT 01) and a two-level one (QĐ 766).

The QĐ 766 report is built here by hand from a SYNTHETIC three-unit table (the pipeline's reader of QĐ 766
tables is issue 12's); the expected sentences are written out from its figures by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from tthc_analysis.narrative.section1 import section1
from tthc_analysis.pipeline import YearReport, YearResult
from tthc_analysis.read.metadata import Metadata
from tthc_analysis.render.document import Span
from tthc_analysis.render.official import appendix_table, official_document
from tthc_analysis.scheme import load_scheme
from tthc_analysis.score.summary import summarize
from tthc_analysis.sections.official import document_text
from tthc_analysis.validate.table import ScoreTable

# Synthetic: CKMB 18, TDGQ 20, ONLINE 12, TTTT 10, MDSH 22, MDHL 18 (maximum 100).
QD766_ROWS = [
    ("Phường A", "18 20 12 10 22 18"),  # 100
    ("Phường B", "15.5 18 6 10 20.25 17"),  # 86.75
    ("Xã C", "12 14 3 5 11 16"),  # 61
]


@pytest.fixture(scope="module")
def qd766_report() -> YearReport:
    scheme = load_scheme("qd766")
    frame = pd.DataFrame(
        {
            "row": [2, 3, 4],
            "unit": [name for name, _ in QD766_ROWS],
            **{c.key: [Decimal(v.split()[i]) for _, v in QD766_ROWS] for i, c in enumerate(scheme.criteria)},
        }
    )
    table = ScoreTable(frame, scheme, "scores.csv")
    summary = summarize(table)
    meta = Metadata(year=2025, units_phrase="UBND các xã, phường", scheme="qd766", status="synthetic",
                    path="metadata.toml", extra={"document": {"signer_name": "Nguyễn Văn A"}})  # fmt: skip
    result = YearResult(table, meta, scheme, summary, section1(summary, scheme, meta, 2025))
    return YearReport(2025, result, "scores.csv", "0" * 64)


def test_qd766_sections_name_groups_and_take_the_groups_measures(qd766_report):
    text = document_text(qd766_report)
    headings = [heading for heading, _ in text.sections]
    assert headings[0] == "I. Kết quả thực hiện:" and headings[1] == "II. Đánh giá chung:"
    assert headings[2].startswith("III. Phương hướng, giải pháp nâng cao chất lượng phục vụ người dân, doanh nghiệp")
    assert headings[2].endswith("năm 2026:")
    section2 = text.sections[1][1]
    # Points lost, by hand: ONLINE 6 + 9 = 15; MDSH 1.75 + 11 = 12.75; CKMB 2.5 + 6 = 8.5; TDGQ 8; TTTT 5; MDHL 3.
    assert section2[1] == (
        "Nhóm chỉ số 3 “Dịch vụ công trực tuyến” bị trừ điểm tại 02/03 đơn vị (UBND Phường B, Xã C); "
        "điểm bình quân 7,00/12 điểm."
    )
    assert [p.split("“")[1].split("”")[0] for p in section2[1:]] == [
        "Dịch vụ công trực tuyến",
        "Số hóa hồ sơ",
        "Công khai, minh bạch",
    ]
    measures = text.sections[2][1]
    assert measures[1].startswith("1. ") and "dịch vụ công trực tuyến" in measures[1]
    assert "số hóa" in measures[2].lower()


def test_qd766_appendix_takes_the_groups_as_columns(qd766_report):
    appendix = official_document(qd766_report).appendices[0]
    top, bottom = appendix.header_rows
    assert top == ("STT", "Đơn vị", "Điểm các nhóm chỉ số", *[Span.LEFT] * 5, "Tổng điểm", "Xếp loại", "Xếp hạng")
    assert bottom == (Span.UP, Span.UP, "1", "2", "3", "4", "5", "6", Span.UP, Span.UP, Span.UP)
    assert appendix.rows[1] == (
        "2",
        "Phường B",
        "15,50",
        "18,00",
        "6,00",
        "10,00",
        "20,25",
        "17,00",
        "86,75",
        "Tốt",
        "2",
    )
    assert len(appendix.rows) == 3 and appendix.rows[-1][-2:] == ("Trung bình", "3")
    assert "1. Công khai, minh bạch (tối đa 18 điểm)." in appendix.note
    assert appendix.note.endswith("Bảng điểm này không phải số liệu chính thức (Số liệu tổng hợp ngẫu nhiên).")


def test_qd766_without_document_facts_has_placeholders(qd766_report):
    text = document_text(qd766_report)
    assert text.facts.number_line() == "Số: ……/BC-UBND"
    assert text.opening[-1].startswith("…… báo cáo kết quả đánh giá, xếp hạng Bộ chỉ số phục vụ người dân")
    assert text.facts.signer_lines() == (["……"], "Nguyễn Văn A")


def test_a_table_without_groups_has_one_header_row():
    from tthc_analysis.sections.official import RankingText

    ranking = RankingText("Bảng", ((None, "STT"), (None, "Đơn vị"), (None, "Tổng điểm")), (("1", "A", "9"),),
                          (10, 40, 20), ("center", "left", "center"))  # fmt: skip
    assert appendix_table(ranking).header_rows == (("STT", "Đơn vị", "Tổng điểm"),)
