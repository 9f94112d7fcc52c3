"""TOML read with bounds: a hostile file is refused with a message, never with a RecursionError or a frozen run.

``tomllib`` parses nested arrays and inline tables recursively, so 5,000 opening brackets exhaust Python's
stack; a file of hundreds of megabytes is parsed into memory at once. :func:`parse_toml` refuses both.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from tthc_analysis.errors import Problem, ValidationError

MAX_TOML_BYTES = 20 << 20  # a registry of every unit in the country is a few megabytes
MAX_TOML_DEPTH = 50  # nesting of arrays and inline tables; real files use two or three

_OPENERS = re.compile(r"[\[{]+")


def _depth(text: str) -> int:
    """An upper bound of the nesting depth: the longest run of opening brackets with only blanks between.

    Cheap and conservative (a string holding "[[[" counts too); only files deeper than any real one fail it.
    """
    squeezed = re.sub(r"[ \t\r\n]+", "", text) if len(text) < MAX_TOML_BYTES else text
    return max((len(run) for run in _OPENERS.findall(squeezed)), default=0)


def parse_toml(text: str, file: str, what: str) -> dict[str, Any]:
    """The TOML document of ``text`` (from ``file``, described as ``what`` in messages) or ``ValidationError``."""
    if len(text) > MAX_TOML_BYTES:
        raise ValidationError(
            [Problem(file, f"{what} quá lớn ({len(text) >> 20} MB, tối đa {MAX_TOML_BYTES >> 20} MB)")]
        )
    if _depth(text) > MAX_TOML_DEPTH:
        message = f"{what} lồng mảng hoặc bảng quá sâu (hơn {MAX_TOML_DEPTH} mức); tệp này không phải tệp thật"
        raise ValidationError([Problem(file, message)])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError([Problem(file, f"không đọc được {what} (sai cú pháp TOML): {exc}")]) from exc
    except RecursionError as exc:  # a depth the bound above did not see (brackets split by comments)
        raise ValidationError([Problem(file, f"{what} lồng mảng hoặc bảng quá sâu")]) from exc


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """:func:`parse_toml` of a UTF-8 file, its size checked before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_TOML_BYTES:
            raise ValidationError(
                [Problem(str(path), f"{what} quá lớn ({size >> 20} MB, tối đa {MAX_TOML_BYTES >> 20} MB)")]
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ValidationError([Problem(str(path), f"không mở được tệp: {exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError([Problem(str(path), f"{what} không đúng bảng mã UTF-8")]) from exc
    return parse_toml(text, str(path), what)
