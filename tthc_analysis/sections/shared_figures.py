"""Figures drawn once per run, by whichever of two processes gets to each one first.

Drawing the charts is most of the kernel's work on a report. ``tthc report`` has the checked report in memory
as soon as the kernel starts and, while the kernel starts and runs the cells before the charts, a processor
core to spare. So a copy of its process (render/worker.py) draws the same figures into a temporary folder,
from the last one in the notebook's order back to the first, while the kernel goes through them from the first:
it takes a figure already there, waits for one being drawn, and draws one nobody has started (the copy then
skips it). Each figure has a lock file (``flock``) that its drawer holds, so no figure is drawn twice
and nobody reads a half-written one (a result appears whole, by rename).

Whoever draws it, a figure's bytes are the same: the same function on the same data (a test renders a report
with and without the folder and compares). The folder lives only as long as the run; a notebook run anywhere
else (JupyterLab, the executed notebook run again) finds no folder and draws everything itself.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["attach", "figures_folder_name", "producing", "shared_png"]

_local = threading.local()


def figures_folder_name(sha256: str) -> str:
    """The start of the folder's name for a report whose scores file has this SHA-256: a folder made for other
    data is never read."""
    return f".figures-{sha256[:16]}"


def attach(folder: str | Path, sha256: str) -> bool:
    """In the kernel: take figures from ``folder`` when it exists and was made for this data; True if so."""
    path = Path(folder) if folder else None
    if path is None or not path.name.startswith(figures_folder_name(sha256)) or not path.is_dir():
        _local.folder, _local.producer = None, False
        return False
    _local.folder, _local.producer = path, False
    return True


@contextmanager
def producing(folder: Path) -> Iterator[None]:
    """In ``tthc report``'s drawing thread: figures requested inside are drawn into ``folder`` (unless the kernel
    has them already or is drawing them) and not returned."""
    folder.mkdir(exist_ok=True)
    _local.folder, _local.producer = folder, True
    try:
        yield
    finally:
        _local.folder, _local.producer = None, False


def shared_png(key: tuple, draw: Callable[[], bytes]) -> bytes:
    """The bytes ``draw`` makes for the figure identified by ``key`` (its caption and alternative text): made here,
    or taken from the other process. The producer gets ``b""`` for a figure it left to the kernel."""
    folder: Path | None = getattr(_local, "folder", None)
    if folder is None:
        return draw()
    producer = _local.producer
    name = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:24]
    result = folder / f"{name}.png"
    descriptor = os.open(folder / f"{name}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if producer:
                return b""  # the kernel is drawing it
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # the other process is drawing it: wait for it
        if result.is_file():
            return b"" if producer else result.read_bytes()
        data = draw()
        partial = result.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, result)
        return data
    finally:
        os.close(descriptor)  # releases the lock
