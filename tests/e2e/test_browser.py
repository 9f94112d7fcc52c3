"""The rendered 2021 HTML opened in headless Chromium: it paints, logs no page errors, and the table is whole.

What this Chromium prints on a clean page (checked on Debian's chromium 156): D-Bus connection errors,
vaapi/sandbox/ScreenSaver warnings and a line from the wrapper script. None of these is about the page.
Page problems arrive as ``INFO:CONSOLE:<line>] "<message>", source: <url>`` lines (uncaught exceptions read
``"Uncaught ..."``; the console level itself is not printed) and network failures as ``net::ERR_...``
with the URL. ``page_problems`` keeps exactly those; ``test_the_filter_catches_a_broken_page`` shows it
catches a page that does go wrong.
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from expected import FULL_2021, shared_render

from tthc_analysis.config import chromium_candidates
from tthc_analysis.render.chromium import remove_singleton_folder
from tthc_analysis.render.pdf import CHROMIUM_FLAGS

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
DATA = REPO / "data"


# The flags the PDF is printed with, plus logging to read page errors and a fixed window.
FLAGS = [*CHROMIUM_FLAGS, "--enable-logging=stderr", "--v=0", "--window-size=1200,2000"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chromium_path() -> str:
    for name in chromium_candidates():  # the same browser the PDF is printed with
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed")


def run_chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [chromium_path(), *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        remove_singleton_folder(str(profile))


_CONSOLE_PROBLEM = re.compile(r"\berror\b|uncaught|refused to|failed to load", re.I)
_NET_ERROR = re.compile(r"\bnet::ERR_[A-Z_]+|\bERR_[A-Z_]{3,}")
_URL = re.compile(r"\b(?:file|https?)://")


def page_problems(stderr: str) -> list[str]:
    """Lines of Chromium's log that report a problem of the page: console errors and failed requests."""
    problems = []
    for line in stderr.splitlines():
        if ":CONSOLE" in line and _CONSOLE_PROBLEM.search(line):
            problems.append(line)
        elif _NET_ERROR.search(line) and _URL.search(line):
            problems.append(line)
    return problems


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    chromium_path()
    return shared_render(tmp_path_factory, "render-2021-full", **FULL_2021) / "bao-cao-tthc-2021.html"


