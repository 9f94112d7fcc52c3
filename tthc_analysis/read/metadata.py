"""A table's metadata (``metadata.toml``): what the table is, who reports, its status."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.read.files import METADATA_FILE
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


def read_metadata(path: str | Path) -> Metadata:
    """Read ``metadata.toml`` (a file, or a year folder holding one); a missing file gives empty metadata."""
    path = Path(path)
    if path.is_dir():
        path = path / METADATA_FILE
    if not path.is_file():
        return Metadata()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem(str(path), f"không đọc được tệp thông tin năm: {exc}")]) from exc
    known = {f for f in Metadata.__dataclass_fields__ if f not in {"extra", "path"}}
    values = {k: (nfc(v) if isinstance(v, str) else v) for k, v in raw.items() if k in known}
    problems = []
    if "status" in values and values["status"] not in DATA_STATUSES:
        allowed = ", ".join(DATA_STATUSES)
        problems.append(Problem(str(path), f"trạng thái số liệu phải là một trong: {allowed}", column="status",
                                value=str(values["status"])))  # fmt: skip
    if "year" in values and not isinstance(values["year"], int):
        problems.append(Problem(str(path), "năm phải là số nguyên", column="year", value=str(values["year"])))
    if problems:
        raise ValidationError(problems)
    extra = {k: v for k, v in raw.items() if k not in known}
    return Metadata(**values, path=str(path), extra=extra)
