"""Render a year's report: execute the notebook (papermill), convert it (nbconvert), print the PDF.

One Python process drives everything: papermill starts one kernel, nbconvert runs
in-process, and headless Chromium prints the HTML to an A4 PDF. Outputs are built
in a staging folder beside the target and moved into place only when every file
is ready, so a failed run leaves an earlier good report untouched.

Safe writing, in detail:

* Every file is written under a hidden ``<out>/.staging-*`` folder and renamed into place with
  ``os.replace`` (atomic on one file system): no file under a final name is ever half-written.
* A run killed before the move (Ctrl-C, SIGKILL, the kernel dying) leaves the previous report as it
  was; its staging folder may stay behind and the next run into that folder removes it.
* Each run holds an ``flock`` on its own staging folder while it lives, so a later run removes only
  staging folders that are older than itself *and* whose owner is gone (the kernel releases the lock
  when a process dies, however it dies), never the folder of a run still going.
* The move into place happens under an exclusive ``flock`` on the output folder itself (no lock file
  is left beside the report), so two runs of the same year end with one run's complete set of files,
  never a mix. The HTML, the file a reader opens, is moved last.
* Output names come from the integer year alone (1900..2100), so they cannot leave ``out``.
"""

from __future__ import annotations

import copy
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# nbformat validates notebooks with jsonschema, which checks the "iri" string formats with rfc3987-syntax
# when that is installed (JupyterLab brings it). Importing it builds a parser grammar: about a second on
# every run, for formats no notebook schema uses. Marked absent here, jsonschema simply skips that check.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from .chromium import PdfPrinter, PrinterError  # noqa: E402
from .config import DATA_DIR, NBCONVERT_TEMPLATES, OVERVIEW_NOTEBOOK, REPORT_NOTEBOOK, REPORTS_DIR, chromium_candidates  # noqa: E402

__all__ = [
    "AllResult",
    "ParameterError",
    "RenderError",
    "RenderResult",
    "check_parameters",
    "check_year",
    "folder_lock",
    "html_from_notebook",
    "print_pdf",
    "render_all",
    "render_index",
    "render_report",
]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-pdf-header-footer",
]
PDF_TIMEOUT_SECONDS = 180
YEAR_RANGE = (1900, 2100)
STAGING_PREFIX = ".staging-"
# A staging folder is stale only if this much older than the run looking at it (and its owner is gone):
# covers the instant between another run creating its folder and locking it.
STALE_MARGIN_SECONDS = 1.0


class ParameterError(ValueError):
    """Parameters refused before the notebook runs (unknown name, wrong type, missing year)."""


class RenderError(RuntimeError):
    """The notebook or a conversion failed; the message is short and in Vietnamese."""


@dataclass
class RenderResult:
    out_dir: Path
    files: list[Path]
    timings: dict[str, float] = field(default_factory=dict)


def check_year(year: object) -> int:
    """The year as an int between 1900 and 2100, or ``ParameterError``; output names are built from it alone."""
    low, high = YEAR_RANGE
    if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
        raise ParameterError(f"Năm đánh giá phải là số nguyên từ {low} đến {high}, nhận được {year!r}.")
    return year


def output_names(year: int) -> dict[str, str]:
    """File names of a year's outputs: plain names (no folder part) built from the checked integer year."""
    year = check_year(year)
    return {
        "ipynb": f"bao-cao-tthc-{year}.ipynb",
        "html": f"bao-cao-tthc-{year}.html",
        "pdf": f"bao-cao-tthc-{year}.pdf",
        "xlsx": f"bang-xep-hang-{year}.xlsx",
        "csv": f"bang-xep-hang-{year}.csv",
        "code_html": f"bao-cao-tthc-{year}-kem-ma-nguon.html",
    }


_TYPES: dict[str, tuple[type, ...]] = {"int": (int,), "str": (str,), "float": (int, float), "bool": (bool,)}


