"""A table's metadata (``metadata.toml``): what the table is, who reports, its status."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tthc_analysis.document_facts import parse_document_facts
from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.read.files import METADATA_FILE
from tthc_analysis.scheme import available_schemes
from tthc_analysis.tomltext import read_toml
from tthc_analysis.vietnamese import nfc

# What a table is: published figures, a reconstruction consistent with published
# aggregates, illustrative data made up for demonstration, or generated test data.
DATA_STATUSES = {
    "official": "Số liệu chính thức",
    "reconstruction": "Số liệu dựng lại",
    "illustrative": "Số liệu minh họa",
    "synthetic": "Số liệu tổng hợp ngẫu nhiên",
}


@dataclass(frozen=True)
class Metadata:
    """What is known about a year's table. Unknown fields stay None and the report says so."""

    year: int | None = None
    locality: str | None = None
    reporting_body: str | None = None
    recipient: str | None = None
    level: str | None = None
    units_phrase: str | None = None
    scheme: str | None = None
    status: str | None = None
    source: str | None = None
    notes: str | None = None
    path: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str | None:
        return DATA_STATUSES.get(self.status or "")

    @property
    def is_constructed(self) -> bool:
        """True where the per-unit figures were not published as they stand."""
        return self.status in {"reconstruction", "illustrative", "synthetic"}


# What each plain field must be; the fields the official document also reads (reporting_body, recipient,
# locality, legal_references and the [document] table) are checked by document_facts, in the same pass.
_TEXT = "một chuỗi văn bản (đặt trong dấu ngoặc kép)"
_FIELDS = {"level": _TEXT, "units_phrase": _TEXT, "scheme": _TEXT, "status": _TEXT, "source": _TEXT,
           "notes": _TEXT}  # fmt: skip


def read_metadata(path: str | Path) -> Metadata:
    """Read ``metadata.toml`` (a file, or a year folder holding one); a missing file gives empty metadata.

    Every field's type is checked at once, with the ``[document]`` table's (``ValidationError`` naming the
    file, the field and what was expected). A relative ``scheme`` path is taken from the metadata file's folder.
    """
    path = Path(path)
    if path.is_dir():
        path = path / METADATA_FILE
    if not path.is_file():
        return Metadata()
    raw = read_toml(path, "tệp thông tin năm")
    file = str(path)
    _, problems = parse_document_facts(raw, file)
    known = {f for f in Metadata.__dataclass_fields__ if f not in {"extra", "path"}}
    values: dict = {}
    for key in sorted(known & raw.keys()):
        value = raw[key]
        if key == "year":
            if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
                problems.append(Problem(file, "phải là một số nguyên từ 1900 đến 2100", column=key, value=repr(value)))
            else:
                values[key] = value
        elif not isinstance(value, str):
            if key in _FIELDS:  # the others are document_facts's
                problems.append(Problem(file, f"phải là {_FIELDS[key]}", column=key, value=repr(value)))
        elif value.strip():
            values[key] = nfc(value.strip())
    if "status" in values and values["status"] not in DATA_STATUSES:
        allowed = ", ".join(DATA_STATUSES)
        problems.append(Problem(file, f"trạng thái số liệu phải là một trong: {allowed}", column="status",
                                value=str(values["status"])))  # fmt: skip
    if "scheme" in values and values["scheme"] not in available_schemes():
        scheme = path.parent / values["scheme"]  # one rule: relative to the metadata file, wherever the run is
        if not scheme.is_file():
            names = ", ".join(available_schemes())
            problems.append(Problem(file, f"không có bộ tiêu chí này: phải là một tên có sẵn ({names}) hoặc đường dẫn "
                                    f"tới tệp .toml, tính từ thư mục của tệp thông tin năm ({scheme} không có)",
                                    column="scheme", value=values["scheme"]))  # fmt: skip
        values["scheme"] = str(scheme.resolve())
    if problems:
        raise ValidationError(problems)
    extra = {k: v for k, v in raw.items() if k not in known}
    if isinstance(extra.get("legal_references"), str):  # one reference written as a string: a list of one
        extra["legal_references"] = [nfc(extra["legal_references"].strip())]
    return Metadata(**values, path=file, extra=extra)
