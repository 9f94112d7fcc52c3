"""Bounded resources (issue 14): files refused by their size, unzipped size, extent and names, before reading."""

from __future__ import annotations

import shutil
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from hostile_files import HEADER, far_cell_xlsx, many_rows_csv, shared_strings_bomb  # noqa: E402

from tthc_analysis.cli import main, terminal_text  # noqa: E402
from tthc_analysis.errors import ValidationError  # noqa: E402
from tthc_analysis.validate import read_scores  # noqa: E402
from tthc_analysis.vietnamese import HIDDEN, match_key  # noqa: E402

SMALL = Path(__file__).parents[1] / "fixtures" / "small" / "2024" / "scores.csv"


def refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as caught:
        read_scores(path)
    return caught.value.report()


@pytest.fixture
def no_workbook_load(monkeypatch):
    """Loading a workbook fails the test: a refusal must come from the zip's directory and XML alone."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_far_cell_refused_by_its_column_before_loading(tmp_path, no_workbook_load):
    message = refusal(far_cell_xlsx(tmp_path / "far.xlsx"))
    assert "cột thứ 16.384" in message and "TTHC_MAX_COLUMNS" in message


def test_far_row_refused_by_the_row_bound(tmp_path, no_workbook_load):
    message = refusal(far_cell_xlsx(tmp_path / "far.xlsx", "A1048576"))
    assert "dòng 1.048.576" in message and "TTHC_MAX_ROWS" in message


def test_far_rectangle_refused_by_the_cell_bound(tmp_path, monkeypatch, no_workbook_load):
    monkeypatch.setenv("TTHC_MAX_SHEET_CELLS", "100000")
    message = refusal(far_cell_xlsx(tmp_path / "far.xlsx", "Z60000"))  # 26 columns x 60,000 rows
    assert "1.560.000 ô phải đọc" in message and "TTHC_MAX_SHEET_CELLS" in message


def test_shared_strings_bomb_refused_from_the_zip_directory(tmp_path, monkeypatch, no_workbook_load):
    monkeypatch.setenv("TTHC_MAX_UNZIPPED_MB", "1")
    path = shared_strings_bomb(tmp_path / "bomb.xlsx", 3)
    assert path.stat().st_size < 100_000
    message = refusal(path)
    assert "xl/sharedStrings.xml: 3 MB" in message and "TTHC_MAX_UNZIPPED_MB" in message


def test_file_size_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_MAX_FILE_MB", "1")
    path = many_rows_csv(tmp_path / "big.csv", 40_000)  # about 1.5 MB
    assert "TTHC_MAX_FILE_MB" in refusal(path)


def test_row_bound_and_raising_it(tmp_path, monkeypatch):
    path = many_rows_csv(tmp_path / "rows.csv", 12)
    monkeypatch.setenv("TTHC_MAX_ROWS", "10")
    assert "vượt giới hạn 10 dòng" in refusal(path) and "TTHC_MAX_ROWS" in refusal(path)
    monkeypatch.setenv("TTHC_MAX_ROWS", "12")
    assert len(read_scores(path).frame) == 12


def test_column_bound_on_a_wide_csv(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_MAX_COLUMNS", "11")
    path = tmp_path / "wide.csv"
    path.write_text(",".join(HEADER + ["Ghi chú", "Khác"]) + "\nPhường 1,2,2,2,2,2,2,2,2,0,,\n", encoding="utf-8")
    assert "12 cột" in refusal(path) and "TTHC_MAX_COLUMNS" in refusal(path)


def test_name_length_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_MAX_NAME_LENGTH", "20")
    path = tmp_path / "long.csv"
    path.write_text(",".join(HEADER) + "\n" + "Phường " + "A" * 30 + ",2,2,2,2,2,2,2,2,0\n", encoding="utf-8")
    message = refusal(path)
    assert "tên đơn vị dài 37 ký tự" in message and "TTHC_MAX_NAME_LENGTH" in message


# --- names that cannot lie --------------------------------------------------------------------------------


def table_with_names(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "names.csv"
    body = "".join(f"{name},2,2,2,2,2,2,2,2,0\n" for name in names)
    path.write_text(",".join(HEADER) + "\n" + body, encoding="utf-8")
    return path


def test_bidi_override_refused(tmp_path):
    message = refusal(table_with_names(tmp_path, ["Phường 1\u202e", "Phường 2"]))
    assert "U+202E" in message and "dòng 2" in message


def test_zero_width_look_alike_is_a_duplicate(tmp_path):
    message = refusal(table_with_names(tmp_path, ["Phường 1", "Phường 1\u200b"]))
    assert "U+200B" in message and "đơn vị bị trùng, đã có ở dòng 2" in message


def test_invisible_only_name_is_blank(tmp_path):
    message = refusal(table_with_names(tmp_path, ["Phường 1", "\u200b\u2060\ufeff"]))
    assert "dòng 3, cột “Đơn vị”: tên đơn vị để trống" in message


def test_escape_sequences_never_reach_the_terminal(tmp_path, capsys):
    # The duplicate's message quotes the name as read: the terminal gets it with its codes made visible.
    path = table_with_names(tmp_path, ["Phường 1\x1b[2J\x1b]0;pwned\x07", "Phường 1\x1b[2J\x1b]0;pwned\x07"])
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "<U+001B>" in err


def test_terminal_text_keeps_line_ends():
    assert terminal_text("a\nb\tc\u202e") == "a\nb\tc<U+202E>"


def test_hidden_class_is_every_control_and_format_character():
    missing = [hex(c) for c in range(0x110000) if unicodedata.category(chr(c)) in {"Cc", "Cf"}
               and not HIDDEN.match(chr(c))]  # fmt: skip
    assert missing == []
    assert not HIDDEN.search("Phường Hòa Bình - Thị trấn Đông Anh 12")


def test_match_key_ignores_invisible_characters():
    assert match_key("Phường\u200b 1") == match_key("Phường 1") != match_key("Phường 10")


def test_clean_table_still_reads(tmp_path):
    shutil.copy(SMALL, tmp_path / "scores.csv")
    assert len(read_scores(tmp_path / "scores.csv").frame) > 0
