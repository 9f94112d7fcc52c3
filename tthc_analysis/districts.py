"""Results by district: a province-wide table grouped by its parent column (``district`` / ``Huyện``).

Every figure is exact: sums are ``decimal.Decimal``, a district's band is decided by
``Scheme.band_of_mean`` (no division) and districts are ranked on their exact means.
Means are printed with two decimals, or more where two decimals would print a mean as a
figure of another band (14,995 is written 14,995, never 15,00 next to "Tốt") or print two
different means alike.

Units whose district cell is empty belong to no district: they are left out of the
district figures and the text says how many. District names are grouped as names are
matched elsewhere (case, dashes and tone placement ignored) and shown as first written.
The sentences are written here rather than in a template: they are short and each one
depends on the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from . import charts
from .narrative import Wording, format_unit_list, plain_wording
from .scheme import Scheme
from .scoring import BandCount, Extreme, Summary, competition_ranks, display_places
from .vietnamese import format_count, format_integer, format_points, match_key, vi_sort_key

if TYPE_CHECKING:
    from .report import Html, YearReport

__all__ = [
    "DistrictStat",
    "district_mean_places",
    "district_paragraphs",
    "district_stats",
    "districts_section",
    "mean_text",
]

DISTRICT_COLUMN = "district"
LEVEL = "đơn vị cấp huyện"
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class DistrictStat:
    """One district: its units' count, sum and mean of totals, band counts, best and worst unit, rank."""

    district: str
    n_units: int
    total_sum: Decimal
    mean: Decimal
    mean_band: str
    bands: list[BandCount]
    best: Extreme
    worst: Extreme
    rank: int

    @property
    def exact_mean(self) -> Fraction:
        """The mean as an exact fraction (``mean`` is a 28-digit decimal), used to rank and compare."""
        return Fraction(self.total_sum) / self.n_units


def _groups(summary: Summary) -> dict[str, list[int]]:
    """Positions in the ranking of each district's rows, in file order, under the district's name as first
    written in the file; rows without a district are left out."""
    ranking = summary.ranking
    if DISTRICT_COLUMN not in ranking.columns:
        return {}
    districts = ranking[DISTRICT_COLUMN].tolist()
    order = range(len(districts))
    if "row" in ranking.columns:
        rows = ranking["row"].tolist()
        order = sorted(order, key=rows.__getitem__)
    names: dict[str, str] = {}
    groups: dict[str, list[int]] = {}
    for i in order:
        district = districts[i]
        if not isinstance(district, str) or not district:
            continue
        name = names.setdefault(match_key(district), district)
        groups.setdefault(name, []).append(i)
    return groups


def _extreme(units: list[str], totals: list[Decimal], total: Decimal) -> Extreme:
    return Extreme(total=total, units=sorted((u for u, t in zip(units, totals) if t == total), key=vi_sort_key))


def _band_counts(bands: list[str], scheme: Scheme) -> list[BandCount]:
    n = len(bands)
    counts = []
    for band in scheme.bands:
        count = bands.count(band.name)
        share = (Decimal(count) * _HUNDRED / n).quantize(_CENT, rounding=ROUND_HALF_UP)
        counts.append(BandCount(band.name, band.lower, band.upper, count, share))
    return counts


def district_stats(summary: Summary, scheme: Scheme) -> list[DistrictStat]:
    """Figures of each district, sorted by rank (highest mean first) then Vietnamese name order.

    Returns ``[]`` when the table has no district column or no unit names a district.
    """
    groups = _groups(summary)
    if not groups:
        return []
    ranking = summary.ranking
    all_totals, all_bands, all_units = (ranking[c].tolist() for c in ("total", "band", "unit"))
    unranked = []
    for district, positions in groups.items():
        totals = [all_totals[i] for i in positions]
        units = [all_units[i] for i in positions]
        total_sum = sum(totals, Decimal(0))
        n = len(positions)
        unranked.append(dict(
            district=district, n_units=n, total_sum=total_sum, mean=total_sum / n,
            mean_band=scheme.band_of_mean(total_sum, n), bands=_band_counts([all_bands[i] for i in positions], scheme),
            best=_extreme(units, totals, max(totals)), worst=_extreme(units, totals, min(totals)),
        ))  # fmt: skip
    # Ranked on exact fractions: competition_ranks only sorts and compares its values.
    ranks = competition_ranks([Fraction(d["total_sum"]) / d["n_units"] for d in unranked])  # type: ignore[misc]
    stats = [DistrictStat(**d, rank=r) for d, r in zip(unranked, ranks)]
    return sorted(stats, key=lambda s: (s.rank, vi_sort_key(s.district)))


