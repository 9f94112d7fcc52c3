"""Executing a notebook with papermill in one kernel, started early."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from tthc_analysis.errors import RenderError
from tthc_analysis.render.convert import skip_iri_format_check


def _failed_section(notebook_path: Path, cell_index: int) -> str:
    skip_iri_format_check()
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


# What the report notebook's first cell imports, run by the kernel as it starts (IPython's ``exec_lines``: no
# execution count, no output in the notebook), before it answers papermill. A silent request sent from the report
# process instead waited for a thread there, which a national file's check (pure Python, holding the interpreter
# lock) kept waiting: the kernel then sat idle for a fifth of a second before importing.
WARM_IMPORTS = "import tthc_analysis.sections"

KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", f"--IPKernelApp.exec_lines={WARM_IMPORTS}"]


class EarlyKernel:
    """A kernel started before the parameters and data are checked, so its start-up overlaps that work.

    Starting a kernel and importing pandas and matplotlib in it takes a second or two; the main process
    meanwhile checks the parameters and validates the data. The kernel runs the imports of the notebook's first
    cell as it starts (KERNEL_ARGUMENTS). papermill then runs the notebook in this kernel; :meth:`shutdown` ends
    it whatever happened.
    """

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.manager = AsyncKernelManager(kernel_name="python3")
        run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)

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


# Parameters naming files of one run's staging folder (a random name, gone once the run ends): emptied in the
# saved notebook, which a re-run then reads and draws without them, as the notebook's own defaults say.
RUN_LOCAL_PARAMETERS = ("report_cache", "figure_cache")


def load_papermill() -> None:
    """Import papermill and register the engine now, while the kernel starts, rather than when it is ready."""
    _register_engine()


def drop_run_record(nb, final_name: str, input_path: str | None = None):
    """Remove from an executed notebook what differs between two runs on one input: papermill's and nbclient's
    start and end times and durations (per cell and for the notebook), the staging folder in papermill's output
    path and in the run-local parameters, and the random id of the parameters cell papermill inserts; with
    ``input_path`` (the source notebook relative to the output folder), this machine's folders in papermill's
    input path. Changes ``nb`` in place and returns it."""
    import re

    local = re.compile(rf"^({'|'.join(RUN_LOCAL_PARAMETERS)}) = .*$", re.MULTILINE)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives the cell it adds a random id
            cell.source = local.sub(r'\1 = ""', cell.source)
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)
    record = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration"):
        record.pop(key, None)
    if "output_path" in record:
        record["output_path"] = final_name
    if input_path is not None and "input_path" in record:
        record["input_path"] = input_path
    for key in RUN_LOCAL_PARAMETERS:
        if key in record.get("parameters", {}):
            record["parameters"][key] = ""
    return nb


def execute_notebook(notebook: Path, parameters: dict[str, object], executed_path: Path, failed: Path,
                     kernel: EarlyKernel | None = None, cwd: Path | None = None):  # fmt: skip
    """Run ``notebook`` with papermill in one kernel and return the executed notebook (papermill also saved it as
    ``executed_path``); on a failing cell keep the notebook as ``failed``.

    ``kernel`` is a kernel already started (see :class:`EarlyKernel`, in ``cwd``); papermill starts one
    otherwise, in ``cwd`` (default: the notebook's folder).
    """
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(notebook), str(executed_path), parameters=parameters, cwd=str(cwd or notebook.parent),
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
