"""Files to text tables: CSV (any office's quirks), Excel, legacy fonts, metadata, and where a period's files are.

Nothing here judges a value: each cell comes out as text located by its row and column as the user sees it,
and what cannot be read safely is a :class:`~tthc_analysis.errors.Problem`. ``validate/`` checks the values.
"""

from tthc_analysis.read.base import ColumnTable, RawTable, column_letter, column_roles, header_key
from tthc_analysis.read.delimited import read_columns
from tthc_analysis.read.files import METADATA_FILE, SCORES_FILE, SCORES_XLSX, scores_file, year_file, year_scores
from tthc_analysis.read.legacy import tcvn3_decode
from tthc_analysis.read.metadata import DATA_STATUSES, Metadata, read_metadata
from tthc_analysis.read.tables import read_table
from tthc_analysis.read.years import available_years

__all__ = [
    "DATA_STATUSES",
    "METADATA_FILE",
    "SCORES_FILE",
    "SCORES_XLSX",
    "ColumnTable",
    "Metadata",
    "RawTable",
    "available_years",
    "column_letter",
    "column_roles",
    "header_key",
    "read_columns",
    "read_metadata",
    "read_table",
    "scores_file",
    "tcvn3_decode",
    "year_file",
    "year_scores",
]
