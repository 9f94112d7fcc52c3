"""Write the input corpus: one clean table and the odd or broken shapes units really send.

Run ``.venv/bin/python tests/corpus/build_corpus.py`` to rebuild the files beside this script;
``expectations.toml`` says what reading each one must give. The legacy encodings are produced
with encoder tables written here (the inverse of the published TCVN3 and VNI layouts), not
with the package's own decoder, so a test can catch a wrong decoder table.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent

HEADER = ["Đơn vị"] + [f"Chỉ số {n}" for n in range(1, 10)] + ["Tổng điểm"]
# Eight criteria of 1.7 and one of 1.4: 15 exactly, 14.999999999999998 in binary floats.
ROWS = [
    ["Phường 1", "2", "2", "1.85", "2", "2", "2", "2", "2", "0", "15.85"],
    ["Xã Xuân Trường", "1.7", "1.7", "1.7", "1.7", "1.7", "1.7", "1.7", "1.7", "1.4", "15"],
    ["Xã Tà Nung", "2", "2", "1.7", "2", "2", "2", "2", "2", "0", "15.7"],
    ["Phường Hòa Bình", "1.5", "1.5", "1.5", "1.5", "1.5", "1.5", "1.5", "1.5", "0", "12"],
]

# TCVN3 (VN3): Unicode letter -> byte, written from the standard's layout.
TCVN3_ENCODE = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB, "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6, "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE, "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9, "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip

# VNI-Windows: a letter is its base letter followed by mark bytes (shown here as their Windows-1252 characters).
VNI_ENCODE = {"ư": "ö", "ơ": "ô", "đ": "ñ", "Đ": "Ñ", "â": "aâ", "ê": "eâ", "ô": "oâ", "ă": "aê",
              "ờ": "ôø", "ừ": "öø", "ã": "aõ", "à": "aø", "á": "aù", "ả": "aû", "ạ": "aï", "ị": "ò", "ỉ": "æ",
              "ố": "oá", "ổ": "oå", "ọ": "oï", "ể": "eå"}  # fmt: skip


def tcvn3_bytes(text: str) -> bytes:
    """Text as a TCVN3 font stores it: ASCII as is, each Vietnamese letter one byte."""
    return bytes(ord(c) if c.isascii() else TCVN3_ENCODE[c] for c in unicodedata.normalize("NFC", text))


def vni_text(text: str) -> str:
    """Text typed with a VNI font, as it shows once read as Windows-1252."""
    return "".join(VNI_ENCODE.get(c, c) for c in unicodedata.normalize("NFC", text))


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a precomposed letter where the code page has one,
    else the letter without its tone followed by the combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base, tone = unicodedata.normalize("NFC", parts[:-1]), parts[-1]
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n", comma: bool = False) -> str:
    """A CSV text; ``comma`` writes decimal commas (quoted when the delimiter is a comma)."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if comma and re.fullmatch(r"\d+\.\d+", cell):
                cell = cell.replace(".", ",")
            if delimiter in cell or '"' in cell:
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return newline.join(lines) + newline


def number(cell: str) -> float | int | str:
    """A cell as Excel would hold it once typed: numbers as numbers."""
    if re.fullmatch(r"\d+", cell):
        return int(cell)
    if re.fullmatch(r"\d+\.\d+", cell):
        return float(cell)
    return cell


def save_xlsx(wb: openpyxl.Workbook, path: Path, cached: dict[str, dict[str, str]] | None = None) -> None:
    """Save a workbook; ``cached[sheet_file][cell]`` puts a stored result on a formula, as Excel does."""
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            for ref, value in (cached or {}).get(item.filename, {}).items():
                kind = ' t="e"' if value.startswith("#") else ""  # an error result is typed as such
                pattern = rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)<v ?/>'
                cell = rf'<c r="{ref}"\1{kind}>\2<v>{value}</v>'
                data = re.sub(pattern.encode(), cell.encode(), data)
            item.date_time = (2025, 1, 1, 0, 0, 0)
            target.writestr(item, data)


