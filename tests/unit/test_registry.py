"""The unit registry: the shipped Đà Lạt data, spellings, renames, resolving a table's names, malformed files."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

import pytest

from tthc_analysis.errors import ValidationError
from tthc_analysis.registry.load import find_registry, load_registry
from tthc_analysis.registry.model import REGISTRY_FILE, unit_key
from tthc_analysis.validate import read_scores

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "registry"

OLD_DA_LAT = [
    "da-lat/phuong-1", "da-lat/phuong-2", "da-lat/phuong-3", "da-lat/phuong-4", "da-lat/phuong-5",
    "da-lat/phuong-6", "da-lat/phuong-7", "da-lat/phuong-8", "da-lat/phuong-9", "da-lat/phuong-10",
    "da-lat/phuong-11", "da-lat/phuong-12", "da-lat/xa-xuan-tho", "da-lat/xa-xuan-truong", "da-lat/xa-ta-nung",
    "da-lat/xa-tram-hanh",
]  # fmt: skip
LAC_DUONG = ["lac-duong/thi-tran-lac-duong", "lac-duong/xa-lat"]
# DOMAIN.md's table of the 1/7/2025 reorganisation, written out by hand.
NEW_WARDS = {
    "lam-dong/phuong-xuan-huong-da-lat": (
        "Phường Xuân Hương - Đà Lạt",
        {"da-lat/phuong-1", "da-lat/phuong-2", "da-lat/phuong-3", "da-lat/phuong-4", "da-lat/phuong-10"},
    ),
    "lam-dong/phuong-cam-ly-da-lat": (
        "Phường Cam Ly - Đà Lạt",
        {"da-lat/phuong-5", "da-lat/phuong-6", "da-lat/xa-ta-nung"},
    ),
    "lam-dong/phuong-lam-vien-da-lat": (
        "Phường Lâm Viên - Đà Lạt",
        {"da-lat/phuong-8", "da-lat/phuong-9", "da-lat/phuong-12"},
    ),
    "lam-dong/phuong-xuan-truong-da-lat": (
        "Phường Xuân Trường - Đà Lạt",
        {"da-lat/phuong-11", "da-lat/xa-xuan-tho", "da-lat/xa-xuan-truong", "da-lat/xa-tram-hanh"},
    ),
    "lam-dong/phuong-lang-biang-da-lat": (
        "Phường Lang Biang - Đà Lạt",
        {"da-lat/phuong-7", "lac-duong/thi-tran-lac-duong", "lac-duong/xa-lat"},
    ),
}


@pytest.fixture
def da_lat(monkeypatch):
    """The shipped registry, loaded by the relative path a user would give (so messages name data/registry.toml)."""
    monkeypatch.chdir(REPO)
    return load_registry("data/registry.toml")


def fixture(name: str):
    return load_registry(FIXTURES / name)


def problems_of(path: Path) -> list[tuple]:
    """(row, unit, column, value, message) of each problem loading ``path`` raises (fails if none)."""
    with pytest.raises(ValidationError) as info:
        load_registry(path)
    assert {p.file for p in info.value.problems} == {str(path)}
    return [(p.row, p.unit, p.column, p.value, p.message) for p in info.value.problems]


def resolve_problems(registry, names, year, rows=None) -> list[tuple]:
    """(file, row, unit, column, message) of each problem ``resolve`` raises (fails if none)."""
    with pytest.raises(ValidationError) as info:
        registry.resolve(names, year, file="data/2024/scores.csv", rows=rows)
    return [(p.file, p.row, p.unit, p.column, p.message) for p in info.value.problems]


# --- the shipped Đà Lạt registry ----------------------------------------------------------------------


def test_shipped_registry_has_the_23_units(da_lat):
    assert len(da_lat) == 23
    assert [u.id for u in da_lat] == OLD_DA_LAT + LAC_DUONG + list(NEW_WARDS)
    assert da_lat.path == "data/registry.toml"
    assert da_lat.sources[0].startswith("Nghị quyết số 1671/NQ-UBTVQH15")
    assert "Lang Biang" in da_lat.notes and "suy ra một phần" in da_lat.notes


def test_old_units_parents_and_periods(da_lat):
    """Old units: parent city or district, province Lâm Đồng, open start (unknown), last day 30/6/2025."""
    phuong_1 = da_lat.get("da-lat/phuong-1")
    assert (phuong_1.name, phuong_1.type, phuong_1.parent, phuong_1.province) == (
        "Phường 1", "phường", "Thành phố Đà Lạt", "Tỉnh Lâm Đồng",
    )  # fmt: skip
    assert da_lat.get("da-lat/xa-tram-hanh").type == "xã"
    assert da_lat.get("lac-duong/thi-tran-lac-duong").type == "thị trấn"
    for unit_id in OLD_DA_LAT + LAC_DUONG:
        unit = da_lat.get(unit_id)
        assert unit.valid_from is None, unit_id
        assert unit.valid_until == datetime.date(2025, 6, 30), unit_id
        assert unit.parent == ("Huyện Lạc Dương" if unit_id in LAC_DUONG else "Thành phố Đà Lạt"), unit_id


def test_new_wards_and_their_predecessors(da_lat):
    """Each 2025 ward: its name, parent the province, from 1/7/2025, predecessors exactly as in DOMAIN.md."""
    for unit_id, (name, predecessors) in NEW_WARDS.items():
        ward = da_lat.get(unit_id)
        assert ward.name == name
        assert (ward.type, ward.parent, ward.province) == ("phường", "Tỉnh Lâm Đồng", "Tỉnh Lâm Đồng")
        assert (ward.valid_from, ward.valid_until) == (datetime.date(2025, 7, 1), None)
        assert set(ward.predecessors) == predecessors
        assert {u.id for u in da_lat.predecessors_of(unit_id)} == predecessors


def test_old_units_successors_mirror_the_new_wards(da_lat):
    """Every old unit has exactly one successor, the ward that lists it."""
    expected = {old: new for new, (_, olds) in NEW_WARDS.items() for old in olds}
    assert len(expected) == 18
    for unit_id in OLD_DA_LAT + LAC_DUONG:
        assert [u.id for u in da_lat.successors_of(unit_id)] == [expected[unit_id]]
    assert [u.name for u in da_lat.successors_of("da-lat/phuong-10")] == ["Phường Xuân Hương - Đà Lạt"]


def test_existence_by_year(da_lat):
    """Old units existed in 2024 and 2025 (until 30/6), none after; the new wards in 2025, not in 2024."""
    for unit_id in OLD_DA_LAT + LAC_DUONG:
        unit = da_lat.get(unit_id)
        assert (unit.existed_in(2021), unit.existed_in(2024), unit.existed_in(2025), unit.existed_in(2026)) == (
            True, True, True, False,
        ), unit_id  # fmt: skip
    for unit_id in NEW_WARDS:
        ward = da_lat.get(unit_id)
        assert (ward.existed_in(2024), ward.existed_in(2025), ward.existed_in(2026)) == (False, True, True), unit_id
    assert len(da_lat.units_in(2024)) == 18
    assert len(da_lat.units_in(2026)) == 5


def test_lang_biang_alias(da_lat):
    """The written-together spelling "Langbiang" is kept as an alias; it is not offered as the name."""
    assert da_lat.match("Phường Langbiang – Đà Lạt").id == "lam-dong/phuong-lang-biang-da-lat"
    assert da_lat.get("lam-dong/phuong-lang-biang-da-lat").name_in(2026) == "Phường Lang Biang - Đà Lạt"


def test_the_2021_table_resolves(da_lat):
    """Every unit of the 2021 table is a Đà Lạt unit of the registry, in the table's order."""
    table = read_scores(REPO / "data" / "2021" / "scores.csv")
    records = da_lat.resolve(table.units, 2021, file="data/2021/scores.csv", rows=list(table.frame["row"]))
    assert [r.id for r in records] == OLD_DA_LAT


