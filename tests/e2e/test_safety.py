"""Hostile input and safe writing (issue #5, items 3 and 4).

* Hostile content: unit names and metadata carrying script and markup are escaped in the HTML; names a
  spreadsheet would evaluate stay text in the xlsx and are neutralised in the CSV; string parameters reach
  the notebook as data; output names come from the integer year alone.
* Safe writing: a run killed mid-way (the whole process group, or only the kernel) leaves the previous
  report byte-identical and nothing half-written under a final name; a later run removes the dead run's
  staging folder but not a live one; two runs of the same year into one folder both finish with one
  run's complete set; the move into place waits for the folder lock.

The browser side (scripts really do not run) is in test_browser.py.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from expected import shared_render
from openpyxl import load_workbook

from tthc_analysis.config import check_year, output_names
from tthc_analysis.errors import ParameterError
from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render.export import needs_neutralising, safe_cell_text, write_ranking_csv
from tthc_analysis.render.parameters import check_parameters
from tthc_analysis.render.report import render_report
from tthc_analysis.render.staging import folder_lock, output_lock

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
HOSTILE = TESTS / "fixtures" / "hostile"
SMALL_SCORES = TESTS / "fixtures" / "small" / "2024" / "scores.csv"

# The unit names of tests/fixtures/hostile/2024/scores.csv, in rank order, exactly as written there.
HOSTILE_UNITS = [
    '<script>document.title="PWNED";document.body.appendChild(document.createElement("div")).id="pwned"</script>',
    "Phường <img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    "Xã </td><script>alert(1)</script>",
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    '=HYPERLINK("http://x","y")',
    'Phường "Đà Lạt" & <b>đậm</b>',
]
FORMULA_LIKE = {"=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")'}
# Free text of tests/fixtures/hostile/2024/metadata.toml as the reader must see it.
HOSTILE_LOCALITY = '<script>document.title="PWNED"</script>thành phố <b>Thử</b>'
HOSTILE_SOURCE = "<a href=\"javascript:alert(1)\">nguồn</a><script>alert('source')</script>"
HOSTILE_NOTES = ("Ghi chú <script>document.body.appendChild(document.createElement('div')).id='pwned'</script> "
                 "và =1+1 cùng <style>body{display:none}</style> hết.")  # fmt: skip
FINAL_NAMES_2024 = [
    "bang-xep-hang-2024.csv",
    "bang-xep-hang-2024.xlsx",
    "bao-cao-tthc-2024.docx",
    "bao-cao-tthc-2024.html",
    "bao-cao-tthc-2024.ipynb",
]


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    """The hostile 2024 table rendered without PDF (shared with test_browser.py)."""
    return shared_render(tmp_path_factory, "render-hostile-2024", year=2024, data_dir=HOSTILE, pdf=False)


@pytest.fixture(scope="module")
def hostile_html(hostile_report) -> str:
    return (hostile_report / "bao-cao-tthc-2024.html").read_text(encoding="utf-8")


def _text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())


# --- HTML: hostile names and metadata are text -----------------------------------------------------


def test_no_markup_from_input_survives_in_the_html(hostile_html):
    lowered = hostile_html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<svg" not in lowered
    assert "<b>" not in lowered
    assert not re.search(r"<a\b[^>]*javascript:", lowered)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", lowered)  # no event-handler attribute on any tag
    # The report's only images are its charts, each an inline PNG.
    for image in re.findall(r"<img\b[^>]*>", hostile_html, re.I):
        assert re.match(r'<img\b[^>]*\bsrc="data:image/png;base64,', image), image[:120]
    # The only <style> blocks are the report's CSS: the one in the notes is text.
    for css in re.findall(r"<style\b[^>]*>(.*?)</style>", hostile_html, re.S | re.I):
        assert "body{display:none}" not in css.replace(" ", "")


def test_hostile_unit_names_show_as_text_in_the_ranking(hostile_html):
    cells = re.findall(r'<td class="unit"><bdi>([^<]*)</bdi></td>', hostile_html)
    assert [html.unescape(c) for c in cells] == HOSTILE_UNITS


def test_hostile_metadata_shows_as_text(hostile_html):
    text = _text_of(hostile_html)
    for value in (HOSTILE_LOCALITY, HOSTILE_SOURCE, HOSTILE_NOTES):
        assert value in text
    assert "&lt;script&gt;" in hostile_html


def test_hostile_names_in_the_executed_notebook_are_escaped(hostile_report):
    nb = nbformat.read(hostile_report / "bao-cao-tthc-2024.ipynb", as_version=4)
    shown = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if "text/html" in o.get("data", {})]  # fmt: skip
    assert shown
    for fragment in shown:
        assert "<script" not in fragment.lower()


# --- spreadsheets: no formula from input -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("Phường 1", "Phường 1"),
        ("Xã Tà Nung", "Xã Tà Nung"),
        ("a=b", "a=b"),
        ("'=1", "'=1"),
        ("", ""),
    ],
)
def test_safe_cell_text(text, expected):
    assert safe_cell_text(text) == expected


def test_needs_neutralising_only_where_a_spreadsheet_would_evaluate():
    assert [needs_neutralising(t) for t in ("=A1", "+1", "-1", "@x", "Phường 3", "Sở Tư pháp", "1-2")] == [
        True, True, True, True, False, False, False,
    ]  # fmt: skip


def test_xlsx_holds_hostile_names_as_text_never_as_formulas(hostile_report):
    path = hostile_report / "bang-xep-hang-2024.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][:2] == ["STT", "Đơn vị"]
    units = [ws.cell(row=r, column=2) for r in range(2, 11)]
    assert [c.value for c in units] == HOSTILE_UNITS
    for cell in units:
        assert cell.data_type == "s", cell.coordinate
        assert cell.quotePrefix is (cell.value in FORMULA_LIKE), cell.value
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    info = {row[0]: row[1] for row in wb["Thông tin"].iter_rows(values_only=True)}
    assert info["Địa phương"] == HOSTILE_LOCALITY
    assert info["Nguồn"] == HOSTILE_SOURCE
    # The file itself: no formula element anywhere in the sheets.
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert "<f>" not in archive.read(name).decode("utf-8")


def test_csv_ranking_is_utf8_with_bom_and_neutralised(tmp_path):
    path = tmp_path / "bang-xep-hang-2024.csv"
    write_ranking_csv(load_year_report(2024, HOSTILE), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0] == ["STT", "Đơn vị"] + [f"Chỉ số {n}" for n in range(1, 10)] + ["Tổng điểm", "Xếp loại", "Xếp hạng"]
    # Totals and bands summed by hand from the fixture (15, 14, ... 7).
    assert [r[1] for r in rows[1:]] == [
        HOSTILE_UNITS[0], HOSTILE_UNITS[1], HOSTILE_UNITS[2], "'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd",
        '\'=HYPERLINK("http://x","y")', HOSTILE_UNITS[8],
    ]  # fmt: skip
    assert rows[1] == ["1", HOSTILE_UNITS[0], "2", "2", "2", "2", "2", "2", "2", "1", "0", "15", "Xuất sắc", "1"]
    assert [r[-3:] for r in rows[4:]] == [
        ["12", "Tốt", "4"], ["11", "Khá", "5"], ["10", "Khá", "6"], ["9", "Khá", "7"], ["8", "Trung bình", "8"],
        ["7", "Trung bình", "9"],
    ]  # fmt: skip


# --- parameters: data, not code; names from the year alone -----------------------------------------

HOSTILE_STRINGS = [
    '"; import os; os.system("touch /tmp/pwned") #',
    "'; import os; os.system('touch /tmp/pwned') #",
    '\\"; import os; os.system("touch /tmp/pwned") #',
    'x"""\nimport os\nos.system("touch /tmp/pwned")\n"""',
    "x'''\nimport os\nos.system('touch /tmp/pwned')\n'''",
    "{os.system('touch /tmp/pwned')}",
    "x\\",
]


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_papermill_writes_a_string_parameter_as_a_literal(value):
    from papermill.parameterize import parameterize_notebook

    from tthc_analysis.config import REPORT_NOTEBOOK

    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    nb.metadata["papermill"] = {}  # what papermill.execute_notebook sets up before it parameterizes
    nb = parameterize_notebook(nb, {"year": 2024, "scores_path": value})
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    tree = ast.parse(injected[0].source)
    # Only plain assignments of constants: nothing to call, import or evaluate.
    assert all(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) for node in tree.body)
    values = {node.targets[0].id: node.value.value for node in tree.body}
    assert values == {"year": 2024, "scores_path": value}


def test_a_hostile_path_reaches_the_kernel_as_data(tmp_path, monkeypatch):
    # A real scores file in a folder whose name is Python code: it must be read, not run.
    marker = tmp_path / "pwned"
    monkeypatch.setenv("TTHC_PWNED", str(marker))
    evil = tmp_path / (
        'x\\"; import os; os.system("touch " + os.environ["TTHC_PWNED"]) #\n\'\'\'; os.system("touch x") #'
    )
    evil.mkdir()
    shutil.copy2(SMALL_SCORES, evil / "scores.csv")
    empty = tmp_path / "data"
    empty.mkdir()
    out = tmp_path / "out"
    render_report(2024, data_dir=empty, scores=evil / "scores.csv", out=out, pdf=False, progress=False)
    assert not marker.exists()
    assert sorted(p.name for p in out.iterdir()) == FINAL_NAMES_2024
    nb = nbformat.read(out / "bao-cao-tthc-2024.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    values = {n.targets[0].id: n.value.value for n in ast.parse(injected.source).body}
    assert values["scores_path"].endswith("#\n'''; os.system(\"touch x\") #/scores.csv")
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


@pytest.mark.parametrize("year", [1899, 2101, -1, 0, 10**12])
def test_year_outside_1900_to_2100_is_refused(year):
    with pytest.raises(ParameterError, match=r"^Năm đánh giá phải là số nguyên từ 1900 đến 2100, nhận được"):
        check_year(year)
    with pytest.raises(ParameterError, match=r"“year” phải là năm từ 1900 đến 2100"):
        check_parameters({"year": year})
    with pytest.raises(ParameterError):
        output_names(year)


@pytest.mark.parametrize("year", ["2021", "../2021", "2021/../../etc", 2021.0, True, None])
def test_output_names_take_only_an_integer_year(year):
    with pytest.raises(ParameterError, match="Năm đánh giá phải là số nguyên"):
        output_names(year)


def test_output_names_are_plain_names_for_every_allowed_year():
    for year in (1900, 2021, 2100):
        for name in output_names(year).values():
            assert name == Path(name).name
            assert re.fullmatch(r"[a-z-]+-\d{4}(-kem-ma-nguon)?(\.failed)?\.(ipynb|html|pdf|docx|xlsx|csv)", name), name


def test_render_refuses_a_bad_year_before_writing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match="1900 đến 2100"):
        render_report(3000, data_dir=HOSTILE, out=out, pdf=False, progress=False)
    assert not out.exists()


# --- safe writing: killed runs, stale staging, two runs at once ------------------------------------


def _start_report(out: Path, *extra: str) -> subprocess.Popen:
    """``tthc report`` for 2024 without PDF in its own process group (so the test can kill the whole group)."""
    args = extra or ("--data-dir", str(HOSTILE))
    command = [sys.executable, "-m", "tthc_analysis.cli", "report", "--year", "2024", *args, "--out", str(out),
               "--no-pdf", "--quiet"]  # fmt: skip
    return subprocess.Popen(command, cwd=REPO, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def _wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {predicate}")


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _kernels(pid: int) -> list[int]:
    kernels = []
    for child in _children(pid):
        try:
            cmdline = (Path("/proc") / str(child) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"ipykernel" in cmdline:
            kernels.append(child)
    return kernels


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture
def previous(hostile_report, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding an earlier good report, and its bytes."""
    out = tmp_path / "out"
    out.mkdir()
    for path in hostile_report.iterdir():
        shutil.copy2(path, out / path.name)
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


