"""Sentences on the parent level (districts of a province-wide table)."""

from __future__ import annotations

from tthc_analysis.narrative.base import Wording, format_unit_list
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.districts import DistrictStat, district_mean_places, parent_level
from tthc_analysis.score.printed import mean_text
from tthc_analysis.vietnamese import format_count, format_integer, format_points, vi_sort_key


def _district_wording() -> Wording:
    """District names are joined in full: no type is shared and no "UBND" is written before them."""
    return Wording(unit_types=(), unit_prefix="", merge_when_empty=())


# Sentences name at most this many districts; the rest are counted (every district is in the table and workbook).
NAMED_DISTRICTS = 10


def _names(stats: list[DistrictStat], level: str) -> str:
    names = [s.district for s in stats]
    if len(names) <= NAMED_DISTRICTS:
        return format_unit_list(names, _district_wording())
    ordered = sorted(names, key=vi_sort_key)
    return (f"{format_unit_list(ordered[:NAMED_DISTRICTS], _district_wording())}, … và "
            f"{len(names) - NAMED_DISTRICTS} {level} khác")  # fmt: skip


def _extremes_paragraphs(stats: list[DistrictStat], places: int, scheme: Scheme, level: str) -> list[str]:
    """Highest and lowest district means, ties named together, and the spread between them."""
    if len(stats) == 1:
        s = stats[0]
        return [f"Điểm bình quân của {s.district} là: {mean_text(s.mean, s.mean_band, places, scheme)} điểm, "
                f"xếp loại {s.mean_band.lower()}."]  # fmt: skip
    top = [s for s in stats if s.exact_mean == stats[0].exact_mean]
    bottom = [s for s in stats if s.exact_mean == stats[-1].exact_mean]
    if len(top) == len(stats):
        return [f"Tất cả {format_integer(len(stats), 2)} {level} có cùng điểm bình quân: "
                f"{mean_text(top[0].mean, top[0].mean_band, places, scheme)} "
                f"điểm, xếp loại {top[0].mean_band.lower()}."]  # fmt: skip
    spread = stats[0].mean - stats[-1].mean
    return [
        f"{level.capitalize()} có điểm bình quân cao nhất là: {_names(top, level)} (đạt {mean_text(top[0].mean, top[0].mean_band, places, scheme)} "
        f"điểm, xếp loại {top[0].mean_band.lower()}).",
        f"{level.capitalize()} có điểm bình quân thấp nhất là: {_names(bottom, level)} "
        f"(đạt {mean_text(bottom[0].mean, bottom[0].mean_band, places, scheme)} điểm, xếp loại {bottom[0].mean_band.lower()}).",
        f"Chênh lệch giữa điểm bình quân cao nhất và thấp nhất là {format_points(spread, places)} điểm.",
    ]  # fmt: skip


def _bands_paragraph(stats: list[DistrictStat], scheme: Scheme, level: str) -> str:
    """How many districts have a mean in each band (empty bands are not named)."""
    parts = []
    for band in scheme.bands:
        count = sum(1 for s in stats if s.mean_band == band.name)
        if count:
            named = f" {level}" if not parts else ""
            parts.append(f"{format_count(count, len(stats))}{named} xếp loại {band.name.lower()}")
    return f"Theo điểm bình quân, {', '.join(parts)}."


def _top_band_paragraph(stats: list[DistrictStat], scheme: Scheme, level: str) -> str:
    top = scheme.bands[0].name
    full = [s for s in stats if s.bands[0].count == s.n_units]
    if not full:
        return f"Không có {level} nào có tất cả các đơn vị đạt mức độ {top.lower()}."
    return f"{level.capitalize()} có tất cả các đơn vị đạt mức độ {top.lower()}: {_names(full, level)}."


def _below_paragraph(stats: list[DistrictStat], scheme: Scheme, level: str) -> str | None:
    """Districts with units below the second band (below Tốt in TT 01/2018), with how many of their units."""
    if len(scheme.bands) < 3:
        return None
    second = scheme.bands[1].name.lower()
    below = [(s, sum(b.count for b in s.bands[2:])) for s in stats]
    below = sorted(((s, n) for s, n in below if n), key=lambda item: vi_sort_key(item[0].district))
    if not below:
        return f"Không có {level} nào có đơn vị xếp loại dưới mức {second}."
    listed = "; ".join(f"{s.district} ({format_count(n, s.n_units)} đơn vị)" for s, n in below[:NAMED_DISTRICTS])
    if len(below) > NAMED_DISTRICTS:
        listed += f"; … và {len(below) - NAMED_DISTRICTS} {level} khác"
    return f"{level.capitalize()} có đơn vị xếp loại dưới mức {second}: {listed}."


def district_paragraphs(stats: list[DistrictStat], summary: Summary, scheme: Scheme) -> list[str]:
    """The sentences of the district section, in order; ``[]`` when there are no districts."""
    if not stats:
        return []
    level = parent_level(summary.ranking)[1]
    counted = sum(s.n_units for s in stats)
    opening = (f"Kết quả của {format_integer(counted, 2)} đơn vị được tổng hợp theo "
               f"{format_integer(len(stats), 2)} {level}.")  # fmt: skip
    if counted < summary.n_units:
        opening += (f" Có {format_integer(summary.n_units - counted, 2)} đơn vị không ghi {level} nên không được tính "
                    "trong phần này.")  # fmt: skip
    places = district_mean_places(stats, scheme)
    paragraphs = [opening, *_extremes_paragraphs(stats, places, scheme, level), _bands_paragraph(stats, scheme, level),
                  _top_band_paragraph(stats, scheme, level)]  # fmt: skip
    below = _below_paragraph(stats, scheme, level)
    return paragraphs + ([below] if below else [])