def test_find_registry(tmp_path):
    assert REGISTRY_FILE == "registry.toml"
    assert len(find_registry(REPO / "data")) == 23
    assert find_registry(tmp_path) is None


# --- spellings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "unit_id"),
    [
        (unicodedata.normalize("NFD", "Phường Hòa Bình"), "thu/phuong-hoa-binh"),
        ("Phường Hoà Bình", "thu/phuong-hoa-binh"),
        (unicodedata.normalize("NFD", "Phường Hoà Bình"), "thu/phuong-hoa-binh"),
        ("PHƯỜNG HÒA BÌNH", "thu/phuong-hoa-binh"),
        ("  phường   hòa bình ", "thu/phuong-hoa-binh"),
        ("P.1", "thu/phuong-1"),
        ("P. 01", "thu/phuong-1"),
        ("p 1", "thu/phuong-1"),
        ("Phường 01", "thu/phuong-1"),
        ("P.11", "thu/phuong-11"),
    ],
)
def test_spellings_match(written, unit_id):
    """NFD, both tone placements, case, spacing, "P."-abbreviations and leading zeros all match."""
    assert fixture("spellings.toml").match(written).id == unit_id


def test_number_is_not_a_prefix():
    """Phường 1 and Phường 11 are different units whichever way they are written."""
    registry = fixture("spellings.toml")
    assert registry.match("Phường 1").id == "thu/phuong-1"
    assert registry.match("Phường 11").id == "thu/phuong-11"
    assert unit_key("Phường 1") != unit_key("Phường 11")
    assert registry.match("Phường 111") is None