def _final_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".staging-")}


def _stagings(out: Path) -> list[Path]:
    """The staging folders of runs into ``out``: beside it (a dedicated folder, swapped whole) or inside it."""
    return [*out.parent.glob(f".tthc-{out.name}.*"), *out.glob(".staging-*")]


def test_killing_the_run_leaves_the_previous_report_and_a_later_run_cleans_up(previous):
    out, before = previous
    process = _start_report(out)
    # Mid-execution: the kernel runs (it starts early, while the data is checked) and the staging folder exists.
    kernels = _wait_for(lambda: _kernels(process.pid) if _stagings(out) else [])
    os.killpg(process.pid, signal.SIGKILL)
    for kernel in kernels:  # the kernel runs in a session of its own; end it too
        _kill(kernel)
    process.wait(timeout=30)
    assert _final_files(out) == before
    leftovers = _stagings(out)
    assert len(leftovers) == 1 and leftovers[0].is_dir() and leftovers[0].parent == out.parent  # beside it

    # A staging folder of a run still alive (its lock held) is left alone even when old.
    live = out / ".staging-live"
    live.mkdir()
    past = time.time() - 3600
    for folder in (leftovers[0], live):
        os.utime(folder, (past, past))  # both older than the next run
    with folder_lock(live):
        render_report(2024, data_dir=HOSTILE, out=out, pdf=False, progress=False)
    assert sorted(p.name for p in out.iterdir()) == [".staging-live", *FINAL_NAMES_2024]
    assert _stagings(out) == [live]


