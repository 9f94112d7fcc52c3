"""Outputs built in a locked staging folder and moved into place together, under a lock beside the output folder.

One Python process drives everything: papermill starts one kernel, nbconvert runs
in-process, and headless Chromium prints the HTML to an A4 PDF. Outputs are built
in a staging folder and moved into place only when every file is ready, so a failed
run leaves an earlier good report untouched.

Safe writing, in detail:

* A dedicated report folder (missing, or holding only this set's files: the default ``reports/<period>/``) is
  built whole as a hidden sibling ``.tthc-<name>.*`` and exchanged with the old folder in one atomic call
  (:mod:`swap`): a kill at any instant leaves the complete old set or the complete new one.
* Any other folder (``--out .`` holding a user's files, a symlink, a mount point, a file system without
  RENAME_EXCHANGE) keeps the journal: every file is written under a hidden ``<out>/.staging-*`` folder (or the
  sibling) and renamed into place with ``os.replace``, the HTML last. Before the first rename a ``commit``
  marker holding the plan is written; a run killed during these renames leaves a mixed folder until the next
  run into ``out``, which finds the marker and finishes the move (a folder without it is simply removed).
* No file under a final name is ever half-written; a run killed before the move leaves the previous report.
* Each run holds an ``flock`` on its own staging folder while it lives, so a later run removes only
  staging folders that are older than itself *and* whose owner is gone (the kernel releases the lock
  when a process dies, however it dies), never the folder of a run still going.
* The move (and the removal of stale staging folders) happens under an exclusive ``flock`` on the output
  folder's parent, which no exchange moves (no lock file is left anywhere), so two runs of the same year end
  with one run's complete set of files, never a mix.
* Output names come from the integer year alone (1900..2100), so they cannot leave ``out``.
* A staging folder holds a marker file (``.tthc-staging``): only folders with it are ever removed (and
  empty sibling folders, which hold nothing to lose), so a folder the package did not make is left alone.
* Every target is checked (no folder under a final name, nothing outside ``out``) before the first rename;
  the files of an earlier set that this run does not write (an old PDF after ``--no-pdf``) go in the same move.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tthc_analysis.errors import RenderError
from tthc_analysis.render.swap import (
    COMMIT_MARKER,
    STAGING_MARKER,
    STAGING_PREFIX,
    is_dedicated,
    make_sibling,
    remove_staging,
    sibling_pattern,
    swap_into_place,
)

__all__ = ["COMMIT_MARKER", "STAGING_MARKER", "STAGING_PREFIX", "folder_lock", "move_into_place", "output_lock",
           "staging_folder"]  # fmt: skip


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


def lock_folder(out_dir: Path) -> Path:
    """The folder whose lock guards moves into ``out_dir``: its parent, which an exchange of ``out_dir`` does not
    move (the real parent, so runs reaching one folder by two paths share it)."""
    return out_dir.resolve().parent


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock every move into ``out_dir`` takes (one at a time per parent folder; moves are short)."""
    with folder_lock(lock_folder(out_dir)):
        yield


@contextmanager
def staging_folder(out_dir: Path, names: set[str] | None = None) -> Iterator[Path]:
    """A fresh hidden staging folder for ``out_dir``, locked while this run lives and removed afterwards.

    With the ``names`` of the set, a dedicated ``out_dir`` (see :func:`swap.is_dedicated`; it may not exist)
    is staged as a sibling to be exchanged whole; otherwise, or when the parent cannot take a folder, the
    staging folder is ``<out>/.staging-*`` and the move is the journal. Staging folders left by runs that died
    (older than this one, lock free) are removed first.
    """
    started = time.time()
    staging = None
    if names is not None and is_dedicated(out_dir, names):
        try:
            staging = make_sibling(out_dir)
        except OSError:
            staging = None  # a parent that takes no folder: staged inside, moved file by file
    if staging is None:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        (staging / STAGING_MARKER).write_text("tthc-analysis\n", encoding="utf-8")
        with folder_lock(staging):  # on the folder's inode: after an exchange, on the new report folder
            _remove_stale_staging(out_dir, started, keep=staging)
            yield staging
    finally:
        if staging.exists() and staging.resolve() != out_dir.resolve():  # after an exchange: the old set, gone
            remove_staging(staging)


def _remove_stale_staging(out_dir: Path, started: float, keep: Path) -> None:
    """Staging folders of dead runs, inside ``out_dir`` and beside it, removed (a journal's commit marker
    finished first, under the output lock); empty sibling folders too."""
    inside = list(out_dir.glob(f"{STAGING_PREFIX}*")) if out_dir.is_dir() and not out_dir.is_symlink() else []
    for folder in [*out_dir.parent.glob(sibling_pattern(out_dir)), *inside]:
        try:
            if folder == keep or not folder.is_dir() or folder.is_symlink():
                continue
            if folder.stat().st_mtime >= started - STALE_MARGIN_SECONDS:
                continue  # made by a run that may still be starting (its marker and lock come next)
            if not (folder / STAGING_MARKER).is_file():
                if folder.parent == out_dir.parent:
                    folder.rmdir()  # an empty sibling (a marker goes last); a sibling holding anything stays
                continue  # not a staging folder of this package: never touched
            with folder_lock(folder, blocking=False):
                if (folder / COMMIT_MARKER).is_file():
                    with output_lock(out_dir):
                        _finish_move(folder, out_dir)
                remove_staging(folder)
        except OSError:
            continue  # a run still alive holds it (BlockingIOError), another run removed it, or it is not empty


def _finish_move(staging: Path, out_dir: Path) -> None:
    """Complete the journal a killed run began (under the output lock): its remaining files into place, its stale
    names removed."""
    plan = (staging / COMMIT_MARKER).read_text(encoding="utf-8").splitlines()
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
    """Put every staged file in ``out_dir`` under the output lock and remove ``stale`` names: one exchange of
    the whole folder where it is dedicated, else renamed one by one, ``last`` at the end.

    ``stale`` holds every name of the set this run does not write: a file left from an earlier run under one
    of them would pass for part of this run's report. A symlink under a final name is replaced, never followed.
    """
    produced = sorted((p for p in staging.iterdir() if not p.name.startswith(".tthc-")),
                      key=lambda p: (p.name == last, p.name))  # fmt: skip
    names = [p.name for p in produced]
    stale = [name for name in stale if name not in names]
    _check_targets(out_dir, names + stale)
    with output_lock(out_dir):
        if staging.parent != out_dir and swap_into_place(staging, out_dir, set(names) | set(stale)):
            return [out_dir / name for name in names]
        out_dir.mkdir(exist_ok=True)
        plan = [f"remove {name}" for name in stale] + [f"move {name}" for name in names]
        commit = staging / COMMIT_MARKER
        commit.with_suffix(".tmp").write_text("\n".join(plan) + "\n", encoding="utf-8")
        os.replace(commit.with_suffix(".tmp"), commit)  # the marker appears whole or not at all
        for name in stale:
            (out_dir / name).unlink(missing_ok=True)
        files = []
        for path in produced:
            target = out_dir / path.name
            os.replace(path, target)
            files.append(target)
    return files
