"""Every year of a data directory at once, side by side, and the index page."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tthc_analysis.config import DATA_DIR, INDEX_NAMES, OVERVIEW_NOTEBOOK, REPORTS_DIR
from tthc_analysis.errors import RenderError, ValidationError
from tthc_analysis.pipeline import load_year_report, load_years
from tthc_analysis.render.convert import html_from_notebook, skip_iri_format_check
from tthc_analysis.render.execute import execute_notebook
from tthc_analysis.render.parameters import check_parameters
from tthc_analysis.render.report import RenderResult, render_report
from tthc_analysis.render.staging import move_into_place, staging_folder


@dataclass
class AllResult:
    out_dir: Path
    years: list[int]
    reports: list[RenderResult]
    index: Path
    timings: dict[str, float] = field(default_factory=dict)


def render_index(
    data_dir: str | Path,
    out: str | Path,
    years: list[int],
    *,
    pdf: bool = True,
    notebook: Path = OVERVIEW_NOTEBOOK,
) -> Path:
    """Render ``out/index.html``: every year's figures, links to ``<year>/bao-cao-tthc-<year>.html`` and the trend."""
    skip_iri_format_check()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    parameters: dict[str, object] = {
        "data_dir": os.path.relpath(Path(data_dir).resolve(), notebook.parent),
        "years": list(years),
        "with_pdf": pdf,
    }
    check_parameters(parameters, notebook)
    with staging_folder(out_dir) as staging:
        executed_path = staging / INDEX_NAMES["ipynb"]
        executed = execute_notebook(notebook, parameters, executed_path, out_dir / INDEX_NAMES["failed"])
        html = html_from_notebook(executed, name=INDEX_NAMES["title"])
        executed_path.unlink()  # the index keeps only its HTML
        (staging / INDEX_NAMES["html"]).write_text(html, encoding="utf-8")
        return move_into_place(staging, out_dir, last=INDEX_NAMES["html"], stale=[INDEX_NAMES["failed"]])[0]


def render_all(
    data_dir: str | Path = DATA_DIR,
    out: str | Path | None = None,
    *,
    pdf: bool = True,
    progress: bool = True,
) -> AllResult:
    """Render every year of ``data_dir`` into ``out/<year>/`` and the index into ``out/index.html``.

    Every year is validated before anything is written, so bad data in one year stops the whole run
    with the complete list of problems (``ValidationError``) and leaves earlier reports as they were.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    skip_iri_format_check()
    out_dir = Path(out) if out else REPORTS_DIR
    data = load_years(data_dir)
    _check_every_year(data_dir, data.years)
    if out_dir.exists() and not out_dir.is_dir():
        raise RenderError(
            f"Thư mục ghi báo cáo {out_dir} đã có và là một tệp, không phải thư mục; hãy chọn --out khác."
        )
    start = time.perf_counter()
    # Each year, and the index, is an independent job: a kernel, a browser, some conversion in Python.
    # Run as many at once as there are cores; the machine's cores do the years side by side.
    workers = max(1, min(len(data.years) + 1, os.cpu_count() or 1, MAX_PARALLEL_REPORTS))
    timings: dict[str, float] = {}
    results: dict[int, RenderResult] = {}
    index: Path | None = None
    first_error: BaseException | None = None
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        jobs = {pool.submit(_timed, render_report, year, data_dir, out=out_dir / str(year), pdf=pdf,
                            progress=False): year for year in data.years}  # fmt: skip
        jobs[pool.submit(_timed, render_index, data_dir, out_dir, data.years, pdf=pdf)] = "index"
        for job in as_completed(jobs):
            name = jobs[job]
            try:
                value, seconds = job.result()
            except BaseException as exc:  # noqa: BLE001 - reported after the other jobs finish
                first_error = first_error or exc
                continue
            timings[str(name)] = seconds
            if name == "index":
                index = value
            else:
                results[name] = value
            if progress:
                what = "Trang tổng hợp (index.html)" if name == "index" else f"Năm {name}"
                print(f"✓ {what} ({seconds:.1f} s)", file=sys.stderr, flush=True)
    if first_error is not None:
        raise first_error
    timings["total"] = time.perf_counter() - start
    return AllResult(out_dir, data.years, [results[y] for y in data.years], index, timings)


def _check_every_year(data_dir: str | Path, years: list[int]) -> None:
    """Each year as its report would load it (metadata, registry, comparison): all refused, or none, before any write."""
    problems = []
    for year in years:
        try:
            load_year_report(year, Path(data_dir).resolve())
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems)


# Reports rendered at once by --all (each holds a kernel and a browser: about 250 MB).
MAX_PARALLEL_REPORTS = 4


def _timed(function, *args, **kwargs):
    begun = time.perf_counter()
    return function(*args, **kwargs), time.perf_counter() - begun
