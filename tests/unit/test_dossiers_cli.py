"""``tthc dossiers``: the files it writes, the JSON object, the exit status on bad input."""

from __future__ import annotations

import csv
import json

from openpyxl import load_workbook

from tthc_analysis.cli import main

HEADER = "MaHoSo,DonViXuLy,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy"
ROWS = [
    "A1,UBND xã Ia Hrú,2,10,2026-07-01 08:00:00,2026-07-03 17:00:00,2026-07-02 09:00:00",  # early
    "A2,UBND xã Ia Hrú,1,10,2026-07-01 08:00:00,2026-07-03 17:00:00,2026-07-06 09:00:00",  # late
    "A3,UBND xã Ia Hrú,1,4,2026-09-01 08:00:00,2026-09-03 17:00:00,",  # open past the deadline at 1/10
    'A4,=HYPERLINK("x"),1,10,2026-07-01 08:00:00,,2026-07-02 09:00:00',  # no promised date; a hostile name
]


def _export(tmp_path):
    path = tmp_path / "ho-so.csv"
    path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_files_written(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["dossiers", str(_export(tmp_path)), "--period", "2026-Q3", "--out", str(out)]) == 0
    with open(out / "chi-so-tdgq-2026-q3.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["Đơn vị", "TDGQ", "Tỷ lệ đúng hạn (%)", "Hồ sơ được đánh giá"]
    by_unit = {row[0]: row for row in rows[1:]}
    # 1 of 3 on time: 20 / 3 = 6.666… -> 6.67; the hostile name is written as text with an apostrophe.
    assert by_unit["UBND xã Ia Hrú"][1:4] == ["6.67", "33.33", "3"]
    assert by_unit['\'=HYPERLINK("x")'][1] == ""
    book = load_workbook(out / "ho-so-tre-han-2026-q3.xlsx")
    listed = [[c.value for c in row] for row in book["Hồ sơ trễ, quá hạn"].iter_rows(min_row=2)]
    assert [(r[1], r[3]) for r in listed] == [("A4", "không đánh giá được"), ("A2", "trễ hạn"),
                                               ("A3", "đang xử lý quá hạn")]  # fmt: skip
    assert listed[0][0] == '=HYPERLINK("x")' and book["Hồ sơ trễ, quá hạn"]["A2"].data_type == "s"
    assert "Quý III năm 2026" in capsys.readouterr().out


def test_json_object(tmp_path, capsys):
    assert main(["dossiers", str(_export(tmp_path)), "--period", "2026-Q3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # The same object as ``tthc summary --json`` gives for the period.
    assert data["period"] == {"kind": "quarter", "year": 2026, "number": 3, "label": "quý III năm 2026"}
    unit = next(u for u in data["units"] if u["unit"] == "UBND xã Ia Hrú")
    assert (unit["dossiers"], unit["on_time"], unit["late"], unit["tdgq"]) == (3, 1, 2, 6.67)
    assert data["unjudgeable"] == [{"unit": '=HYPERLINK("x")', "dossier": "A4", "reason": "không có ngày hẹn trả"}]
    assert not (tmp_path / "reports").exists()


def test_default_folder_and_names_use_the_period_slug(tmp_path, monkeypatch, capsys):
    """Without --out, files go to reports/ho-so-<slug>/, named as ``tthc report`` names its files (2026-6t)."""
    export = _export(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["dossiers", str(export), "--period", "2026-6t"]) == 0
    folder = tmp_path / "reports" / "ho-so-2026-6t"
    assert sorted(p.name for p in folder.iterdir()) == ["chi-so-tdgq-2026-6t.csv", "ho-so-tre-han-2026-6t.xlsx"]
    assert capsys.readouterr().out.startswith("6 tháng đầu năm 2026: ")
    assert main(["dossiers", str(export), "--period", "2026-9", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["period"] == {
        "kind": "month", "year": 2026, "number": 9, "label": "tháng 9 năm 2026"
    }  # fmt: skip


def test_portal_comparison_names_differing_units(tmp_path, capsys):
    portal = tmp_path / "portal.json"
    portal.write_text(json.dumps({"communes": [{"departmentName": "UBND xã Ia Hrú", "departmentCode": "H21.1",
                                                "groupScores": {"TDGQ": 7.5}}]}), encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    assert (
        main(["dossiers", str(_export(tmp_path)), "--period", "2026-Q3", "--out", str(out), "--portal", str(portal)])
        == 0
    )
    printed = capsys.readouterr().out
    assert "TDGQ khác Cổng DVCQG ở 1 đơn vị" in printed and "UBND xã Ia Hrú: tính được 6.67, Cổng 7.5" in printed
    with open(out / "chi-so-tdgq-2026-q3.csv", encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.reader(handle) if r[0] == "UBND xã Ia Hrú")
    assert row[-2:] == ["7.5", "-0.83"]


def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\nA1,X,7,10,2026-07-01,2026-07-02,\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["dossiers", str(path), "--period", "2026-Q3", "--out", str(out)]) == 2
    assert "dòng 2" in capsys.readouterr().err
    assert not out.exists()
    assert main(["dossiers", str(path), "--period", "2026-Q9"]) == 2
