"""`tthc report` with a browser that crashes or stalls (issue 14): exit 1 in bounded time, the stage named,
no staging folder left, the previous report intact."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
SMALL = REPO / "tests" / "fixtures" / "small"
TIMEOUT = 3

FAKES = {"dies": "head -c 20 <&3 >/dev/null 2>&1; kill -9 $$", "stalls": "sleep 600"}


@pytest.mark.parametrize("name", ["dies", "stalls"])
def test_broken_browser_ends_the_run_cleanly(name, tmp_path):
    browser = tmp_path / f"fake-{name}"
    browser.write_text(f"#!/bin/sh\n{FAKES[name]}\n", encoding="utf-8")
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    out = tmp_path / "out"
    out.mkdir()
    (out / "bao-cao-tthc-2024.html").write_text("báo cáo trước", encoding="utf-8")
    env = {**os.environ, "TTHC_CHROMIUM": str(browser), "TTHC_PDF_TIMEOUT": str(TIMEOUT)}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "tthc_analysis.cli", "report", "--year", "2024", "--data-dir",
                           str(SMALL), "--out", str(out), "--quiet"], capture_output=True, text=True, env=env,
                          timeout=600)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Bước “Xuất PDF (A4)” thất bại" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-tthc-2024.html"]
    assert (out / "bao-cao-tthc-2024.html").read_text(encoding="utf-8") == "báo cáo trước"
    print(f"{name}: {time.monotonic() - start:.1f} s")


def test_chromium_variable_naming_nothing_refused_before_work(tmp_path):
    env = {**os.environ, "TTHC_CHROMIUM": str(tmp_path / "nothing")}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "tthc_analysis.cli", "report", "--year", "2024", "--data-dir",
                           str(SMALL), "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env,
                          timeout=600)  # fmt: skip
    assert done.returncode == 1 and "TTHC_CHROMIUM" in done.stderr
    assert not (tmp_path / "out").exists()
    assert time.monotonic() - start < 20
