"""What a report notebook registers in its kernel when it starts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tthc_analysis.errors import ValidationError
from tthc_analysis.pipeline import Overview, YearReport, load_overview, load_year_report
from tthc_analysis.sections.shared_figures import attach


def _show_as_table(shell, etype, value, tb, tb_offset=None):
    """IPython handler: a ValidationError shows as its table of problems and one line, not a traceback."""
    from IPython.display import HTML, display

    display(HTML(value.html()))
    short = [f"{etype.__name__}: {len(value.problems)} lỗi trong số liệu (xem bảng trên)."]
    # IPython does not send a custom handler's lines on by itself; this records the error output
    # (name, message, the one line) the way a normal traceback would be, so papermill sees the failure.
    shell._showtraceback(etype, value, short)
    return short


def show_problems_as_tables() -> None:
    """In a Jupyter kernel, display every ValidationError as a styled table of its problems.

    Outside IPython this does nothing. The report notebooks call it through their section modules.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((ValidationError,), _show_as_table)


def start_report(
    year: int,
    data_dir: str | Path = "data",
    scores_path: str | Path = "",
    scheme: str = "",
    previous_scores_path: str | Path = "",
    registry_path: str | Path = "",
    period: str = "",
    report_cache: str = "",
    figure_cache: str = "",
) -> YearReport:
    """The report notebook's first call: register the problem tables in the kernel, then load the year.

    Nothing is registered when the package is imported; this call does it, once per kernel: the problem
    tables, and whole criterion names in the intermediate tables (pandas cuts text at 50 characters).
    """
    show_problems_as_tables()
    pd.set_option("display.max_colwidth", None)
    if report_cache and Path(report_cache).is_file():
        # ``tthc report`` validated a large table already and left it here for this run: not read twice.
        import pickle

        with open(report_cache, "rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, YearReport):
            attach(figure_cache, cached.sha256)
            return cached
    report = load_year_report(year, data_dir, scores_path, scheme, previous_scores_path, registry_path, period=period)
    # ``tthc report`` draws the figures alongside this kernel into this folder (sections.shared_figures); a
    # notebook run anywhere else has none and draws them all itself.
    attach(figure_cache, report.sha256)
    return report


def start_overview(data_dir: str | Path = "data", years: list[int] | None = None, with_pdf: bool = True) -> Overview:
    """The index notebook's first call: register the problem tables, then load every year."""
    show_problems_as_tables()
    return load_overview(data_dir, years, with_pdf)
