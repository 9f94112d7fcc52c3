"""Large tables keep the HTML bounded: the ranking's head and tail, the comparison's largest movements;
the complete ranking is in the .xlsx and .csv beside the report."""

from __future__ import annotations

import csv
import re
import shutil
from decimal import Decimal

from tthc_analysis import sections
from tthc_analysis.synthetic import write_dataset


def test_ranking_of_1200_units_shows_the_first_and_last_fifty(tmp_path):
    write_dataset(tmp_path, n_units=1200, n_districts=12, seed=3, year=2024)
    html = str(sections.ranking_table(sections.start_report(2024, tmp_path)))
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    positions = [int(p) for p in re.findall(r'<tr>\s*<td class="num">(\d+)</td>', body)]
    assert positions == [*range(1, 51), *range(1151, 1201)]
    assert ("… 1.100 đơn vị ở giữa bảng không in tại đây; bảng xếp hạng đầy đủ 1.200 đơn vị: "
            "bang-xep-hang-2024.xlsx và bang-xep-hang-2024.csv kèm theo.") in body  # fmt: skip


def test_ranking_of_500_units_is_complete(tmp_path):
    write_dataset(tmp_path, n_units=500, n_districts=12, seed=3, year=2024)
    html = str(sections.ranking_table(sections.start_report(2024, tmp_path)))
    assert len(re.findall(r'<td class="unit">', html)) == 500
    assert "không in tại đây" not in html


def test_comparison_of_600_units_lists_the_fifty_largest_rises_and_falls(tmp_path):
    folder = write_dataset(tmp_path, n_units=600, n_districts=12, seed=5, year=2024)
    rows = list(csv.reader((folder / "scores.csv").open(encoding="utf-8")))
    header, body = rows[0][:-1], [r[:-1] for r in rows[1:]]  # drop the stated total
    # 2023: unit i had i/100 points less on criterion 9 where it could (so every change is 0 or a rise).
    earlier = tmp_path / "2023"
    earlier.mkdir()
    with (earlier / "scores.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        c9 = header.index("Chỉ số 9")
        for i, row in enumerate(body):
            value = Decimal(row[c9])
            row[c9] = str(max(Decimal(0), value - Decimal(i % 100) / 100))
            writer.writerow(row)
    shutil.copy(folder / "metadata.toml", earlier / "metadata.toml")
    (earlier / "metadata.toml").write_text((folder / "metadata.toml").read_text(encoding="utf-8")
                                          .replace("year = 2024", "year = 2023"), encoding="utf-8")  # fmt: skip
    report = sections.start_report(2024, tmp_path)
    html = str(sections.comparison_section(report))
    table = html[html.index('<table class="comparison">') :]
    table = table[: table.index("</table>")]
    assert table.count('<td class="unit">') == 100
    assert "Bảng dưới đây ghi 50 đơn vị tăng điểm nhiều nhất và 50 đơn vị giảm điểm nhiều nhất; 500 đơn vị" in html


def test_seventy_districts_show_thirty_best_and_worst_and_the_workbook_has_all(tmp_path):
    from openpyxl import load_workbook

    from tthc_analysis.render.export import write_ranking_xlsx

    write_dataset(tmp_path, n_units=700, n_districts=70, seed=11, year=2024)
    report = sections.start_report(2024, tmp_path)
    html = str(sections.districts_section(report))
    table = html[html.index('<table class="districts">') : html.index("</table>")]
    assert len(re.findall(r'<th [^>]*scope="row"', table)) == 60
    assert ("… 10 huyện ở giữa bảng không in tại đây; kết quả đủ 70 huyện: trang tính “Theo huyện” của tệp "
            "bang-xep-hang-2024.xlsx kèm theo.") in table  # fmt: skip
    write_ranking_xlsx(report, tmp_path / "book.xlsx")
    sheet = load_workbook(tmp_path / "book.xlsx")["Theo huyện"]
    assert sheet.max_row == 71  # the header and every district
    assert [c.value for c in sheet[1]][:5] == ["Hạng", "Huyện", "Số đơn vị", "Điểm bình quân", "Xếp loại"]
    assert sheet.cell(row=2, column=1).value == 1


def test_key_figure_card_names_three_tied_units_and_counts_the_rest(tmp_path, write_rows):
    rows = [(f"Phường {n}", "2 2 2 2 2 2 2 2 2") for n in range(1, 6)] + [("Xã Tà Nung", "2 2 2 2 2 2 2 2 0")]
    path = write_rows(rows)
    html = str(sections.key_figures(sections.start_report(2024, scores_path=path)))
    assert "UBND <bdi>Phường 1</bdi>,\u00a02,\u00a03,\u00a0… và 2 đơn vị khác" in html


def test_district_sentences_name_ten_districts_and_count_the_rest(tmp_path, write_rows):
    from tthc_analysis.narrative.districts import district_paragraphs
    from tthc_analysis.score.districts import district_stats

    header = ["Huyện", "unit"] + [f"c{n}" for n in range(1, 10)]
    path = tmp_path / "scores.csv"
    lines = [",".join(header)] + [f"Huyện {k:02d},Xã A,2,2,2,2,2,2,2,2,0" for k in range(1, 13)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = sections.start_report(2024, scores_path=path)
    stats = district_stats(report.result.summary, report.scheme)
    text = " ".join(district_paragraphs(stats, report.result.summary, report.scheme))
    assert ("Huyện 01, Huyện 02, Huyện 03, Huyện 04, Huyện 05, Huyện 06, Huyện 07, Huyện 08, Huyện 09, Huyện 10, "
            "… và 2 đơn vị cấp huyện khác") in text  # fmt: skip


def test_counts_past_a_thousand_are_grouped_the_vietnamese_way_in_every_section(tmp_path):
    write_dataset(tmp_path, n_units=1200, n_districts=12, seed=3, year=2024)
    report = sections.start_report(2024, tmp_path)
    cards = str(sections.key_figures(report))
    assert re.search(r'class="card-value">\s*1\.200\s*<', cards), cards
    assert "Kết quả của 1.200 đơn vị được tổng hợp theo 12 đơn vị cấp huyện." in str(sections.districts_section(report))
    assert re.search(r"bị trừ điểm (ở cả|tại) [\d.]+/1\.200 đơn vị", str(sections.assessment(report)))
    assert re.search(r"<dd>\s*1\.200\s*</dd>", str(sections.methodology(report)))
    # No four-digit count is left ungrouped in the text (years and the generator's command line aside).
    text = sections.plain_text("".join(str(f(report)) for f in (sections.key_figures, sections.results_section,
                                                               sections.measures_section, sections.districts_section,
                                                               sections.assessment)))  # fmt: skip
    assert not re.findall(r"(?<![\d.,])(?!20[0-9]{2}\b)\d{4,}", text)