@pytest.mark.parametrize(
    "written",
    [
        "Phường Xuân Hương - Đà Lạt",
        "Phường Xuân Hương – Đà Lạt",
        "Phường Xuân Hương–Đà Lạt",
        "Phường Xuân Hương-Đà Lạt",
        "phường xuân hương — đà lạt",
    ],
)
def test_hyphen_en_dash_and_spaces(da_lat, written):
    assert da_lat.match(written).id == "lam-dong/phuong-xuan-huong-da-lat"


def test_type_abbreviations(da_lat):
    assert da_lat.match("X. Xuân Thọ").id == "da-lat/xa-xuan-tho"
    assert da_lat.match("TT.Lạc Dương").id == "lac-duong/thi-tran-lac-duong"
    assert da_lat.match("Xuân Thọ") is None


# --- renames and names reused ------------------------------------------------------------------------------


def test_rename_both_names_resolve_to_one_unit():
    """ "Xã A" until 2019, "Phường B" from 2020: one id under either name."""
    registry = fixture("rename.toml")
    assert registry.match("Xã A").id == "thu/xa-a"
    assert registry.match("Phường B").id == "thu/xa-a"
    assert registry.match("Xã A", 2023).id == "thu/xa-a"
    records = registry.resolve(["Xã A"], 2019, file="2019.csv")
    assert [r.id for r in records] == ["thu/xa-a"]


def test_rename_name_in_year():
    unit = fixture("rename.toml").get("thu/xa-a")
    assert unit.name == "Phường B"
    assert unit.name_in(2019) == "Xã A"
    assert unit.name_in(2020) == "Phường B"
    assert unit.name_in(2021) == "Phường B"
    assert unit.name_in(2005) == "Phường B"  # before the unit existed: its name
    assert [(s.name, s.valid_from, s.valid_until) for s in unit.names] == [
        ("Xã A", datetime.date(2010, 1, 1), datetime.date(2019, 12, 31)),
        ("Phường B", datetime.date(2020, 1, 1), None),
    ]


