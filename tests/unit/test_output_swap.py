"""Old set or new set, never a mix, even when killed during the move (issue 14).

A child process stages a new set and moves it into place; it is killed by SIGKILL just before the k-th
file-system change of the move (every rename, exchange, unlink and rmdir it makes, counted), for k = 1, 2, …
until a run completes. After each kill the output folder must hold exactly the old set or exactly the new set;
the next run then removes what the killed one left beside it, without changing the set in place.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from tthc_analysis.render import swap as swap_module
from tthc_analysis.render.staging import move_into_place, staging_folder

OLD = {"a.html": "cũ", "a.pdf": "cũ", "a.csv": "cũ", "a.ipynb": "cũ"}
NEW = {"a.html": "mới", "a.csv": "mới", "a.ipynb": "mới", "a.docx": "mới"}  # no PDF: the old one must go
NAMES = {"a.html", "a.pdf", "a.csv", "a.ipynb", "a.docx", "a.failed.ipynb"}
MUTATIONS = ("rename", "replace", "unlink", "rmdir")


def visible(folder: Path) -> dict[str, str] | None:
    """The set a reader sees: the folder's files (hidden ones aside), None when there is no folder."""
    if not folder.is_dir():
        return None
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if not p.name.startswith(".")}


def _move_killed_at(out: Path, step: int, exchange_works: bool) -> None:
    """In a child: stage NEW, then move it with SIGKILL just before the ``step``-th file-system change."""
    with staging_folder(out, NAMES) as staging:
        for name, text in NEW.items():
            (staging / name).write_text(text, encoding="utf-8")
        done = [0]

        def counted(function):
            def call(*args, **kwargs):
                done[0] += 1
                if done[0] == step:
                    os.kill(os.getpid(), signal.SIGKILL)
                return function(*args, **kwargs)

            return call

        for name in MUTATIONS:
            setattr(os, name, counted(getattr(os, name)))

        def unsupported(first, second):
            raise OSError(errno.EINVAL, "RENAME_EXCHANGE unsupported")

        swap_module.exchange = counted(swap_module.exchange if exchange_works else unsupported)
        move_into_place(staging, out, last="a.html", stale=sorted(NAMES))
    os._exit(0)


def _run(out: Path, step: int, exchange_works: bool = True) -> int:
    child = multiprocessing.get_context("fork").Process(target=_move_killed_at, args=(out, step, exchange_works))
    child.start()
    child.join(60)
    return child.exitcode


def _next_run(out: Path) -> None:
    """A later run into the same folder: stale staging folders (made old, their owner dead) are dealt with."""
    past = time.time() - 3600
    for folder in [*out.parent.glob(".tthc-*"), *out.glob(".staging-*")]:
        os.utime(folder, (past, past))
    with staging_folder(out, NAMES):
        pass


def _sweep(tmp_path: Path, old: dict[str, str] | None, exchange_works: bool = True) -> list[dict | None]:
    """Kill at every step of the move in turn; return what a reader saw after each kill, then after completion."""
    seen = []
    for step in range(1, 60):
        root = tmp_path / f"k{step}"
        out = root / "2024"
        root.mkdir()
        if old is not None:
            out.mkdir()
            for name, text in old.items():
                (out / name).write_text(text, encoding="utf-8")
        code = _run(out, step, exchange_works)
        after_kill = visible(out)
        seen.append(after_kill)
        _next_run(out)
        assert visible(out) in (old, NEW), (step, visible(out))  # the next run never leaves a mix
        if after_kill == NEW or exchange_works:
            assert visible(out) == after_kill  # …and never undoes a set in place
        beside = sorted(p.name for p in root.iterdir())
        assert beside == ([] if visible(out) is None else ["2024"]), (step, beside)  # nothing left beside it
        if out.is_dir():
            assert {p.name for p in out.iterdir()} <= set(NEW) | set(OLD) | {".tthc-staging"}, step
        if code == 0:
            return seen
        assert code == -signal.SIGKILL
    raise AssertionError("the move never completed")


