"""Outputs built in a locked staging folder and moved into place together, under a lock on the output folder.

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
* A staging folder holds a marker file (``.tthc-staging``): only folders with it are ever removed, so a
  ``.staging-*`` folder the package did not make is left alone.
* Every target is checked (no folder under a final name, nothing outside ``out``) before the first rename;
  the files of an earlier set that this run does not write (an old PDF after ``--no-pdf``) go in the same move.
* Before the first rename a ``commit`` marker is written into the staging folder. A run killed during the
  move leaves that folder behind; the next run into ``out`` finds the marker and finishes the move (the new
  set), where a folder without it is simply removed (the old set stands).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tthc_analysis.errors import RenderError

STAGING_PREFIX = ".staging-"
STAGING_MARKER = ".tthc-staging"  # in every staging folder this package made, and only there
COMMIT_MARKER = ".tthc-commit"  # written before the first rename: the move must be finished, not undone


# A staging folder is stale only if this much older than the run looking at it (and its owner is gone):
# covers the instant between another run creating its folder and locking it.
STALE_MARGIN_SECONDS = 1.0


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
def staging_folder(out_dir: Path) -> Iterator[Path]:
    """A fresh hidden staging folder in ``out_dir``, locked while this run lives and removed afterwards.

    Staging folders left by runs that died (older than this one, lock free) are removed first.
    """
    started = time.time()
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        (staging / STAGING_MARKER).write_text("tthc-analysis\n", encoding="utf-8")
        with folder_lock(staging):
            _remove_stale_staging(out_dir, started, keep=staging)
            yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_stale_staging(out_dir: Path, started: float, keep: Path) -> None:
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        try:
            if folder == keep or not folder.is_dir() or folder.is_symlink() or not (folder / STAGING_MARKER).is_file():
                continue  # not a staging folder of this package: never touched
            if folder.stat().st_mtime >= started - STALE_MARGIN_SECONDS:
                continue
            with folder_lock(folder, blocking=False):
                if (folder / COMMIT_MARKER).is_file():
                    _finish_move(folder, out_dir)
                shutil.rmtree(folder)
        except (BlockingIOError, FileNotFoundError):
            continue  # a run still alive holds it, or another run removed it first


def _finish_move(staging: Path, out_dir: Path) -> None:
    """Complete the move a killed run began: its remaining files into place, its stale names removed."""
    plan = (staging / COMMIT_MARKER).read_text(encoding="utf-8").splitlines()
    with folder_lock(out_dir):
        for line in plan:
            action, _, name = line.partition(" ")
            if action == "move" and (staging / name).is_file():
                os.replace(staging / name, out_dir / name)
            elif action == "remove":
                (out_dir / name).unlink(missing_ok=True)


def _check_targets(out_dir: Path, names: list[str]) -> None:
    """Refuse the whole move before its first rename if any final name cannot take a file."""
    out_resolved = out_dir.resolve()
    for name in names:
        target = out_dir / name
        if Path(name).name != name or target.parent.resolve() != out_resolved:
            raise RenderError(f"Tên tệp đầu ra “{name}” nằm ngoài thư mục {out_dir}.")
        if target.is_dir() and not target.is_symlink():
            raise RenderError(f"Không ghi được {target}: đã có một thư mục trùng tên; hãy đổi tên hoặc xóa nó.")


def move_into_place(staging: Path, out_dir: Path, last: str, stale: list[str]) -> list[Path]:
    """Rename every staged file into ``out_dir`` under the folder lock, ``last`` at the end; remove ``stale`` names.

    ``stale`` holds every name of the set this run does not write: a file left from an earlier run under one
    of them would pass for part of this run's report. A symlink under a final name is replaced, never followed.
    """
    produced = sorted((p for p in staging.iterdir() if not p.name.startswith(".tthc-")),
                      key=lambda p: (p.name == last, p.name))  # fmt: skip
    names = [p.name for p in produced]
    stale = [name for name in stale if name not in names]
    _check_targets(out_dir, names + stale)
    plan = [f"remove {name}" for name in stale] + [f"move {name}" for name in names]
    files = []
    with folder_lock(out_dir):
        commit = staging / COMMIT_MARKER
        commit.with_suffix(".tmp").write_text("\n".join(plan) + "\n", encoding="utf-8")
        os.replace(commit.with_suffix(".tmp"), commit)  # the marker appears whole or not at all
        for name in stale:
            (out_dir / name).unlink(missing_ok=True)
        for path in produced:
            target = out_dir / path.name
            os.replace(path, target)
            files.append(target)
    return files
