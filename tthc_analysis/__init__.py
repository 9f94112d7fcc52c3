"""tthc-analysis: scores, ranks, bands and the report on how communes handle administrative procedures.

The layout reads as the pipeline, top to bottom: ``read`` (files to text tables), ``validate`` (to a score
table), ``score`` (exact figures), ``narrative`` and ``charts`` (sentences and figures), ``pipeline`` (one
period's frozen report model), ``sections`` (what the notebooks call), ``render`` (files), ``cli``.
"""

from tthc_analysis.config import __version__
from tthc_analysis.errors import Problem, SchemeError, ValidationError
from tthc_analysis.narrative import format_unit_list, section1
from tthc_analysis.pipeline import YearResult, analyse
from tthc_analysis.read import DATA_STATUSES, Metadata, read_metadata
from tthc_analysis.scheme import Band, Criterion, Scheme, available_schemes, load_scheme
from tthc_analysis.score import BandCount, CriterionStat, Extreme, Summary, competition_ranks, rank_units, summarize
from tthc_analysis.validate import ScoreTable, read_scores
from tthc_analysis.vietnamese import format_percent, format_points, normalise_name, vi_sort_key

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
