"""Across years and levels, end to end: `tthc report --all`, the index page, a year without metadata,
the year-over-year section in a rendered report, and a province-wide table of hundreds of communes.

Renders run once per session (without PDF, which test_render.py covers) and the tests read the files.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tthc_analysis.cli import main
from tthc_analysis.synthetic import write_dataset

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images = 0
        self.image_sizes: list[tuple[int, int]] = []
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "img" and values.get("src", "").startswith("data:image/png;base64,"):
            self.images += 1
            self.image_sizes.append((int(values["width"]), int(values["height"])))
        self._in_h2 = tag == "h2"
        if self._in_h2:
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.h2[-1] += data


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def all_years(tmp_path_factory) -> Path:
    """Three Đà Lạt years with the registry; 2023 without its metadata file."""
    data = tmp_path_factory.mktemp("data")
    shutil.copy(DATA / "registry.toml", data / "registry.toml")
    for year in (2021, 2022):
        shutil.copytree(DATA / str(year), data / str(year))
    (data / "2023").mkdir()
    shutil.copy(DATA / "2023" / "scores.csv", data / "2023" / "scores.csv")
    out = tmp_path_factory.mktemp("out")
    assert main(["report", "--all", "--data-dir", str(data), "--out", str(out), "--no-pdf", "--quiet"]) == 0
    return out


def test_all_writes_every_year_and_the_index(all_years):
    assert sorted(p.name for p in all_years.iterdir()) == ["2021", "2022", "2023", "index.html"]
    for year in (2021, 2022, 2023):
        assert sorted(p.name for p in (all_years / str(year)).iterdir()) == [
            f"bang-xep-hang-{year}.csv", f"bang-xep-hang-{year}.xlsx", f"bao-cao-tthc-{year}.docx", f"bao-cao-tthc-{year}.html", f"bao-cao-tthc-{year}.ipynb"]  # fmt: skip


def test_index_links_each_year_and_shows_the_trend(all_years):
    index = parse(all_years / "index.html")
    assert index.links == [f"{y}/bao-cao-tthc-{y}.{kind}" for y in (2021, 2022, 2023) for kind in ("html", "docx")]
    assert all((all_years / link).is_file() for link in index.links)
    assert index.images == 2  # the mean-and-range chart and the small multiples
    assert index.h2 == ["Kết quả từng năm", "Nguồn số liệu"]
    text = (all_years / "index.html").read_text(encoding="utf-8")
    assert "Số liệu dựng lại: 2021; số liệu minh họa: 2022; chưa rõ tình trạng số liệu: 2023." in text
    assert "năm 2021: 15,30 điểm (xuất sắc)" in text


def test_year_without_metadata_renders_with_a_notice(all_years):
    text = (all_years / "2023" / "bao-cao-tthc-2023.html").read_text(encoding="utf-8")
    assert "Bảng số liệu không kèm tệp thông tin (metadata.toml)" in text


def test_rendered_report_compares_with_the_previous_year(all_years):
    report = parse(all_years / "2022" / "bao-cao-tthc-2022.html")
    assert "So với năm 2021" in report.h2
    text = (all_years / "2022" / "bao-cao-tthc-2022.html").read_text(encoding="utf-8")
    assert "Số liệu năm 2021 dùng để so sánh là số liệu dựng lại." in text
    first = parse(all_years / "2021" / "bao-cao-tthc-2021.html")
    assert not any(h.startswith("So với năm") for h in first.h2)


def test_third_year_report_shows_the_trend(all_years):
    assert "Diễn biến qua các năm 2021–2023" in parse(all_years / "2023" / "bao-cao-tthc-2023.html").h2
    assert not any(h.startswith("Diễn biến") for h in parse(all_years / "2022" / "bao-cao-tthc-2022.html").h2)


def test_all_refuses_a_bad_year_before_writing_anything(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA / "2021", data / "2021")
    (data / "2022").mkdir()
    (data / "2022" / "scores.csv").write_text("Đơn vị,Chỉ số 1\nPhường 1,3\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", "--all", "--data-dir", str(data), "--out", str(out), "--no-pdf", "--quiet"]) == 2
    assert not out.exists()
    assert "2022/scores.csv" in capsys.readouterr().err


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    """A synthetic province: 360 communes in 12 districts."""
    data = tmp_path_factory.mktemp("province")
    write_dataset(data, n_units=360, n_districts=12, seed=7, year=2024)
    out = tmp_path_factory.mktemp("province-out")
    assert main(["report", "--year", "2024", "--data-dir", str(data), "--out", str(out), "--no-pdf", "--quiet"]) == 0
    return out / "bao-cao-tthc-2024.html"


def test_province_wide_report_has_the_district_section(province):
    page = parse(province)
    assert "Kết quả theo đơn vị cấp huyện" in page.h2
    text = province.read_text(encoding="utf-8")
    table = text[text.index('<table class="districts') :]
    table = table[: table.index("</table>")]
    assert len(re.findall(r'<th [^>]*scope="row"', table)) == 12
    assert "Số liệu tổng hợp ngẫu nhiên" in text


def test_province_wide_charts_stay_a_readable_size(province):
    sizes = parse(province).image_sizes
    assert len(sizes) == 4  # totals overview, bands, points lost by district, districts
    assert all(h <= 2400 for _, h in sizes)
