"""Unit names isolated with <bdi> in running sentences of the HTML, not only in table cells (issue 14).

Names written in a right-to-left script are legal (only control and format characters are refused), so the
bundled 2023 and 2024 tables are copied with two units renamed in Hebrew and Arabic letters; every section the
report notebook shows must print those names inside <bdi> wherever they appear as text. A name ending in
U+202E cannot be loaded, so it is tried at the level that renders a sentence.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from tthc_analysis import sections
from tthc_analysis.pipeline import load_year_report
from tthc_analysis.sections.bidi import names_isolated
from tthc_analysis.sections.html import plain_text, render_html

DATA = Path(__file__).parents[2] / "data"
HEBREW, ARABIC = "Phường שלום", "Phường مركز"  # stand for Phường 1 (highest in 2024) and Phường 8 (lowest)
RTL = re.compile("[\u0590-\u05ff\u0600-\u06ff]")

NOTEBOOK_SECTIONS = ["heading", "key_figures", "results_section", "assessment", "measures_section", "closing",
                     "ranking_table", "charts_appendix", "comparison_section", "change_chart", "districts_section",
                     "district_chart", "self_assessment_section", "trend_section", "technical_appendix",
                     "methodology"]  # fmt: skip


@pytest.fixture(scope="module")
def rtl_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rtl")
    for year in (2023, 2024):
        shutil.copytree(DATA / str(year), folder / str(year))
        scores = folder / str(year) / "scores.csv"
        text = scores.read_text(encoding="utf-8")
        text = re.sub(r"^Phường 1,", f"{HEBREW},", text, flags=re.MULTILINE)
        scores.write_text(re.sub(r"^Phường 8,", f"{ARABIC},", text, flags=re.MULTILINE), encoding="utf-8")
    return load_year_report(2024, folder)


def outside_bdi(html: str) -> str:
    """The text of ``html`` once every <bdi> element is taken out (attributes are not text: dropped too)."""
    return re.sub(r"<[^>]*>", "", re.sub(r"<bdi>.*?</bdi>", "", html, flags=re.DOTALL))


@pytest.mark.parametrize("name", NOTEBOOK_SECTIONS)
def test_every_rtl_name_printed_by_a_section_is_isolated(rtl_report, name):
    html = str(getattr(sections, name)(rtl_report))
    assert not RTL.search(outside_bdi(html)), name


def test_section_one_isolates_the_extremes_before_their_figures(rtl_report):
    html = str(sections.results_section(rtl_report))
    assert f"UBND <bdi>{HEBREW}</bdi> (đạt 17,90 điểm)" in html
    assert f"UBND <bdi>{ARABIC}</bdi> (đạt 13,95 điểm)" in html


def test_the_comparison_names_units_inside_bdi(rtl_report):
    html = str(sections.comparison_section(rtl_report))
    assert f'<td class="unit"><bdi>{HEBREW}</bdi></td>' in html  # the table cell, as before
    assert "<p>Giảm nhiều nhất: <bdi>Phường 6</bdi> (giảm 0,60 điểm, từ 16,00 xuống 15,40 điểm;" in html


def test_a_name_ending_in_an_override_is_closed_before_the_figures():
    report = SimpleNamespace(result=SimpleNamespace(table=SimpleNamespace(frame=pd.DataFrame(
        {"unit": ["Phường 1\u202e", "Phường 12"]}))))  # fmt: skip

    @names_isolated
    def sentence(report):
        return render_html("section1.html.j2", heading="I. Kết quả thực hiện:", paragraphs=[
            "Đơn vị có điểm số cao nhất là: UBND Phường 1\u202e (đạt 8,00 điểm).",
            "Đơn vị có điểm số thấp nhất là: UBND Phường 12 (đạt 5,00 điểm).", "", "<b>không phải thẻ</b>"])  # fmt: skip

    html = str(sentence(report))
    assert "UBND <bdi>Phường 1\u202e</bdi> (đạt 8,00 điểm)" in html
    assert "UBND <bdi>Phường 12</bdi> (đạt 5,00 điểm)" in html  # the longer name, not "Phường 1" and a "2"
    assert "&lt;b&gt;không phải thẻ&lt;/b&gt;" in html  # the rest still escaped
    assert "Phường 1\u202e (đạt 8,00 điểm)" in plain_text(html)  # the text form is unchanged


def test_without_a_report_nothing_is_wrapped():
    html = str(render_html("notice.html.j2", text="UBND Phường 1 (đạt 8,00 điểm)"))
    assert "<bdi>" not in html and "UBND Phường 1 (đạt 8,00 điểm)" in html


def test_a_mutable_object_has_its_names_gathered_again_at_each_call():
    frame = pd.DataFrame({"unit": ["Phường 3"]})
    report = SimpleNamespace(result=SimpleNamespace(table=SimpleNamespace(frame=frame)))

    @names_isolated
    def sentence(report):
        return render_html("notice.html.j2", text="UBND Phường 3 và UBND Phường 4.")

    assert "UBND <bdi>Phường 3</bdi> và UBND Phường 4." in str(sentence(report))
    report.result.table.frame = pd.DataFrame({"unit": ["Phường 4"]})  # not frozen: the new names count
    assert "UBND Phường 3 và UBND <bdi>Phường 4</bdi>." in str(sentence(report))


def test_a_frozen_report_has_its_names_gathered_once_and_only_the_last_report_is_held(rtl_report, monkeypatch):
    import weakref

    from tthc_analysis.sections import bidi

    calls = []
    monkeypatch.setattr(bidi, "report_names", lambda report: calls.append(id(report)) or frozenset({HEBREW}))
    first = load_year_report(2024, rtl_report.data_dir)  # reports no earlier test has seen
    for _ in range(3):
        assert f"<bdi>{HEBREW}</bdi>" in str(sections.results_section(first))
    assert calls == [id(first)]
    gone = weakref.ref(first)
    second = load_year_report(2024, rtl_report.data_dir)
    assert f"<bdi>{HEBREW}</bdi>" in str(sections.results_section(second))
    assert calls == [id(first), id(second)]
    del first
    assert gone() is None  # the first report is not kept alive by the names of the second
