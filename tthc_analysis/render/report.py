"""Render one period's report: validate, execute, convert, print, export, move into place."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tthc_analysis.config import DATA_DIR, REPORT_NOTEBOOK, REPORTS_DIR, output_names
from tthc_analysis.errors import RenderError
from tthc_analysis.period import Period
from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render.chromium import PdfPrinter
from tthc_analysis.render.convert import html_from_notebook, skip_iri_format_check, warm_html_exporter
from tthc_analysis.render.execute import EarlyKernel, drop_run_record, execute_notebook, load_papermill
from tthc_analysis.render.parameters import check_parameters
from tthc_analysis.render.pdf import find_chromium, print_pdf, start_printer
from tthc_analysis.render.progress import Stages
from tthc_analysis.render.staging import move_into_place, staging_folder
from tthc_analysis.render.worker import ReportWorker, release_free_memory


@dataclass
class RenderResult:
    out_dir: Path
    files: list[Path]
    timings: dict[str, float] = field(default_factory=dict)


def _relative(path: Path | None, start: Path) -> str:
    return os.path.relpath(path, start) if path else ""


def render_report(
    year: int,
    data_dir: str | Path = DATA_DIR,
    scores: str | Path | None = None,
    out: str | Path | None = None,
    *,
    previous_scores: str | Path | None = None,
    registry: str | Path | None = None,
    strict_registry: bool = False,
    pdf: bool = True,
    show_code: bool = False,
    docx_charts: bool = False,
    progress: bool = True,
    notebook: Path = REPORT_NOTEBOOK,
    extra_parameters: dict[str, object] | None = None,
    period: Period | None = None,
) -> RenderResult:
    """Render the report of ``year`` (or of ``period``: a quarter, a month…) into ``out`` (default
    ``reports/<year>/`` or ``reports/<period slug>/``); output names carry the period's slug.

    Raises ``ParameterError`` or ``ValidationError`` before anything is written, and
    ``RenderError`` if a cell or a conversion fails (the failed notebook is kept as
    ``bao-cao-tthc-<year>.failed.ipynb``; an earlier report stays in place).
    """

    skip_iri_format_check()  # before papermill and nbformat are imported
    data_path = Path(data_dir).resolve()
    scores_file = Path(scores).resolve() if scores else None
    previous_file = Path(previous_scores).resolve() if previous_scores else None
    registry_file = Path(registry).resolve() if registry else None
    named = period if period is not None and period.kind != "year" else year
    names = output_names(named)
    if pdf:
        find_chromium()  # a missing browser (or a TTHC_CHROMIUM naming nothing) is said before any work
    out_dir = Path(out) if out else REPORTS_DIR / (period.slug if period is not None else str(year))
    if out_dir.exists() and not out_dir.is_dir():
        raise RenderError(
            f"Thư mục ghi báo cáo {out_dir} đã có và là một tệp, không phải thư mục; hãy chọn --out khác."
        )
    # The kernel runs in the output folder, where the executed notebook is saved: paths relative to it keep
    # this machine's layout out of the notebook and the reviewer's HTML, and the notebook re-runs where it is.
    created = _make_folder(out_dir)
    here = out_dir.resolve()
    parameters: dict[str, object] = {
        "year": year,
        "data_dir": os.path.relpath(data_path, here),
        "scores_path": _relative(scores_file, here),
        **({"previous_scores_path": _relative(previous_file, here)} if previous_file else {}),
        **({"registry_path": _relative(registry_file, here)} if registry_file else {}),
        **({"period": period.slug} if period is not None else {}),
        **(extra_parameters or {}),
    }
    # Shown from the first check to the last rename: every stage of the run, so the display covers its time.
    stages = Stages(total=8 + int(pdf) + int(show_code), enabled=progress)
    kernel, worker = None, None
    try:
        # The data is validated in-process (a clear message, exit 2, nothing written) while the kernel and the
        # worker that draws the figures and writes the .docx start in their own processes: for a national file
        # the check takes about as long as their start-up. Bad data is refused as fast as `tthc summary`
        # refuses it; both are then stopped.
        with stages.stage("check", "Kiểm tra số liệu"):
            check_parameters(parameters, notebook)
            worker = ReportWorker()  # first: it is a copy of this process, made while no other thread runs
            kernel = EarlyKernel(here)
            year_report = load_year_report(year, data_path, scores_file or "", str(parameters.get("scheme", "")),
                                           previous_file or "", registry_file or "", strict_registry,
                                           period or "")  # fmt: skip
        with stages.stage("start", "Khởi động kernel"):
            figures = worker.draw(year_report)  # the figures, drawn beside the kernel from now on
            # The copy the worker reads is compact: with the checked original dropped, the memory of the check (a
            # national file's parsed JSON) goes back to the system instead of staying in this process to the end.
            year_report = worker.read_back()
            release_free_memory()
            load_papermill()  # here, not when the first cell is due (a quarter of a second of imports)
        with stages.stage("document", "Kiểm tra thông tin văn bản"):
            # The document's facts and measures: a bad [document] table stops the run before anything is
            # written. (Imported here: the sections load while the kernel starts.)
            from tthc_analysis.sections.official import document_text

            document_text(year_report)
    except BaseException:
        _close(kernel, worker)
        _remove_empty(created)
        raise
    try:
        parameters = {**parameters, "figure_cache": str(figures)}
        result = _render_files(named, year_report, docx_charts, notebook, parameters, names, kernel, out_dir, pdf=pdf,
                               show_code=show_code, stages=stages, worker=worker)  # fmt: skip
        with stages.stage("close", "Đóng kernel"):
            _close(kernel, worker)
        result.timings = stages.timings
        return result
    finally:
        _close(kernel, worker)  # again after a failure; a second call does nothing


def _close(kernel: EarlyKernel | None, worker: ReportWorker | None) -> None:
    if kernel is not None:
        kernel.shutdown()
    if worker is not None:
        worker.close()


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, deepest first."""
    created = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return created


