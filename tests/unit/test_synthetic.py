"""Synthetic tables (tthc_analysis.synthetic) and the illustrative Đà Lạt years (scripts/make_illustrative_years.py)."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
import time
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from tthc_analysis.pipeline import analyse
from tthc_analysis.read.metadata import read_metadata
from tthc_analysis.synthetic import format_steps, generate_table, write_dataset
from tthc_analysis.vietnamese import match_key

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SCRIPT = REPO / "scripts" / "make_illustrative_years.py"
CRITERIA = [f"Chỉ số {n}" for n in range(1, 10)]
HEADER_2021 = ["Đơn vị", *CRITERIA, "Tổng điểm"]

# The 16 units of Đà Lạt's 2021 table, in its row order (shared/DOMAIN.md).
DA_LAT_UNITS = [
    "Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5", "Phường 6", "Phường 7", "Phường 8",
    "Phường 9", "Phường 10", "Phường 11", "Phường 12", "Xã Xuân Thọ", "Xã Xuân Trường", "Xã Tà Nung",
    "Xã Trạm Hành",
]  # fmt: skip
# The five wards of 1/7/2025 with their Đà Lạt predecessors (shared/DOMAIN.md).
WARDS = {
    "Phường Xuân Hương - Đà Lạt": ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 10"],
    "Phường Cam Ly - Đà Lạt": ["Phường 5", "Phường 6", "Xã Tà Nung"],
    "Phường Lâm Viên - Đà Lạt": ["Phường 8", "Phường 9", "Phường 12"],
    "Phường Xuân Trường - Đà Lạt": ["Phường 11", "Xã Xuân Thọ", "Xã Xuân Trường", "Xã Trạm Hành"],
    "Phường Lang Biang - Đà Lạt": ["Phường 7"],
}
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def decimals(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def band(total: Decimal) -> str:
    """The TT 01/2018 bands, written out here independently of the scheme file."""
    if total >= 15:
        return "Xuất sắc"
    if total >= 12:
        return "Tốt"
    if total >= 9:
        return "Khá"
    if total >= 6:
        return "Trung bình"
    return "Yếu"


def load_script():
    spec = importlib.util.spec_from_file_location("make_illustrative_years", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Synthetic tables ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "text"),
    [
        (0, "0"),
        (1, "0.05"),
        (2, "0.1"),
        (37, "1.85"),
        (40, "2"),
        (200, "10"),
        (317, "15.85"),
        (320, "16"),
        (360, "18"),
    ],  # fmt: skip
)
def test_format_steps_is_plain_decimal_without_exponent(steps, text):
    assert format_steps(steps) == text


def test_same_seed_gives_identical_bytes(tmp_path):
    first = write_dataset(tmp_path / "a", 400, 5, seed=7, year=2030)
    second = write_dataset(tmp_path / "b", 400, 5, seed=7, year=2030)
    for name in ("scores.csv", "metadata.toml"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_different_seed_gives_a_different_table(tmp_path):
    first = write_dataset(tmp_path / "a", 400, 5, seed=7)
    second = write_dataset(tmp_path / "b", 400, 5, seed=8)
    assert (first / "scores.csv").read_bytes() != (second / "scores.csv").read_bytes()


def test_written_file_is_utf8_with_lf_and_the_reader_header(tmp_path):
    folder = write_dataset(tmp_path, 60, 4, seed=1, year=2031)
    assert folder == tmp_path / "2031"
    raw = (folder / "scores.csv").read_bytes()
    assert b"\r" not in raw
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[0] == "Huyện,Đơn vị," + ",".join(CRITERIA) + ",Tổng điểm"


@pytest.mark.parametrize(("n_units", "n_districts"), [(500, 7), (12, 12), (1, 1), (3000, 40)])
def test_sizes_and_districts_as_asked(n_units, n_districts):
    frame = generate_table(n_units, n_districts, seed=3)
    assert list(frame.columns) == ["Huyện", "Đơn vị", *CRITERIA, "Tổng điểm"]
    assert len(frame) == n_units
    assert frame["Huyện"].nunique() == n_districts


def test_fewer_units_than_districts_is_refused():
    with pytest.raises(ValueError, match="số đơn vị không ít hơn số huyện"):
        generate_table(3, 4)


def test_values_in_range_with_at_most_three_decimals_and_totals_exact():
    frame = generate_table(2000, 12, seed=11)
    for row in frame.itertuples(index=False):
        scores = [Decimal(v) for v in row[2:11]]
        assert all(Decimal(0) <= v <= Decimal(2) and decimals(v) <= 3 for v in scores), row
        assert all(v % Decimal("0.05") == 0 for v in scores), row
        stated = Decimal(row[11])
        assert stated == sum(scores, Decimal(0)), row
        assert "E" not in row[11] and decimals(stated) <= 3, row


def test_scores_look_like_published_tables():
    frame = generate_table(5000, 12, seed=0)
    c1_to_8 = [Decimal(v) for c in CRITERIA[:8] for v in frame[c]]
    c9 = [Decimal(v) for v in frame["Chỉ số 9"]]
    totals = [Decimal(v) for v in frame["Tổng điểm"]]
    mean_1_8 = sum(c1_to_8, Decimal(0)) / len(c1_to_8)
    mean_9 = sum(c9, Decimal(0)) / len(c9)
    assert Decimal("1.7") <= mean_1_8 <= Decimal("1.98")
    assert Decimal("0.5") <= mean_9 <= Decimal("1.4") and mean_9 < mean_1_8
    assert len(set(c9)) >= 30  # criterion 9 is spread
    bands = [band(t) for t in totals]
    assert bands.count("Xuất sắc") > len(bands) / 2
    assert 0 < bands.count("Khá") + bands.count("Trung bình") < len(bands) / 10
    assert len(set(totals)) < len(totals)  # ties
    district_means = {
        d: sum((Decimal(v) for v in group["Tổng điểm"]), Decimal(0)) / len(group) for d, group in frame.groupby("Huyện")
    }
    assert max(district_means.values()) - min(district_means.values()) >= Decimal("0.3")


def test_names_unique_per_district_and_across_the_table():
    frame = generate_table(20000, 12, seed=5)
    assert not frame.duplicated(["Huyện", "Đơn vị"]).any()
    assert len({match_key(u) for u in frame["Đơn vị"]}) == len(frame)


def test_names_may_repeat_in_other_districts_when_asked():
    frame = generate_table(20000, 12, seed=5, unique_across_districts=False)
    assert not frame.duplicated(["Huyện", "Đơn vị"]).any()
    assert frame["Đơn vị"].duplicated().any()


def test_names_are_vietnamese_in_nfc():
    frame = generate_table(3000, 12, seed=2)
    names = list(frame["Đơn vị"]) + list(frame["Huyện"].unique())
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    with_marks = [n for n in frame["Đơn vị"] if VIETNAMESE_LETTERS & set(n)]
    assert len(with_marks) > len(frame) * 0.9  # "Phường", "Xã" and most syllables carry marks
    letters = set("".join(names))
    assert {"Đ", "ư", "ơ", "ê", "ô", "ắ", "ạ", "ò"} <= letters
    prefixes = {n.split(" ")[0] for n in frame["Đơn vị"]}
    assert prefixes == {"Phường", "Thị", "Xã"}
    assert {d.split(" ")[0] for d in frame["Huyện"]} <= {"Huyện", "Thị", "Thành"}
    assert any(d.startswith("Huyện ") for d in frame["Huyện"]) and frame["Huyện"].iloc[0].startswith("Thành phố ")
    assert any(n.startswith("Thị trấn ") for n in frame["Đơn vị"])
    xa = [n for n in frame["Đơn vị"] if n.startswith("Xã ")]
    assert all(len(n.split(" ")) >= 3 for n in xa)  # "Xã" and two syllables


def test_generated_folder_passes_analysis_and_says_synthetic(tmp_path):
    folder = write_dataset(tmp_path, 300, 6, seed=4, year=2032, province="Tỉnh Thử Nghiệm")
    result = analyse(folder)
    assert result.summary.n_units == 300
    assert result.table.has_district and result.table.has_stated_total
    assert result.metadata.status == "synthetic"
    assert result.metadata.year == 2032
    assert result.metadata.locality == "Tỉnh Thử Nghiệm"
    assert result.metadata.scheme == "tt01-2018"
    notes = result.metadata.notes
    assert "sinh ngẫu nhiên" in notes and "không phải số liệu thực tế" in notes
    assert "seed = 4" in notes and "300 đơn vị" in notes and "6 đơn vị cấp huyện" in notes


def test_metadata_starts_with_comment_lines_and_parses(tmp_path):
    folder = write_dataset(tmp_path, 30, 2, seed=9)
    text = (folder / "metadata.toml").read_text(encoding="utf-8")
    assert text.startswith("# Year 2024, Tỉnh Minh Họa: SYNTHETIC")
    assert tomllib.loads(text)["status"] == "synthetic"


def test_hundred_thousand_units_in_a_few_seconds():
    start = time.perf_counter()
    frame = generate_table(100_000, 12, seed=0)
    elapsed = time.perf_counter() - start
    assert len(frame) == 100_000
    assert frame["Đơn vị"].is_unique
    assert elapsed < 5


def test_command_line_writes_the_same_bytes_as_the_function(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tthc_analysis.synthetic", "--units", "80", "--districts", "3", "--seed", "12",
         "--year", "2033", "--out", str(tmp_path / "cli")],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "80 đơn vị" in result.stdout
    expected = write_dataset(tmp_path / "api", 80, 3, seed=12, year=2033)
    for name in ("scores.csv", "metadata.toml"):
        assert (tmp_path / "cli" / "2033" / name).read_bytes() == (expected / name).read_bytes()


def test_command_line_help_and_errors_are_vietnamese(tmp_path):
    helped = subprocess.run([sys.executable, "-m", "tthc_analysis.synthetic", "--help"], cwd=REPO,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert helped.returncode == 0
    assert "số đơn vị cấp xã cần sinh" in helped.stdout and "hạt giống" in helped.stdout
    command = [sys.executable, "-m", "tthc_analysis.synthetic", "--units", "2", "--districts", "5"]
    command += ["--out", str(tmp_path)]
    failed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert failed.returncode == 2
    assert "Lỗi:" in failed.stderr


# --- Illustrative Đà Lạt years -------------------------------------------------------------------------------


def test_check_mode_passes_on_the_committed_files():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=REPO, capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_committed_files_equal_a_fresh_run(tmp_path):
    load_script().write(tmp_path)
    produced = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert produced == [f"{y}/{f}" for y in (2022, 2023, 2024, 2025) for f in ("metadata.toml", "scores.csv")]
    for relative in produced:
        assert (tmp_path / relative).read_bytes() == (DATA / relative).read_bytes(), relative


def test_check_mode_fails_when_a_file_differs(tmp_path):
    script = load_script()
    script.write(tmp_path)
    path = tmp_path / "2023" / "scores.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Phường 3,", "Phường 3 ,", 1), encoding="utf-8")
    (tmp_path / "2025" / "metadata.toml").unlink()
    assert script.check(tmp_path) == ["2023/scores.csv", "2025/metadata.toml"]
    assert script.main(["--check", "--out", str(tmp_path)]) == 1


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_illustrative_metadata(year):
    meta = read_metadata(DATA / str(year))
    assert meta.year == year
    assert meta.status == "illustrative"
    assert meta.scheme == "tt01-2018"
    assert meta.level == "xã"
    assert "make_illustrative_years.py" in meta.source
    notes = meta.notes
    assert "Số liệu minh họa" in notes and "không phải kết quả đánh giá thực tế" in notes
    assert "sinh ngẫu nhiên có hạt giống (seed" in notes and "scripts/make_illustrative_years.py" in notes
    text = (DATA / str(year) / "metadata.toml").read_text(encoding="utf-8")
    assert text.startswith(f"# Year {year}, ") and "ILLUSTRATIVE" in text.splitlines()[0]


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_walk_years_keep_the_2021_units_and_locality(year):
    meta = read_metadata(DATA / str(year))
    assert meta.locality == "thành phố Đà Lạt"
    assert meta.units_phrase == "UBND các phường, xã"
    rows = read_rows(DATA / str(year) / "scores.csv")
    assert list(rows[0]) == HEADER_2021
    assert [r["Đơn vị"] for r in rows] == DA_LAT_UNITS


def test_2025_has_exactly_the_five_wards_and_its_own_metadata():
    rows = read_rows(DATA / "2025" / "scores.csv")
    assert list(rows[0]) == HEADER_2021
    assert [r["Đơn vị"] for r in rows] == list(WARDS)
    meta = read_metadata(DATA / "2025")
    assert meta.locality == "các phường thuộc khu vực Đà Lạt cũ, tỉnh Lâm Đồng"
    assert meta.units_phrase == "UBND các phường"
    assert meta.reporting_body == "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng"
    assert "giả định" in meta.notes and "01/7/2025" in meta.notes
    assert "Thông tư số 01/2018/TT-VPCP được giữ nguyên để minh họa" in meta.notes


def test_2025_wards_follow_their_predecessors_2024_means():
    previous = {r["Đơn vị"]: r for r in read_rows(DATA / "2024" / "scores.csv")}
    wards = {r["Đơn vị"]: r for r in read_rows(DATA / "2025" / "scores.csv")}
    for ward, predecessors in WARDS.items():
        for column in CRITERIA:
            mean = sum((Decimal(previous[p][column]) for p in predecessors), Decimal(0)) / len(predecessors)
            value = Decimal(wards[ward][column])
            low, high = (mean - Decimal("0.1"), mean + Decimal("0.1"))
            if column == "Chỉ số 9":  # online services keep growing
                high = mean + Decimal("0.25")
            assert low <= value <= high, (ward, column, value, mean)


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_each_year_analyses_and_totals_are_exact(year):
    result = analyse(DATA / str(year))
    assert result.summary.n_units == (5 if year == 2025 else 16)
    for row in read_rows(DATA / str(year) / "scores.csv"):
        scores = [Decimal(row[c]) for c in CRITERIA]
        assert all(Decimal(0) <= v <= Decimal(2) and v % Decimal("0.05") == 0 for v in scores), row
        assert Decimal(row["Tổng điểm"]) == sum(scores, Decimal(0)), row


@pytest.mark.parametrize(
    ("year", "c9_target"), [(2022, Decimal("0.5")), (2023, Decimal("1.0")), (2024, Decimal("1.4"))]
)
def test_each_walk_year_tells_a_plausible_story(year, c9_target):
    def totals(y):
        return {r["Đơn vị"]: sum((Decimal(r[c]) for c in CRITERIA), Decimal(0))
                for r in read_rows(DATA / str(y) / "scores.csv")}  # fmt: skip

    before, after = totals(year - 1), totals(year)
    improving = [u for u in DA_LAT_UNITS if after[u] > before[u]]
    declining = [u for u in DA_LAT_UNITS if after[u] < before[u]]
    assert len(improving) >= 10
    assert 2 <= len(declining) <= 3
    assert any(band(after[u]) != band(before[u]) for u in DA_LAT_UNITS)
    assert len(set(after.values())) < len(after)  # at least two units share a rank
    c9 = [Decimal(r["Chỉ số 9"]) for r in read_rows(DATA / str(year) / "scores.csv")]
    assert abs(sum(c9, Decimal(0)) / len(c9) - c9_target) <= Decimal("0.1")