def test_reused_name_chooses_the_unit_of_the_year():
    """Two units named "Phường Cũ" at different times: the year decides; without a year it is refused."""
    registry = fixture("rename.toml")
    assert registry.match("Phường Cũ", 2014).id == "thu/phuong-cu"
    assert registry.match("Phường Cũ", 2020).id == "thu/phuong-cu-2016"
    with pytest.raises(ValidationError) as info:
        registry.match("Phường Cũ")
    assert [p.message for p in info.value.problems] == [
        f"tên ứng với nhiều đơn vị trong {FIXTURES / 'rename.toml'} (chưa cho biết năm): thu/phuong-cu, "
        "thu/phuong-cu-2016; không xác định được đơn vị"
    ]


# --- resolving a table's names ---------------------------------------------------------------------------


def test_unknown_names_are_all_listed_with_suggestions(da_lat):
    """Every unknown name at once, each with its row and the closest names of that year."""
    names = ["Phường 1", "Phường 13", "Phường 2", "Xa Lat", "Phường Cam Ly", "Ủy ban Tỉnh"]
    problems = resolve_problems(da_lat, names, 2024, rows=[2, 3, 4, 5, 6, 7])
    where = "đơn vị không có trong danh mục đơn vị hành chính (data/registry.toml)"
    assert problems == [
        ("data/2024/scores.csv", 3, "Phường 13", "Đơn vị", f"{where}; tên gần nhất: Phường 1, Phường 3, Phường 10"),
        ("data/2024/scores.csv", 5, "Xa Lat", "Đơn vị", f"{where}; tên gần nhất: Xã Lát"),
        ("data/2024/scores.csv", 6, "Phường Cam Ly", "Đơn vị", f"{where}; tên gần nhất: Phường 1, Phường 2, Phường 3"),
        ("data/2024/scores.csv", 7, "Ủy ban Tỉnh", "Đơn vị", f"{where}; không có tên nào gần giống"),
    ]


def test_suggestions_follow_the_year(da_lat):
    """In 2026 only the five wards are offered; with no year, every unit's name."""
    assert da_lat.suggestions("Phường Cam Ly", 2026) == ["Phường Cam Ly - Đà Lạt"]
    assert da_lat.suggestions("Phường 13", 2026) == []
    assert da_lat.suggestions("Phường 13") == ["Phường 1", "Phường 3", "Phường 10"]
    assert da_lat.suggestions("Phường 13", 2024, n=1) == ["Phường 1"]


def test_problem_text_as_printed(da_lat):
    with pytest.raises(ValidationError) as info:
        da_lat.resolve(["Phường 13"], 2024, file="data/2024/scores.csv", rows=[15])
    assert info.value.problems[0].describe() == (
        "Tệp data/2024/scores.csv, dòng 15, đơn vị “Phường 13”, cột “Đơn vị”: đơn vị không có trong danh mục đơn vị "
        "hành chính (data/registry.toml); tên gần nhất: Phường 1, Phường 3, Phường 10"
    )


def test_unit_not_existing_in_the_year(da_lat):
    """An old unit in 2026 and a new ward in 2024 are refused, with the unit's period (and successor)."""
    problems = resolve_problems(da_lat, ["Phường 10", "Phường Lâm Viên - Đà Lạt"], 2026, rows=[2, 3])
    assert problems == [
        ("data/2024/scores.csv", 2, "Phường 10", "Đơn vị",
         "đơn vị không tồn tại trong năm 2026: Phường 10 (da-lat/phuong-10) chỉ tồn tại đến 30/6/2025; "
         "đơn vị kế thừa: Phường Xuân Hương - Đà Lạt"),
    ]  # fmt: skip
    problems = resolve_problems(da_lat, ["Phường Lâm Viên – Đà Lạt"], 2024, rows=[9])
    assert problems == [
        ("data/2024/scores.csv", 9, "Phường Lâm Viên - Đà Lạt", "Đơn vị",
         "đơn vị không tồn tại trong năm 2024: Phường Lâm Viên - Đà Lạt (lam-dong/phuong-lam-vien-da-lat) "
         "chỉ tồn tại từ 1/7/2025"),
    ]  # fmt: skip


