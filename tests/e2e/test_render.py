"""`tthc report` end to end: files, text, self-containment, reproducibility, PDF, xlsx, refusals, failures.

Rendering takes several seconds, so each render runs once per session into a shared temporary
folder (see ``shared_render``) and the tests read the files it left.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import papermill
import pytest
from expected import FULL_2021, shared_render
from openpyxl import load_workbook

from tthc_analysis.cli import main
from tthc_analysis.config import output_names
from tthc_analysis.errors import ParameterError, RenderError
from tthc_analysis.render.parameters import check_parameters
from tthc_analysis.render.report import render_report

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
DATA = REPO / "data"
SMALL_SCORES = TESTS / "fixtures" / "small" / "2024" / "scores.csv"
FAILING_NOTEBOOK = TESTS / "fixtures" / "notebooks" / "failing.ipynb"

UNITS_2021 = [f"Phường {n}" for n in range(1, 13)] + ["Xã Xuân Thọ", "Xã Xuân Trường", "Xã Tà Nung", "Xã Trạm Hành"]

# Section I of shared/seed/bao-cao-danh-gia-tthc-2021-da-lat.txt, each sentence without its closing full
# stop (the seed ends some with one and some without), with the one deliberate correction
# "(đạt từ 12 đến 15 điểm)" -> "(đạt từ 12 đến dưới 15 điểm)". The heading loses its colon.
# As in the seed, the opening ("… như sau:") comes before the heading of Section I.
SEED_SECTION_I = [
    "UBND thành phố Đà Lạt báo cáo kết quả đánh giá, xếp hạng việc giải quyết TTHC năm 2021 "
    "tại UBND các phường, xã như sau:",
    "I. Kết quả thực hiện:",
    "Nhóm đạt mức độ xuất sắc (đạt từ 15 điểm trở lên): 12/16 đơn vị, chiếm tỷ lệ 75%",
    "Nhóm đạt mức độ tốt (đạt từ 12 đến dưới 15 điểm): 04/16 đơn vị, chiếm tỷ lệ 25%",
    "Nhóm đạt mức độ khá (đạt từ 09 đến dưới 12 điểm): Không",
    "Nhóm đạt mức độ trung bình và yếu: Không",
    "Đơn vị có điểm số cao nhất là: UBND Phường 3, 6 (đạt 16,00 điểm)",
    "Đơn vị có điểm số thấp nhất là: UBND Phường 8 (đạt 13,00 điểm)",
    "Điểm số bình quân cấp xã là: 15,30 điểm, xếp loại xuất sắc theo hướng dẫn",
    "(Chi tiết bảng xếp hạng giải quyết TTHC cấp xã năm 2021 kèm theo)",
]

# data/2021/scores.csv, summed by hand.
TOTALS_2021 = {
    "Phường 1": 15.85, "Phường 2": 15.75, "Phường 3": 16.0, "Phường 4": 15.7, "Phường 5": 15.9, "Phường 6": 16.0,
    "Phường 7": 14.5, "Phường 8": 13.0, "Phường 9": 15.8, "Phường 10": 15.9, "Phường 11": 14.0, "Phường 12": 15.65,
    "Xã Xuân Thọ": 15.75, "Xã Xuân Trường": 13.5, "Xã Tà Nung": 15.7, "Xã Trạm Hành": 15.8,
}  # fmt: skip


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees: tags dropped, entities unescaped, whitespace runs made one space."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def assert_in_order(sentences: list[str], text: str) -> None:
    position = -1
    for sentence in sentences:
        found = text.find(sentence, position + 1)
        assert found > position, f"not found (in order): {sentence!r}"
        position = found


def unit_cells(html: str) -> list[str]:
    return re.findall(r'<td class="unit"><bdi>([^<]*)</bdi></td>', html)


@pytest.fixture(scope="module")
def full_2021(tmp_path_factory) -> Path:
    """`render_report(2021)` with the PDF: the four files of an ordinary run."""
    return shared_render(tmp_path_factory, "render-2021-full", **FULL_2021)


@pytest.fixture(scope="module")
def cli_2021(tmp_path_factory) -> tuple[int, Path]:
    """A second 2021 render through the CLI (--no-pdf --with-code) into a folder holding a stale failed notebook."""
    out = tmp_path_factory.mktemp("render-2021-cli")
    (out / "bao-cao-tthc-2021.failed.ipynb").write_text("{}", encoding="utf-8")
    code = main(["report", "--year", "2021", "--data-dir", str(DATA), "--out", str(out),
                 "--no-pdf", "--with-code", "--quiet"])  # fmt: skip
    return code, out


@pytest.fixture(scope="module")
def small_2024(tmp_path_factory) -> Path:
    """The small fixture table (no metadata.toml) rendered for 2024 through ``scores=``."""
    return shared_render(tmp_path_factory, "render-small-2024", year=2024, scores=SMALL_SCORES, pdf=False)


@pytest.fixture(scope="module")
def html_2021(full_2021) -> str:
    return (full_2021 / "bao-cao-tthc-2021.html").read_text(encoding="utf-8")


# --- files ----------------------------------------------------------------------------------------


def test_output_names():
    assert output_names(2021) == {
        "ipynb": "bao-cao-tthc-2021.ipynb",
        "html": "bao-cao-tthc-2021.html",
        "pdf": "bao-cao-tthc-2021.pdf",
        "docx": "bao-cao-tthc-2021.docx",
        "xlsx": "bang-xep-hang-2021.xlsx",
        "csv": "bang-xep-hang-2021.csv",
        "code_html": "bao-cao-tthc-2021-kem-ma-nguon.html",
        "failed": "bao-cao-tthc-2021.failed.ipynb",
    }


def test_full_render_writes_the_six_files_and_nothing_else(full_2021):
    names = sorted(p.name for p in full_2021.iterdir())
    assert names == ["bang-xep-hang-2021.csv", "bang-xep-hang-2021.xlsx", "bao-cao-tthc-2021.docx", "bao-cao-tthc-2021.html",
                     "bao-cao-tthc-2021.ipynb", "bao-cao-tthc-2021.pdf"]  # fmt: skip
    for path in full_2021.iterdir():
        assert path.stat().st_size > 1000, path.name


# --- the HTML: content ----------------------------------------------------------------------------


def test_html_has_the_seeds_section_one(html_2021):
    assert_in_order(SEED_SECTION_I, visible_text(html_2021))


def test_html_names_all_sixteen_units(html_2021):
    text = visible_text(html_2021)
    for unit in UNITS_2021:
        assert unit in text
    assert sorted(unit_cells(html_2021)) == sorted(UNITS_2021)


def test_html_says_the_2021_table_is_reconstructed(html_2021):
    text = visible_text(html_2021)
    assert "Số liệu dựng lại." in text
    assert "Điểm từng chỉ số của từng đơn vị là giả định, không phải số liệu chính thức." in text
    # The per-unit table carries the note where its figures stand; the notice is in "Thông tin kỹ thuật".
    assert text.index("Bảng điểm từng đơn vị năm 2021 không được công bố") < text.index("CS: chỉ số")
    assert text.index("Thông tin kỹ thuật") < text.index("Số liệu dựng lại.")


def test_html_title_and_language(html_2021):
    assert '<html lang="vi">' in html_2021
    assert "<title>Báo cáo đánh giá việc giải quyết thủ tục hành chính</title>" in html_2021
    assert re.search(r'<meta charset="utf-8"/?>', html_2021)


def test_html_style_blocks_hold_only_css(html_2021):
    # A <style> inside <style> is CSS text to the browser and swallows the first rule (it once did: the
    # colour variables of :root were lost).
    blocks = re.findall(r"<style\b[^>]*>(.*?)</style>", html_2021, re.S | re.I)
    assert blocks
    for css in blocks:
        assert "<" not in css, css[:80]


# --- the HTML: self-contained, no machine path ----------------------------------------------------


def test_html_is_self_contained(html_2021):
    lowered = html_2021.lower()
    assert "<script" not in lowered
    assert "<link" not in lowered
    assert "<iframe" not in lowered
    assert "@import" not in lowered
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", lowered)
    targets = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", html_2021, re.I)
    assert [t for t in targets if re.match(r"(https?:)?//", t, re.I)] == []
    images = re.findall(r"<img\b[^>]*>", html_2021, re.I)
    assert len(images) == 3  # Hình 1, 2, 3
    for image in images:
        assert re.search(r'\bsrc="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', image), image[:120]
        assert re.search(r'\balt="[^"]+"', image)


def test_html_holds_no_machine_path(html_2021, full_2021, tmp_path_factory):
    for path in ("/work/", "/root", "/home/", str(REPO), str(tmp_path_factory.getbasetemp()), str(full_2021),
                 str(Path.home())):  # fmt: skip
        assert path not in html_2021, path


def test_two_renders_are_byte_identical(full_2021, cli_2021):
    _, second = cli_2021
    first_bytes = (full_2021 / "bao-cao-tthc-2021.html").read_bytes()
    second_bytes = (second / "bao-cao-tthc-2021.html").read_bytes()
    assert first_bytes == second_bytes


def test_two_renders_give_the_same_spreadsheet(full_2021, cli_2021):
    # The .xlsx files differ in their creation time stamp only; compare what the cells hold.
    _, second = cli_2021
    books = [load_workbook(folder / "bang-xep-hang-2021.xlsx") for folder in (full_2021, second)]
    contents = [{ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets} for wb in books]
    assert contents[0] == contents[1]


# --- the CLI render (--no-pdf --with-code) --------------------------------------------------------


def test_cli_render_succeeds_without_pdf_and_clears_a_stale_failure(cli_2021):
    code, out = cli_2021
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "bang-xep-hang-2021.csv", "bang-xep-hang-2021.xlsx", "bao-cao-tthc-2021-kem-ma-nguon.html", "bao-cao-tthc-2021.docx",
        "bao-cao-tthc-2021.html",
        "bao-cao-tthc-2021.ipynb",
    ]  # fmt: skip


def test_with_code_html_shows_the_notebook_source(cli_2021):
    _, out = cli_2021
    with_code = (out / "bao-cao-tthc-2021-kem-ma-nguon.html").read_text(encoding="utf-8")
    plain = (out / "bao-cao-tthc-2021.html").read_text(encoding="utf-8")
    for source in (
        "start_report",
        "sections.ranking_table",
        "from tthc_analysis import sections",
        "Các bảng trung gian để kiểm tra",
        "Tổng điểm (tính)",
    ):
        assert source in visible_text(with_code)
        assert source not in plain
    assert_in_order(SEED_SECTION_I, visible_text(with_code))


# --- the executed notebook ------------------------------------------------------------------------


def test_executed_notebook_has_outputs(full_2021):
    nb = nbformat.read(full_2021 / "bao-cao-tthc-2021.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    tags = [c.metadata.get("tags", []) for c in code]
    assert "injected-parameters" in tags[1]
    review = [c for c in code if "review" in c.metadata.get("tags", [])]
    assert [c.metadata["tthc"]["section"] for c in review] == [
        "Bảng điểm đã kiểm tra",
        "Bảng xếp hạng (số liệu)",
        "Số đơn vị theo xếp loại",
        "Thống kê theo chỉ số",
    ]
    shown = [c for c in code[3:] if c not in review]  # after parameters, injected parameters, loading the data
    assert len(shown) == 14  # the self-score section among them (empty: 2021 has no self-scores)
    for cell in shown:
        assert any("text/html" in o.get("data", {}) for o in cell.outputs), cell.metadata["tthc"]["section"]


def test_executed_notebook_reruns_where_it_is_saved(cli_2021, tmp_path):
    """Its paths are relative to its own folder: papermill re-runs it there as it is, with no parameter given."""
    _, out = cli_2021
    saved = out / "bao-cao-tthc-2021.ipynb"
    injected = next(
        c for c in nbformat.read(saved, as_version=4).cells if "injected-parameters" in c.metadata.get("tags", [])
    )
    assert 'data_dir = "' + os.path.relpath(DATA, out) + '"' in injected.source
    # Nothing of this machine's folders in papermill's record either: the source notebook relative to the output.
    record = nbformat.read(saved, as_version=4).metadata["papermill"]
    assert record["input_path"] == os.path.relpath(REPO / "notebooks" / "bao-cao-tthc.ipynb", out.resolve())
    rerun = tmp_path / "rerun.ipynb"
    papermill.execute_notebook(str(saved), str(rerun), cwd=str(out), kernel_name="python3", progress_bar=False)
    cells = [c for c in nbformat.read(rerun, as_version=4).cells if c.cell_type == "code"]
    assert not [o for c in cells for o in c.outputs if o.output_type == "error"]
    assert "UBND <bdi>Phường 3</bdi>, 6" in "".join(
        o.get("data", {}).get("text/html", "") for c in cells for o in c.outputs
    )
    # The saved notebook names no figure folder (it went with the staging area: its random name is emptied, so two
    # runs give one notebook) and the re-run draws every figure in its own kernel; in the run, `tthc report` drew
    # them alongside the kernel. The images are the same bytes.
    assert 'figure_cache = ""' in injected.source
    images = [_images(nbformat.read(path, as_version=4)) for path in (saved, rerun)]
    assert len(images[0]) == 3
    assert images[0] == images[1]


def _images(notebook) -> list[str]:
    """The base64 PNGs in a notebook's HTML outputs, in order."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            found += re.findall(r'src="data:image/png;base64,([^"]+)"', output.get("data", {}).get("text/html", ""))
    return found


