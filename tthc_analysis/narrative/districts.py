"""Sentences on the parent level (districts of a province-wide table), worded in ``districts.vi.j2``.

This module only chooses and formats the figures (names joined, means printed with their places, counts);
the template holds the wording.
"""

from __future__ import annotations

from tthc_analysis.narrative.base import Wording, format_unit_list, render_template
from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import Summary
from tthc_analysis.score.districts import DistrictStat, district_mean_places, parent_level
from tthc_analysis.score.printed import mean_text
from tthc_analysis.vietnamese import format_count, format_integer, format_points, vi_sort_key

# Sentences name at most this many districts; the rest are counted (every district is in the table and workbook).
NAMED_DISTRICTS = 10


def _district_wording() -> Wording:
    """District names are joined in full: no type is shared and no "UBND" is written before them."""
    return Wording(unit_types=(), unit_prefix="", merge_when_empty=())


def _names(stats: list[DistrictStat], level: str) -> str:
    names = [s.district for s in stats]
    if len(names) <= NAMED_DISTRICTS:
        return format_unit_list(names, _district_wording())
    ordered = sorted(names, key=vi_sort_key)
    return (f"{format_unit_list(ordered[:NAMED_DISTRICTS], _district_wording())}, … và "
            f"{len(names) - NAMED_DISTRICTS} {level} khác")  # fmt: skip


def _end(stats: list[DistrictStat], places: int, scheme: Scheme, level: str) -> dict[str, str]:
    """The districts sharing one end's mean: their names, the mean as printed and its band."""
    first = stats[0]
    return {"names": _names(stats, level), "mean": mean_text(first.mean, first.mean_band, places, scheme),
            "band": first.mean_band.lower()}  # fmt: skip


def _band_parts(stats: list[DistrictStat], scheme: Scheme, level: str) -> list[str]:
    """How many districts have a mean in each band (empty bands are not named); the level is named once."""
    parts = []
    for band in scheme.bands:
        count = sum(1 for s in stats if s.mean_band == band.name)
        if count:
            named = f" {level}" if not parts else ""
            parts.append(f"{format_count(count, len(stats))}{named} xếp loại {band.name.lower()}")
    return parts


def _below(stats: list[DistrictStat], scheme: Scheme, level: str) -> str:
    """Districts with units below the second band (below Tốt in TT 01/2018), with how many of their units."""
    below = [(s, sum(b.count for b in s.bands[2:])) for s in stats]
    below = sorted(((s, n) for s, n in below if n), key=lambda item: vi_sort_key(item[0].district))
    listed = "; ".join(f"{s.district} ({format_count(n, s.n_units)} đơn vị)" for s, n in below[:NAMED_DISTRICTS])
    if len(below) > NAMED_DISTRICTS:
        listed += f"; … và {len(below) - NAMED_DISTRICTS} {level} khác"
    return listed


def district_paragraphs(stats: list[DistrictStat], summary: Summary, scheme: Scheme) -> list[str]:
    """The sentences of the district section, in order; ``[]`` when there are no districts."""
    if not stats:
        return []
    level = parent_level(summary.ranking)[1]
    counted = sum(s.n_units for s in stats)
    places = district_mean_places(stats, scheme)
    top = [s for s in stats if s.exact_mean == stats[0].exact_mean]
    bottom = [s for s in stats if s.exact_mean == stats[-1].exact_mean]
    full = [s for s in stats if s.bands[0].count == s.n_units]
    text = render_template(
        "districts.vi.j2",
        level=level,
        counted=format_integer(counted, 2),
        n_parents=format_integer(len(stats), 2),
        uncounted=format_integer(summary.n_units - counted, 2) if counted < summary.n_units else "",
        single={"name": stats[0].district, **_end(stats, places, scheme, level)} if len(stats) == 1 else None,
        all_equal=len(top) == len(stats),
        top=_end(top, places, scheme, level),
        bottom=_end(bottom, places, scheme, level),
        spread=format_points(stats[0].mean - stats[-1].mean, places),
        band_parts=_band_parts(stats, scheme, level),
        top_band=scheme.bands[0].name.lower(),
        full=_names(full, level) if full else "",
        second_band=scheme.bands[1].name.lower() if len(scheme.bands) >= 3 else "",
        below=_below(stats, scheme, level) if len(scheme.bands) >= 3 else "",
    )
    return [line for line in text.splitlines() if line.strip()]
