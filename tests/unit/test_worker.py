"""The copy of the report process that draws the figures and writes the .docx and ranking files (render/worker.py)."""

from __future__ import annotations

import os

import pytest

from tthc_analysis.errors import RenderError
from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render.export import write_ranking_csv, write_ranking_xlsx
from tthc_analysis.render.official import official_document, write_official_docx
from tthc_analysis.render.worker import ReportWorker
from tthc_analysis.sections.figures import draw_figures_into
from tthc_analysis.sections.shared_figures import figures_folder_name

NAMES = {"docx": "bao-cao.docx", "xlsx": "bang.xlsx", "csv": "bang.csv"}


@pytest.fixture(scope="module")
def report():
    return load_year_report(2021)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_worker_writes_the_same_files_as_this_process(report, tmp_path):
    here, there = tmp_path / "here", tmp_path / "worker"
    here.mkdir()
    there.mkdir()
    write_official_docx(official_document(report, figures=False), here / NAMES["docx"])
    write_ranking_xlsx(report, here / NAMES["xlsx"])
    write_ranking_csv(report, here / NAMES["csv"])
    worker = ReportWorker()
    try:
        folder = worker.draw(report)
        worker.write(there, NAMES, False)
        worker.wait()
        drawn = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".png"}
    finally:
        worker.close()
    for name in NAMES.values():
        assert (there / name).read_bytes() == (here / name).read_bytes(), name
    # It drew every figure of the report, as this process draws them, in a folder named for the report's data,
    # removed by close().
    draw_figures_into(report, tmp_path / "figures")
    assert drawn == {p.name: p.read_bytes() for p in (tmp_path / "figures").iterdir() if p.suffix == ".png"}
    assert len(drawn) == 3  # the 2021 report has three figures
    assert folder.name.startswith(figures_folder_name(report.sha256))
    assert not folder.exists()
    assert _gone(worker.pid)


def test_a_failure_to_write_becomes_the_report_process_refusal(report, tmp_path):
    worker = ReportWorker()
    try:
        worker.draw(report)
        worker.write(tmp_path / "no such folder", NAMES, False)
        with pytest.raises(RenderError, match=r"^Không ghi được văn bản \.docx và bảng xếp hạng: .*no such folder"):
            worker.wait()
    finally:
        worker.close()
    assert list(tmp_path.iterdir()) == []


def test_a_worker_given_nothing_ends_quietly():
    # The data was refused: the report process closes the pipe before the first job.
    worker = ReportWorker()
    worker.wait()
    worker.close()
    assert _gone(worker.pid)
    assert worker.folder is None


def test_close_ends_a_worker_still_drawing_and_removes_its_folder(report):
    worker = ReportWorker()
    folder = worker.draw(report)
    worker.close()  # at once: it is still loading or drawing
    assert _gone(worker.pid)
    assert not folder.exists()
    worker.close()  # a second call does nothing


def test_a_worker_reaped_elsewhere_counts_as_done_when_every_file_is_there(report, tmp_path):
    # A SIGCHLD handler elsewhere in the process may reap the worker first: its exit status is then lost, and
    # only the files tell. They appear under their names only once all three are whole.
    worker = ReportWorker()
    try:
        worker.draw(report)
        worker.write(tmp_path, NAMES, False)
        os.waitpid(worker.pid, 0)  # what the other handler does
        worker.wait()
    finally:
        worker.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES.values())


def test_a_failed_worker_reaped_elsewhere_is_still_a_refusal(report, tmp_path):
    worker = ReportWorker()
    try:
        worker.draw(report)
        worker.write(tmp_path / "no such folder", NAMES, False)
        os.waitpid(worker.pid, 0)
        with pytest.raises(RenderError, match=r"^Không ghi được văn bản \.docx và bảng xếp hạng: .*no such folder"):
            worker.wait()
    finally:
        worker.close()


def test_a_worker_that_leaves_no_file_and_no_word_is_not_taken_as_done(report, tmp_path):
    worker = ReportWorker()
    try:
        worker.draw(report)
        os.kill(worker.pid, 9)  # ended before its files, then reaped by someone else: no status, no message
        os.waitpid(worker.pid, 0)
        worker.write(tmp_path, NAMES, False)
        with pytest.raises(RenderError, match="kết thúc mà không rõ kết quả"):
            worker.wait()
    finally:
        worker.close()
    assert list(tmp_path.iterdir()) == []


def test_the_report_read_back_is_the_workers_copy(report):
    worker = ReportWorker()
    try:
        worker.draw(report)
        copy = worker.read_back()
    finally:
        worker.close()
    assert copy is not report
    assert copy.sha256 == report.sha256
    assert copy.result.summary.ranking.equals(report.result.summary.ranking)
    assert copy.result.summary.mean == report.result.summary.mean
