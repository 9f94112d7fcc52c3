"""Odd-but-valid corpus files give the same report as their clean twin (`tthc report --scores`), not only
the same `tthc summary`: every section the notebook shows is built from the same figures."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tthc_analysis import sections
from tthc_analysis.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTATIONS = tomllib.loads((CORPUS / "expectations.toml").read_text(encoding="utf-8"))
TWINS = sorted(name for name, outcome in EXPECTATIONS.items()
               if outcome.startswith("valid") and "#" not in name and name != "clean.csv")  # fmt: skip
SECTIONS = ["key_figures", "results_section", "assessment", "measures_section", "closing", "ranking_table"]


def built(path: Path) -> dict[str, str]:
    report = sections.start_report(2021, scores_path=path)
    return {name: str(getattr(sections, name)(report)) for name in SECTIONS}


@pytest.fixture(scope="module")
def clean() -> dict[str, str]:
    return built(CORPUS / "clean.csv")


@pytest.mark.parametrize("name", TWINS)
def test_odd_file_builds_the_same_sections_as_its_clean_twin(name, clean):
    assert built(CORPUS / name) == clean


def _report_body(html: str) -> str:
    """The rendered report without the lines naming the input file (its name and SHA-256 differ by design)."""
    html = re.sub(r"<dt>Tệp số liệu</dt><dd>[^<]*</dd>", "", html)
    html = re.sub(r"<code>[0-9a-f]{64}</code>", "", html)
    return re.sub(r"data_file = [^<,]*", "", html)


def test_rendered_report_from_an_excel_workbook_matches_the_clean_csv(tmp_path):
    for name in ("clean.csv", "title_block_formulas.xlsx"):
        assert main(["report", "--year", "2021", "--scores", str(CORPUS / name), "--out", str(tmp_path / name),
                     "--no-pdf", "--quiet"]) == 0  # fmt: skip
    clean_html = (tmp_path / "clean.csv" / "bao-cao-tthc-2021.html").read_text(encoding="utf-8")
    xlsx_html = (tmp_path / "title_block_formulas.xlsx" / "bao-cao-tthc-2021.html").read_text(encoding="utf-8")
    assert "title_block_formulas.xlsx" in xlsx_html
    assert _report_body(xlsx_html) == _report_body(clean_html)
