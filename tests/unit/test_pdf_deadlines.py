"""The PDF stage always ends (issue 14): fake browsers that exit at once, stall, or die mid-run.

Each fake is a small shell script standing in for Chromium; ``TTHC_PDF_TIMEOUT`` is a couple of seconds.
"""

from __future__ import annotations

import signal
import stat
import time
from pathlib import Path

import pytest

from tthc_analysis.cli import main
from tthc_analysis.errors import RenderError
from tthc_analysis.render.chromium import PdfPrinter
from tthc_analysis.render.pdf import CHROMIUM_FLAGS, find_chromium, print_pdf, start_printer
from tthc_analysis.render.progress import Stages

TIMEOUT = 2.0
SMALL = Path(__file__).parents[1] / "fixtures" / "small" / "2024" / "scores.csv"

FAKES = {
    "exits": "exit 1",
    "stalls": "sleep 600",
    # Reads the first command from its pipe, then is killed as a crashed browser would be.
    "dies": "head -c 20 <&3 >/dev/null; kill -9 $$",
    # Starts a renderer-like child that keeps running, then stalls itself.
    "stalls_with_child": 'sleep 600 & echo $! > "$FAKE_CHILD_PID"; sleep 600',
    # The one-shot `--print-to-pdf=PATH` form only: writes a small PDF there.
    "prints": 'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 fake" > "${a#--print-to-pdf=}";; '
    'esac; done; case "$*" in *--remote-debugging-pipe*) exit 1;; esac',
}


def fake(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"fake-{name}"
    path.write_text(f"#!/bin/sh\n{FAKES[name]}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def page(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TTHC_PDF_TIMEOUT", str(TIMEOUT))
    path = tmp_path / "a.html"
    path.write_text("<!DOCTYPE html><p>Phường 1</p>", encoding="utf-8")
    return path


def run_bounded(page: Path, browser: Path, monkeypatch) -> tuple[str, float]:
    """print_pdf through an early printer and the fallback, both the fake; (error, seconds taken)."""
    monkeypatch.setenv("TTHC_CHROMIUM", str(browser))
    start = time.monotonic()
    printer = start_printer()
    assert printer is not None
    try:
        with pytest.raises(RenderError) as caught:
            print_pdf(page, page.with_suffix(".pdf"), printer)
    finally:
        printer.close()
    return str(caught.value), time.monotonic() - start


@pytest.mark.parametrize("name", ["exits", "dies"])
def test_crashed_browser_ends_at_once(name, page, tmp_path, monkeypatch):
    message, seconds = run_bounded(page, fake(tmp_path, name), monkeypatch)
    assert "Chromium không xuất được PDF" in message
    assert seconds < TIMEOUT  # neither the pipe nor the fallback waits on a dead browser
    assert not page.with_suffix(".pdf").exists()


@pytest.mark.parametrize("name", ["stalls", "stalls_with_child"])
def test_stalled_browser_ends_within_twice_the_timeout(name, page, tmp_path, monkeypatch):
    message, seconds = run_bounded(page, fake(tmp_path, name), monkeypatch)
    assert f"sau {TIMEOUT:g} giây" in message and "TTHC_PDF_TIMEOUT" in message
    assert seconds < 2 * TIMEOUT + 5


def test_stalled_browser_and_its_children_are_ended(page, tmp_path, monkeypatch):
    child_file = tmp_path / "child.pid"
    monkeypatch.setenv("FAKE_CHILD_PID", str(child_file))
    printer = PdfPrinter(str(fake(tmp_path, "stalls_with_child")), [], timeout=TIMEOUT)
    for _ in range(50):
        if child_file.exists() and child_file.read_text().strip():
            break
        time.sleep(0.1)
    child = int(child_file.read_text())
    assert running(child)
    printer.close()
    assert not running(child)


def running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped by init, does not run)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] not in {"Z", "X"}
    except OSError:
        return False


def test_the_command_line_leaves_sigpipe_ignored(tmp_path):
    """With SIGPIPE at its default, a browser dying under a write killed `tthc` silently with exit 141."""
    before = signal.getsignal(signal.SIGPIPE)
    try:
        main(["summary", str(SMALL)])
        assert signal.getsignal(signal.SIGPIPE) == before != signal.SIG_DFL
    finally:
        signal.signal(signal.SIGPIPE, before)


def test_fallback_prints_when_the_early_browser_crashed(page, tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_CHROMIUM", str(fake(tmp_path, "prints")))
    with PdfPrinter(str(fake(tmp_path, "dies")), CHROMIUM_FLAGS, timeout=TIMEOUT) as printer:
        print_pdf(page, page.with_suffix(".pdf"), printer)
    assert page.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_chromium_variable_naming_nothing_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(RenderError, match="TTHC_CHROMIUM"):
        find_chromium()


def test_a_failed_stage_is_named():
    stages = Stages(total=1, enabled=False)
    with pytest.raises(RenderError, match="Bước “Xuất PDF \\(A4\\)” thất bại: hỏng"):
        with stages.stage("pdf", "Xuất PDF (A4)"):
            raise RenderError("hỏng")
