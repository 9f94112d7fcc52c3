"""Rendering: execute the notebook (papermill), convert it (nbconvert), print the PDF, export the tables, and
move the finished set into place from a locked staging folder.

Safe writing, in detail:

* Every file is written under a hidden ``<out>/.staging-*`` folder and renamed into place with
  ``os.replace`` (atomic on one file system): no file under a final name is ever half-written.
* A run killed before the move (Ctrl-C, SIGKILL, the kernel dying) leaves the previous report as it
  was; its staging folder may stay behind and the next run into that folder removes it.
* Each run holds an ``flock`` on its own staging folder while it lives, so a later run removes only
  staging folders that are older than itself *and* whose owner is gone, never the folder of a run still going.
* The move into place happens under an exclusive ``flock`` on the output folder itself, so two runs of the
  same year end with one run's complete set of files, never a mix. The HTML, the file a reader opens, is last.
* Output names come from the integer year alone (1900..2100), so they cannot leave ``out``.
"""

from tthc_analysis.render.report import RenderResult, render_report
from tthc_analysis.render.years import AllResult, render_all, render_index

__all__ = ["AllResult", "RenderResult", "render_all", "render_index", "render_report"]