def check_parameters(parameters: dict[str, object], notebook: Path = REPORT_NOTEBOOK) -> None:
    """Refuse unknown names and wrong types before anything runs (papermill itself only warns)."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    problems = []
    for name, value in parameters.items():
        if name not in declared:
            known = ", ".join(sorted(declared))
            problems.append(f"tham số “{name}” không có trong sổ tay {notebook.name} (các tham số hợp lệ: {known})")
            continue
        type_name = declared[name]["inferred_type_name"]
        allowed = _TYPES.get(type_name)
        if allowed is None:
            continue
        wrong_bool = isinstance(value, bool) and bool not in allowed
        if wrong_bool or not isinstance(value, allowed):
            problems.append(f"tham số “{name}” phải có kiểu {type_name}, nhận được {type(value).__name__} ({value!r})")
        elif name == "year" and not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            problems.append(f"tham số “year” phải là năm từ {YEAR_RANGE[0]} đến {YEAR_RANGE[1]}, nhận được {value!r}")
    if "year" in declared and "year" not in parameters:
        problems.append("thiếu tham số “year” (năm đánh giá)")
    if problems:
        raise ParameterError("Tham số không hợp lệ:\n" + "\n".join(f"  - {p}" for p in problems))


def html_from_notebook(notebook, show_code: bool = False, name: str = "bao-cao-tthc") -> str:
    """Convert an executed notebook to the report's self-contained HTML."""
    from nbconvert import HTMLExporter

    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        # papermill gives the cell it injects a random id; a fixed one keeps renders byte-identical.
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    exporter = HTMLExporter(
        template_name="tthc",
        extra_template_basedirs=[str(NBCONVERT_TEMPLATES)],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": name}})
    return body


def find_chromium() -> str:
    for candidate in chromium_candidates():
        found = shutil.which(candidate)
        if found:
            return found
    raise RenderError(
        "Không tìm thấy trình duyệt Chromium để xuất PDF. Cài đặt bằng: make system-deps "
        "(hoặc apt-get install chromium), hoặc đặt biến môi trường TTHC_CHROMIUM."
    )


def _start_printer() -> PdfPrinter | None:
    """A headless Chromium started now, to print later; None if it cannot start (printing falls back)."""
    try:
        return PdfPrinter(find_chromium(), [f for f in CHROMIUM_FLAGS if f != "--no-pdf-header-footer"],
                          timeout=PDF_TIMEOUT_SECONDS)  # fmt: skip
    except (PrinterError, RenderError):
        return None


def print_pdf(html_path: Path, pdf_path: Path, printer: PdfPrinter | None = None) -> None:
    """Print an HTML file to an A4 PDF with headless Chromium (page size and numbers come from its CSS).

    With ``printer`` (a browser started earlier) the page is printed over its DevTools pipe; if that
    fails, or without one, ``chromium --print-to-pdf`` prints it, as the same browser would.
    """
    if printer is not None:
        try:
            printer.print_pdf(html_path, pdf_path)
            return
        except PrinterError:
            pdf_path.unlink(missing_ok=True)
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="tthc-chromium-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
                   html_path.resolve().as_uri()]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(f"Chromium không xuất xong PDF sau {PDF_TIMEOUT_SECONDS} giây.") from exc
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        detail = (done.stderr or "").strip().splitlines()[-1:] or ["không rõ lỗi"]
        raise RenderError(f"Chromium không xuất được PDF (mã {done.returncode}): {detail[0]}")


