"""Charts: what is drawn (bars, order, colours, thresholds, cell values, labels) and that it renders cleanly."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from tthc_analysis.charts import (
    band_colours,
    band_counts_chart,
    contrast_text_colour,
    figure_bytes,
    points_lost_heatmap,
    totals_chart,
)
from tthc_analysis.dataset import read_scores
from tthc_analysis.scheme import Scheme, load_scheme
from tthc_analysis.scoring import Summary, summarize

DATA_2021 = Path(__file__).resolve().parents[1] / "data" / "2021" / "scores.csv"

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
    ax = fig.axes[0]
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


def test_many_units_drop_cell_numbers_and_shrink_labels(tmp_path: Path, year_2021: Summary, scheme: Scheme) -> None:
    many = _many_units(tmp_path, scheme, 120)
    heatmap = points_lost_heatmap(many, scheme)
    assert len(heatmap.axes[0].texts) == 0
    assert np.asarray(heatmap.axes[0].images[0].get_array()).shape == (120, 9)
    few_size = totals_chart(year_2021, scheme).axes[0].get_yticklabels()[0].get_fontsize()
    many_size = totals_chart(many, scheme).axes[0].get_yticklabels()[0].get_fontsize()
    assert many_size < few_size


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
