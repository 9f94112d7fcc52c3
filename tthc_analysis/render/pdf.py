"""The HTML printed to an A4 PDF by headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tthc_analysis.config import chromium_candidates
from tthc_analysis.errors import PrinterError, RenderError
from tthc_analysis.render.chromium import PdfPrinter

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-pdf-header-footer",
]


PDF_TIMEOUT_SECONDS = 180


def find_chromium() -> str:
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
                          timeout=PDF_TIMEOUT_SECONDS)  # fmt: skip
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
            pdf_path.unlink(missing_ok=True)
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="tthc-chromium-") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
                   html_path.resolve().as_uri()]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(f"Chromium không xuất xong PDF sau {PDF_TIMEOUT_SECONDS} giây.") from exc
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        detail = (done.stderr or "").strip().splitlines()[-1:] or ["không rõ lỗi"]
        raise RenderError(f"Chromium không xuất được PDF (mã {done.returncode}): {detail[0]}")
