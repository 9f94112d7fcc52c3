"""Text typed with legacy Vietnamese fonts (TCVN3/ABC, VNI): converted when it is safe, refused otherwise.

Text typed with a TCVN3 (ABC) font shows, once decoded, characteristic symbols ("Ph­êng" for "Phường");
it is converted when every such character maps to a Vietnamese letter and each converted word is a plausible
Vietnamese syllable, and refused otherwise."""

from __future__ import annotations

import re
import unicodedata

from tthc_analysis.errors import Problem
from tthc_analysis.read.base import LEGACY_TEXT, RawTable, column_letter, find_header
from tthc_analysis.vietnamese import nfc

# TCVN 5712:1993 VN3 ("ABC" fonts such as .VnTime): one byte per lowercase letter; capitals with a tone
# live in a separate font, so only the capitals without tone (Ă Â Ê Ô Ơ Ư Đ) are in this table.
_TCVN3_RUNS = {  # first byte of a run of consecutive bytes: the letters they stand for
    0xA1: "ĂÂÊÔƠƯĐăâêôơưđ",  # A1-AE
    0xB5: "àảãáạ",  # B5-B9
    0xBB: "ằẳẵắ",  # BB-BE
    0xC6: "ặầẩẫấậè",  # C6-CC
    0xCE: "ẻẽéẹềểễếệìỉ",  # CE-D8
    0xDC: "ĩíịò",  # DC-DF
    0xE1: "ỏõóọồổỗốộờởỡớợù",  # E1-EF
    0xF1: "ủũúụừửữứựỳỷỹýỵ",  # F1-FE
}


_TCVN3 = {start + i: letter for start, letters in _TCVN3_RUNS.items() for i, letter in enumerate(letters)}


# Letters of Vietnamese text that Latin-1 also holds; any other character from U+0080 to U+00FF (and the
# Windows-125x punctuation) in a cell is a sign of text typed in a legacy font and decoded as Windows text.
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý\u00a0")


_WINDOWS_EXTRAS = set("ŒœŠšŸŽžƒ")  # letters of Windows-1252 that Vietnamese never uses (quotes and dashes it does)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


_SYLLABLE = re.compile(r"^[b-df-hj-np-tv-zđ]*[aeiouy]{1,3}[b-df-hj-np-tv-z]{0,2}$")


def _suspicious(text: str) -> bool:
    """True when text holds characters that Vietnamese in Unicode does not use but legacy-font text shows."""
    return any((0x80 <= ord(c) <= 0xFF and c not in _VIETNAMESE_LATIN1) or c in _WINDOWS_EXTRAS for c in text)


def tcvn3_decode(text: str) -> str | None:
    """Text typed in TCVN3 and shown as Windows characters, converted to NFC Unicode; None if it cannot be.

    >>> tcvn3_decode("Ph\\u00adêng 1")
    'Phường 1'
    >>> tcvn3_decode("X· Xu©n Tr\\u00adêng")
    'Xã Xuân Trường'
    """
    for codec in ("cp1252", "cp1258"):
        try:
            raw = text.encode(codec)  # not NFC first: a Windows-1258 reading may hold combining marks
            break
        except UnicodeEncodeError:
            continue
    else:
        return None
    letters = []
    for byte in raw:
        if byte < 0x80:
            letters.append(chr(byte))
        elif byte in _TCVN3:
            letters.append(_TCVN3[byte])
        else:
            return None
    result = nfc("".join(letters))
    return result if _plausible_vietnamese(result) else None


def _plausible_vietnamese(text: str) -> bool:
    """Every word with diacritics is one Vietnamese syllable: Vietnamese letters, at most one tone mark."""
    for word in re.findall(r"\w+", text):
        if word.isascii():
            continue
        parts = unicodedata.normalize("NFD", word.casefold())
        if sum(c in _TONES for c in parts) > 1 or sum(c in _LETTER_MARKS for c in parts) > 2:  # ươ has two
            return False
        if any(not (c.isascii() or c == "đ" or c in _TONES or c in _LETTER_MARKS) for c in parts):
            return False
        if not _SYLLABLE.match("".join(c for c in parts if c.isascii() or c == "đ")):
            return False
    return True


SUSPICIOUS_CHARS = {chr(c) for c in range(0x80, 0x100)} - _VIETNAMESE_LATIN1 | _WINDOWS_EXTRAS


SUSPICIOUS = re.compile("[" + re.escape("".join(sorted(SUSPICIOUS_CHARS))) + "]")


def fix_legacy_text(table: RawTable, rows: list[list[str]], lines: list[int], roles: dict[str, str]) -> None:
    """Convert TCVN3 text in place when every suspicious cell converts; otherwise report each such cell."""
    suspicious = [(i, j) for i, row in enumerate(rows) for j, cell in enumerate(row) if _suspicious(cell)]
    if not suspicious:
        return
    non_ascii = [(i, j) for i, row in enumerate(rows) for j, cell in enumerate(row) if not cell.isascii()]
    converted = {(i, j): tcvn3_decode(rows[i][j]) for i, j in non_ascii}
    if all(text is not None for text in converted.values()):
        for (i, j), text in converted.items():
            rows[i][j] = text
        table.encoding = f"{table.encoding} (TCVN3, đã chuyển sang Unicode)"
        return
    header = find_header(rows, roles)
    labels = rows[header] if header is not None else []
    for i, j in suspicious:
        label = nfc(labels[j].strip()) if j < len(labels) and i != header else ""
        table.problems.append(Problem(table.file, LEGACY_TEXT, row=lines[i], column=label or column_letter(j),
                                      value=rows[i][j], sheet=table.sheet))  # fmt: skip
    table.fatal = True
