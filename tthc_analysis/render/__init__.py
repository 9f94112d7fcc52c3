"""Rendering: execute the notebook (papermill), convert it (nbconvert), print the PDF, export the tables, and
move the finished set into place from a locked staging folder.

Safe writing, in detail (see :mod:`staging` and :mod:`swap`):

* A dedicated report folder (missing, or holding only this report's files) is built whole as a hidden sibling
  and exchanged with the old folder in one ``renameat2(RENAME_EXCHANGE)``: a kill at any instant leaves the old
  set or the new set. Any other folder gets its files one by one (``os.replace``, atomic on one file system)
  from ``<out>/.staging-*`` after a commit plan, which the next run finishes if a kill interrupts it.
* A run killed before the move (Ctrl-C, SIGKILL, the kernel dying) leaves the previous report as it
  was; its staging folder may stay behind and the next run into that folder removes it.
* Each run holds an ``flock`` on its own staging folder while it lives, so a later run removes only
  staging folders that are older than itself *and* whose owner is gone, never the folder of a run still going.
* The move into place happens under an exclusive ``flock`` on the output folder's parent, so two runs of the
  same year end with one run's complete set of files, never a mix. The HTML, the file a reader opens, is last.
* Output names come from the integer year alone (1900..2100), so they cannot leave ``out``.
"""

from tthc_analysis.render.report import RenderResult, render_report
from tthc_analysis.render.years import AllResult, render_all, render_index

__all__ = ["AllResult", "RenderResult", "render_all", "render_index", "render_report"]