class _Stages:
    """Progress of the stages on a terminal (rich); plain lines elsewhere; silent if asked."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled
        self.index = 0
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, key: str, label: str) -> Iterator[None]:
        self.index += 1
        start = time.perf_counter()
        if not self.enabled:
            yield
        elif sys.stderr.isatty():
            from rich.console import Console

            console = Console(stderr=True)
            with console.status(f"[{self.index}/{self.total}] {label}…"):
                yield
            console.print(f"[green]✓[/green] [{self.index}/{self.total}] {label} ({time.perf_counter() - start:.1f} s)")
        else:
            print(f"[{self.index}/{self.total}] {label}…", file=sys.stderr, flush=True)
            yield
        self.timings[key] = time.perf_counter() - start


def _failed_section(notebook_path: Path, cell_index: int) -> str:
    import nbformat

    try:
        nb = nbformat.read(notebook_path, as_version=4)
        # papermill inserts error-marker markdown cells into the saved notebook after the fact, so
        # ``cell_index`` (counted during execution) no longer points at the failed cell: find it by status.
        failed = [c for c in nb.cells if c.metadata.get("papermill", {}).get("exception") is True]
        executed = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
        cell = failed[0] if failed else executed[cell_index]
        return cell.metadata.get("tthc", {}).get("section", f"ô số {cell_index}")
    except (OSError, IndexError, ValueError):
        return f"ô số {cell_index}"


KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
# What the report notebook's first cell imports; loaded while the main process checks the data.
WARM_IMPORTS = "import tthc_analysis.report"


class EarlyKernel:
    """A kernel started before the parameters and data are checked, so its start-up overlaps that work.

    Starting a kernel and importing pandas and matplotlib in it takes a second or two; the main process
    meanwhile checks the parameters and validates the data. A silent warm-up runs the imports of the
    notebook's first cell (the notebook's own cells, their counts and outputs are unaffected). papermill
    then runs the notebook in this kernel; :meth:`shutdown` ends it whatever happened.
    """

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.manager = AsyncKernelManager(kernel_name="python3")
        run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
        self._warm = threading.Thread(target=self._warm_up, daemon=True)
        self._warm.start()

    def _warm_up(self) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_info(self.manager.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            client.execute(WARM_IMPORTS, silent=True, store_history=False)
            client.get_shell_msg(timeout=120)
        except Exception:  # noqa: BLE001 - a failed warm-up only costs time; the real run reports errors
            pass
        finally:
            client.stop_channels()

    def shutdown(self) -> None:
        """End the kernel (once; later calls do nothing)."""
        from jupyter_core.utils import run_sync

        if getattr(self, "_done", False):
            return
        self._done = True
        try:
            if run_sync(self.manager.is_alive)():
                run_sync(self.manager.shutdown_kernel)(now=True)
            else:
                run_sync(self.manager.cleanup_resources)()
        except Exception:  # noqa: BLE001 - the kernel may already be gone (killed); nothing is left to do
            pass


ENGINE_NAME = "tthc-final-save"


@cache
def _register_engine() -> str:
    """Register (once) papermill's nbclient engine without its saves between cells; return its name.

    papermill's execution manager rewrites the output notebook when it starts and at the start and end of
    every cell, 35 rewrites for the report, each one waiting between two cells; with a national report's
    megabytes of outputs they cost about half a second. Nobody watches the staged
    notebook while it runs: papermill itself writes the finished notebook, and the notebook with the error
    when a cell fails, so only the intermediate copies are dropped.
    """
    from papermill.engines import NBClientEngine, papermill_engines

    class FinalSaveEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, **kwargs):  # noqa: ARG003 - dropped on purpose
            return super().execute_notebook(nb, kernel_name, output_path=None, **kwargs)

    papermill_engines.register(ENGINE_NAME, FinalSaveEngine)
    return ENGINE_NAME


def _execute(notebook: Path, parameters: dict[str, object], executed_path: Path, failed: Path,
             kernel: EarlyKernel | None = None) -> None:  # fmt: skip
    """Run ``notebook`` with papermill in one kernel; on a failing cell keep the notebook as ``failed``.

    ``kernel`` is a kernel already started (see :class:`EarlyKernel`); papermill starts one otherwise.
    """
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(notebook), str(executed_path), parameters=parameters, cwd=str(notebook.parent),
            progress_bar=False, kernel_name="python3", engine_name=_register_engine(),
            # Keep the kernel's own start-up chatter (an English TCP notice) off the analyst's terminal.
            extra_arguments=KERNEL_ARGUMENTS,
            **({"km": kernel.manager} if kernel is not None else {}),
        )  # fmt: skip
    except PapermillExecutionError as exc:
        if executed_path.is_file():
            os.replace(executed_path, failed)
        section = _failed_section(failed, exc.cell_index) if failed.is_file() else f"ô số {exc.cell_index}"
        raise RenderError(f"Lỗi ở phần “{section}”: {exc.ename}: {exc.evalue}. "
                          f"Sổ tay lỗi được giữ tại {failed}.") from None  # fmt: skip
    except (DeadKernelError, RuntimeError) as exc:
        # A kernel killed while it starts surfaces as jupyter_client's RuntimeError("Kernel died before ...").
        if isinstance(exc, RuntimeError) and "Kernel died" not in str(exc):
            raise
        raise RenderError("Tiến trình chạy sổ tay (kernel) đã dừng đột ngột; báo cáo trước đó được giữ nguyên. "
                          "Hãy chạy lại lệnh.") from None  # fmt: skip


@contextmanager
def folder_lock(folder: Path, *, blocking: bool = True) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` itself (no lock file); released when the process ends.

    With ``blocking=False`` raise ``BlockingIOError`` at once if another holder has it.
    """
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        yield
    finally:
        os.close(fd)


