"""Self-scores against the appraisal (issue 14): gaps per unit and criterion, sentences, section and sheet.

Expected figures are worked out by hand from the table below.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render.export import write_ranking_xlsx
from tthc_analysis.score.self_assessment import self_assessment
from tthc_analysis.sections import self_assessment_section

HEADER = ",".join(["Đơn vị", *(f"Chỉ số {n}" for n in range(1, 10)), *(f"Tự chấm {n}" for n in range(1, 10))])
# Appraisal, then self-scores. Phường 1: 15.5 appraised, 18 self (+0.5 on CS 3, +2 on CS 9);
# Phường 2: 16 both; Phường 3: 18 appraised, 17.5 self (-0.5 on CS 3); Phường 4: 16 vs 17 (+1 on CS 9).
ROWS = [
    "Phường 1,2,2,1.5,2,2,2,2,2,0,2,2,2,2,2,2,2,2,2",
    "Phường 2,2,2,2,2,2,2,2,2,0,2,2,2,2,2,2,2,2,0",
    "Phường 3,2,2,2,2,2,2,2,2,2,2,2,1.5,2,2,2,2,2,2",
    "Phường 4,2,2,2,2,2,2,2,2,0,2,2,2,2,2,2,2,2,1",
]


def report(tmp_path, rows=ROWS, header=HEADER):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    (folder / "scores.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return load_year_report(2024, folder.parent)


def test_gaps_per_unit_and_criterion(tmp_path):
    year = report(tmp_path)
    found = self_assessment(year.result.table, year.scheme)
    assert [(u.unit, u.self_total, u.total, u.gap) for u in found.units] == [
        ("Phường 1", Decimal("18"), Decimal("15.5"), Decimal("2.5")),
        ("Phường 4", Decimal("17"), Decimal("16"), Decimal("1")),
        ("Phường 2", Decimal("16"), Decimal("16"), Decimal("0")),
        ("Phường 3", Decimal("17.5"), Decimal("18"), Decimal("-0.5")),
    ]
    assert found.units[0].criteria[2] == Decimal("0.5") and found.units[0].criteria[8] == Decimal("2")
    assert [(c.number, c.over_units, c.over_points) for c in found.most_over_scored_criteria()] == [
        (9, 2, Decimal("3")),
        (3, 1, Decimal("0.5")),
    ]


def test_sentences_and_section(tmp_path):
    html = self_assessment_section(report(tmp_path))
    assert (
        "Trong 4 đơn vị có điểm tự chấm, 02/04 đơn vị tự chấm cao hơn kết quả thẩm định, 01/04 đơn vị tự chấm "
        "thấp hơn và 01/04 đơn vị tự chấm đúng bằng kết quả thẩm định; bình quân, tổng điểm tự chấm cao hơn "
        "tổng điểm thẩm định 0,75 điểm." in html
    )  # (2.5 + 1 + 0 - 0.5) / 4 = 0.75
    assert (
        "<bdi>Phường 1</bdi> (tự chấm 18,00, thẩm định 15,50, chênh +2,50 điểm); <bdi>Phường 4</bdi> (tự chấm 17,00"
        in html
    )
    assert "Chỉ số 9 (02/04 đơn vị, tổng cộng 3,00 điểm); Chỉ số 3 (01/04 đơn vị, tổng cộng 0,50 điểm)" in html
    assert '<td class="unit"><bdi>Phường 3</bdi></td>' in html


def test_workbook_sheet(tmp_path):
    year = report(tmp_path)
    write_ranking_xlsx(year, tmp_path / "xh.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "xh.xlsx")["Tự chấm"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("STT", "Đơn vị", "Tự chấm", "Thẩm định", "Chênh lệch")
    assert rows[1][:5] == (1, "Phường 1", 18, 15.5, 2.5) and rows[1][5 + 8] == 2


def test_absent_without_self_scores(tmp_path):
    year = report(tmp_path, [r.rsplit(",", 9)[0] for r in ROWS], HEADER.rsplit(",", 9)[0])
    assert self_assessment_section(year) == ""
    write_ranking_xlsx(year, tmp_path / "xh.xlsx")
    assert "Tự chấm" not in openpyxl.load_workbook(tmp_path / "xh.xlsx").sheetnames
