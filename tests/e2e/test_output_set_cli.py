"""`tthc report` and the output folder (issue 14): --no-pdf over a full report, --out a file, --all with a bad year."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
SMALL = REPO / "tests" / "fixtures" / "small"


def tthc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tthc_analysis.cli", *args], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "COLUMNS": "200"})  # fmt: skip


def test_no_pdf_over_a_full_report_removes_the_old_pdf_and_reviewer_html(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("bao-cao-tthc-2024.pdf", "bao-cao-tthc-2024-kem-ma-nguon.html", "bao-cao-tthc-2024.html"):
        (out / name).write_text("báo cáo cũ", encoding="utf-8")
    done = tthc("report", "--year", "2024", "--data-dir", str(SMALL), "--out", str(out), "--no-pdf", "--quiet")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "bang-xep-hang-2024.csv", "bang-xep-hang-2024.xlsx", "bao-cao-tthc-2024.docx", "bao-cao-tthc-2024.html",
        "bao-cao-tthc-2024.ipynb",
    ]  # fmt: skip


def test_out_that_is_a_file_is_one_line_and_exit_1(tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    done = tthc("report", "--year", "2024", "--data-dir", str(SMALL), "--out", str(target), "--no-pdf")
    assert done.returncode == 1
    assert "không phải thư mục" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_out_below_a_file_is_one_line_and_exit_1(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    done = tthc("report", "--year", "2024", "--data-dir", str(SMALL), "--out", str(target / "2024"), "--no-pdf")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_all_writes_nothing_when_one_year_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SMALL / "2024", data / "2024")
    shutil.copytree(SMALL / "2024", data / "2025")
    (data / "2025" / "metadata.toml").write_text("locality = 123\n", encoding="utf-8")
    out = tmp_path / "reports"
    start = time.monotonic()
    done = tthc("report", "--all", "--data-dir", str(data), "--out", str(out), "--no-pdf", "--quiet")
    assert done.returncode == 2, done.stderr
    assert "locality" in done.stderr
    assert not out.exists() or not any(out.rglob("*"))
    assert time.monotonic() - start < 60


def test_identical_runs_give_identical_notebook_and_workbook(tmp_path):
    out = tmp_path / "out"
    args = ("report", "--year", "2024", "--data-dir", str(SMALL), "--out", str(out), "--no-pdf", "--quiet")
    assert tthc(*args).returncode == 0
    first = {name: (out / name).read_bytes() for name in ("bao-cao-tthc-2024.ipynb", "bang-xep-hang-2024.xlsx")}
    time.sleep(1.1)  # a clock read into either file would now differ
    assert tthc(*args).returncode == 0
    for name, data in first.items():
        assert (out / name).read_bytes() == data, name


@pytest.fixture
def small_mount(tmp_path):
    """Two tiny tmpfs mounts, one full after a few KB and one read-only (root only; skipped elsewhere)."""
    full, read_only = tmp_path / "full", tmp_path / "ro"
    full.mkdir()
    read_only.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = []
    for folder, options in ((full, "size=64k"), (read_only, "ro,size=64k")):
        if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]).returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(folder)
    yield full, read_only
    for folder in mounted:
        subprocess.run(["umount", str(folder)])


def test_full_and_read_only_disks_are_one_line_and_exit_1(small_mount):
    full, read_only = small_mount
    for out, reason in ((full / "r", "ổ đĩa đã đầy"), (read_only / "r", "chỉ cho phép đọc")):
        done = tthc("report", "--year", "2024", "--data-dir", str(SMALL), "--out", str(out), "--no-pdf", "--quiet")
        assert done.returncode == 1 and reason in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert not out.exists() or not any(out.iterdir())
