"""The portal's JSON bounded like tables (issue 14): units, indicators per unit, names and nesting depth are
refused from the text, before ``json`` builds anything, each message naming its TTHC_MAX_* variable.

Files are the bundled Gia Lai detail file (9 units) with units copied or fields grown for each case.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.read import portal
from tthc_analysis.read.portal import read_portal

DETAIL = Path(__file__).parents[2] / "data" / "portal-766" / "communes_detail_GiaLai_10102026.json"


def detail() -> dict:
    return json.loads(DETAIL.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "portal.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def never_parsed(monkeypatch):
    """Parsing the JSON fails the test: a refusal must come from the text alone."""

    def refuse(text):
        raise AssertionError("the JSON was parsed")

    monkeypatch.setattr(portal, "load_json", refuse)


def refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as caught:
        read_portal(path)
    return caught.value.report()


def test_units_beyond_the_row_bound_are_refused_before_parsing(tmp_path, monkeypatch, never_parsed):
    monkeypatch.setenv("TTHC_MAX_ROWS", "5")
    message = refusal(write(tmp_path, detail()))  # 9 units
    assert "“communesDetail” có hơn 5 phần tử" in message and "TTHC_MAX_ROWS" in message


def test_the_row_bound_raised_reads_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_MAX_ROWS", "9")
    assert len(read_portal(write(tmp_path, detail())).units) == 9


def test_indicators_of_one_unit_beyond_the_column_bound(tmp_path, monkeypatch, never_parsed):
    data = detail()
    block = data["communesDetail"][0]["componentIndicators"]["CKMB_CongKhaiMinhBach"]
    block["metrics"] = [copy.deepcopy(block["metrics"][0]) for _ in range(600)]  # 600 sub-indicators, default 500
    message = refusal(write(tmp_path, data))
    assert "một đơn vị trong “communesDetail” có hơn 500 chỉ tiêu" in message and "TTHC_MAX_COLUMNS" in message


def test_an_object_with_too_many_members(tmp_path, monkeypatch, never_parsed):
    monkeypatch.setenv("TTHC_MAX_COLUMNS", "4")
    message = refusal(write(tmp_path, detail()))  # groupScores has 6 members
    assert "TTHC_MAX_COLUMNS" in message and "trường" in message


def test_a_long_name_is_refused_before_parsing(tmp_path, never_parsed):
    data = detail()
    data["communesDetail"][3]["departmentName"] = "UBND xã " + "A" * 100_000
    message = refusal(write(tmp_path, data))
    assert "“departmentName” dài 100.008 ký tự" in message and "TTHC_MAX_NAME_LENGTH" in message


def test_a_name_counts_escapes_as_the_characters_they_stand_for(tmp_path, monkeypatch):
    # 150 letters written as \\u00e1 escapes: 900 characters of text, 150 of name; the bound is 200.
    data = detail()
    data["communesDetail"][0]["departmentName"] = "á" * 150
    text = json.dumps(data, ensure_ascii=True)
    assert len(read_portal(write(tmp_path, text)).units) == 9
    monkeypatch.setenv("TTHC_MAX_NAME_LENGTH", "149")
    assert "dài 150 ký tự" in refusal(write(tmp_path, text))


def test_a_name_of_the_bound_in_characters_passes_however_many_bytes(tmp_path, monkeypatch):
    # Written as UTF-8 (no escape): 200 Vietnamese letters are 400 to 600 bytes, still 200 characters.
    data = detail()
    data["communesDetail"][0]["departmentName"] = ("Phường Ngô Mây " * 14)[:199] + "ễ"
    assert len(data["communesDetail"][0]["departmentName"]) == 200
    path = write(tmp_path, data)
    assert b"\\" not in path.read_bytes()
    assert len(read_portal(path).units) == 9
    data["communesDetail"][0]["departmentName"] += "ữ"
    message = refusal(write(tmp_path, data))
    assert "“departmentName” dài 201 ký tự" in message


def test_of_several_long_names_the_first_in_the_file_is_named(tmp_path, never_parsed):
    data = detail()
    data["communesDetail"][5]["departmentName"] = "B" * 300
    data["communesDetail"][2]["provinceName"] = "Tỉnh " + "Đ" * 400  # earlier in the file, another key
    message = refusal(write(tmp_path, data))
    assert "“provinceName” dài 405 ký tự" in message and "departmentName" not in message


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, never_parsed):
    text = DETAIL.read_text(encoding="utf-8").replace('"count"', '"deep": ' + "[" * 5000 + "]" * 5000 + ', "count"', 1)
    message = refusal(write(tmp_path, text))
    assert "lồng nhau hơn 64 cấp" in message and "TTHC_MAX_JSON_DEPTH" in message


def test_brackets_and_commas_inside_strings_are_not_counted(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_MAX_ROWS", "9")
    monkeypatch.setenv("TTHC_MAX_JSON_DEPTH", "8")
    data = detail()
    data["metadata"]["note"] = "[[[[[[[[[[{{{{{{{{" + "," * 50 + '\\" "name": "' + "x" * 300
    assert len(read_portal(write(tmp_path, data)).units) == 9


def test_the_bundled_portal_files_pass_the_bounds():
    for path in sorted(DETAIL.parent.glob("*.json")):
        assert read_portal(path).units, path


@pytest.mark.parametrize("step", [1, 5, 64])
def test_strings_cut_by_a_chunk_boundary_are_skipped_whole(tmp_path, monkeypatch, step):
    # The text is read in chunks; a string (with escaped quotes, brackets and commas in it) open at a chunk's end
    # must be skipped whole, so the counts are those of the whole file, whatever the chunk size.
    from tthc_analysis.read import json_limits

    monkeypatch.setattr(json_limits, "_STEP", step)
    data = detail()
    data["metadata"]["note"] = 'a \\" [ { , } ] \\\\" , [[[ "' * 20
    path = write(tmp_path, data)
    assert len(read_portal(path).units) == 9
    monkeypatch.setenv("TTHC_MAX_ROWS", "8")
    assert "“communesDetail” có hơn 8 phần tử" in refusal(path)


@pytest.mark.parametrize("step", [1, 5, 64, 1 << 22])
def test_a_file_without_escapes_is_cut_at_its_quotes_in_chunks(tmp_path, monkeypatch, step):
    # Without a backslash every quote opens or closes a string: the skeleton is made by splitting at the quotes,
    # chunk by chunk, and must count exactly what the expression path counts.
    from tthc_analysis.read import json_limits

    monkeypatch.setattr(json_limits, "_STEP", step)
    data = detail()
    data["metadata"]["note"] = " [ { , } ] , [[[ {{{ " * 20
    path = write(tmp_path, data)
    assert b"\\" not in path.read_bytes()
    assert json_limits._skeleton(path.read_bytes()) == json_limits._skeleton(path.read_bytes() + b" \\ ")
    assert len(read_portal(path).units) == 9
    monkeypatch.setenv("TTHC_MAX_ROWS", "8")
    assert "“communesDetail” có hơn 8 phần tử" in refusal(path)
