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
from decimal import Decimal
from fractions import Fraction

from tthc_analysis.scheme import Scheme
from tthc_analysis.score.base import BandCount, Extreme, Summary, band_counts, competition_ranks
from tthc_analysis.score.printed import display_places
from tthc_analysis.vietnamese import match_key, vi_sort_key

DISTRICT_COLUMN = "district"


LEVEL = "đơn vị cấp huyện"
PARENT_LEVEL_COLUMN = "parent_level"  # set by a table whose parent level is not the district (e.g. "tỉnh")


def parent_level(ranking) -> tuple[str, str]:
    """The parent level's noun and phrase: ("huyện", "đơn vị cấp huyện"), or ("tỉnh", "đơn vị cấp tỉnh")
    for a national table whose parents are provinces (column ``parent_level`` of the table)."""
    if PARENT_LEVEL_COLUMN in ranking.columns and len(ranking):
        noun = str(ranking[PARENT_LEVEL_COLUMN].iat[0])
        return noun, f"đơn vị cấp {noun}"
    return "huyện", LEVEL


def grouping_noun(ranking) -> str:
    """What a chart of many units groups them by: their parent level when the ranking has one, else bands."""
    return parent_level(ranking)[0] if "district" in ranking.columns else "xếp loại"


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
    return band_counts([bands.count(band.name) for band in scheme.bands], scheme)


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