def district_mean_places(stats: list[DistrictStat], scheme: Scheme) -> int:
    """Decimals for the district means: two, or more so that no mean reads as another band or as another mean."""
    return display_places([s.mean for s in stats], scheme=scheme)


def mean_text(stat: DistrictStat, places: int, scheme: Scheme) -> str:
    """The mean with ``places`` decimals, rounded half up unless that would print a figure of another band.

    In that case (only possible past the largest number of places tried) the mean is cut, not
    rounded: a cut mean stays at or above its band's lower bound and below the next one.
    """
    step = Decimal(1).scaleb(-places)
    shown = stat.mean.quantize(step, rounding=ROUND_HALF_UP)
    if scheme.band_of(shown) != stat.mean_band:
        shown = stat.mean.quantize(step, rounding=ROUND_DOWN)
    return format_points(shown, places)


def _district_wording() -> Wording:
    """District names are joined in full: no type is shared and no "UBND" is written before them."""
    return Wording(unit_types=(), unit_prefix="", merge_when_empty=())


# Sentences name at most this many districts; the rest are counted (every district is in the table and workbook).
NAMED_DISTRICTS = 10


def _names(stats: list[DistrictStat]) -> str:
    names = [s.district for s in stats]
    if len(names) <= NAMED_DISTRICTS:
        return format_unit_list(names, _district_wording())
    ordered = sorted(names, key=vi_sort_key)
    return (f"{format_unit_list(ordered[:NAMED_DISTRICTS], _district_wording())}, … và "
            f"{len(names) - NAMED_DISTRICTS} {LEVEL} khác")  # fmt: skip


def _extremes_paragraphs(stats: list[DistrictStat], places: int, scheme: Scheme) -> list[str]:
    """Highest and lowest district means, ties named together, and the spread between them."""
    if len(stats) == 1:
        s = stats[0]
        return [f"Điểm bình quân của {s.district} là: {mean_text(s, places, scheme)} điểm, "
                f"xếp loại {s.mean_band.lower()}."]  # fmt: skip
    top = [s for s in stats if s.exact_mean == stats[0].exact_mean]
    bottom = [s for s in stats if s.exact_mean == stats[-1].exact_mean]
    if len(top) == len(stats):
        return [f"Tất cả {format_integer(len(stats), 2)} {LEVEL} có cùng điểm bình quân: "
                f"{mean_text(top[0], places, scheme)} "
                f"điểm, xếp loại {top[0].mean_band.lower()}."]  # fmt: skip
    spread = stats[0].mean - stats[-1].mean
    return [
        f"{LEVEL.capitalize()} có điểm bình quân cao nhất là: {_names(top)} (đạt {mean_text(top[0], places, scheme)} "
        f"điểm, xếp loại {top[0].mean_band.lower()}).",
        f"{LEVEL.capitalize()} có điểm bình quân thấp nhất là: {_names(bottom)} "
        f"(đạt {mean_text(bottom[0], places, scheme)} điểm, xếp loại {bottom[0].mean_band.lower()}).",
        f"Chênh lệch giữa điểm bình quân cao nhất và thấp nhất là {format_points(spread, places)} điểm.",
    ]  # fmt: skip


def _bands_paragraph(stats: list[DistrictStat], scheme: Scheme) -> str:
    """How many districts have a mean in each band (empty bands are not named)."""
    parts = []
    for band in scheme.bands:
        count = sum(1 for s in stats if s.mean_band == band.name)
        if count:
            level = f" {LEVEL}" if not parts else ""
            parts.append(f"{format_count(count, len(stats))}{level} xếp loại {band.name.lower()}")
    return f"Theo điểm bình quân, {', '.join(parts)}."


def _top_band_paragraph(stats: list[DistrictStat], scheme: Scheme) -> str:
    top = scheme.bands[0].name
    full = [s for s in stats if s.bands[0].count == s.n_units]
    if not full:
        return f"Không có {LEVEL} nào có tất cả các đơn vị đạt mức độ {top.lower()}."
    return f"{LEVEL.capitalize()} có tất cả các đơn vị đạt mức độ {top.lower()}: {_names(full)}."


