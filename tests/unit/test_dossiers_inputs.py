"""Reading dossier exports: bad rows in the one validation report, mapping files, xlsx, header spellings, NFC."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tthc_analysis.dossiers import compute, load_mapping, open_source, parse_period
from tthc_analysis.errors import ValidationError

HEADER = "MaHoSo,DonViXuLy,KenhThucHien,TrangThaiHoSo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy"
GOOD = "A1,UBND xã Ia Hrú,2,10,2026-07-01 08:00:00,2026-07-03 17:00:00,2026-07-02 09:00:00"
Q3 = parse_period("2026-Q3")


def _write(tmp_path, text: str, name: str = "ho-so.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _units(path, **kwargs):
    return {u.unit: u for u in compute(open_source(path, **kwargs), [Q3])[Q3].units}


def test_every_bad_row_is_reported_with_line_column_value(tmp_path):
    path = _write(tmp_path, "\n".join([
        HEADER,
        GOOD,
        "A2,UBND xã Ia Hrú,2,10,31/06/2026 08:00:00,2026-07-03 17:00:00,",   # line 3: 31 June does not exist
        "A3,UBND xã Ia Hrú,4,10,2026-07-01,2026-07-03,",                    # line 4: channel 4
        "A4,,1,10,2026-07-01,2026-07-03,",                                  # line 5: no unit
        "A5,UBND xã Ia Hrú,1,mười,2026-07-01,07/03/2026 5pm,",              # line 6: status, date
    ]) + "\n")  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        compute(open_source(path), [Q3])
    found = {(p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {
        (3, "NgayTiepNhan", "31/06/2026 08:00:00"),
        (4, "KenhThucHien", "4"),
        (5, "DonViXuLy", None),
        (6, "TrangThaiHoSo", "mười"),
        (6, "NgayHenTra", "07/03/2026 5pm"),
    }
    assert all(p.file == str(path) for p in caught.value.problems)
    channel = next(p for p in caught.value.problems if p.column == "KenhThucHien")
    assert "1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)" in channel.message
    assert channel.unit == "UBND xã Ia Hrú"


def test_missing_required_columns_are_named_together(tmp_path):
    path = _write(tmp_path, "MaHoSo,DonViXuLy,NgayHenTra\nA1,X,2026-07-01\n")
    with pytest.raises(ValidationError) as caught:
        open_source(path)
    assert {p.column for p in caught.value.problems} == {"KenhThucHien", "TrangThaiHoSo", "NgayTiepNhan"}


def test_a_mapping_file_reads_other_column_names(tmp_path):
    path = _write(tmp_path, "so_ho_so,don_vi,kenh,trang_thai,ngay_nhan,han_tra,ngay_xong\n"
                            "A1,UBND xã Ia Hrú,2,10,01/07/2026 08:00:00,03/07/2026 17:00:00,02/07/2026 09:00:00\n")  # fmt: skip
    mapping = _write(tmp_path, '[columns]\nMaHoSo = "so_ho_so"\nDonViXuLy = "don_vi"\nKenhThucHien = "kenh"\n'
                               'TrangThaiHoSo = "trang_thai"\nNgayTiepNhan = "ngay_nhan"\nNgayHenTra = "han_tra"\n'
                               'NgayKetThucXuLy = "ngay_xong"\n', "mapping.toml")  # fmt: skip
    mapped = _units(path, mapping=load_mapping(mapping))
    national = _units(_write(tmp_path, HEADER + "\n" + GOOD + "\n", "national.csv"))
    assert mapped == national
    assert mapped["UBND xã Ia Hrú"].early == 1


def test_a_bad_mapping_file_is_reported(tmp_path):
    mapping = _write(tmp_path, '[columns]\nMaHoSoo = "x"\nDonViXuLy = ""\n', "mapping.toml")
    with pytest.raises(ValidationError) as caught:
        load_mapping(mapping)
    assert [p.column for p in caught.value.problems] == ["MaHoSoo", "DonViXuLy"]


def test_headers_match_whatever_case_and_bom(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER.lower() + "\n" + GOOD + "\n").encode("utf-8"))
    assert _units(path)["UBND xã Ia Hrú"].dossiers == 1


def test_xlsx_with_date_cells_and_excel_row_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Danh sách hồ sơ (tổng hợp)"])  # a title row above the header is not supported: header first
    book.remove(sheet)
    sheet = book.create_sheet("Hồ sơ")
    sheet.append(HEADER.split(","))
    sheet.append(
        ["A1", "UBND xã Ia Hrú", 2, 10, datetime(2026, 7, 1, 8), datetime(2026, 7, 3, 17), datetime(2026, 7, 4)]
    )
    sheet.append(["A2", "UBND xã Ia Hrú", 9, 10, datetime(2026, 7, 1, 8), datetime(2026, 7, 3, 17), None])
    path = tmp_path / "ho-so.xlsx"
    book.save(path)
    with pytest.raises(ValidationError) as caught:
        compute(open_source(path), [Q3])
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(3, "KenhThucHien", "9")]
    sheet.delete_rows(3)
    book.save(path)
    unit = _units(path)["UBND xã Ia Hrú"]
    assert (unit.dossiers, unit.late, unit.tdgq) == (1, 1, Decimal("0.00"))


def test_unit_names_in_nfd_and_nfc_are_one_unit_in_nfc(tmp_path):
    nfc = "UBND xã Ia Hrú"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    second = GOOD.replace("A1", "A2").replace(nfc, nfd)
    units = _units(_write(tmp_path, HEADER + "\n" + GOOD + "\n" + second + "\n"))
    assert list(units) == [nfc]
    assert units[nfc].dossiers == 2


def test_a_postgres_url_needs_the_postgres_engine():
    with pytest.raises(ValidationError, match="--engine postgres"):
        open_source("postgresql://user@localhost/db?table=ho_so", engine="duckdb")


def test_unsupported_and_missing_files(tmp_path):
    with pytest.raises(ValidationError, match="không tìm thấy"):
        open_source(tmp_path / "none.csv")
    with pytest.raises(ValidationError, match="định dạng"):
        open_source(_write(tmp_path, "x", "ho-so.json"))


def test_spaces_around_names_make_one_unit_and_a_blank_name_is_bad(tmp_path):
    padded = GOOD.replace("A1", "A2").replace("UBND xã Ia Hrú", "  UBND xã Ia Hrú ")
    units = _units(_write(tmp_path, HEADER + "\n" + GOOD + "\n" + padded + "\n"))
    assert list(units) == ["UBND xã Ia Hrú"] and units["UBND xã Ia Hrú"].dossiers == 2
    blank = GOOD.replace("A1", "A3").replace("UBND xã Ia Hrú", " \t ")
    with pytest.raises(ValidationError) as caught:
        compute(open_source(_write(tmp_path, HEADER + "\n" + GOOD + "\n" + blank + "\n", "blank.csv")), [Q3])
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "DonViXuLy")]


def test_fractions_of_a_second_are_dropped_in_typed_timestamps(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    due = datetime(2026, 7, 3, 17, 0, 0)
    ends = [datetime(2026, 7, 3, 17, 0, 0, 900_000), datetime(2026, 7, 3, 17, 0, 1, 100_000)]  # on time; late
    table = pa.table({
        "MaHoSo": ["F1", "F2"], "DonViXuLy": ["UBND xã Ia Hrú"] * 2, "KenhThucHien": [1, 1], "TrangThaiHoSo": [10, 10],
        "NgayTiepNhan": pa.array([datetime(2026, 7, 1, 8)] * 2, type=pa.timestamp("ms")),
        "NgayHenTra": pa.array([due] * 2, type=pa.timestamp("ms")),
        "NgayKetThucXuLy": pa.array(ends, type=pa.timestamp("ms")),
    })  # fmt: skip
    pq.write_table(table, tmp_path / "ms.parquet")
    unit = _units(tmp_path / "ms.parquet")["UBND xã Ia Hrú"]
    assert (unit.on_time_finished, unit.late_finished) == (1, 1)