# --- the PDF --------------------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def test_pdf_text_has_section_one_with_diacritics_and_page_numbers(full_2021):
    pdf = full_2021 / "bao-cao-tthc-2021.pdf"
    done = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    text = " ".join(done.stdout.decode("utf-8").split())
    assert_in_order(SEED_SECTION_I, text)
    assert "Trang 1/" in text
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    assert pages >= 2
    assert f"Trang {pages}/{pages}" in text


def test_pdf_is_a4(full_2021):
    info = subprocess.run([_tool("pdfinfo"), str(full_2021 / "bao-cao-tthc-2021.pdf")],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    # A4 is 210 x 297 mm = 595.28 x 841.89 pt; Chromium writes 594.96 x 841.92.
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    width, height = float(size.group(1)), float(size.group(2))
    assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1, info


# --- the xlsx -------------------------------------------------------------------------------------


def test_xlsx_ranking(full_2021):
    wb = load_workbook(full_2021 / "bang-xep-hang-2021.xlsx")
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["STT", "Đơn vị"]
    assert "Tổng điểm" in header and "Xếp loại" in header and "Xếp hạng" in header
    unit_col, total_col = header.index("Đơn vị"), header.index("Tổng điểm")
    rank_col = header.index("Xếp hạng")
    data = [row for row in ws.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int)]
    assert len(data) == 16
    assert [row[0] for row in data] == list(range(1, 17))
    totals = {row[unit_col]: row[total_col] for row in data}
    assert totals == TOTALS_2021
    # Numbers, not text (16.0 comes back from the file as the int 16).
    assert all(type(v) in (int, float) for v in totals.values())
    assert [row[rank_col] for row in data] == [1, 1, 3, 3, 5, 6, 6, 8, 8, 10, 10, 12, 13, 14, 15, 16]
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate


def test_xlsx_says_the_table_is_reconstructed(full_2021):
    wb = load_workbook(full_2021 / "bang-xep-hang-2021.xlsx")
    notes = [c.value for row in wb.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("Ghi chú:") and "dựng lại" in v for v in notes)
    info = {row[0]: row[1] for row in wb["Thông tin"].iter_rows(values_only=True)}
    assert info["Tình trạng số liệu"] == "Số liệu dựng lại"
    assert info["Tệp số liệu"] == "2021/scores.csv"


# --- a table without metadata ---------------------------------------------------------------------


def test_table_without_metadata_renders_and_says_what_is_unknown(small_2024):
    assert sorted(p.name for p in small_2024.iterdir()) == [
        "bang-xep-hang-2024.csv", "bang-xep-hang-2024.xlsx", "bao-cao-tthc-2024.docx", "bao-cao-tthc-2024.html",
        "bao-cao-tthc-2024.ipynb",
    ]  # fmt: skip
    text = visible_text((small_2024 / "bao-cao-tthc-2024.html").read_text(encoding="utf-8"))
    assert ("Bảng số liệu không kèm tệp thông tin (metadata.toml): chưa rõ địa phương, nguồn và tình trạng số liệu."
            in text)  # fmt: skip
    # Placeholders in the document, never "KHÔNG RÕ" or "Cơ quan báo cáo báo cáo …".
    assert "KHÔNG RÕ" not in text and "Cơ quan báo cáo báo cáo" not in text
    assert "Số: ……/BC-UBND" in text and "Kính gửi: ……" in text
    assert "Số liệu dựng lại" not in text
    assert "Đơn vị có điểm số cao nhất là: Sở Tư pháp tỉnh Lâm Đồng (đạt 17,50 điểm)." in text
    assert "Đơn vị có điểm số thấp nhất là: UBND Phường Cam Ly - Đà Lạt, Lâm Viên - Đà Lạt (đạt 10,00 điểm)." in text
    assert "Bảng xếp hạng giải quyết TTHC năm 2024" in text