@contextmanager
def _staging(out_dir: Path) -> Iterator[Path]:
    """A fresh hidden staging folder in ``out_dir``, locked while this run lives and removed afterwards.

    Staging folders left by runs that died (older than this one, lock free) are removed first.
    """
    started = time.time()
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        with folder_lock(staging):
            _remove_stale_staging(out_dir, started, keep=staging)
            yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_stale_staging(out_dir: Path, started: float, keep: Path) -> None:
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        try:
            if folder == keep or not folder.is_dir() or folder.stat().st_mtime >= started - STALE_MARGIN_SECONDS:
                continue
            with folder_lock(folder, blocking=False):
                shutil.rmtree(folder)
        except (BlockingIOError, FileNotFoundError):
            continue  # a run still alive holds it, or another run removed it first


def _move_into_place(staging: Path, out_dir: Path, last: str, stale: list[str]) -> list[Path]:
    """Rename every staged file into ``out_dir`` under the folder lock, ``last`` at the end; remove ``stale`` names."""
    out_resolved = out_dir.resolve()
    produced = sorted(staging.iterdir(), key=lambda p: (p.name == last, p.name))
    files = []
    with folder_lock(out_dir):
        for path in produced:
            target = out_dir / path.name
            if target.resolve().parent != out_resolved:
                raise RenderError(f"Tên tệp đầu ra “{path.name}” nằm ngoài thư mục {out_dir}.")
            os.replace(path, target)
            files.append(target)
        for name in stale:
            (out_dir / name).unlink(missing_ok=True)
    return files


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
    pdf: bool = True,
    show_code: bool = False,
    progress: bool = True,
    notebook: Path = REPORT_NOTEBOOK,
    extra_parameters: dict[str, object] | None = None,
) -> RenderResult:
    """Render the report of ``year`` into ``out`` (default ``reports/<year>/``).

    Raises ``ParameterError`` or ``ValidationError`` before anything is written, and
    ``RenderError`` if a cell or a conversion fails (the failed notebook is kept as
    ``bao-cao-tthc-<year>.failed.ipynb``; an earlier report stays in place).
    """
    from .report import load_year_report

    data_path = Path(data_dir).resolve()
    scores_file = Path(scores).resolve() if scores else None
    previous_file = Path(previous_scores).resolve() if previous_scores else None
    registry_file = Path(registry).resolve() if registry else None
    # The kernel runs in the notebook's folder; paths relative to it keep this machine's layout
    # out of the executed notebook and the reviewer's HTML.
    parameters: dict[str, object] = {
        "year": year,
        "data_dir": os.path.relpath(data_path, notebook.parent),
        "scores_path": _relative(scores_file, notebook.parent),
        **({"previous_scores_path": _relative(previous_file, notebook.parent)} if previous_file else {}),
        **({"registry_path": _relative(registry_file, notebook.parent)} if registry_file else {}),
        **(extra_parameters or {}),
    }
    names = output_names(year)
    # The kernel and the browser start now, so their start-up overlaps the checks below.
    kernel = EarlyKernel(notebook.parent)
    printer = _start_printer() if pdf else None
    try:
        check_parameters(parameters, notebook)
        # Validate the data in-process first: a clear message, exit 2 and nothing written.
        year_report = load_year_report(year, data_path, scores_file or "", str(parameters.get("scheme", "")),
                                       previous_file or "", registry_file or "")  # fmt: skip
        return _render_files(year, year_report, notebook, parameters, names, kernel, out, pdf=pdf,
                             show_code=show_code, progress=progress, printer=printer)  # fmt: skip
    finally:
        kernel.shutdown()
        if printer is not None:
            printer.close()


