"""Text tables to a score table: every value checked, every problem of every file listed at once.

Two paths give the same table: ``fast`` checks a sound table a whole column at a time; ``rows`` checks any
table row by row and words each problem in file order. ``scores.read_scores`` tries the first, then the second.
"""

from tthc_analysis.validate.scores import read_scores
from tthc_analysis.validate.table import FIXED_PLACES, FixedScores, ScoreTable, parse_number

__all__ = ["FIXED_PLACES", "FixedScores", "ScoreTable", "parse_number", "read_scores"]