def _remove_empty(created: list[Path]) -> None:
    """Remove the folders a refused run created, so that it leaves nothing behind."""
    for folder in created:
        try:
            folder.rmdir()
        except OSError:
            return


# From this many units the kernel is handed the report already validated here (the pickle the worker reads)
# instead of reading and checking a national file a second time; smaller tables are simply read again.
CACHE_UNITS = 1000


def _render_files(year: int | Period, year_report, docx_charts: bool, notebook: Path, parameters: dict[str, object],
                  names: dict[str, str],
                  kernel: EarlyKernel, out_dir: Path, *, pdf: bool, show_code: bool,
                  stages: Stages,
                  worker: ReportWorker) -> RenderResult:  # fmt: skip
    skip_iri_format_check()
    import nbformat

    # A folder holding only this set's files is staged beside it and swapped whole; any other, file by file.
    with staging_folder(out_dir, set(names.values())) as staging:
        # The .docx and the ranking files need only the validated data: the worker writes them once it has drawn
        # the figures (render/worker.py), while the kernel finishes and the HTML is printed.
        worker.write(staging, names, docx_charts)
        # nbconvert's first use (a third of a second) is paid while the kernel runs, not after it.
        warming = threading.Thread(target=warm_html_exporter, name="tthc-warm-html", daemon=True)
        warming.start()
        printer: PdfPrinter | None = None
        try:
            executed_path = staging / names["ipynb"]
            if year_report.result.summary.n_units >= CACHE_UNITS:
                parameters = {**parameters, "report_cache": str(worker.report_file)}
            with stages.stage("execute", "Chạy sổ tay báo cáo"):
                executed = execute_notebook(notebook, parameters, executed_path, out_dir / names["failed"], kernel,
                                            cwd=out_dir)  # fmt: skip
                # Its work is done: its memory is not held while the browser lays out and prints a long report.
                kernel.shutdown()
                # The browser starts now, not with the kernel: its start-up (a third of a second of processor
                # time, render/pdf.py) took that from the kernel's start, the worker's figures and the cells, which
                # keep both cores busy; started after the last cell it is ready while the notebook is saved and
                # converted (alternated runs: the 16-unit report 0.12 s, the national QĐ 766 report 0.19 s sooner).
                printer = start_printer() if pdf else None
                # Two runs on one input give one notebook: papermill's copy is rewritten without its run record, and
                # the HTML is made from the notebook in memory, not read back.
                nbformat.write(
                    drop_run_record(executed, names["ipynb"], os.path.relpath(notebook, out_dir.resolve())),
                    executed_path,
                )
            with stages.stage("html", "Xuất HTML"):
                warming.join()
                (staging / names["html"]).write_text(html_from_notebook(executed), encoding="utf-8")
            if show_code:
                with stages.stage("html_code", "Xuất HTML kèm mã nguồn"):
                    (staging / names["code_html"]).write_text(html_from_notebook(executed, True), encoding="utf-8")
            if pdf:
                with stages.stage("pdf", "Xuất PDF (A4)"):
                    print_pdf(staging / names["html"], staging / names["pdf"], printer)
            with stages.stage("xlsx", "Xuất văn bản .docx và bảng xếp hạng (.xlsx, .csv)"):
                worker.wait()
            # Every name of the set: what this run did not write (a PDF after --no-pdf) must not stay beside it.
            with stages.stage("move", "Đưa các tệp vào thư mục báo cáo"):
                files = move_into_place(staging, out_dir, last=names["html"], stale=list(names.values()))
        except BaseException:
            worker.close()  # stopped before the staging folder it writes into is removed
            raise
        finally:
            if printer is not None and not printer.closed:
                printer.close()
        return RenderResult(out_dir=out_dir, files=sorted(files), timings=stages.timings)