def title_block_sheet(ws, rows: list[list[str]], formulas: bool = True) -> dict[str, str]:
    """A sheet as a unit sends it: title lines merged across, a blank line, the header on row 5, the data.

    The stated total is a ``SUM`` formula; returns the results Excel would store for each.
    """
    ws["A1"] = "UBND THÀNH PHỐ ĐÀ LẠT"
    ws.merge_cells("A1:D1")
    ws["A2"] = "BẢNG TỔNG HỢP ĐIỂM ĐÁNH GIÁ GIẢI QUYẾT TTHC NĂM 2021"
    ws.merge_cells("A2:K2")
    ws["A3"] = "(Kèm theo Báo cáo số ... /BC-UBND)"
    ws.append([])
    ws.append(HEADER)
    cached = {}
    for offset, row in enumerate(rows):
        line = 6 + offset
        ws.append([number(c) for c in row[:-1]])
        if formulas:
            ws[f"K{line}"] = f"=SUM(B{line}:J{line})"
            total = sum(float(c) for c in row[1:10])  # the float sum Excel itself stores
            cached[f"K{line}"] = repr(total)
        else:
            ws[f"K{line}"] = number(row[-1])
    return cached


def build() -> None:
    write = {}
    clean = [HEADER, *ROWS]
    write["clean.csv"] = csv_text(clean).encode("utf-8")
    write["semicolon_bom_crlf.csv"] = b"\xef\xbb\xbf" + csv_text(clean, ";", "\r\n", comma=True).encode("utf-8")
    write["comma_quoted_decimal_commas.csv"] = csv_text(clean, ",", comma=True).encode("utf-8")
    write["nfd.csv"] = unicodedata.normalize("NFD", csv_text(clean)).encode("utf-8")
    write["windows1258.csv"] = cp1258_bytes(csv_text(clean, ";", "\r\n", comma=True))
    write["title_block.csv"] = ("BẢNG ĐIỂM NĂM 2021\n\n" + csv_text(clean)).encode("utf-8")
    write["tcvn3.csv"] = tcvn3_bytes(csv_text(clean))
    write["tcvn3_resaved_utf8.csv"] = tcvn3_bytes(csv_text(clean)).decode("cp1252").encode("utf-8")
    write["vni.csv"] = vni_text(csv_text(clean)).encode("cp1252")
    mixed = [row[:] for row in clean]
    mixed[3][0] = tcvn3_bytes("Xã Tà Nung").decode("cp1252") + " °"  # ° (B0) is no TCVN3 letter
    write["tcvn3_unconvertible.csv"] = csv_text(mixed).encode("utf-8")
    thousands = [row[:] for row in clean]
    thousands[2][3] = "1.234,5"
    write["thousands_separator.csv"] = csv_text(thousands, ";").encode("utf-8")
    for name, data in write.items():
        (HERE / name).write_bytes(data)

    wb = openpyxl.Workbook()
    cached = title_block_sheet(wb.active, ROWS)
    wb.active.title = "Điểm 2021"
    save_xlsx(wb, HERE / "title_block_formulas.xlsx", {"xl/worksheets/sheet1.xml": cached})

    wb = openpyxl.Workbook()
    wb.active.title = "Ghi chú"
    wb.active["A1"] = "Bảng điểm ở trang tính “Điểm 2021”."
    title_block_sheet(wb.create_sheet("Điểm 2021"), ROWS, formulas=False)
    save_xlsx(wb, HERE / "second_sheet.xlsx")

    wb = openpyxl.Workbook()
    cached = title_block_sheet(wb.active, ROWS)
    del cached["K7"]  # written by a program that never calculated the sheet
    save_xlsx(wb, HERE / "formula_without_value.xlsx", {"xl/worksheets/sheet1.xml": cached})

    wb = openpyxl.Workbook()
    cached = title_block_sheet(wb.active, ROWS)
    wb.active["D8"] = "#REF!"
    cached["K8"] = "#REF!"
    save_xlsx(wb, HERE / "error_cell.xlsx", {"xl/worksheets/sheet1.xml": cached})

    wb = openpyxl.Workbook()
    ws = wb.active
    title_block_sheet(ws, ROWS[:3] + [["", *ROWS[3][1:]]], formulas=False)
    ws.merge_cells("A8:A9")  # one unit name over two rows of scores
    save_xlsx(wb, HERE / "merged_unit_cells.xlsx")


if __name__ == "__main__":
    build()
