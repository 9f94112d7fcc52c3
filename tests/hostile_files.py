"""Builders of hostile scores files (synthetic), shared by the unit tests and the measurement script.

Each builder writes a small file that would cost a careless reader far more than its size: a cell far
from the table, shared strings that unzip to hundreds of megabytes, millions of rows.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

HEADER = ["Đơn vị"] + [f"Chỉ số {n}" for n in range(1, 10)]
ROW = ["Phường 1", 2, 2, 1.85, 2, 2, 2, 2, 2, 0]


def far_cell_xlsx(path: Path, cell: str = "XFD1048576") -> Path:
    """A sound two-row table plus one cell at ``cell``: a few KB on disk, a huge declared rectangle."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet[cell] = "x"
    book.save(path)
    return path


_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}


def shared_strings_bomb(path: Path, megabytes: int) -> Path:
    """A workbook whose one unit name (a shared string) is ``megabytes`` MB of one letter: a few hundred KB zipped."""
    cells = "".join(f'<c r="{chr(66 + n)}2"><v>2</v></c>' for n in range(9))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main"><dimension ref="A1:J2"/><sheetData><row r="1">'
        + "".join(f'<c r="{chr(65 + n)}1" t="inlineStr"><is><t>{text}</t></is></c>' for n, text in enumerate(HEADER))
        + f'</row><row r="2"><c r="A2" t="s"><v>0</v></c>{cells}</row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, text in _PARTS.items():
            target.writestr(name, text)
        target.writestr("xl/worksheets/sheet1.xml", sheet.encode("utf-8"))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')  # fmt: skip
            block = b"A" * (1 << 20)
            for _ in range(megabytes):
                stream.write(block)
            stream.write(b"</t></si></sst>")
    return path


def many_rows_csv(path: Path, rows: int) -> Path:
    """A valid CSV of ``rows`` synthetic units (Phường 1…), written line by line."""
    with path.open("w", encoding="utf-8") as stream:
        stream.write(",".join(HEADER) + "\n")
        for n in range(1, rows + 1):
            stream.write(f"Phường {n},2,2,1.85,2,2,2,2,2,0\n")
    return path
