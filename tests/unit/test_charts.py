"""Charts: what is drawn (bars, order, colours, thresholds, cell values, labels) and that it renders cleanly."""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from tthc_analysis.charts import change_chart, district_chart, totals_chart, trend_chart, trend_overview_chart
from tthc_analysis.charts.colours import band_colours, contrast_text_colour
from tthc_analysis.charts.criteria import band_counts_chart, points_lost_heatmap
from tthc_analysis.charts.rows import ChangeRow
from tthc_analysis.charts.style import figure_bytes
from tthc_analysis.scheme import Scheme, load_scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.summary import summarize
from tthc_analysis.score.trends import TrendSeries
from tthc_analysis.validate import read_scores

DATA_2021 = Path(__file__).resolve().parents[2] / "data" / "2021" / "scores.csv"

# Five units: 18 (Xuất sắc); two at exactly 15 (a tie at the Xuất sắc threshold, one of them the
# 8 * 1.7 + 1.4 float trap); 12 (Tốt, at its threshold); 5.5 (Yếu). Khá and Trung bình are empty.
INLINE = """\
unit,c1,c2,c3,c4,c5,c6,c7,c8,c9
Xã Tà Nung,2,2,2,2,2,2,1.5,1.5,0
Sở Nội vụ,2,2,2,2,2,1.75,0.25,0,0
Phường 10,2,2,2,2,2,2,2,2,2
Thị trấn Lạc Dương,1,1,1,1,0.5,0.5,0.5,0,0
Phường 2,1.7,1.7,1.7,1.7,1.7,1.7,1.7,1.7,1.4
"""
# Ranking order: by total, ties in Vietnamese name order.
INLINE_ORDER = ["Phường 10", "Phường 2", "Xã Tà Nung", "Sở Nội vụ", "Thị trấn Lạc Dương"]
INLINE_TOTALS = [18, 15, 15, 12, 5.5]
INLINE_BANDS = ["Xuất sắc", "Xuất sắc", "Xuất sắc", "Tốt", "Yếu"]
# Points lost (2 minus the score), worked by hand, rows in ranking order.
INLINE_LOST = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.6],
    [0, 0, 0, 0, 0, 0, 0.5, 0.5, 2],
    [0, 0, 0, 0, 0, 0.25, 1.75, 2, 2],
    [1, 1, 1, 1, 1.5, 1.5, 1.5, 2, 2],
]

ChartFunction = Callable[[Summary, Scheme], Figure]
CHARTS: list[ChartFunction] = [totals_chart, points_lost_heatmap, band_counts_chart]


@pytest.fixture
def scheme() -> Scheme:
    return load_scheme("tt01-2018")


@pytest.fixture
def inline(tmp_path: Path, scheme: Scheme) -> Summary:
    path = tmp_path / "scores.csv"
    path.write_text(INLINE, encoding="utf-8")
    return summarize(read_scores(path, scheme))


@pytest.fixture
def year_2021(scheme: Scheme) -> Summary:
    return summarize(read_scores(DATA_2021, scheme))


