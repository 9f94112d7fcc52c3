"""A second process that draws the report's figures and writes its .docx and ranking files.

``tthc report``'s own process validates the data, drives the kernel, converts the notebook to HTML and has the
browser print it; drawing the figures and writing the .docx, .xlsx and .csv are as much work again, and in a
thread of that process they would share its one interpreter lock with all of it. So they run in a copy of the
process (``os.fork``), made before the data is checked and before any thread or kernel exists: it has the
package loaded already, loads matplotlib and the writers while the data is checked, then waits for two jobs on
a pipe, one JSON line each:

1. ``{"report": <pickle of the validated report>, "figures": <folder>}``: draw every figure into ``folder``
   (sections.shared_figures), from the last one in the notebook's order back to the first, while the kernel,
   reaching them, takes them from the first on: each figure is drawn once, by whoever gets to it first;
2. ``{"staging": <folder>, "names": {...}, "docx_charts": bool}``: write the .docx, .xlsx and .csv there.

A drawing error is left to the kernel, which draws that figure itself and reports the error in its own
words; an error writing the files ends the copy with status 1 and a one-line message, which the report process
turns into its own refusal. The end of the pipe before a job (the data was refused, or the run failed) ends it
quietly. It always ends with ``os._exit``: nothing of the report process (its exit handlers, its buffered
output) runs or is written twice.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import pickle
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from tthc_analysis.errors import RenderError

__all__ = ["ReportWorker"]

REPORT_FILE = ".report.pickle"
PARTIAL = ".part-"  # the prefix of a file being written; renamed to its name once all three are written
LOST = -1000  # the exit status of a worker reaped by someone else (its real status is then unknown)
OUTPUTS = ("docx", "xlsx", "csv")


class ReportWorker:
    """The worker, seen from ``tthc report``: start it, give it the report, then the staging folder, wait for
    it. :meth:`close` ends it whatever happened and removes its figures folder."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self._errors = tempfile.TemporaryFile()
        read, self._jobs = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else the copy's buffers would hold the same unwritten text
        gc.freeze()  # the copy's collector then leaves the shared objects (and their pages) alone
        self.pid = os.fork()
        if self.pid == 0:  # the copy
            code = 1
            try:
                os.close(self._jobs)
                os.dup2(self._errors.fileno(), 2)
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it at once, with the report process
                code = _work(os.fdopen(read, "rb"))
            except BaseException as exc:  # noqa: BLE001 - said in one line to the report process
                _say(exc)
            finally:
                os._exit(code)
        gc.unfreeze()
        os.close(read)
        self._status: int | None = None
        self._outputs: list[Path] = []

    def _send(self, job: dict[str, object]) -> None:
        try:
            os.write(self._jobs, json.dumps(job).encode("utf-8") + b"\n")
        except OSError:
            pass  # the worker ended: wait() says why

    def draw(self, report) -> Path:
        """Hand the validated report to the worker, which starts drawing; return the figures folder (it also
        holds the report's pickle, which the kernel may load instead of reading the scores again)."""
        from tthc_analysis.sections.shared_figures import figures_folder_name

        self.folder = Path(tempfile.mkdtemp(prefix=figures_folder_name(report.sha256) + "-"))
        with open(self.report_file, "wb") as handle:
            pickle.dump(report, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._send({"report": str(self.report_file), "figures": str(self.folder)})
        return self.folder

    def read_back(self):
        """The report as the worker reads it, from the pickle :meth:`draw` wrote: a compact copy.

        A national file's check leaves its parsed JSON (over 100 MiB at its peak) as free memory scattered among the
        report's own objects, which keep the interpreter from giving it back to the system; once the report process
        holds this copy instead, the original's memory goes with it and :func:`release_free_memory` returns the
        rest (about 80 MiB of the report process, for the whole run)."""
        with open(self.report_file, "rb") as handle:
            return pickle.load(handle)

    @property
    def report_file(self) -> Path:
        assert self.folder is not None, "draw() first"
        return self.folder / REPORT_FILE

    def write(self, staging: Path, names: dict[str, str], docx_charts: bool) -> None:
        """Have the worker write the .docx, .xlsx and .csv into ``staging`` once its figures are drawn."""
        self._send({"staging": str(staging), "names": names, "docx_charts": docx_charts})
        self._outputs = [staging / names[kind] for kind in OUTPUTS]
        self._close_jobs()

    def _close_jobs(self) -> None:
        if self._jobs >= 0:
            os.close(self._jobs)
            self._jobs = -1

    def _wait(self, flags: int = 0) -> int | None:
        if self._status is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # reaped elsewhere (a handler of SIGCHLD): how it ended is not known
                self._status = LOST
                return self._status
            if pid == self.pid:
                self._status = os.waitstatus_to_exitcode(status)
        return self._status

    def wait(self) -> None:
        """Return when the worker has written the files; raise RenderError with its message if it failed.

        A worker whose exit status was lost counts as done only if every file it was asked for is there: it
        writes them under temporary names and renames them once all three are complete."""
        self._close_jobs()
        code = self._wait()
        if code == 0 or (code == LOST and all(p.is_file() for p in self._outputs)):
            return
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        if lines:
            detail = lines[-1]
        elif code == LOST:
            detail = "tiến trình ghi tệp đã kết thúc mà không rõ kết quả"
        else:
            detail = f"mã thoát {code}"
        raise RenderError(f"Không ghi được văn bản .docx và bảng xếp hạng: {detail}")

    def close(self) -> None:
        """End the worker if it still runs and remove the figures folder (again: nothing more)."""
        self._close_jobs()
        if self._wait(os.WNOHANG) is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._wait()
        self._errors.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def release_free_memory() -> None:
    """Have the C library return the free pages of its heap to the system (glibc's ``malloc_trim``; nothing where
    the library has no such call)."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _say(exc: BaseException) -> None:
    os.write(2, f"{type(exc).__name__}: {exc}\n".encode("utf-8", "replace"))


def _next_job(jobs) -> dict | None:
    line = jobs.readline()
    return json.loads(line) if line.strip() else None


def _work(jobs) -> int:
    """The worker's life: load what it needs, draw the figures, write the files; its exit status."""
    from tthc_analysis import charts
    from tthc_analysis.render.export import write_ranking_csv, write_ranking_xlsx
    from tthc_analysis.render.official import official_document, write_official_docx
    from tthc_analysis.sections.figures import draw_figures_into

    charts.load_drawing_modules()
    job = _next_job(jobs)
    if job is None:
        return 0
    with open(job["report"], "rb") as handle:
        report = pickle.load(handle)
    try:
        draw_figures_into(report, Path(job["figures"]))
    except Exception:  # noqa: BLE001 - the kernel draws what this could not, and reports its errors
        pass
    job = _next_job(jobs)
    if job is None:
        return 0
    staging, names = Path(job["staging"]), job["names"]
    partial = {kind: staging / (PARTIAL + names[kind]) for kind in OUTPUTS}
    try:
        write_official_docx(official_document(report, figures=job["docx_charts"]), partial["docx"])
        write_ranking_xlsx(report, partial["xlsx"])
        write_ranking_csv(report, partial["csv"])
        for kind in OUTPUTS:  # only now: a file under its own name is always whole
            os.replace(partial[kind], staging / names[kind])
    except Exception as exc:  # noqa: BLE001 - said in one line to the report process, which stops the run
        for path in partial.values():
            path.unlink(missing_ok=True)
        _say(exc)
        return 1
    return 0