def test_killing_only_the_kernel_fails_cleanly_and_keeps_the_previous_report(previous):
    out, before = previous
    process = _start_report(out)
    kernels = _wait_for(lambda: _kernels(process.pid))
    # Killed as execution begins: the staging folder is made just before it. (It used to wait half a second
    # more, but since the figures are drawn beside the kernel the whole notebook can run in that time.)
    _wait_for(lambda: _stagings(out))
    for kernel in kernels:
        _kill(kernel)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert (
        "Không lập được báo cáo. Bước “Chạy sổ tay báo cáo” thất bại: Tiến trình chạy sổ tay (kernel) đã dừng đột ngột"
        in err
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging folder left either
    assert _stagings(out) == []


def test_the_move_into_place_waits_for_the_folder_lock(previous):
    out, before = previous
    with output_lock(out):
        process = _start_report(out)
        # Everything is staged (the xlsx is written last) but nothing may move while the lock is held.
        _wait_for(lambda: [p for p in _stagings(out) if (p / "bang-xep-hang-2024.xlsx").is_file()])
        time.sleep(1.5)
        assert process.poll() is None
        assert _final_files(out) == before
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert sorted(p.name for p in out.iterdir()) == FINAL_NAMES_2024


def test_two_runs_of_the_same_year_at_once_end_with_one_complete_set(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    runs = [_start_report(out, "--data-dir", str(HOSTILE)), _start_report(out, "--scores", str(SMALL_SCORES))]
    for run in runs:
        _, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
    assert sorted(p.name for p in out.iterdir()) == FINAL_NAMES_2024
    # Which run's HTML is in place, and are the notebook and the spreadsheet from that same run?
    cells = re.findall(
        r'<td class="unit"><bdi>([^<]*)</bdi></td>', (out / "bao-cao-tthc-2024.html").read_text(encoding="utf-8")
    )
    html_units = sorted(html.unescape(c) for c in cells)
    sheet = load_workbook(out / "bang-xep-hang-2024.xlsx").worksheets[0]
    xlsx_units = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int))
    assert html_units == xlsx_units
    nb = nbformat.read(out / "bao-cao-tthc-2024.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    small_won = "Sở Tư pháp tỉnh Lâm Đồng" in html_units
    assert html_units == (sorted(["Phường Lâm Viên - Đà Lạt", "Sở Tư pháp tỉnh Lâm Đồng",
                                  "Trung tâm Phục vụ Hành chính công", "Phường Xuân Hương - Đà Lạt",
                                  "Phường Cam Ly - Đà Lạt"]) if small_won else sorted(HOSTILE_UNITS))  # fmt: skip
    assert ("small/2024/scores.csv" in injected.source) is small_won
