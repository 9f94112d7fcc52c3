"""One consistent set of output files (issue 14): checked before the first rename, stale files removed in the
same move, a killed move finished by the next run, foreign folders left alone."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from tthc_analysis.errors import RenderError
from tthc_analysis.render import staging as staging_module
from tthc_analysis.render.staging import STAGING_MARKER, move_into_place, staging_folder

NEW = {"a.ipynb": "mới", "a.csv": "mới", "a.html": "mới"}


def stage(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def listing(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()}


def test_names_of_the_set_not_written_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stage(out, {"a.html": "cũ", "a.pdf": "cũ", "a-code.html": "cũ", "ghi-chu.txt": "của người dùng"})
    with staging_folder(out) as staging:
        stage(staging, NEW)
        move_into_place(staging, out, last="a.html", stale=["a.html", "a.pdf", "a-code.html", "a.csv", "a.ipynb"])
    assert listing(out) == {**NEW, "ghi-chu.txt": "của người dùng"}


def test_every_target_checked_before_the_first_rename(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stage(out, {"a.csv": "cũ"})
    (out / "a.html").mkdir()  # a folder under a final name
    with staging_folder(out) as staging:
        stage(staging, NEW)
        with pytest.raises(RenderError, match="thư mục trùng tên"):
            move_into_place(staging, out, last="a.html", stale=[])
    assert listing(out) == {"a.csv": "cũ"}


def test_a_symlink_under_a_final_name_is_replaced_not_followed(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.html"
    out.mkdir()
    elsewhere.write_text("không được đụng tới", encoding="utf-8")
    (out / "a.html").symlink_to(elsewhere)
    with staging_folder(out) as staging:
        stage(staging, NEW)
        move_into_place(staging, out, last="a.html", stale=[])
    assert elsewhere.read_text(encoding="utf-8") == "không được đụng tới"
    assert not (out / "a.html").is_symlink() and listing(out) == NEW


def test_foreign_staging_folders_are_left_alone(tmp_path):
    out = tmp_path / "out"
    foreign = out / ".staging-cua-nguoi-dung"
    foreign.mkdir(parents=True)
    (foreign / "du-lieu.csv").write_text("quan trọng", encoding="utf-8")
    old = time.time() - 3600
    os.utime(foreign, (old, old))
    with staging_folder(out):
        pass
    assert (foreign / "du-lieu.csv").read_text(encoding="utf-8") == "quan trọng"


def test_own_abandoned_staging_folders_are_removed(tmp_path):
    out = tmp_path / "out"
    abandoned = out / ".staging-abc"
    abandoned.mkdir(parents=True)
    (abandoned / STAGING_MARKER).write_text("tthc-analysis\n", encoding="utf-8")
    old = time.time() - 3600
    os.utime(abandoned, (old, old))
    with staging_folder(out):
        pass
    assert not abandoned.exists()


def _killed_mid_move(out: Path) -> None:
    """In a child: stage the new set, then die by SIGKILL right after the first file's rename."""
    calls = []
    real = os.replace

    def replace(source, target):
        real(source, target)
        calls.append(target)
        if len(calls) == 3:  # the commit marker, the stale removal is an unlink, then two files
            os.kill(os.getpid(), signal.SIGKILL)

    staging_module.os.replace = replace
    with staging_folder(out) as staging:
        stage(staging, NEW)
        move_into_place(staging, out, last="a.html", stale=["a.pdf"])


def test_a_move_killed_halfway_is_finished_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stage(out, {"a.html": "cũ", "a.pdf": "cũ", "a.csv": "cũ", "a.ipynb": "cũ"})
    child = multiprocessing.get_context("fork").Process(target=_killed_mid_move, args=(out,))
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    assert set(listing(out).values()) == {"cũ", "mới"}  # mixed until a run comes by
    old = time.time() - 3600
    for folder in out.glob(".staging-*"):
        os.utime(folder, (old, old))
    with staging_folder(out):
        pass
    assert listing(out) == NEW
    assert not list(out.glob(".staging-*"))
