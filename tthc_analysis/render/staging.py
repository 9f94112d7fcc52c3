"""Outputs built in a locked staging folder and moved into place together, under a lock on the output folder.

See ``tthc_analysis.render`` for the rules: no file under a final name is ever half-written, a killed run
leaves the previous report as it was, and only staging folders whose owner is gone are removed.
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


def move_into_place(staging: Path, out_dir: Path, last: str, stale: list[str]) -> list[Path]:
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
