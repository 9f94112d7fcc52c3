"""A long ranking appendix in the official .docx: cut into tables of 500 rows, each from the top of a page with the
header rows, so that LibreOffice opens a national appendix in under a minute instead of about seven; nothing of
the ranking is lost or reordered by the cut (1,200 synthetic units: tables of 500, 500 and 200)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from tthc_analysis.pipeline import load_year_report
from tthc_analysis.render.document import build_docx
from tthc_analysis.render.official import official_document
from tthc_analysis.synthetic import write_dataset

UNITS = 1200


@pytest.fixture(scope="module")
def docx_bytes(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("long")
    write_dataset(folder, n_units=UNITS, n_districts=12, seed=3, year=2024)
    return build_docx(official_document(load_year_report(2024, folder)))


def _appendix_tables(docx_bytes: bytes):
    document = Document(io.BytesIO(docx_bytes))
    return document, [t for t in document.tables if t.rows[0].cells[0].text == "STT"]


def _is_header(row) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def test_the_ranking_is_cut_into_tables_of_500_rows_each_with_its_header(docx_bytes):
    _, tables = _appendix_tables(docx_bytes)
    bodies = [[r for r in t.rows if not _is_header(r)] for t in tables]
    assert [len(b) for b in bodies] == [500, 500, 200]
    headers = [[c.text for c in r.cells] for t in tables for r in t.rows if _is_header(r)]
    assert len(headers) == 2 * len(tables) and all(h == headers[i % 2] for i, h in enumerate(headers))
    numbers = [int(r.cells[0].text) for body in bodies for r in body]
    assert numbers == list(range(1, UNITS + 1))


def test_each_continuation_starts_on_a_new_page(docx_bytes):
    document, tables = _appendix_tables(docx_bytes)
    body = document.element.body
    for table in tables[1:]:
        before = table._tbl.getprevious()
        assert before.tag == qn("w:p")
        assert [b.get(qn("w:type")) for b in before.iter(qn("w:br"))] == ["page"]
        assert before.getprevious().tag == qn("w:tbl")  # nothing else between two parts of the ranking
    assert body.index(tables[-1]._tbl) - body.index(tables[0]._tbl) == 2 * (len(tables) - 1)


def test_libreoffice_prints_every_row_and_starts_each_part_at_the_top_of_a_page(docx_bytes, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/install-system-deps.sh (libreoffice-writer-nogui)"
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bao-cao.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    firsts, printed = [], []
    for page in text.split("\f"):
        rows = [int(m) for m in re.findall(r"^\s*(\d+)\s+\S.*\d,\d\d", page, flags=re.MULTILINE)]
        if rows:
            firsts.append(rows[0])
            printed += rows
    appendix = printed[printed.index(1) :]
    assert appendix == list(range(1, UNITS + 1))
    assert {501, 1001} <= set(firsts)


def test_no_row_is_cut_by_a_page_break_and_positions_keep_to_one_line(docx_bytes):
    _, tables = _appendix_tables(docx_bytes)
    for table in tables:
        for row in table.rows:
            cant = row._tr.trPr.find(qn("w:cantSplit")) if row._tr.trPr is not None else None
            assert cant is not None and cant.get(qn("w:val")) == "true"
    # Four digits and the padding fit the STT column once the table is scaled to the landscape page
    # (1,000 printed "100" over "0" before): 14.5 mm asked, at least 12 mm printed.
    widths = [int(c.get(qn("w:w"))) for c in tables[0]._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert widths[0] * 25.4 / 1440 >= 12.0