def test_report_paints_without_page_errors(report_html, tmp_path):
    shot = tmp_path / "shot.png"
    done = run_chromium(report_html, tmp_path / "profile", f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert page_problems(done.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > 20_000
    width, height = struct.unpack(">II", data[16:24])  # IHDR
    assert (width, height) == (1200, 2000)


def test_ranking_table_in_the_dom_has_sixteen_rows(report_html, tmp_path):
    done = run_chromium(report_html, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    table = re.search(r'<table class="ranking">(.*?)</table>', dom, re.S)
    assert table is not None
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S).group(1)
    assert len(re.findall(r"<tr\b", body)) == 16
    units = re.findall(r'<td class="unit"><bdi>([^<]*)</bdi></td>', body)
    assert units[:2] == ["Phường 3", "Phường 6"] and units[-1] == "Phường 8"
    assert len(units) == 16


def test_report_css_applies(report_html, tmp_path):
    # The report's own CSS is in force: appendix headings in its accent colour (--accent in report.css), the
    # page white.
    css = (REPO / "tthc_analysis" / "resources" / "nbconvert" / "tthc" / "static" / "report.css").read_text()
    accent = re.search(r"--accent:\s*#([0-9a-fA-F]{6})\s*;", css).group(1)
    r, g, b = (int(accent[i : i + 2], 16) for i in (0, 2, 4))
    # A copy of the report with a probe that writes computed styles into the DOM, read back with --dump-dom.
    probe = tmp_path / "probe.html"
    script = (
        '<script>document.body.setAttribute("data-probe", ['
        'getComputedStyle(document.querySelector("h2.appendix")).color, '
        'getComputedStyle(document.querySelector("main")).backgroundColor].join("|"))</script></body>'
    )
    probe.write_text(report_html.read_text(encoding="utf-8").replace("</body>", script), encoding="utf-8")
    done = run_chromium(probe, tmp_path / "profile", "--dump-dom")
    assert f'data-probe="rgb({r}, {g}, {b})|rgb(255, 255, 255)"' in done.stdout


def test_on_a_phone_the_ranking_scrolls_sideways_and_the_page_does_not(report_html, tmp_path):
    """On a narrow window the page is no wider than the window; the ranking is wider than its box, which scrolls.

    Headless Chromium lays out no narrower than 500 px whatever --window-size asks: the page is compared
    with the window's own width."""
    probe = tmp_path / "phone.html"
    script = (
        '<script>const box = document.querySelector(".section-ranking .table-scroll");'
        'document.body.setAttribute("data-probe", [document.documentElement.scrollWidth, window.innerWidth, box.clientWidth,'
        'box.scrollWidth, getComputedStyle(box).overflowX].join("|"))</script></body>'
    )
    probe.write_text(report_html.read_text(encoding="utf-8").replace("</body>", script), encoding="utf-8")
    done = run_chromium(probe, tmp_path / "profile", "--window-size=390,800", "--dump-dom")
    page, window, box, table, overflow = re.search(r'data-probe="([^"]*)"', done.stdout).group(1).split("|")
    assert int(window) <= 500 and int(page) <= int(window)
    assert int(box) < int(table) and overflow == "auto"


def test_the_filter_catches_a_broken_page(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><body><p>x</p><script>throw new Error("boom");</script></body></html>', encoding="utf-8"
    )
    done = run_chromium(page, tmp_path / "profile", f"--screenshot={tmp_path / 'shot.png'}")
    problems = page_problems(done.stderr)
    assert len(problems) == 1
    assert "Uncaught Error: boom" in problems[0]


# --- hostile input: a report built from script-bearing names and metadata runs nothing ------------

HOSTILE = TESTS / "fixtures" / "hostile"
# Each payload in tests/fixtures/hostile, had it run, would leave one of these marks in the DOM.
PWNED_TITLE = "<title>PWNED</title>"
REPORT_TITLE = "<title>Báo cáo đánh giá việc giải quyết thủ tục hành chính</title>"
PWNED_ELEMENT = re.compile(r'<div id="pwned">')  # as the browser serialises an element it added
PWNED_ATTRIBUTE = re.compile(r"<body\b[^>]*\bdata-pwned\b")
# The first and third unit names of tests/fixtures/hostile/2024/scores.csv, as written there.
SCRIPT_UNIT = (
    '<script>document.title="PWNED";document.body.appendChild(document.createElement("div")).id="pwned"</script>'
)
CLOSING_TD_UNIT = "Xã </td><script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> Path:
    chromium_path()
    out = shared_render(tmp_path_factory, "render-hostile-2024", year=2024, data_dir=HOSTILE, pdf=False)
    return out / "bao-cao-tthc-2024.html"


def test_hostile_report_runs_no_script_and_shows_the_names_as_text(hostile_html, tmp_path):
    assert "<script" not in hostile_html.read_text(encoding="utf-8").lower()
    done = run_chromium(hostile_html, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert REPORT_TITLE in dom
    assert PWNED_TITLE not in dom
    assert not PWNED_ELEMENT.search(dom)
    assert not PWNED_ATTRIBUTE.search(dom)
    assert "<script" not in dom.lower()
    assert not re.search(r"<(img|iframe|svg)\b[^>]*\bon[a-z]+=", dom, re.I)
    assert page_problems(done.stderr) == []
    units = [html.unescape(u) for u in re.findall(r'<td class="unit"><bdi>([^<]*)</bdi></td>', dom)]
    assert len(units) == 9
    assert units[0] == SCRIPT_UNIT
    assert units[2] == CLOSING_TD_UNIT


def test_the_marks_would_show_if_a_payload_ran(hostile_html, tmp_path):
    # Control: the same report with the first payload pasted in unescaped does change the DOM, so the
    # absence of the marks above means nothing ran, not that the probe cannot see.
    page = tmp_path / "unescaped.html"
    page.write_text(hostile_html.read_text(encoding="utf-8").replace("</main>", SCRIPT_UNIT + "</main>"),
                    encoding="utf-8")  # fmt: skip
    dom = run_chromium(page, tmp_path / "profile", "--dump-dom").stdout
    assert PWNED_TITLE in dom
    assert PWNED_ELEMENT.search(dom)
