"""tthc-analysis: scores, ranks, bands and the report on how communes handle administrative procedures."""

from .dataset import DATA_STATUSES, Metadata, ScoreTable, read_metadata, read_scores
from .narrative import format_unit_list, section1
from .scheme import Band, Criterion, Scheme, SchemeError, available_schemes, load_scheme
from .scoring import BandCount, CriterionStat, Extreme, Summary, competition_ranks, rank_units, summarize
from .summary import YearResult, analyse
from .validation import Problem, ValidationError
from .vietnamese import format_percent, format_points, normalise_name, vi_sort_key

__version__ = "0.1.0"

__all__ = [
    "DATA_STATUSES",
    "Band",
    "BandCount",
    "Criterion",
    "CriterionStat",
    "Extreme",
    "Metadata",
    "Problem",
    "Scheme",
    "SchemeError",
    "ScoreTable",
    "Summary",
    "ValidationError",
    "YearResult",
    "__version__",
    "analyse",
    "available_schemes",
    "competition_ranks",
    "format_percent",
    "format_points",
    "format_unit_list",
    "load_scheme",
    "normalise_name",
    "rank_units",
    "read_metadata",
    "read_scores",
    "section1",
    "summarize",
    "vi_sort_key",
]