def test_a_kill_at_any_step_of_the_exchange_leaves_the_old_set_or_the_new_set(tmp_path):
    seen = _sweep(tmp_path, OLD)
    assert all(state in (OLD, NEW) for state in seen), seen
    assert seen[0] == OLD and seen[-1] == NEW and len(seen) >= 4  # the sweep went through the move


def test_a_first_run_killed_at_any_step_leaves_no_folder_or_the_new_set(tmp_path):
    seen = _sweep(tmp_path, None)
    assert all(state in (None, NEW) for state in seen), seen
    assert seen[-1] == NEW


def test_an_empty_folder_is_replaced_whole(tmp_path):
    seen = _sweep(tmp_path, {})
    assert all(state in ({}, NEW) for state in seen), seen


def test_without_rename_exchange_the_journal_is_finished_by_the_next_run(tmp_path):
    # The fallback's weaker guarantee: a kill between two renames leaves a mix until the next run finishes it.
    seen = _sweep(tmp_path, OLD, exchange_works=False)
    assert seen[-1] == NEW
    assert any(state not in (OLD, NEW) for state in seen)  # the journal's window exists (and is closed later)


def test_a_folder_holding_a_users_file_keeps_it_through_every_kill(tmp_path):
    mine = {**OLD, "ghi-chu.txt": "của người dùng"}
    for step in range(1, 40):
        out = tmp_path / f"k{step}" / "2024"
        out.mkdir(parents=True)
        for name, text in mine.items():
            (out / name).write_text(text, encoding="utf-8")
        code = _run(out, step)
        assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "của người dùng"
        assert not list(out.parent.glob(".tthc-*"))  # staged inside, never swapped
        _next_run(out)
        assert visible(out) == {**NEW, "ghi-chu.txt": "của người dùng"} or visible(out) == mine
        if code == 0:
            return
    raise AssertionError("the move never completed")


def test_a_dedicated_folder_keeps_its_permissions(tmp_path):
    out = tmp_path / "2024"
    out.mkdir()
    out.chmod(0o750)
    (out / "a.html").write_text("cũ", encoding="utf-8")
    assert _run(out, 10**6) == 0
    assert visible(out) == NEW and out.stat().st_mode & 0o777 == 0o750


@pytest.mark.parametrize("entry", ["symlink", "folder"])
def test_a_folder_with_anything_else_is_not_swapped(tmp_path, entry):
    out = tmp_path / "2024"
    out.mkdir()
    (out / "a.html").write_text("cũ", encoding="utf-8")
    if entry == "symlink":
        (out / "a.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    else:
        (out / "anh").mkdir()
    with staging_folder(out, NAMES) as staging:
        assert staging.parent == out  # the journal, inside the folder


def test_sibling_staging_folders_are_removed_only_when_marked_and_their_owner_is_gone(tmp_path):
    from tthc_analysis.render.staging import STAGING_MARKER, folder_lock

    out = tmp_path / "2024"
    dead, live, foreign, other = (tmp_path / f".tthc-2024.{s}" for s in ("dead0000", "live0000", "user0000", "x"))
    for folder in (dead, live, foreign, other):
        folder.mkdir()
    for folder in (dead, live, other):
        (folder / STAGING_MARKER).write_text("tthc-analysis\n", encoding="utf-8")
    (foreign / "du-lieu.csv").write_text("của người dùng", encoding="utf-8")  # a name like ours, no marker
    past = time.time() - 3600
    for folder in (dead, live, foreign, other):
        os.utime(folder, (past, past))
    with folder_lock(live), staging_folder(out, NAMES):  # a run still alive holds its folder's lock
        pass
    assert not dead.exists()
    assert live.is_dir() and (foreign / "du-lieu.csv").is_file()
    assert other.is_dir()  # ".tthc-2024.x" is not a staging name of 2024 (nor of any folder: wrong length)
