"""The HTML printed to an A4 PDF by headless Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tthc_analysis.config import chromium_candidates
from tthc_analysis.errors import PrinterError, RenderError
from tthc_analysis.render.chromium import PdfPrinter, remove_singleton_folder

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    # Headless Chromium still builds the address bar's drop-down (a WebUI page in a renderer of its own) that it
    # never shows: two thirds of its start-up processor time (0.7 of 1.05 s here) and 55 MiB. Names an older or
    # newer Chromium does not know are ignored.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
    "--no-pdf-header-footer",
]


PDF_TIMEOUT_SECONDS = 180


def pdf_timeout() -> float:
    """Seconds one browser may take for one PDF (``TTHC_PDF_TIMEOUT``, default 180); the stage takes at most twice
    that, as a failed early browser is followed by one fresh ``--print-to-pdf`` run."""
    text = os.environ.get("TTHC_PDF_TIMEOUT", "")
    try:
        value = float(text)
    except ValueError:
        return PDF_TIMEOUT_SECONDS
    return value if value > 0 else PDF_TIMEOUT_SECONDS


def find_chromium() -> str:
    """The browser to print with: ``TTHC_CHROMIUM`` if set (an error if it names nothing runnable), else the first
    of chromium, chromium-browser, google-chrome found on the PATH."""
    chosen = os.environ.get("TTHC_CHROMIUM")
    if chosen:
        found = shutil.which(chosen)
        if not found:
            raise RenderError(f"TTHC_CHROMIUM chỉ tới “{chosen}”, không phải một tệp chạy được; hãy sửa đường dẫn "
                              "hoặc bỏ biến này để dùng Chromium đã cài.")  # fmt: skip
        return found
    for candidate in chromium_candidates():
        found = shutil.which(candidate)
        if found:
            return found
    raise RenderError(
        "Không tìm thấy trình duyệt Chromium để xuất PDF. Cài đặt bằng: make system-deps "
        "(hoặc apt-get install chromium), hoặc đặt biến môi trường TTHC_CHROMIUM."
    )


def start_printer() -> PdfPrinter | None:
    """A headless Chromium started now, to print later; None if it cannot start (printing falls back)."""
    try:
        return PdfPrinter(find_chromium(), [f for f in CHROMIUM_FLAGS if f != "--no-pdf-header-footer"],
                          timeout=pdf_timeout())  # fmt: skip
    except (PrinterError, RenderError):
        return None


def print_pdf(html_path: Path, pdf_path: Path, printer: PdfPrinter | None = None) -> None:
    """Print an HTML file to an A4 PDF with headless Chromium (page size and numbers come from its CSS).

    With ``printer`` (a browser started earlier) the page is printed over its DevTools pipe; if that
    fails, or without one, ``chromium --print-to-pdf`` prints it, as the same browser would.
    """
    if printer is not None:
        try:
            printer.print_pdf(html_path, pdf_path)
            return
        except PrinterError:
            printer.kill()  # a browser that failed once is not asked again; a fresh one is tried below
            pdf_path.unlink(missing_ok=True)
    browser = find_chromium()
    timeout = pdf_timeout()
    with tempfile.TemporaryDirectory(prefix="tthc-chromium-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
                   html_path.resolve().as_uri()]  # fmt: skip
        # Its own process group, ended whole on a timeout: renderers left alive would hold the output pipes.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(process)
            raise RenderError(f"Chromium không xuất xong PDF sau {timeout:g} giây (TTHC_PDF_TIMEOUT).") from exc
        finally:
            _kill_group(process)
            remove_singleton_folder(profile)
    if process.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        detail = (stderr or "").strip().splitlines()[-1:] or ["không rõ lỗi"]
        raise RenderError(f"Chromium không xuất được PDF (mã {process.returncode}): {detail[0]}")


def _kill_group(process: subprocess.Popen) -> None:
    """End a browser's whole process group (what it started lives on after it otherwise)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError):
        pass