def test_2025_accepts_old_and_new_units(da_lat):
    """2025 holds both: the old units until 30/6, the wards from 1/7."""
    records = da_lat.resolve(["Phường 7", "Phường Lang Biang - Đà Lạt"], 2025, file="2025.csv")
    assert [r.id for r in records] == ["da-lat/phuong-7", "lam-dong/phuong-lang-biang-da-lat"]


def test_two_names_for_one_unit_in_a_file(da_lat):
    """ "P.1" and "Phường 01" are the same unit: the second is refused, naming the first and its row."""
    problems = resolve_problems(da_lat, ["P.1", "Phường 2", "Phường 01", "Phường 2"], 2024, rows=[2, 3, 4, 5])
    assert problems == [
        ("data/2024/scores.csv", 4, "Phường 01", "Đơn vị",
         "trùng đơn vị với “P.1” ở dòng 2: cả hai là Phường 1 (da-lat/phuong-1)"),
        ("data/2024/scores.csv", 5, "Phường 2", "Đơn vị",
         "trùng đơn vị với “Phường 2” ở dòng 3: cả hai là Phường 2 (da-lat/phuong-2)"),
    ]  # fmt: skip


def test_without_rows_problems_have_no_row(da_lat):
    problems = resolve_problems(da_lat, ["Phường 1", "P 1"], 2024)
    assert problems == [
        ("data/2024/scores.csv", None, "P 1", "Đơn vị",
         "trùng đơn vị với “Phường 1”: cả hai là Phường 1 (da-lat/phuong-1)"),
    ]  # fmt: skip


def test_ambiguous_name_in_a_year_without_either_unit():
    """In 2015 neither "Phường Cũ" existed: the name cannot be attributed."""
    registry = fixture("rename.toml")
    with pytest.raises(ValidationError) as info:
        registry.resolve(["Phường Cũ"], 2015, file="2015.csv", rows=[2])
    assert [(p.row, p.unit, p.message) for p in info.value.problems] == [
        (2, "Phường Cũ", f"tên ứng với nhiều đơn vị trong {FIXTURES / 'rename.toml'} trong năm 2015: thu/phuong-cu, "
         "thu/phuong-cu-2016; không xác định được đơn vị"),
    ]  # fmt: skip


def test_get_unknown_id(da_lat):
    assert "da-lat/phuong-1" in da_lat
    assert "da-lat/phuong-13" not in da_lat
    with pytest.raises(KeyError, match="da-lat/phuong-13"):
        da_lat.get("da-lat/phuong-13")


# --- malformed registry files ------------------------------------------------------------------------------


def test_not_toml():
    """The parser's own description (English, worded by the Python version) follows the Vietnamese message."""
    [(row, unit, column, value, message)] = problems_of(FIXTURES / "bad-syntax.toml")
    assert (row, unit, column, value) == (None, None, None, None)
    assert message.startswith("không đọc được danh mục đơn vị hành chính (sai cú pháp TOML): ")
    assert "line 3" in message


def test_missing_file(tmp_path):
    assert problems_of(tmp_path / "registry.toml") == [
        (None, None, None, None, "không mở được tệp: No such file or directory"),
    ]


def test_unknown_keys():
    units = (
        "aliases, id, name, names, notes, parent, predecessors, province, sources, successors, type, valid_from, "
        "valid_until"
    )
    assert problems_of(FIXTURES / "bad-keys.toml") == [
        (1, None, "owner", None,
         "khóa không được hỗ trợ trong phần đầu tệp (ngoài các bảng); các khóa hợp lệ: registry, units"),
        (5, None, "author", None, "khóa không được hỗ trợ trong [registry]; các khóa hợp lệ: notes, sources, title"),
        (12, "thu/phuong-1", "valid_untill", None, f"khóa không được hỗ trợ trong [[units]]; các khóa hợp lệ: {units}"),
        (14, "thu/phuong-1", "valid_since", None,
         "khóa không được hỗ trợ trong [[units.names]]; các khóa hợp lệ: name, valid_from, valid_until"),
    ]  # fmt: skip


