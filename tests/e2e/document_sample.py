"""A sample official document for 2021 (Đà Lạt), built from the seed's facts without the report pipeline.

Section I is the seed's text (with the corrected band wording "từ 12 đến dưới 15 điểm"); the appendix
rows are computed here by hand from ``data/2021/scores.csv`` (a RECONSTRUCTED table, see its metadata).
The document's number, date and signer's authority are not in the seed: the values used are examples.
"""

from __future__ import annotations

import csv
import tomllib
from decimal import Decimal
from pathlib import Path

from tthc_analysis.document_facts import document_facts
from tthc_analysis.narrative.measures import load_measures, section3, section3_heading
from tthc_analysis.render.document import AppendixTable, OfficialDocument, Section, Span

ROOT = Path(__file__).resolve().parents[2]

SECTION1_2021 = (
    "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 12/16 đơn vị, chiếm tỷ lệ 75%",
    "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 04/16 đơn vị, chiếm tỷ lệ 25%.",
    "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): Không.",
    "Nhóm đạt mức độ trung bình và yếu: Không.",
    "Đơn vị có điểm số cao nhất là: UBND Phường 3, 6 (đạt 16,00 điểm)",
    "Đơn vị có điểm số thấp nhất là: UBND Phường 8 (đạt 13,00 điểm)",
    "Điểm số bình quân cấp xã là: 15,30 điểm, xếp loại xuất sắc theo hướng dẫn.",
    "(Chi tiết bảng xếp hạng giải quyết TTHC cấp xã năm 2021 kèm theo)",
)

SECTION2_2021 = (
    (
        "Kết quả đánh giá việc giải quyết TTHC năm 2021 được thực hiện theo đúng quy định tại Nghị định số "
        "61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ; Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng "
        "Chính phủ; Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng, đảm bảo đánh giá thực chất, "
        "khách quan, chặt chẽ, đúng quy trình."
    ),
    (
        'Chỉ số 9 "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan có thẩm quyền" '
        "bị trừ điểm ở cả 16/16 đơn vị (0,00/2 điểm)."
    ),
)

# The [document] table of the sample: the seed's recipients, drafting unit and signer's name; the number,
# date and authority lines are examples (the seed's copy does not show them).
DOCUMENT_2021 = {
    "parent_body": "UBND tỉnh Lâm Đồng",
    "issuing_body": "UBND thành phố Đà Lạt",
    "number": 5,
    "place": "Đà Lạt",
    "date": "2022-01-05",
    "summary": "Kết quả triển khai đánh giá, chấm điểm việc giải quyết thủ tục hành chính năm 2021 "
    "tại UBND các phường, xã",
    "opening_references": [
        (
            "Quyết định số 625/QĐ-UBND ngày 21/3/2019 của UBND tỉnh Lâm Đồng về ban hành mẫu "
            "phiếu đánh giá việc giải quyết thủ tục hành chính (TTHC) trên địa bàn tỉnh Lâm Đồng"
        )
    ],
    "distribution": [
        "Như trên (đề b/c)",
        "Văn phòng HĐND và UBND thành phố",
        "Phòng Nội vụ",
        "Phòng Văn hóa – Thông tin",
        "UBND các phường, xã",
    ],
    "drafting_unit": "CCHC",
    "signer_authority": ["TM. Ủy ban nhân dân", "KT. Chủ tịch"],
    "signer_title": "Phó Chủ tịch",
    "signer_name": "Tôn Thiện San",
}

SUBJECT_2021 = "kết quả đánh giá, xếp hạng việc giải quyết TTHC năm 2021 tại UBND các phường, xã"
CLOSING_SUBJECT_2021 = "kết quả triển khai đánh giá, chấm điểm việc giải quyết TTHC năm 2021 tại UBND các phường, xã"


def _points(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def scores_2021() -> list[tuple[str, list[Decimal]]]:
    with open(ROOT / "data/2021/scores.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    return [(row[0], [Decimal(v) for v in row[1:10]]) for row in rows]


def ranking_rows_2021() -> list[tuple[str, ...]]:
    """Rows of the ranking, highest total first, ties sharing a rank (1, 1, 3 …), by hand."""
    units = [(name, sum(values, Decimal(0)), values) for name, values in scores_2021()]
    units.sort(key=lambda u: -u[1])  # stable: the file's order breaks ties, as the test only counts rows
    rows = []
    for i, (name, total, values) in enumerate(units):
        rank = 1 + sum(1 for _, other, _ in units if other > total)
        band = "Xuất sắc" if total >= 15 else "Tốt" if total >= 12 else "Khá"
        rows.append((str(i + 1), f"UBND {name}", *(_points(v) for v in values), _points(total), band, str(rank)))
    return rows


def points_lost_2021() -> list[tuple[str, str, Decimal]]:
    """(criterion, name, points lost over all units), most lost first, by hand."""
    scheme = tomllib.loads((ROOT / "tthc_analysis/resources/schemes/tt01-2018.toml").read_text(encoding="utf-8"))
    names = {str(c["number"]): c["name"] for c in scheme["criteria"]}
    lost = {str(k): Decimal(0) for k in range(1, 10)}
    for _, values in scores_2021():
        for k, v in enumerate(values, 1):
            lost[str(k)] += Decimal(2) - v
    return sorted(((k, names[k], v) for k, v in lost.items()), key=lambda e: -e[2])


def sample_document(metadata: dict) -> OfficialDocument:
    """The 2021 document from a metadata mapping (the year's metadata.toml plus a [document] table)."""
    facts = document_facts(metadata)
    measures = load_measures("tt01-2018")
    units = metadata.get("units_phrase")
    header = (
        ("STT", "Đơn vị", "Điểm các chỉ số", *([Span.LEFT] * 8), "Tổng điểm", "Xếp loại", "Xếp hạng"),
        (Span.UP, Span.UP, *(str(k) for k in range(1, 10)), Span.UP, Span.UP, Span.UP),
    )
    appendix = AppendixTable(
        title="Bảng xếp hạng giải quyết TTHC cấp xã năm 2021",
        header_rows=header,
        rows=tuple(ranking_rows_2021()),
        column_widths_mm=(12, 52, *([15] * 9), 20, 24, 18),
        align=("center", "left", *(["center"] * 9), "center", "center", "center"),
        note="Số liệu từng đơn vị là bảng dựng lại cho khớp với các số liệu tổng hợp của báo cáo (không phải bảng điểm chính thức).",
    )
    return OfficialDocument(
        facts=facts,
        summary=facts.summary_line("Kết quả đánh giá việc giải quyết thủ tục hành chính năm 2021"),
        opening=tuple(facts.opening(SUBJECT_2021)),
        sections=(
            Section("I. Kết quả thực hiện:", SECTION1_2021),
            Section("II. Đánh giá chung:", SECTION2_2021),
            Section(
                section3_heading(measures, 2022),
                tuple(
                    section3(
                        points_lost_2021(),
                        measures,
                        units=units,
                        body=facts.body_name(),
                        next_year=2022,
                        notes=facts.measures_notes,
                    )
                ),
            ),
        ),
        closing=facts.closing(CLOSING_SUBJECT_2021),
        appendices=(appendix,),
    )
