"""The new set swapped in as a whole: a dedicated output folder exchanged with its complete successor in one call.

A report folder that holds nothing but this package's files (the default ``reports/<period>/``) is rebuilt as a
hidden sibling, ``<parent>/.tthc-<name>.<8 characters>``, and the two folders trade places with one
``renameat2(RENAME_EXCHANGE)`` (Linux 3.15, glibc 2.28): at every instant the name ``<name>`` is either the old
folder or the new one, whole, so a kill at any point leaves the old set or the new set, never a mix. A folder
that does not exist yet is created by a plain rename of the sibling. The old folder, now under the sibling's
name, is then removed; it carries the package's marker from before the exchange, so a run killed before that
removal leaves a folder the next run recognises and removes.

Everything else (a folder holding a user's files, a symlink, a mount point, the working directory, a file
system without RENAME_EXCHANGE) keeps the journal of :mod:`staging`: files renamed one by one after a commit
plan, finished by the next run when a kill interrupts them. A user's file is never moved, hidden or deleted.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import stat
from pathlib import Path

STAGING_PREFIX = ".staging-"  # a staging folder inside the output folder (the journal)
SIBLING_PREFIX = ".tthc-"  # a staging folder beside the output folder: .tthc-<name>.<8 characters>
SIBLING_SUFFIX_LENGTH = 8
STAGING_MARKER = ".tthc-staging"  # in every staging folder this package made, and only there
COMMIT_MARKER = ".tthc-commit"  # written before the journal's first rename: the move must be finished, not undone

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def sibling_pattern(out_dir: Path) -> str:
    """The glob of the sibling staging folders of ``out_dir``, and of no other folder's (the suffix has a fixed
    length, so ``.tthc-2024.x.abcd1234`` of a folder ``2024.x`` is not one of ``2024``'s)."""
    from glob import escape

    return escape(f"{SIBLING_PREFIX}{out_dir.name}.") + "?" * SIBLING_SUFFIX_LENGTH


def make_sibling(out_dir: Path) -> Path:
    """A new empty sibling staging folder (created with the process's umask, like any folder the user makes)."""
    for _ in range(100):
        folder = out_dir.parent / f"{SIBLING_PREFIX}{out_dir.name}.{secrets.token_hex(SIBLING_SUFFIX_LENGTH // 2)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(f"no free staging name beside {out_dir}")


def is_dedicated(out_dir: Path, names: set[str]) -> bool:
    """Whether ``out_dir`` may be replaced as a whole: missing, or a plain folder holding only files named in
    ``names`` and the package's marker, not a mount point, not the working directory or one above it."""
    if out_dir.is_symlink():
        return False
    if not out_dir.exists():
        return True
    if not out_dir.is_dir() or os.path.ismount(out_dir):
        return False
    here = Path.cwd().resolve()
    if out_dir.resolve() == here or out_dir.resolve() in here.parents:
        return False
    with os.scandir(out_dir) as entries:
        for entry in entries:
            if not entry.is_file(follow_symlinks=False) or entry.name not in names | {STAGING_MARKER}:
                return False
    return True


def exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically (``renameat2(RENAME_EXCHANGE)``); OSError when the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # glibc before 2.28
        raise OSError(38, "renameat2 is not available") from None  # ENOSYS
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(first), None, str(second))


def swap_into_place(staging: Path, out_dir: Path, names: set[str]) -> bool:
    """Put the complete folder ``staging`` (a sibling) in the place of ``out_dir`` in one step; remove the old one.

    Call it under the output lock. False, with nothing changed, when ``out_dir`` is not (or no longer) a
    dedicated folder or the file system cannot exchange: the caller then moves the files one by one.
    """
    if not is_dedicated(out_dir, names):
        return False
    if not out_dir.exists():
        try:
            os.rename(staging, out_dir)
        except OSError:
            return False  # created meanwhile, and not empty: the journal decides
        (out_dir / STAGING_MARKER).unlink(missing_ok=True)
        return True
    os.chmod(staging, stat.S_IMODE(out_dir.stat().st_mode))  # the folder keeps the permissions it had
    retired = out_dir / STAGING_MARKER
    retired.write_text("tthc-analysis\n", encoding="utf-8")  # the old folder, once swapped out, is the package's
    try:
        exchange(staging, out_dir)
    except OSError:
        retired.unlink(missing_ok=True)
        return False
    (out_dir / STAGING_MARKER).unlink(missing_ok=True)  # the new folder's copy of the marker
    _keep_foreign_files(old=staging, new=out_dir, names=names)
    remove_staging(staging)  # the old set
    return True


def remove_staging(folder: Path) -> None:
    """Remove a staging folder (or a swapped-out old one), its marker last: a kill midway leaves a marked folder
    (removed by the next run) or an empty one; errors are left to the next run too."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name == STAGING_MARKER:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
        (folder / STAGING_MARKER).unlink(missing_ok=True)
        folder.rmdir()
    except OSError:
        pass


def _keep_foreign_files(old: Path, new: Path, names: set[str]) -> None:
    """A file a user dropped into the folder between the check and the exchange goes on into the new folder."""
    for entry in os.scandir(old):
        if entry.name not in names | {STAGING_MARKER} and not (new / entry.name).exists():
            os.rename(entry.path, new / entry.name)
