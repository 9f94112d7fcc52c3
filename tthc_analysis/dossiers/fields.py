"""The dossier fields (national synchronisation names) and the mapping file for exports that name them otherwise.

The fields, their kinds and the Vietnamese wording of what each expects are data
(``resources/dossiers/fields.toml``). A mapping file is TOML with one table::

    [columns]              # national name = the export's column name
    MaHoSo = "So ho so"
    DonViXuLy = "Don vi"
    NgayHenTra = "Han tra"
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError

__all__ = ["FIELDS", "TDGQ_MAX", "Field", "load_mapping", "match_columns"]


@dataclass(frozen=True)
class Field:
    """One national field: ``kind`` is text, code, count, flag or date."""

    name: str
    kind: str
    required: bool
    label: str
    expected: str | None = None
    values: tuple[int, ...] = ()


@cache
def _spec() -> dict:
    text = resources.files("tthc_analysis").joinpath("resources/dossiers/fields.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _fields() -> dict[str, Field]:
    return {
        name: Field(
            name, spec["kind"], spec["required"], spec["label"], spec.get("expected"), tuple(spec.get("values", ()))
        )
        for name, spec in _spec()["fields"].items()
    }


FIELDS: dict[str, Field] = _fields()
TDGQ_MAX: int = _spec()["tdgq_max"]


def _key(name: str) -> str:
    """Header spelling that does not matter: BOM, surrounding spaces, case, Unicode form."""
    return unicodedata.normalize("NFC", name.replace("\ufeff", "")).strip().casefold()


def load_mapping(path: str | Path) -> dict[str, str]:
    """Read a mapping file: national field name -> the export's column name. Bad entries are reported together."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValidationError([Problem(str(path), f"không đọc được tệp ánh xạ cột (TOML): {error}")]) from error
    columns = data.get("columns")
    if not isinstance(columns, dict):
        raise ValidationError(
            [Problem(str(path), "tệp ánh xạ cần bảng [columns]: tên trường quốc gia = tên cột trong tệp")]
        )
    problems = []
    for national, theirs in columns.items():
        if national not in FIELDS:
            problems.append(
                Problem(
                    str(path), f"không có trường quốc gia tên này; các trường: {', '.join(FIELDS)}", column=national
                )
            )
        elif not isinstance(theirs, str) or not theirs.strip():
            problems.append(
                Problem(str(path), "tên cột phải là một chuỗi khác rỗng", column=national, value=str(theirs))
            )
    if problems:
        raise ValidationError(problems)
    return {national: theirs for national, theirs in columns.items()}


def match_columns(columns: list[str], source: str, mapping: dict[str, str] | None = None) -> dict[str, str]:
    """National field name -> the source's column, for every field present. A missing required field is reported.

    Headers match whatever their case, BOM or Unicode form; the mapping's names are matched the same way.
    """
    by_key = {_key(column): column for column in columns}
    mapping = mapping or {}
    found: dict[str, str] = {}
    problems = []
    for name, field in FIELDS.items():
        wanted = mapping.get(name, name)
        column = by_key.get(_key(wanted))
        if column is not None:
            found[name] = column
        elif name in mapping:
            problems.append(
                Problem(
                    source,
                    f"tệp ánh xạ chỉ cột “{wanted}” cho trường {name} ({field.label}) nhưng nguồn không có cột này",
                    column=wanted,
                )
            )
        elif field.required:
            problems.append(Problem(source, f"thiếu cột bắt buộc {name} ({field.label})", column=name))
    if problems:
        raise ValidationError(problems)
    return found