# --- memory --------------------------------------------------------------------------------------


def test_the_report_process_drops_the_checked_report_once_the_worker_has_it(tmp_path, monkeypatch):
    # What frees a national file's check memory (render/worker.py, ReportWorker.read_back): the report process keeps
    # the worker's compact copy, and nothing holds the checked original by the time the notebook runs.
    import gc
    import weakref

    import tthc_analysis.render.report as report_module

    checked = []
    load = report_module.load_year_report

    def load_and_watch(*args, **kwargs):
        result = load(*args, **kwargs)
        checked.append(weakref.ref(result))
        return result

    render_files = report_module._render_files

    def render_files_once_dropped(named, year_report, *args, **kwargs):
        gc.collect()
        assert checked and checked[0]() is None
        assert year_report.sha256  # the copy it renders from
        return render_files(named, year_report, *args, **kwargs)

    monkeypatch.setattr(report_module, "load_year_report", load_and_watch)
    monkeypatch.setattr(report_module, "_render_files", render_files_once_dropped)
    result = render_report(2024, scores=SMALL_SCORES, out=tmp_path / "out", pdf=False, progress=False)
    assert (result.out_dir / "bao-cao-tthc-2024.html").is_file()


# --- refusals (no kernel) -------------------------------------------------------------------------


def test_unknown_parameter_is_refused():
    with pytest.raises(ParameterError, match="bogus"):
        check_parameters({"year": 2021, "bogus": 1})


