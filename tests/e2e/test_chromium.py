"""The early-started browser prints over its DevTools pipe; a failure falls back to `chromium --print-to-pdf`."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tthc_analysis.errors import PrinterError
from tthc_analysis.render.chromium import PdfPrinter
from tthc_analysis.render.pdf import CHROMIUM_FLAGS, find_chromium, print_pdf

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm; }} p {{ break-after: page; }}</style></head>
<body>{body}</body></html>"""


def write_page(tmp_path: Path, name: str, paragraphs: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(PAGE.format(body="".join(f"<p>{p}</p>" for p in paragraphs)), encoding="utf-8")
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


@pytest.fixture
def printer():
    with PdfPrinter(find_chromium(), [f for f in CHROMIUM_FLAGS if f != "--no-pdf-header-footer"]) as started:
        yield started


def test_one_browser_prints_several_documents_on_a4(printer, tmp_path):
    first = write_page(tmp_path, "a.html", ["Phường Xuân Hương - Đà Lạt", "Xã Tà Nung"])
    second = write_page(tmp_path, "b.html", ["Điểm bình quân 15,30"])
    printer.print_pdf(first, tmp_path / "a.pdf")
    printer.print_pdf(second, tmp_path / "b.pdf")
    assert pdf_pages(tmp_path / "a.pdf") == (2, "594.96 x 841.92 pts (A4)")
    assert pdf_pages(tmp_path / "b.pdf") == (1, "594.96 x 841.92 pts (A4)")
    pages = [page.strip() for page in pdf_text(tmp_path / "a.pdf").split("\f")]
    assert pages[:2] == ["Phường Xuân Hương - Đà Lạt", "Xã Tà Nung"]


def test_pipe_and_command_line_print_the_same_text(printer, tmp_path):
    page = write_page(tmp_path, "a.html", ["Thủ tục hành chính", "Xuất sắc, Tốt, Khá, Trung bình, Yếu"])
    printer.print_pdf(page, tmp_path / "pipe.pdf")
    print_pdf(page, tmp_path / "cli.pdf")
    assert pdf_text(tmp_path / "pipe.pdf") == pdf_text(tmp_path / "cli.pdf")


def test_a_closed_browser_is_reported_and_print_pdf_falls_back(tmp_path):
    page = write_page(tmp_path, "a.html", ["Phường 1"])
    printer = PdfPrinter(find_chromium(), [f for f in CHROMIUM_FLAGS if f != "--no-pdf-header-footer"])
    printer.close()
    with pytest.raises(PrinterError):
        printer.print_pdf(page, tmp_path / "x.pdf")
    print_pdf(page, tmp_path / "fallback.pdf", printer)
    assert pdf_text(tmp_path / "fallback.pdf").strip() == "Phường 1"


def test_a_killed_browser_leaves_no_temporary_folder_behind(tmp_path, monkeypatch, request):
    # Chromium keeps a folder with its SingletonSocket in $TMPDIR and, killed, never removes it: one per report,
    # piling up in /tmp. The printer removes it with the profile.
    # A short folder of its own (pytest's are too long for the socket's path, and Chromium then aborts).
    watched = Path(tempfile.mkdtemp(prefix="tthc-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(watched, ignore_errors=True))
    monkeypatch.setenv("TMPDIR", str(watched))
    page = write_page(tmp_path, "a.html", ["Phường 1"])
    with PdfPrinter(find_chromium(), [f for f in CHROMIUM_FLAGS if f != "--no-pdf-header-footer"]) as started:
        started.print_pdf(page, tmp_path / "pipe.pdf")
    print_pdf(page, tmp_path / "cli.pdf")
    assert pdf_text(tmp_path / "pipe.pdf").strip() == pdf_text(tmp_path / "cli.pdf").strip() == "Phường 1"
    assert sorted(p.name for p in watched.iterdir()) == []


def test_the_browser_builds_no_address_bar_drop_down(printer):
    # Headless Chromium 156 preloads the address bar's drop-down, a WebUI page in a renderer of its own, two thirds
    # of its start-up processor time; the flags switch it off. Every target the browser has, its own pages included:
    targets = printer._call("Target.getTargets", {"filter": [{}]}, deadline=time.monotonic() + 30)["targetInfos"]
    urls = [t["url"] for t in targets]
    assert "about:blank" in urls  # the list does hold the browser's pages
    assert [u for u in urls if u.startswith("chrome://omnibox-popup")] == []