def _write_tables(year_report, staging: Path, names: dict[str, str]) -> None:
    from .export import write_ranking_csv, write_ranking_xlsx

    write_ranking_xlsx(year_report, staging / names["xlsx"])
    write_ranking_csv(year_report, staging / names["csv"])


def _render_files(year: int, year_report, notebook: Path, parameters: dict[str, object], names: dict[str, str],
                  kernel: EarlyKernel, out: str | Path | None, *, pdf: bool, show_code: bool,
                  progress: bool, printer: PdfPrinter | None = None) -> RenderResult:  # fmt: skip
    from concurrent.futures import ThreadPoolExecutor

    import nbformat

    out_dir = Path(out) if out else REPORTS_DIR / str(year)
    out_dir.mkdir(parents=True, exist_ok=True)
    stages = _Stages(total=3 + int(pdf) + int(show_code), enabled=progress)
    with _staging(out_dir) as staging, ThreadPoolExecutor(max_workers=1) as side:
        # The ranking files need only the validated data: written while the kernel runs (this process
        # mostly waits on it then), instead of after the PDF.
        tables = side.submit(_write_tables, year_report, staging, names)
        executed_path = staging / names["ipynb"]
        with stages.stage("execute", "Chạy sổ tay báo cáo"):
            _execute(notebook, parameters, executed_path, out_dir / f"bao-cao-tthc-{year}.failed.ipynb", kernel)
        # Its work is done: its memory is not held while the browser lays out and prints a long report.
        kernel.shutdown()
        executed = nbformat.read(executed_path, as_version=4)
        with stages.stage("html", "Xuất HTML"):
            (staging / names["html"]).write_text(html_from_notebook(executed), encoding="utf-8")
        if show_code:
            with stages.stage("html_code", "Xuất HTML kèm mã nguồn"):
                (staging / names["code_html"]).write_text(html_from_notebook(executed, True), encoding="utf-8")
        if pdf:
            with stages.stage("pdf", "Xuất PDF (A4)"):
                print_pdf(staging / names["html"], staging / names["pdf"], printer)
        with stages.stage("xlsx", "Xuất bảng xếp hạng (.xlsx và .csv)"):
            tables.result()
        files = _move_into_place(staging, out_dir, last=names["html"], stale=[f"bao-cao-tthc-{year}.failed.ipynb"])
        return RenderResult(out_dir=out_dir, files=sorted(files), timings=stages.timings)




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
    import nbformat

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    parameters: dict[str, object] = {
        "data_dir": os.path.relpath(Path(data_dir).resolve(), notebook.parent),
        "years": list(years),
        "with_pdf": pdf,
    }
    check_parameters(parameters, notebook)
    with _staging(out_dir) as staging:
        executed_path = staging / "tong-hop.ipynb"
        _execute(notebook, parameters, executed_path, out_dir / "tong-hop.failed.ipynb")
        html = html_from_notebook(nbformat.read(executed_path, as_version=4), name="tong-hop")
        executed_path.unlink()  # the index keeps only its HTML
        (staging / "index.html").write_text(html, encoding="utf-8")
        return _move_into_place(staging, out_dir, last="index.html", stale=["tong-hop.failed.ipynb"])[0]


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

    from .trends import load_years

    out_dir = Path(out) if out else REPORTS_DIR
    data = load_years(data_dir)
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


# Reports rendered at once by --all (each holds a kernel and a browser: about 250 MB).
MAX_PARALLEL_REPORTS = 4


def _timed(function, *args, **kwargs):
    begun = time.perf_counter()
    return function(*args, **kwargs), time.perf_counter() - begun