def test_wrongly_typed_parameter_is_refused():
    with pytest.raises(ParameterError, match=r"“year” phải có kiểu int, nhận được str"):
        check_parameters({"year": "2021"})
    with pytest.raises(ParameterError, match=r"“year” phải có kiểu int, nhận được bool"):
        check_parameters({"year": True})


def test_missing_year_is_refused():
    with pytest.raises(ParameterError, match="year"):
        check_parameters({})


def test_good_parameters_pass():
    check_parameters({"year": 2021, "data_dir": "data", "scores_path": "", "scheme": ""})


def test_render_refuses_an_unknown_parameter_before_writing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match="bogus"):
        render_report(2021, data_dir=DATA, out=out, pdf=False, progress=False, extra_parameters={"bogus": 1})
    assert not out.exists()


def test_cli_missing_scores_file_exits_2_and_writes_nothing(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    code = main(["report", "--year", "2021", "--data-dir", str(empty), "--out", str(out), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert "Dữ liệu không hợp lệ" in err
    assert f"Tệp {empty / '2021' / 'scores.csv'}: không tìm thấy tệp điểm của năm 2021" in err
    assert not out.exists()


def test_cli_without_year_or_all_is_refused(capsys):
    assert main(["report"]) == 2
    assert capsys.readouterr().err == (
        "Cần chọn năm (--year <năm>), kỳ báo cáo (--period) hoặc lập báo cáo mọi năm (--all).\n"
    )


def test_cli_all_refuses_single_year_options(capsys):
    assert main(["report", "--all", "--year", "2021"]) == 2
    assert capsys.readouterr().err == "Tùy chọn --all không dùng cùng --year.\n"


# --- a failing notebook leaves the previous report alone ------------------------------------------


def test_failed_render_keeps_the_previous_report(full_2021, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for path in full_2021.iterdir():
        shutil.copy2(path, out / path.name)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    notebook = tmp_path / "nb" / "failing.ipynb"
    notebook.parent.mkdir()
    shutil.copy2(FAILING_NOTEBOOK, notebook)

    with pytest.raises(RenderError) as exc:
        render_report(2021, data_dir=DATA, notebook=notebook, out=out, pdf=False, progress=False)

    message = str(exc.value)
    assert "“Phần thử lỗi”" in message
    assert "RuntimeError: lỗi cố ý của sổ tay thử" in message
    failed = out / "bao-cao-tthc-2021.failed.ipynb"
    assert failed.is_file()
    assert str(failed) in message
    after = {p.name: p.read_bytes() for p in out.iterdir() if p != failed}
    assert after == before
    assert list(out.glob(".staging-*")) == [] and list(tmp_path.glob(".tthc-*")) == []
    kept = nbformat.read(failed, as_version=4)
    errors = [c for c in kept.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    assert [c.metadata["tthc"]["section"] for c in errors] == ["Phần thử lỗi"]


def test_failed_render_through_the_cli_exits_1(tmp_path, capsys, monkeypatch):
    # The CLI has no --notebook option; point the default at the failing fixture instead.
    import tthc_analysis.render as render

    notebook = tmp_path / "failing.ipynb"
    shutil.copy2(FAILING_NOTEBOOK, notebook)
    monkeypatch.setattr(render.render_report, "__kwdefaults__", {**render.render_report.__kwdefaults__,
                                                                  "notebook": notebook})  # fmt: skip
    out = tmp_path / "out"
    code = main(["report", "--year", "2021", "--data-dir", str(DATA), "--out", str(out), "--no-pdf", "--quiet"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("Không lập được báo cáo. Bước “Chạy sổ tay báo cáo” thất bại: Lỗi ở phần “Phần thử lỗi”")
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao-tthc-2021.failed.ipynb"]