def _below_paragraph(stats: list[DistrictStat], scheme: Scheme) -> str | None:
    """Districts with units below the second band (below Tốt in TT 01/2018), with how many of their units."""
    if len(scheme.bands) < 3:
        return None
    second = scheme.bands[1].name.lower()
    below = [(s, sum(b.count for b in s.bands[2:])) for s in stats]
    below = sorted(((s, n) for s, n in below if n), key=lambda item: vi_sort_key(item[0].district))
    if not below:
        return f"Không có {LEVEL} nào có đơn vị xếp loại dưới mức {second}."
    listed = "; ".join(f"{s.district} ({format_count(n, s.n_units)} đơn vị)" for s, n in below[:NAMED_DISTRICTS])
    if len(below) > NAMED_DISTRICTS:
        listed += f"; … và {len(below) - NAMED_DISTRICTS} {LEVEL} khác"
    return f"{LEVEL.capitalize()} có đơn vị xếp loại dưới mức {second}: {listed}."


def district_paragraphs(stats: list[DistrictStat], summary: Summary, scheme: Scheme) -> list[str]:
    """The sentences of the district section, in order; ``[]`` when there are no districts."""
    if not stats:
        return []
    counted = sum(s.n_units for s in stats)
    opening = (f"Kết quả của {format_integer(counted, 2)} đơn vị được tổng hợp theo "
               f"{format_integer(len(stats), 2)} {LEVEL}.")  # fmt: skip
    if counted < summary.n_units:
        opening += (f" Có {format_integer(summary.n_units - counted, 2)} đơn vị không ghi {LEVEL} nên không được tính "
                    "trong phần này.")  # fmt: skip
    places = district_mean_places(stats, scheme)
    paragraphs = [opening, *_extremes_paragraphs(stats, places, scheme), _bands_paragraph(stats, scheme),
                  _top_band_paragraph(stats, scheme)]  # fmt: skip
    below = _below_paragraph(stats, scheme)
    return paragraphs + ([below] if below else [])


def _table_rows(stats: list[DistrictStat], places: int, summary: Summary, scheme: Scheme) -> list[dict]:
    colours = charts.band_colours(scheme)
    wording = plain_wording()
    return [
        {"rank": s.rank, "district": s.district, "n_units": format_integer(s.n_units),
         "mean": mean_text(s, places, scheme), "band": s.mean_band, "colour": colours[s.mean_band],
         "text_colour": charts.contrast_text_colour(colours[s.mean_band]),
         "band_counts": [b.count for b in s.bands],
         "best": f"{format_unit_list(s.best.units, wording)} ({format_points(s.best.total, summary.places)})",
         "worst": f"{format_unit_list(s.worst.units, wording)} ({format_points(s.worst.total, summary.places)})"}
        for s in stats
    ]  # fmt: skip


def districts_section(report: YearReport) -> Html:
    """The per-district section: sentences and a table; empty when the table has no district column."""
    from .report import Html, _render  # here: report.py imports this module

    summary = report.result.summary
    scheme = report.scheme
    stats = district_stats(summary, scheme)
    if not stats:
        return Html("")
    places = district_mean_places(stats, scheme)
    shown, cut_after = stats, None
    if len(stats) > DISTRICT_ROWS_LIMIT:
        # Hundreds of districts (a national table): the best and the worst here, all of them in the workbook.
        shown, cut_after = stats[:DISTRICT_KEEP] + stats[-DISTRICT_KEEP:], DISTRICT_KEEP
    rows = _table_rows(shown, places, summary, scheme)
    return _render(
        "districts.html.j2",
        paragraphs=district_paragraphs(stats, summary, scheme),
        bands=[b.name for b in scheme.bands],
        rows=rows,
        places=places,
        cut_after=cut_after,
        omitted=len(stats) - 2 * DISTRICT_KEEP,
        n_districts=len(stats),
        n_columns=7 + len(scheme.bands),
        workbook=f"bang-xep-hang-{report.year}.xlsx",
    )


# Up to this many districts the table is complete; beyond it, the DISTRICT_KEEP best and worst.
DISTRICT_ROWS_LIMIT = 60
DISTRICT_KEEP = 30
