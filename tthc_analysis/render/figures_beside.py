"""The report's figures drawn in this process beside the kernel (sections.shared_figures), from its start.

``tthc report`` holds the validated report before the kernel has even started, and its own work until the first
cell (the document's facts, papermill, the HTML converter) leaves a processor core free. A thread starts drawing
the figures at once, in the notebook's order, into a folder of the system's temporary directory; the kernel takes
each one that is ready, waits for one being drawn and draws itself one the thread has not started.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

__all__ = ["FigureDrawer"]


class FigureDrawer:
    """A thread drawing ``report``'s figures into :attr:`folder`; :meth:`close` waits for it and removes the folder."""

    def __init__(self, report) -> None:
        from tthc_analysis.sections.shared_figures import figures_folder_name

        self.folder = Path(tempfile.mkdtemp(prefix=figures_folder_name(report.sha256) + "-"))
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._draw, args=(report,), name="tthc-figures", daemon=True)
        self._thread.start()

    def _draw(self, report) -> None:
        from tthc_analysis.sections.figures import draw_figures_into

        try:
            draw_figures_into(report, self.folder)
        except Exception as exc:  # noqa: BLE001 - the kernel draws what this could not, and reports its errors
            self.error = exc

    def wait(self) -> None:
        """Return when every figure is drawn, by the thread or by the kernel."""
        self._thread.join()

    def close(self) -> None:
        """Wait for the thread (it ends after the figure it is drawing) and remove the folder; again does nothing."""
        self._thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)