def _many_units(tmp_path: Path, scheme: Scheme, n: int) -> Summary:
    levels = ["2", "1.75", "1.5", "1.25", "1", "0.5"]
    rows = [f"Phường {i},{','.join([levels[i % len(levels)]] * 8)},0" for i in range(1, n + 1)]
    path = tmp_path / "many.csv"
    path.write_text("unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return summarize(read_scores(path, scheme))


def _lightness(colour: str) -> float:
    """CIE L* of an sRGB colour, computed here independently of the module."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


def _bars_top_to_bottom(fig: Figure) -> list:
    bars = list(fig.axes[0].containers[0])
    return sorted(bars, key=lambda b: b.get_y(), reverse=True)


def _yticklabels_top_to_bottom(fig: Figure) -> list[str]:
    return _ticklabels_top_to_bottom(fig.axes[0])


def _ticklabels_top_to_bottom(ax) -> list[str]:
    pairs = zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()))
    return [label for _, label in sorted(pairs, key=lambda p: p[0], reverse=True)]


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _render_png(fig: Figure) -> bytes:
    """Render with every warning an error: a missing Vietnamese glyph warns during rendering."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return figure_bytes(fig, "png", dpi=60)


# ---------------------------------------------------------------- band colours


def test_band_colours_cover_every_band_in_scheme_order(scheme: Scheme) -> None:
    colours = band_colours(scheme)
    assert list(colours) == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert all(len(c) == 7 and c.startswith("#") for c in colours.values())


def test_band_colours_differ_clearly_in_lightness_best_band_darkest(scheme: Scheme) -> None:
    lightness = [_lightness(c) for c in band_colours(scheme).values()]
    assert lightness == sorted(lightness), "bands should run from dark (best) to light (worst)"
    for a, b in itertools.combinations(lightness, 2):
        assert abs(a - b) >= 12, f"L* {a:.1f} and {b:.1f} are too close to tell apart in grey"


def test_band_colours_for_a_three_band_scheme(tmp_path: Path) -> None:
    criteria = "\n".join(f'[[criteria]]\nnumber = {n}\nname = "Chỉ số {n}"\nmax_points = "10"\n' for n in (1, 2))
    bands = '[[bands]]\nname = "Đạt"\nmin = "15"\n\n[[bands]]\nname = "Gần đạt"\nmin = "10"\n\n' \
            '[[bands]]\nname = "Chưa đạt"\nmin = "0"\n'  # fmt: skip
    path = tmp_path / "three.toml"
    path.write_text(f'name = "three"\n\n{criteria}\n{bands}', encoding="utf-8")
    colours = band_colours(load_scheme(path))
    assert list(colours) == ["Đạt", "Gần đạt", "Chưa đạt"]
    lightness = [_lightness(c) for c in colours.values()]
    assert all(b - a >= 20 for a, b in itertools.pairwise(lightness))


def test_contrast_text_colour_picks_the_readable_one(scheme: Scheme) -> None:
    colours = band_colours(scheme)
    assert contrast_text_colour(colours["Xuất sắc"]) == "#ffffff"
    assert contrast_text_colour(colours["Yếu"]) == "#000000"
    assert contrast_text_colour("#ffffff") == "#000000"


# ---------------------------------------------------------------- totals chart


def test_totals_chart_one_bar_per_unit_highest_at_top(inline: Summary, scheme: Scheme) -> None:
    fig = totals_chart(inline, scheme)
    bars = _bars_top_to_bottom(fig)
    assert len(bars) == 5
    assert [b.get_width() for b in bars] == INLINE_TOTALS
    assert _yticklabels_top_to_bottom(fig) == INLINE_ORDER


def test_totals_chart_bars_coloured_by_band(inline: Summary, scheme: Scheme) -> None:
    colours = band_colours(scheme)
    bars = _bars_top_to_bottom(totals_chart(inline, scheme))
    assert [b.get_facecolor() for b in bars] == [to_rgba(colours[band]) for band in INLINE_BANDS]
    # Bands also differ by hatching, for print in grey.
    hatches = {band: bar.get_hatch() or "" for band, bar in zip(INLINE_BANDS, bars)}
    assert len(set(hatches.values())) == 3


def test_totals_chart_threshold_lines_and_their_labels(inline: Summary, scheme: Scheme) -> None:
    fig = totals_chart(inline, scheme)
    ax = fig.axes[0]
    lines = [line for line in ax.lines if (line.get_gid() or "").startswith("band-threshold")]
    assert sorted(line.get_xdata()[0] for line in lines) == [6, 9, 12, 15]
    (top,) = ax.child_axes
    labels = {t.get_text() for t in top.get_xticklabels()}
    assert labels == {"Xuất sắc (15)", "Tốt (12)", "Khá (9)", "Trung bình (6)"}
    assert ax.get_xlim() == (0.0, 18.0)


def test_totals_chart_labels_values_with_decimal_comma(inline: Summary, scheme: Scheme) -> None:
    fig = totals_chart(inline, scheme)
    values = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(values) == sorted(["18,00", "15,00", "15,00", "12,00", "5,50"])
    assert fig.texts[0].get_text() == "Tổng điểm của từng đơn vị"  # the suptitle
    assert fig.axes[0].get_xlabel() == "Điểm"


def test_totals_chart_legend_lists_only_bands_present(inline: Summary, scheme: Scheme) -> None:
    (legend,) = totals_chart(inline, scheme).legends
    assert [t.get_text() for t in legend.get_texts()] == ["Xuất sắc", "Tốt", "Yếu"]


def test_totals_chart_2021(year_2021: Summary, scheme: Scheme) -> None:
    fig = totals_chart(year_2021, scheme)
    bars = _bars_top_to_bottom(fig)
    assert len(bars) == 16
    names = _yticklabels_top_to_bottom(fig)
    # Phường 3 and 6 tie at 16, in name order; Phường 8 is last with 13.
    assert names[:2] == ["Phường 3", "Phường 6"] and names[-1] == "Phường 8"
    assert [bars[0].get_width(), bars[1].get_width(), bars[-1].get_width()] == [16, 16, 13]
    colours = band_colours(scheme)
    bands = dict(zip(year_2021.ranking["unit"], year_2021.ranking["band"]))
    assert [b.get_facecolor() for b in bars] == [to_rgba(colours[bands[n]]) for n in names]
    values = [t.get_text() for t in fig.axes[0].texts]
    assert values.count("16,00") == 2 and "15,85" in values and "13,00" in values


def test_totals_chart_shows_a_note(inline: Summary, scheme: Scheme) -> None:
    fig = totals_chart(inline, scheme, note="Số liệu dựng lại")
    assert "Số liệu dựng lại" in _texts(fig)


# ---------------------------------------------------------------- heatmap


def test_heatmap_holds_points_lost_in_ranking_order(inline: Summary, scheme: Scheme) -> None:
    fig = points_lost_heatmap(inline, scheme)
    data = np.asarray(fig.axes[0].images[0].get_array())
    np.testing.assert_allclose(data, np.array(INLINE_LOST), atol=1e-12)
    assert _yticklabels_top_to_bottom(fig)[::-1] == INLINE_ORDER  # row 0 at the top of an image
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [f"CS {n}" for n in range(1, 10)]


def test_heatmap_annotates_only_cells_that_lost_points(inline: Summary, scheme: Scheme) -> None:
    fig = points_lost_heatmap(inline, scheme)
    cells = {(int(t.get_position()[1]), int(t.get_position()[0])): t.get_text() for t in fig.axes[0].texts}
    nonzero = {(i, j) for i, row in enumerate(INLINE_LOST) for j, v in enumerate(row) if v}
    assert set(cells) == nonzero
    assert cells[(1, 0)] == "0,30" and cells[(1, 8)] == "0,60"
    assert cells[(3, 6)] == "1,75" and cells[(3, 5)] == "0,25" and cells[(4, 8)] == "2,00"


def test_heatmap_colour_bar_and_titles(inline: Summary, scheme: Scheme) -> None:
    fig = points_lost_heatmap(inline, scheme)
    assert len(fig.axes) == 2
    assert fig.axes[1].get_ylabel() == "Điểm bị trừ"
    assert fig.texts[0].get_text() == "Điểm bị trừ theo đơn vị và chỉ số"
    image = fig.axes[0].images[0]
    assert image.get_clim() == (0.0, 2.0)  # same scale every year: 0 to the criterion maximum


def test_heatmap_prints_exact_decimals(tmp_path: Path, scheme: Scheme) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\nPhường 1,1.978,2,2,2,2,2,2,2,1.5\n", encoding="utf-8")
    fig = points_lost_heatmap(summarize(read_scores(path, scheme)), scheme)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0,022", "0,500"]


def test_heatmap_2021(year_2021: Summary, scheme: Scheme) -> None:
    fig = points_lost_heatmap(year_2021, scheme)
    data = np.asarray(fig.axes[0].images[0].get_array())
    assert data.shape == (16, 9)
    assert list(data[:, 8]) == [2.0] * 16  # criterion 9 scored 0 everywhere in 2021
    assert list(data[0]) == [0.0] * 8 + [2.0]  # Phường 3: full marks on criteria 1-8
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "0,15" in texts and "1,00" in texts and all("," in t for t in texts)


# ---------------------------------------------------------------- band counts


def test_band_counts_every_band_including_empty(inline: Summary, scheme: Scheme) -> None:
    fig = band_counts_chart(inline, scheme)
    bars = list(fig.axes[0].containers[0])
    assert [b.get_height() for b in bars] == [3, 1, 0, 0, 1]
    assert [t.get_text() for t in fig.axes[0].texts] == ["3 (60%)", "1 (20%)", "0 (0%)", "0 (0%)", "1 (20%)"]
    colours = band_colours(scheme)
    assert [b.get_facecolor() for b in bars] == [to_rgba(c) for c in colours.values()]
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert [t.split("\n")[0] for t in ticks] == list(colours)
    assert ticks[0] == "Xuất sắc\ntừ 15 điểm"
    assert ticks[1] == "Tốt\n12 đến dưới 15"
    assert ticks[-1] == "Yếu\ndưới 6 điểm"
    assert fig.texts[0].get_text() == "Số đơn vị theo xếp loại"


def test_band_counts_2021(year_2021: Summary, scheme: Scheme) -> None:
    fig = band_counts_chart(year_2021, scheme)
    assert [b.get_height() for b in fig.axes[0].containers[0]] == [12, 4, 0, 0, 0]
    assert [t.get_text() for t in fig.axes[0].texts][:2] == ["12 (75%)", "4 (25%)"]


def test_band_counts_share_with_decimal_comma(tmp_path: Path, scheme: Scheme) -> None:
    rows = [f"Phường {i},2,2,2,2,2,2,2,2,2" for i in range(1, 16)] + ["Xã Lát,1,1,1,1,1,1,1,1,1"]
    path = tmp_path / "scores.csv"
    path.write_text("unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\n" + "\n".join(rows) + "\n", encoding="utf-8")
    fig = band_counts_chart(summarize(read_scores(path, scheme)), scheme)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[0] == "15 (93,75%)" and texts[2] == "1 (6,25%)"


# ---------------------------------------------------------------- size and legibility


def test_figures_grow_with_units_within_a_cap(tmp_path: Path, inline: Summary, scheme: Scheme) -> None:
    many = _many_units(tmp_path, scheme, 120)
    small_height = totals_chart(inline, scheme).get_figheight()
    assert small_height < totals_chart(_many_units(tmp_path, scheme, 40), scheme).get_figheight()
    for chart in (totals_chart, points_lost_heatmap):
        assert chart(many, scheme).get_figheight() <= 24


def test_sixty_units_keep_a_row_each(tmp_path: Path, year_2021: Summary, scheme: Scheme) -> None:
    sixty = _many_units(tmp_path, scheme, 60)
    totals = totals_chart(sixty, scheme)
    assert len(totals.axes) == 1 and len(totals.axes[0].containers[0]) == 60
    heatmap = points_lost_heatmap(sixty, scheme)
    assert np.asarray(heatmap.axes[0].images[0].get_array()).shape == (60, 9)
    # Every unit lost 2 points on criterion 9; the 50 not at level "2" lost points on criteria 1-8 as well.
    assert len(heatmap.axes[0].texts) == 10 * 1 + 50 * 9
    # Sixty rows still get a full-size label each: the figure grows instead (within the cap).
    assert totals.get_figheight() > totals_chart(year_2021, scheme).get_figheight()
    assert totals.axes[0].get_yticklabels()[0].get_fontsize() >= 8


def test_long_names_wrap_rather_than_vanish(tmp_path: Path, scheme: Scheme) -> None:
    name = "Văn phòng Đăng ký đất đai tỉnh Lâm Đồng - Chi nhánh Đà Lạt"
    path = tmp_path / "scores.csv"
    path.write_text(f"unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\n{name},2,2,2,2,2,2,2,2,0\nXã Lát,2,2,2,2,2,2,2,1,0\n",
                    encoding="utf-8")  # fmt: skip
    labels = _yticklabels_top_to_bottom(totals_chart(summarize(read_scores(path, scheme)), scheme))
    assert labels[0].replace("\n", " ") == name and "\n" in labels[0]


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_renders_to_png_without_warnings(chart: ChartFunction, year_2021: Summary, scheme: Scheme) -> None:
    png = _render_png(chart(year_2021, scheme, note="Số liệu dựng lại"))
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_font_does_not_depend_on_user_rc(chart: ChartFunction, inline: Summary, scheme: Scheme) -> None:
    # Computer Modern has no Vietnamese letters: had it been used, rendering would warn of missing glyphs.
    with mpl.rc_context({"font.family": "serif", "font.serif": ["cmr10"], "font.size": 20}):
        fig = chart(inline, scheme, note="Số liệu dựng lại")
        _render_png(fig)
    names = {t.get_fontname() for t in fig.findobj(Text) if t.get_text()}
    assert names == {"DejaVu Sans"}


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_font_holds_when_rendered_under_another_rc(chart: ChartFunction, inline: Summary, scheme: Scheme) -> None:
    # Tick labels are created at draw time; they must not pick up the rc in force then.
    fig = chart(inline, scheme)
    with mpl.rc_context({"font.family": "serif", "font.serif": ["cmr10"]}):
        _render_png(fig)
    names = {t.get_fontname() for t in fig.findobj(Text) if t.get_text()}
    assert names == {"DejaVu Sans"}


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_output_is_identical_across_runs(chart: ChartFunction, fmt: str, inline: Summary, scheme: Scheme) -> None:
    first = figure_bytes(chart(inline, scheme), fmt, dpi=60)
    second = figure_bytes(chart(inline, scheme), fmt, dpi=60)
    assert first == second
    if fmt == "svg":
        assert b"<dc:date>" not in first


def test_charts_leave_pyplot_alone(inline: Summary, scheme: Scheme) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    for chart in CHARTS:
        assert isinstance(chart(inline, scheme), Figure)
    assert plt.get_fignums() == before


def test_decimal_inputs_are_not_rounded_into_another_band(tmp_path: Path, scheme: Scheme) -> None:
    # 14.995 is Tốt; printed with two decimals it would read 15,00, so the chart shows three.
    path = tmp_path / "scores.csv"
    path.write_text("unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\nPhường 1,2,2,2,2,2,2,2,0.995,0\nXã Lát,2,2,2,2,2,2,2,1,0\n",
                    encoding="utf-8")  # fmt: skip
    summary = summarize(read_scores(path, scheme))
    assert summary.ranking["total"].tolist() == [Decimal(15), Decimal("14.995")]
    fig = totals_chart(summary, scheme)
    assert [t.get_text() for t in fig.axes[0].texts] == ["15,000", "14,995"]
    colours = band_colours(scheme)
    assert [b.get_facecolor() for b in _bars_top_to_bottom(fig)] == [to_rgba(colours["Xuất sắc"]),
                                                                      to_rgba(colours["Tốt"])]  # fmt: skip


# ================================================================ charts for many units, districts and years
#
# A province-wide table: 300 units in Lâm Đồng's 12 districts (unit counts chosen here, scores drawn by a
# seeded local generator: only the structure is asserted, never a figure the generator produced).
PROVINCE = {
    "Thành phố Đà Lạt": 16, "Thành phố Bảo Lộc": 11, "Huyện Lạc Dương": 10, "Huyện Đơn Dương": 24,
    "Huyện Đức Trọng": 36, "Huyện Lâm Hà": 30, "Huyện Đam Rông": 24, "Huyện Di Linh": 30,
    "Huyện Bảo Lâm": 36, "Huyện Đạ Huoai": 27, "Huyện Đạ Tẻh": 28, "Huyện Cát Tiên": 28,
}  # fmt: skip
PROVINCE_LABELS = {
    "Thành phố Đà Lạt (16)", "Thành phố Bảo Lộc (11)", "Huyện Lạc Dương (10)", "Huyện Đơn Dương (24)",
    "Huyện Đức Trọng (36)", "Huyện Lâm Hà (30)", "Huyện Đam Rông (24)", "Huyện Di Linh (30)",
    "Huyện Bảo Lâm (36)", "Huyện Đạ Huoai (27)", "Huyện Đạ Tẻh (28)", "Huyện Cát Tiên (28)",
}  # fmt: skip


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Summary:
    rng = random.Random(20250701)
    good, any_score = ["2", "1.75", "1.5", "1.25"], ["2", "1.75", "1.5", "1.25", "1", "0.5", "0"]
    lines = ["unit,district," + ",".join(f"c{n}" for n in range(1, 10))]
    for district, count in PROVINCE.items():
        place = district.removeprefix("Huyện ").removeprefix("Thành phố ")
        for i in range(1, count + 1):
            scores = [rng.choice(good if rng.random() < 0.8 else any_score) for _ in range(9)]
            lines.append(f"Xã {i} {place},{district},{','.join(scores)}")
    path = tmp_path_factory.mktemp("province") / "scores.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summarize(read_scores(path, load_scheme("tt01-2018")))


def _summary_of(tmp_path: Path, scheme: Scheme, csv_text: str) -> Summary:
    path = tmp_path / "table.csv"
    path.write_text(csv_text, encoding="utf-8")
    return summarize(read_scores(path, scheme))


def _svg_text(fig: Figure) -> str:
    """The SVG as text; with text drawn as paths, matplotlib keeps each string in a comment."""
    return figure_bytes(fig, "svg", dpi=60).decode("utf-8")


def _by_gid(ax, gid: str) -> list:
    return [a for a in ax.get_children() if a.get_gid() == gid]


def _offsets(ax, gid: str) -> np.ndarray:
    (collection,) = _by_gid(ax, gid)
    return np.asarray(collection.get_offsets())


# ---------------------------------------------------------------- totals and heatmap above 60 units


def test_sixty_one_units_switch_totals_to_histogram_and_ends(tmp_path: Path, scheme: Scheme) -> None:
    fig = totals_chart(_many_units(tmp_path, scheme, 61), scheme)
    assert len(fig.axes) == 2  # histogram over the panel of the highest and lowest units
    assert len(fig.axes[1].containers[0]) == 20


def test_many_units_totals_histogram_by_band(tmp_path: Path, scheme: Scheme) -> None:
    # 120 units, 20 at each of the totals 16, 14, 12, 10, 8, 4 (levels by i mod 6, see _many_units).
    fig = totals_chart(_many_units(tmp_path, scheme, 120), scheme)
    hist = fig.axes[0]
    heights: dict[float, float] = {}
    for container in hist.containers:
        for bar in container:
            heights[bar.get_x()] = heights.get(bar.get_x(), 0) + bar.get_height()
    assert {x: h for x, h in heights.items() if h} == {16.0: 20, 14.0: 20, 12.0: 20, 10.0: 20, 8.0: 20, 4.0: 20}
    assert {round(bar.get_width(), 6) for c in hist.containers for bar in c} == {0.25}
    assert [c[0].get_gid() for c in hist.containers] == [
        "histogram-Xuất sắc", "histogram-Tốt", "histogram-Khá", "histogram-Trung bình", "histogram-Yếu",
    ]  # fmt: skip
    colours = band_colours(scheme)
    bar_at = {bar.get_x(): bar for c in hist.containers for bar in c if bar.get_height()}
    assert bar_at[16.0].get_facecolor() == to_rgba(colours["Xuất sắc"])
    assert bar_at[14.0].get_facecolor() == to_rgba(colours["Tốt"]) == bar_at[12.0].get_facecolor()
    assert bar_at[4.0].get_facecolor() == to_rgba(colours["Yếu"])
    assert bar_at[14.0].get_hatch() != bar_at[16.0].get_hatch()
    assert [t.get_text() for t in _by_gid(hist, "histogram-count")] == ["20"] * 6
    assert hist.get_xlim() == (3.0, 18.0)  # a whole point below the lowest total, up to the maximum
    assert "Bình quân 10,67" in _texts(fig)  # (16+14+12+10+8+4)/6 = 64/6


def test_national_histogram_draws_only_filled_bins_and_no_counts_that_would_collide(tmp_path: Path) -> None:
    from tthc_analysis.pipeline import load_year_report
    from tthc_analysis.synthetic import write_dataset

    write_dataset(tmp_path, n_units=3000, n_districts=40, seed=11, year=2024)
    report = load_year_report(2024, tmp_path)
    fig = totals_chart(report.result.summary, report.scheme)
    assert "Tổng điểm của 3.000 đơn vị" in _texts(fig)  # thousands grouped the Vietnamese way
    hist = fig.axes[0]
    bars = [bar for c in hist.containers for bar in c]
    # Filled bins sit side by side, 0,25 points (about 8 printed points) apart, holding counts of two or three
    # digits: written above the bars they would run into each other, so none is written.
    heights: dict[float, float] = {}
    for bar in bars:
        heights[bar.get_x()] = heights.get(bar.get_x(), 0) + bar.get_height()
    adjacent = [x for x in heights if x + 0.25 in heights and min(heights[x], heights[x + 0.25]) >= 100]
    assert len(heights) > 40 and len(adjacent) >= 5
    assert _by_gid(hist, "histogram-count") == []
    # One bar for each filled (bin, band), none of height 0, and together they count every unit.
    assert all(bar.get_height() > 0 for bar in bars)
    assert sum(bar.get_height() for bar in bars) == 3000


def test_many_units_totals_list_ten_highest_and_ten_lowest(tmp_path: Path, scheme: Scheme) -> None:
    fig = totals_chart(_many_units(tmp_path, scheme, 120), scheme)
    panel = fig.axes[1]
    labels = _ticklabels_top_to_bottom(panel)
    # 20 units tie at 16 (Phường 6, 12, …, 120) and 20 at 4 (Phường 5, 11, …, 119); ties in name order.
    assert labels[:10] == [f"Phường {i} (hạng 1)" for i in (6, 12, 18, 24, 30, 36, 42, 48, 54, 60)]
    assert labels[10:] == [f"Phường {i} (hạng 101)" for i in (65, 71, 77, 83, 89, 95, 101, 107, 113, 119)]
    widths = sorted((bar.get_width() for bar in panel.containers[0]), reverse=True)
    assert widths == [16.0] * 10 + [4.0] * 10
    captions = [t.get_text() for t in panel.texts if t.get_gid() in {"row-heading", "row-note"}]
    assert captions == ["10 đơn vị điểm cao nhất", "… và 10 đơn vị khác cùng 16,00 điểm",
                        "10 đơn vị điểm thấp nhất", "… và 10 đơn vị khác cùng 4,00 điểm"]  # fmt: skip
    values = [t.get_text() for t in panel.texts if t.get_gid() is None]
    assert values.count("16,00") == 10 and values.count("4,00") == 10
    assert fig.texts[0].get_text() == "Tổng điểm của 120 đơn vị"
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_many_units_heatmap_by_district_means(tmp_path: Path, scheme: Scheme) -> None:
    # Di Linh: 20 units with full marks and one with 0 on criterion 2 (mean total 17,90; mean lost 2/21).
    # Bảo Lâm: 40 units with 1,5 on criterion 1 and 0 on criterion 9 (15,50).
    rows = [f"Xã {i},Huyện Di Linh,2,2,2,2,2,2,2,2,2" for i in range(1, 21)] + ["Xã 21,Huyện Di Linh,2,0,2,2,2,2,2,2,2"]
    rows += [f"Xã {i},Huyện Bảo Lâm,1.5,2,2,2,2,2,2,2,0" for i in range(22, 62)]
    summary = _summary_of(tmp_path, scheme, "unit,district,c1,c2,c3,c4,c5,c6,c7,c8,c9\n" + "\n".join(rows) + "\n")
    fig = points_lost_heatmap(summary, scheme)
    ax = fig.axes[0]
    assert _yticklabels_top_to_bottom(fig)[::-1] == ["Huyện Di Linh (21)", "Huyện Bảo Lâm (40)"]
    data = np.asarray(ax.images[0].get_array())
    np.testing.assert_allclose(data, [[0, 2 / 21, 0, 0, 0, 0, 0, 0, 0], [0.5, 0, 0, 0, 0, 0, 0, 0, 2]], atol=1e-12)
    cells = {(int(t.get_position()[1]), int(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert cells == {(0, 1): "0,10", (1, 0): "0,50", (1, 8): "2,00"}
    assert fig.texts[0].get_text() == "Điểm bị trừ bình quân theo huyện và chỉ số"
    assert ax.get_ylabel() == "Huyện (số đơn vị)"


def test_many_units_heatmap_by_band_without_districts(tmp_path: Path, scheme: Scheme) -> None:
    rows = [f"Phường {i},2,2,2,2,2,2,2,2,2" for i in range(1, 51)] + [f"Xã {i},2,2,2,2,2,2,1,1,0" for i in range(1, 12)]
    summary = _summary_of(tmp_path, scheme, "unit,c1,c2,c3,c4,c5,c6,c7,c8,c9\n" + "\n".join(rows) + "\n")
    fig = points_lost_heatmap(summary, scheme)
    ax = fig.axes[0]
    assert _yticklabels_top_to_bottom(fig)[::-1] == ["Xuất sắc (50)", "Tốt (11)"]
    cells = {(int(t.get_position()[1]), int(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert cells == {(1, 6): "1,00", (1, 7): "1,00", (1, 8): "2,00"}
    assert fig.texts[0].get_text() == "Điểm bị trừ bình quân theo xếp loại và chỉ số"
    assert ax.get_ylabel() == "Xếp loại (số đơn vị)"


def test_province_heatmap_has_a_row_per_district(province: Summary, scheme: Scheme) -> None:
    fig = points_lost_heatmap(province, scheme)
    assert np.asarray(fig.axes[0].images[0].get_array()).shape == (12, 9)
    assert set(_yticklabels_top_to_bottom(fig)) == PROVINCE_LABELS
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts and all(re.fullmatch(r"[012],\d\d", t) for t in texts)


def test_province_totals_histogram_counts_every_unit(province: Summary, scheme: Scheme) -> None:
    fig = totals_chart(province, scheme)
    assert sum(bar.get_height() for c in fig.axes[0].containers for bar in c) == 300
    assert len(fig.axes[1].containers[0]) == 20


# ---------------------------------------------------------------- districts


DISTRICT_TABLE = """\
unit,district,c1,c2,c3,c4,c5,c6,c7,c8,c9
Phường 1,Thành phố Đà Lạt,2,2,2,2,2,2,2,2,2
Phường 2,Thành phố Đà Lạt,2,2,2,2,2,2,0,0,0
Xã Tà Nung,Thành phố Đà Lạt,2,2,2,2,2,2,2,1,0
Xã Đạ Rsal,Huyện Đam Rông,2,2,2,2,2,2,2,1,0
Xã Rô Men,Huyện Đam Rông,2,2,2,2,2,2,2,0.99,0
Xã Liêng Srônh,Huyện Đam Rông,2,2,2,2,2,2,2,1,0
Xã Phú Sơn,Huyện Lâm Hà,2,2,2,2,2,2,2,2,0
Thị trấn Nam Ban,Huyện Lâm Hà,2,2,2,2,2,2,2,1,0
"""
# Means worked by hand: Lâm Hà (16 + 15) / 2 = 15,50; Đà Lạt (18 + 12 + 15) / 3 = 15,00;
# Đam Rông (15 + 14,99 + 15) / 3 = 14,99666…, which is Tốt and so printed 14,997, not 15,00.


def test_district_chart_rows_sorted_by_mean_with_counts(tmp_path: Path, scheme: Scheme) -> None:
    fig = district_chart(_summary_of(tmp_path, scheme, DISTRICT_TABLE), scheme)
    ax = fig.axes[0]
    assert _yticklabels_top_to_bottom(fig) == ["Huyện Lâm Hà (2)", "Thành phố Đà Lạt (3)", "Huyện Đam Rông (3)"]
    means = sorted(_by_gid(ax, "district-mean"), key=lambda line: line.get_ydata()[0], reverse=True)
    assert [line.get_xdata()[0] for line in means] == pytest.approx([15.5, 15.0, 44.99 / 3], abs=1e-12)
    assert all(line.get_linewidth() >= 2.5 for line in means)  # a bold tick
    assert [t.get_text() for t in _by_gid(ax, "district-mean-value")] == ["15,50", "15,00", "14,997"]
    assert fig.texts[0].get_text() == "Tổng điểm của các đơn vị theo huyện"


def test_district_chart_dots_by_band_jittered_within_their_row(tmp_path: Path, scheme: Scheme) -> None:
    fig = district_chart(_summary_of(tmp_path, scheme, DISTRICT_TABLE), scheme)
    ax = fig.axes[0]
    top = _offsets(ax, "district-units-0")  # Xuất sắc: Phường 1 (18), Xã Tà Nung, Xã Đạ Rsal, Xã Liêng Srônh,
    good = _offsets(ax, "district-units-1")  # Phú Sơn, Nam Ban (all 15 or more); Tốt: Phường 2 (12), Rô Men
    assert sorted(top[:, 0]) == [15, 15, 15, 15, 16, 18] and sorted(good[:, 0]) == [12, 14.99]
    colours = band_colours(scheme)
    (collection,) = _by_gid(ax, "district-units-1")
    assert to_rgb(collection.get_facecolor()[0]) == to_rgb(colours["Tốt"])
    rows = {0.0, 1.0, 2.0}
    for y in np.concatenate([top[:, 1], good[:, 1]]):
        assert min(abs(y - r) for r in rows) <= 0.27
    # Dots of one row do not all sit on one line, and the spread is the same on every run.
    assert len({round(y, 6) for y in top[:, 1]}) == 6
    again = _offsets(district_chart(_summary_of(tmp_path, scheme, DISTRICT_TABLE), scheme).axes[0], "district-units-0")
    np.testing.assert_array_equal(top, again)


def test_district_chart_thresholds_and_legend(tmp_path: Path, scheme: Scheme) -> None:
    fig = district_chart(_summary_of(tmp_path, scheme, DISTRICT_TABLE), scheme)
    ax = fig.axes[0]
    lines = [line for line in ax.lines if (line.get_gid() or "").startswith("band-threshold")]
    assert sorted(line.get_xdata()[0] for line in lines) == [12, 15]
    assert ax.get_xlim() == (11.0, 18.0)  # a whole point below the lowest total (12)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Xuất sắc", "Tốt", "Điểm bình quân của huyện"]


def test_district_chart_province_has_twelve_rows(province: Summary, scheme: Scheme) -> None:
    fig = district_chart(province, scheme)
    ax = fig.axes[0]
    labels = _yticklabels_top_to_bottom(fig)
    assert len(labels) == 12 and set(labels) == PROVINCE_LABELS
    assert len(_by_gid(ax, "district-mean")) == 12
    dots = sum(len(c.get_offsets()) for c in ax.collections if (c.get_gid() or "").startswith("district-units"))
    assert dots == 300
    means = sorted(_by_gid(ax, "district-mean"), key=lambda line: line.get_ydata()[0], reverse=True)
    xs = [line.get_xdata()[0] for line in means]
    assert xs == sorted(xs, reverse=True)  # best district on top
    assert fig.get_figheight() <= 24


def test_district_chart_needs_a_district_column(inline: Summary, scheme: Scheme) -> None:
    with pytest.raises(ValueError, match="không có cột huyện"):
        district_chart(inline, scheme)


def test_district_chart_svg_keeps_vietnamese_labels(province: Summary, scheme: Scheme) -> None:
    svg = _svg_text(district_chart(province, scheme, note="Số liệu minh hoạ"))
    for text in ("Huyện Đạ Tẻh (28)", "Thành phố Đà Lạt (16)", "Điểm bình quân của huyện", "Số liệu minh hoạ"):
        assert unicodedata.is_normalized("NFC", text)
        assert text in svg
        assert unicodedata.normalize("NFD", text) not in svg


# ---------------------------------------------------------------- year-over-year change

# Cam Ly's previous total is the plain mean of Phường 5, Phường 6 and Xã Tà Nung (16 + 15,85 + 15,5) / 3.
CHANGES = [
    ChangeRow("Phường Xuân Hương - Đà Lạt", Decimal("15.3"), Decimal("16.25"), merged=True),
    ChangeRow("Phường Cam Ly - Đà Lạt", Decimal("47.35") / 3, Decimal("15.1"), merged=True),
    ChangeRow("Xã Lát", Decimal("14"), Decimal("14")),
    ChangeRow("Xã Mới Lập", None, Decimal("13")),  # new this year: not drawn
    ChangeRow("Phường 7", Decimal("13.5"), None),  # gone: not drawn
    ChangeRow("Sở Nội vụ", Decimal("15.3"), Decimal("13.75")),
    ChangeRow("Xã Đạ Sar", Decimal("12.5"), Decimal("14.25")),
]
CHANGE_ORDER = ["Phường Xuân Hương - Đà Lạt", "Phường Cam Ly - Đà Lạt", "Xã Lát", "Sở Nội vụ", "Xã Đạ Sar"]


def _change(**kwargs) -> Figure:
    return change_chart(CHANGES, load_scheme("tt01-2018"), before_year=2024, after_year=2025, **kwargs)


def test_change_chart_one_row_per_unit_with_both_years() -> None:
    fig = _change()
    assert len(fig.axes) == 1
    assert _yticklabels_top_to_bottom(fig) == CHANGE_ORDER
    assert len(_by_gid(fig.axes[0], "change-segment")) == 5
    assert fig.texts[0].get_text() == "Thay đổi tổng điểm từ năm 2024 đến năm 2025"


def test_change_chart_markers_by_direction_and_shape() -> None:
    ax = _change().axes[0]
    rises, falls, same = (_offsets(ax, f"change-after-{d}") for d in ("rise", "fall", "same"))
    # y runs 4 (top) … 0: Xuân Hương 4, Cam Ly 3, Xã Lát 2, Sở Nội vụ 1, Đạ Sar 0.
    assert sorted(map(tuple, rises)) == [(14.25, 0.0), (16.25, 4.0)]
    assert sorted(map(tuple, falls)) == [(13.75, 1.0), (15.1, 3.0)]
    assert sorted(map(tuple, same)) == [(14.0, 2.0)]
    collections = {d: _by_gid(ax, f"change-after-{d}")[0] for d in ("rise", "fall", "same")}
    colours = {d: to_rgb(c.get_facecolor()[0]) for d, c in collections.items()}
    assert len(set(colours.values())) == 3
    shapes = [c.get_paths()[0].vertices for c in collections.values()]
    for a, b in itertools.combinations(shapes, 2):
        assert a.shape != b.shape or not np.allclose(a, b), "directions must differ in shape, not only colour"


def test_change_chart_merged_units_hollow_and_starred() -> None:
    ax = _change().axes[0]
    merged = _offsets(ax, "change-before-merged")
    assert sorted(map(tuple, merged)) == [(15.3, 4.0), (float(Decimal("47.35") / 3), 3.0)]
    (hollow,) = _by_gid(ax, "change-before-merged")
    assert to_rgb(hollow.get_facecolor()[0]) == (1.0, 1.0, 1.0)
    (filled,) = _by_gid(ax, "change-before")
    assert to_rgb(filled.get_facecolor()[0]) != (1.0, 1.0, 1.0)
    assert len(filled.get_offsets()) == 3


def test_change_chart_value_labels_with_decimal_comma() -> None:
    ax = _change().axes[0]
    by_row: dict[float, list[str]] = {}
    for text in _by_gid(ax, "change-value"):
        by_row.setdefault(text.xy[1], []).append(text.get_text())
    assert by_row == {
        4.0: ["15,30*", "16,25"],
        3.0: ["15,78*", "15,10"],  # the mean 15,78333… rounded; "*" marks it as a mean
        2.0: ["14,00", "14,00"],
        1.0: ["15,30", "13,75"],
        0.0: ["12,50", "14,25"],
    }


def test_change_chart_thresholds_and_legend() -> None:
    fig = _change()
    ax = fig.axes[0]
    lines = [line for line in ax.lines if (line.get_gid() or "").startswith("band-threshold")]
    assert sorted(line.get_xdata()[0] for line in lines) == [12, 15]
    assert ax.get_xlim() == (11.0, 18.0)
    (top,) = ax.child_axes
    assert {t.get_text() for t in top.get_xticklabels()} == {"Xuất sắc (15)", "Tốt (12)"}
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "Năm 2024", "Năm 2025: tăng", "Năm 2025: giảm", "Năm 2025: không đổi", "* bình quân các đơn vị cũ",
    ]  # fmt: skip


def test_change_chart_without_merged_units_has_no_star(scheme: Scheme) -> None:
    rows = [ChangeRow("Phường 1", Decimal("15.85"), Decimal("16.1")), ChangeRow("Phường 2", Decimal(15), Decimal(16))]
    fig = change_chart(rows, scheme, before_year=2021, after_year=2022)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Năm 2021", "Năm 2022: tăng"]
    assert not any("*" in t for t in _texts(fig))
    assert sorted(t.get_text() for t in _by_gid(fig.axes[0], "change-value")) == ["15,00", "15,85", "16,00", "16,10"]


def test_change_chart_note_and_svg_text() -> None:
    fig = _change(note="Số liệu dựng lại")
    assert "Số liệu dựng lại" in _texts(fig)
    svg = _svg_text(fig)
    for text in ("Năm 2025: không đổi", "* bình quân các đơn vị cũ", "Phường Xuân Hương - Đà Lạt", "15,78*"):
        assert unicodedata.is_normalized("NFC", text) and text in svg


def test_change_chart_refuses_when_nothing_compares(scheme: Scheme) -> None:
    with pytest.raises(ValueError, match="cả hai năm"):
        change_chart([ChangeRow("Xã Mới", None, Decimal(15))], scheme, before_year=2024, after_year=2025)


def _steps(n: int = 45) -> list[ChangeRow]:
    """Phường 0 … 44: 12 points before, after changed by (i − 22) × 0,25 (−5,5 … +5,5; Phường 22 unchanged)."""
    return [ChangeRow(f"Phường {i}", Decimal(12), Decimal(12) + (i - 22) * Decimal("0.25")) for i in range(n)]


def test_change_chart_more_than_max_rows_uses_two_panels(scheme: Scheme) -> None:
    assert len(change_chart(_steps()[:40], scheme, before_year=2024, after_year=2025).axes) == 1
    fig = change_chart(_steps(), scheme, before_year=2024, after_year=2025)
    assert len(fig.axes) == 2
    hist, panel = fig.axes
    labels = _ticklabels_top_to_bottom(panel)
    assert labels == [f"Phường {i}" for i in range(44, 34, -1)] + [f"Phường {i}" for i in range(0, 10)]
    captions = [t.get_text() for t in panel.texts if t.get_gid() == "row-heading"]
    assert captions == ["10 đơn vị tăng nhiều nhất", "10 đơn vị giảm nhiều nhất"]
    assert len(_offsets(panel, "change-after-rise")) == 10 and len(_offsets(panel, "change-after-fall")) == 10
    assert hist.get_title(loc="left") == "45 đơn vị: 22 tăng, 22 giảm, 1 không đổi"


def test_change_histogram_counts_by_direction(scheme: Scheme) -> None:
    fig = change_chart(_steps(), scheme, before_year=2024, after_year=2025)
    hist = fig.axes[0]
    by_gid = {c[0].get_gid(): sum(b.get_height() for b in c) for c in hist.containers}
    assert by_gid == {"change-histogram-fall": 22, "change-histogram-same": 1, "change-histogram-rise": 22}
    rise = {round(b.get_x() + b.get_width() / 2, 6): b.get_height() for b in _container(hist, "rise") if b.get_height()}
    assert rise == {round(0.25 * k, 6): 1 for k in range(1, 23)}


def _container(ax, direction: str):
    (container,) = [c for c in ax.containers if c[0].get_gid() == f"change-histogram-{direction}"]
    return container


def test_change_histogram_bins_centred_on_quarter_points(scheme: Scheme) -> None:
    # Bin k holds (k·0,25 − 0,125, k·0,25 + 0,125]; exact zeros are counted apart as unchanged.
    changes = ["0.125", "0.13", "-0.125", "0", "-0.12"]
    rows = [ChangeRow(f"Xã {i}", Decimal(14), Decimal(14) + Decimal(c)) for i, c in enumerate(changes)]
    hist = change_chart(rows, scheme, before_year=2024, after_year=2025, max_rows=2).axes[0]

    def counts(direction: str) -> dict[float, float]:
        bars = _container(hist, direction)
        return {round(b.get_x() + b.get_width() / 2, 6): b.get_height() for b in bars if b.get_height()}

    assert counts("rise") == {0.0: 1, 0.25: 1}
    assert counts("fall") == {-0.25: 1, 0.0: 1}
    assert counts("same") == {0.0: 1}


def test_change_axis_signs_its_ticks(scheme: Scheme) -> None:
    hist = change_chart(_steps(), scheme, before_year=2024, after_year=2025).axes[0]
    formatter = hist.xaxis.get_major_formatter()
    assert [formatter(x) for x in (-1.5, 0.0, 0.25, 2.0)] == ["\u22121,5", "0", "+0,25", "+2"]


# ---------------------------------------------------------------- trend over years

YEARS = [2021, 2022, 2023, 2024, 2025]
SERIES = [
    TrendSeries("Phường 1", {2021: Decimal("15.85"), 2022: Decimal(16), 2023: Decimal("15.3")}),
    TrendSeries("Phường Xuân Hương - Đà Lạt", {2025: Decimal("16.25")},
                baseline={2023: Decimal("15.3"), 2024: Decimal("15.43")}),
    TrendSeries("Xã Lát", {2023: Decimal("12.5"), 2024: Decimal(13)}),
]  # fmt: skip


def test_trend_chart_one_axes_per_series_sharing_y(scheme: Scheme) -> None:
    fig = trend_chart(SERIES, scheme, YEARS, columns=2)
    assert len(fig.axes) == 3
    assert [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes] == [s.label for s in SERIES]
    assert {ax.get_ylim() for ax in fig.axes} == {(11.0, 18.0)}  # a whole point below 12,5 up to the maximum
    spans = [(ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start) for ax in fig.axes]
    assert spans == [(0, 0), (0, 1), (1, 0)]
    assert fig.texts[0].get_text() == "Tổng điểm qua các năm"


def test_trend_chart_lines_gaps_and_last_values(scheme: Scheme) -> None:
    fig = trend_chart(SERIES, scheme, YEARS)
    first, merged, lat = fig.axes
    (line,) = _by_gid(first, "trend-line")
    assert list(line.get_xdata()) == YEARS
    np.testing.assert_array_equal(line.get_ydata(), [15.85, 16.0, 15.3, np.nan, np.nan])
    assert [t.get_text() for ax in fig.axes for t in _by_gid(ax, "trend-last-value")] == ["15,30", "16,25", "13,00"]
    assert _by_gid(first, "trend-baseline") == [] and _by_gid(lat, "trend-baseline") == []
    (baseline,) = _by_gid(merged, "trend-baseline")
    np.testing.assert_array_equal(baseline.get_ydata(), [np.nan, np.nan, 15.3, 15.43, np.nan])
    assert baseline.get_linestyle() == "--"
    (unit_line,) = _by_gid(merged, "trend-line")
    assert _lightness(to_hex(baseline.get_color())) > _lightness(to_hex(unit_line.get_color()))


def test_trend_chart_thresholds_years_and_legend(scheme: Scheme) -> None:
    fig = trend_chart(SERIES, scheme, YEARS)
    for ax in fig.axes:
        lines = [line for line in ax.lines if (line.get_gid() or "").startswith("band-threshold")]
        assert sorted(line.get_ydata()[0] for line in lines) == [6, 9, 12, 15]  # those below 11 fall off the axis
    ax = fig.axes[0]
    assert sorted(int(x) for x in [*ax.get_xticks(), *ax.get_xticks(minor=True)]) == YEARS  # a tick every year
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "Tổng điểm của đơn vị",
        "Bình quân các đơn vị cũ (trước khi sáp nhập)",
        "Ngưỡng xếp loại (Xuất sắc từ 15, Tốt từ 12)",
    ]


def test_trend_chart_wraps_long_names_evenly(scheme: Scheme) -> None:
    name = "Văn phòng Đăng ký đất đai tỉnh Lâm Đồng - Chi nhánh Đà Lạt"
    fig = trend_chart([TrendSeries(name, {2024: Decimal(15)}), *SERIES], scheme, YEARS)
    title = fig.axes[0].get_title(loc="left")
    assert "\n" in title and title.replace("\n", " ") == name
    assert fig.axes[2].get_title(loc="left") == "Phường Xuân\nHương - Đà Lạt"  # not "… - Đà" / "Lạt"


def test_trend_chart_note_goes_under_the_title(scheme: Scheme) -> None:
    fig = trend_chart(SERIES, scheme, YEARS, note="Số liệu dựng lại")
    assert "Số liệu dựng lại" in _texts(fig)
    assert len(fig.axes) == 3


def test_trend_overview_means_and_ranges(scheme: Scheme) -> None:
    fig = trend_overview_chart(SERIES, scheme, YEARS)
    (ax,) = fig.axes
    # Means of the units with a total that year (baselines not counted): 2023 is (15,3 + 12,5) / 2.
    assert [t.get_text() for t in _by_gid(ax, "trend-mean-value")] == ["15,85", "16,00", "13,90", "13,00", "16,25"]
    (mean,) = _by_gid(ax, "trend-mean")
    np.testing.assert_allclose(mean.get_ydata(), [15.85, 16.0, 13.9, 13.0, 16.25])
    ranges = [t.get_text() for t in _by_gid(ax, "trend-range-value")]
    assert ranges[4:6] == ["15,30", "12,50"]  # 2023: highest, lowest
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "2021\n(1 đơn vị)", "2022\n(1 đơn vị)", "2023\n(2 đơn vị)", "2024\n(1 đơn vị)", "2025\n(1 đơn vị)",
    ]  # fmt: skip
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Từ thấp nhất đến cao nhất", "Điểm bình quân"]
    assert fig.texts[0].get_text() == "Tổng điểm bình quân qua các năm"


# ---------------------------------------------------------------- all new charts: fonts, rendering, bytes


def _new_charts(province: Summary, scheme: Scheme) -> dict[str, Callable[[], Figure]]:
    note = "Số liệu dựng lại"
    return {
        "change": lambda: _change(note=note),
        "change_many": lambda: change_chart(_steps(), scheme, before_year=2024, after_year=2025, note=note),
        "trend": lambda: trend_chart(SERIES, scheme, YEARS, note=note),
        "trend_overview": lambda: trend_overview_chart(SERIES, scheme, YEARS, note=note),
        "district": lambda: district_chart(province, scheme, note=note),
        "totals_300": lambda: totals_chart(province, scheme, note=note),
        "heatmap_300": lambda: points_lost_heatmap(province, scheme, note=note),
    }


NEW_CHARTS = ["change", "change_many", "trend", "trend_overview", "district", "totals_300", "heatmap_300"]


@pytest.mark.parametrize("name", NEW_CHARTS)
def test_new_charts_pin_the_font_and_render_cleanly(name: str, province: Summary, scheme: Scheme) -> None:
    with mpl.rc_context({"font.family": "serif", "font.serif": ["cmr10"], "font.size": 20}):
        fig = _new_charts(province, scheme)[name]()
        png = _render_png(fig)
    assert png.startswith(b"\x89PNG")
    names = {t.get_fontname() for t in fig.findobj(Text) if t.get_text()}
    assert names == {"DejaVu Sans"}


@pytest.mark.parametrize("name", NEW_CHARTS)
def test_new_charts_legible_on_a4(name: str, province: Summary, scheme: Scheme) -> None:
    fig = _new_charts(province, scheme)[name]()
    _render_png(fig)  # tick labels exist only once drawn
    width, height = fig.get_size_inches()
    assert width <= 12 and height <= 24
    # Printed at A4 width (about 7,5 inches of text area), no text may fall under 5 points.
    scale = min(1.0, 7.5 / width)
    smallest = min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text() and t.get_visible())
    assert smallest * scale >= 5.0, f"{smallest} pt text on a {width:.1f}-inch figure"


@pytest.mark.parametrize("name", NEW_CHARTS)
def test_new_charts_identical_across_runs(name: str, province: Summary, scheme: Scheme) -> None:
    charts = _new_charts(province, scheme)
    assert figure_bytes(charts[name](), "svg", dpi=60) == figure_bytes(charts[name](), "svg", dpi=60)


def test_new_charts_leave_pyplot_alone(province: Summary, scheme: Scheme) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    for make in _new_charts(province, scheme).values():
        assert isinstance(make(), Figure)
    assert plt.get_fignums() == before


def test_district_chart_units_without_district_come_last(tmp_path: Path, scheme: Scheme) -> None:
    table = DISTRICT_TABLE + "Xã Lát,,2,2,2,2,2,2,2,2,2\n"  # 18 points: the best mean, yet listed last
    fig = district_chart(_summary_of(tmp_path, scheme, table), scheme)
    assert _yticklabels_top_to_bottom(fig) == [
        "Huyện Lâm Hà (2)", "Thành phố Đà Lạt (3)", "Huyện Đam Rông (3)", "Chưa ghi huyện (1)",
    ]  # fmt: skip


def test_district_mean_tick_does_not_hide_dots(tmp_path: Path, scheme: Scheme) -> None:
    ax = district_chart(_summary_of(tmp_path, scheme, DISTRICT_TABLE), scheme).axes[0]
    dots = [c for c in ax.collections if (c.get_gid() or "").startswith("district-units")]
    assert all(tick.get_zorder() < dot.get_zorder() for tick in _by_gid(ax, "district-mean") for dot in dots)


def test_dollar_signs_in_unit_names_print_as_written():
    """matplotlib would set "$x$" as mathematics; unit names are shown exactly as given."""
    from decimal import Decimal

    import pandas as pd

    from tthc_analysis.scheme import load_scheme
    from tthc_analysis.score.summary import summarize
    from tthc_analysis.validate import ScoreTable

    scheme = load_scheme("tt01-2018")
    rows = [{"row": 2, "unit": "Xã $a_1$ và $b$", **{f"c{n}": Decimal(2) for n in range(1, 10)}},
            {"row": 3, "unit": "Phường 2", **{f"c{n}": Decimal(1) for n in range(1, 10)}}]  # fmt: skip
    summary = summarize(ScoreTable(pd.DataFrame(rows), scheme, "t.csv"))
    svg = figure_bytes(totals_chart(summary, scheme), "svg").decode("utf-8")
    assert "<!-- Xã $a_1$ và $b$ -->" in svg
    # Set as mathematics, "a" and "b" would be drawn from the oblique (math italic) face.
    assert "Oblique" not in svg


def test_many_districts_show_the_ten_best_and_worst(tmp_path):
    """40 districts of two units each: district k loses k/10 points (criteria 9 then 8), its second unit one more."""
    scheme = load_scheme("tt01-2018")
    lines = ["unit,district," + ",".join(f"c{n}" for n in range(1, 10))]
    for k in range(40):
        lost = Decimal(k) / 10
        c9 = 2 - min(lost, Decimal(2))
        c8 = 2 - max(lost - 2, Decimal(0))
        lines.append(f"Xã A{k},Huyện {k:02d},2,2,2,2,2,2,2,{c8},{c9}")
        lines.append(f"Xã B{k},Huyện {k:02d},2,2,2,2,2,2,1,{c8},{c9}")
    summary = _summary_of(tmp_path, scheme, "\n".join(lines) + "\n")
    fig = district_chart(summary, scheme)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # The ten best, an empty row saying how many are left out (else the ends read as neighbours), the ten worst.
    expected = [f"Huyện {k:02d} (2)" for k in range(10)] + ["… 20 huyện khác …"] + \
        [f"Huyện {k:02d} (2)" for k in range(30, 40)]  # fmt: skip
    assert labels == expected
    assert fig.axes[0].get_yticklabels()[10].get_fontstyle() == "italic"
    assert "10 huyện có điểm bình quân cao nhất và 10 huyện thấp nhất, trong tổng số 40 huyện" in _svg_text(fig)
    # No unit is drawn in the gap row (y = 10 counted from the bottom): every dot lies within 0.5 of a group's row.
    dots = np.concatenate(
        [c.get_offsets()[:, 1] for c in fig.axes[0].collections if c.get_gid().startswith("district-units")]
    )
    assert not np.any(np.abs(dots - 10) < 0.5) and len(dots) == 40
    heat = points_lost_heatmap(summary, scheme)
    assert [t.get_text() for t in heat.axes[0].get_yticklabels()] == expected
    grid = heat.axes[0].images[0].get_array()
    assert grid.mask[10].all() and not grid.mask[[9, 11]].any()  # the gap row is blank, its neighbours drawn
    assert not any(t.get_position()[1] == 10 for t in heat.axes[0].texts)  # and carries no value


def test_few_districts_have_no_gap_row(tmp_path):
    scheme = load_scheme("tt01-2018")
    lines = ["unit,district," + ",".join(f"c{n}" for n in range(1, 10))]
    for k in range(20):
        lines += [f"Xã A{k},Huyện {k:02d},2,2,2,2,2,2,2,2,{2 - Decimal(k) / 20}",
                  f"Xã B{k},Huyện {k:02d},2,2,2,2,2,2,2,1,2", f"Xã C{k},Huyện {k:02d},2,2,2,2,2,2,1,1,2",
                  f"Xã D{k},Huyện {k:02d},2,2,2,2,2,2,1,1,1"]  # fmt: skip
    summary = _summary_of(tmp_path, scheme, "\n".join(lines) + "\n")
    for fig in (district_chart(summary, scheme), points_lost_heatmap(summary, scheme)):
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert labels == [f"Huyện {k:02d} (4)" for k in range(20)]


# --- groups as a share of their maxima (QĐ 766) -----------------------------------------------------------------


def test_group_share_chart_prints_each_group_as_a_share_of_its_maximum(tmp_path):
    from tthc_analysis.charts.shares import group_share_chart

    scheme = load_scheme("qd766")
    # CKMB 9 of 18 = 50%, TDGQ 20 of 20 = 100%, ONLINE 3 of 12 = 25%, TTTT 0 of 10, MDSH 11 of 22, MDHL 17.1 of 18.
    summary = _summary_of(tmp_path, scheme, "Đơn vị,CKMB,TDGQ,ONLINE,TTTT,MDSH,MDHL\nXã A,9,20,3,0,11,17.1\n")
    fig = group_share_chart(summary, scheme)
    assert [t.get_text() for t in fig.axes[0].texts] == ["50%", "100%", "25%", "0%", "50%", "95%"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Xã A"]


def test_group_share_chart_of_34_parents_leaves_a_labelled_gap_between_the_ends(tmp_path):
    from tthc_analysis.charts.shares import group_share_chart

    scheme = load_scheme("qd766")
    lines = ["Đơn vị,Huyện,CKMB,TDGQ,ONLINE,TTTT,MDSH,MDHL"]
    for k in range(34):  # parent k: two communes, CKMB 18 - k/2 (so the best parent is the first)
        for unit in ("A", "B"):
            lines.append(f"Xã {unit}{k},Huyện {k:02d},{18 - Decimal(k) / 2},20,12,10,22,18")
    summary = _summary_of(tmp_path, scheme, "\n".join(lines) + "\n")
    fig = group_share_chart(summary, scheme)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[:10] == [f"Huyện {k:02d} (2)" for k in range(10)]
    assert labels[10] == "… 14 huyện khác …"
    assert labels[11:] == [f"Huyện {k:02d} (2)" for k in range(24, 34)]
    grid = fig.axes[0].images[0].get_array()
    assert grid.mask[10].all() and not grid.mask[[9, 11]].any()
    assert grid[11, 0] == pytest.approx(100 * (18 - 12) / 18)  # Huyện 24: CKMB 6 of 18
