"""Exact figures: totals, bands, competition ranks, printed figures, comparisons, parent levels, trends.

All arithmetic is in Decimals (or integer thousandths that give the very same Decimals); ``printed`` is the
one home of how a figure is printed so that it never reads as another band.
"""

from tthc_analysis.score.base import BandCount, CriterionStat, Extreme, Summary, competition_ranks
from tthc_analysis.score.compare import Comparison, YearUnits, compare_years
from tthc_analysis.score.districts import DistrictStat, district_stats
from tthc_analysis.score.printed import display_places, format_signed, mean_places, points_text, printed_mean
from tthc_analysis.score.summary import rank_units, summarize
from tthc_analysis.score.trends import TrendSeries, unit_series

__all__ = [
    "BandCount",
    "Comparison",
    "CriterionStat",
    "DistrictStat",
    "Extreme",
    "Summary",
    "TrendSeries",
    "YearUnits",
    "compare_years",
    "competition_ranks",
    "display_places",
    "district_stats",
    "format_signed",
    "mean_places",
    "points_text",
    "printed_mean",
    "rank_units",
    "summarize",
    "unit_series",
]