def test_malformed_fields_and_reversed_period():
    assert problems_of(FIXTURES / "bad-fields.toml") == [
        (2, "Thu/Phường 1", "id", "Thu/Phường 1",
         "mã đơn vị chỉ gồm chữ thường không dấu, chữ số, dấu “-” và dấu “/” (ví dụ “da-lat/phuong-1”)"),
        (6, "Thu/Phường 1", "valid_from", "2020-01-01",
         "phải là một ngày theo cú pháp TOML, không đặt trong ngoặc kép (ví dụ 2025-06-30)"),
        (10, "thu/phuong-2", "name", "", "phải là một chuỗi văn bản không rỗng"),
        (8, "thu/phuong-2", "parent", None, "thiếu trường bắt buộc"),
        (12, "thu/phuong-2", "aliases", "P2", "phải là một danh sách chuỗi văn bản không rỗng"),
        (13, "thu/phuong-2", "valid_from", None,
         "ngày bắt đầu (valid_from 1/7/2025) sau ngày kết thúc (valid_until 30/6/2025)"),
        (16, None, "id", None, "thiếu mã đơn vị (id) dạng chuỗi"),
    ]  # fmt: skip


def test_duplicate_ids_and_broken_links():
    assert problems_of(FIXTURES / "bad-ids-links.toml") == [
        (41, "thu/phuong-1", "id", None, "mã đơn vị bị trùng với đơn vị ở dòng 1"),
        (7, "thu/phuong-1", "successors", "thu/phuong-khong-co", "mã đơn vị không có trong danh mục"),
        (15, "thu/phuong-2", "successors", "thu/phuong-moi",
         "liên kết không được ghi ở cả hai chiều: đơn vị “thu/phuong-moi” không ghi “thu/phuong-2” trong predecessors"),
        (23, "thu/phuong-3", "successors", "thu/phuong-moi",
         "đơn vị kế thừa “thu/phuong-moi” không tồn tại vào ngày 1/1/2025, ngày sau khi đơn vị này kết thúc "
         "(chỉ tồn tại từ 1/7/2025)"),
        (23, "thu/phuong-3", "successors", "thu/phuong-3", "đơn vị không thể liên kết với chính nó"),
        (38, "thu/phuong-moi", "predecessors", "thu/phuong-4",
         "liên kết không được ghi ở cả hai chiều: đơn vị “thu/phuong-4” không ghi “thu/phuong-moi” trong successors"),
    ]  # fmt: skip


def test_name_collisions_and_name_periods():
    """ "Hòa"/"Hoà" in two units at once collide; a unit's own names must not overlap and must include `name`."""
    assert problems_of(FIXTURES / "bad-names.toml") == [
        (25, "thu/xa-c", "names", "Thị trấn C", "thời kỳ của tên trùng với thời kỳ của tên “Xã C”"),
        (17, "thu/xa-c", "name", "Phường D",
         "tên chính thức (name) phải có trong danh sách tên theo thời kỳ [[units.names]]"),
        (10, "thu/phuong-hoa-binh-moi", "name", "Phường Hoà Bình",
         "tên trùng với tên “Phường Hòa Bình” của đơn vị “thu/phuong-hoa-binh” trong cùng thời kỳ "
         "(hai tên chỉ khác cách viết thì được coi là một)"),
    ]  # fmt: skip


def test_problem_names_file_line_unit_and_field():
    with pytest.raises(ValidationError) as info:
        load_registry(FIXTURES / "bad-ids-links.toml")
    assert info.value.problems[1].describe() == (
        f"Tệp {FIXTURES / 'bad-ids-links.toml'}, dòng 7, đơn vị “thu/phuong-1”, cột “successors”: "
        "mã đơn vị không có trong danh mục (giá trị: “thu/phuong-khong-co”)"
    )
