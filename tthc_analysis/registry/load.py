"""Reading ``registry.toml``: every problem of the file located by line and listed at once."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.registry.model import REGISTRY_FILE, NameSpan, Registry, UnitRecord, overlaps, unit_key, vi_date
from tthc_analysis.tomltext import parse_toml
from tthc_analysis.vietnamese import nfc, normalise_name

_TOP_KEYS = {"registry", "units"}


_REGISTRY_KEYS = {"title", "sources", "notes"}


_UNIT_KEYS = {
    "id", "name", "type", "parent", "province", "valid_from", "valid_until", "aliases", "names",
    "predecessors", "successors", "notes", "sources",
}  # fmt: skip


_NAME_KEYS = {"name", "valid_from", "valid_until"}


_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


_UNIT_HEADER = re.compile(r"^\s*\[\[\s*units\s*\]\]")


_NAMES_HEADER = re.compile(r"^\s*\[\[\s*units\s*\.\s*names\s*\]\]")


class _Locator:
    """Line numbers of units, their fields and their ``[[units.names]]`` entries, read from the text.

    tomllib gives no positions, so the ``[[units]]`` headers are found by pattern. When the units are
    not written as ``[[units]]`` tables (the counts differ) no line is given rather than a wrong one.
    """

    def __init__(self, text: str, n_units: int) -> None:
        self.lines = text.splitlines()
        starts = [i for i, line in enumerate(self.lines) if _UNIT_HEADER.match(line)]
        self.blocks = []
        if len(starts) == n_units:
            ends = starts[1:] + [len(self.lines)]
            self.blocks = list(zip(starts, ends))

    def unit(self, index: int) -> int | None:
        return self.blocks[index][0] + 1 if self.blocks else None

    def field(self, index: int, key: str) -> int | None:
        """Line of ``key = …`` in the unit's own table (before any ``[[units.names]]``), else the unit's."""
        if not self.blocks:
            return None
        start, end = self.blocks[index]
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start + 1, end):
            if _NAMES_HEADER.match(self.lines[number]):
                break
            if pattern.match(self.lines[number]):
                return number + 1
        return start + 1

    def _key_line(self, key: str, table: str | None) -> int | None:
        """Line of ``key = …`` before any table header (``table`` None) or inside ``[table]``."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        inside = table is None
        for number, line in enumerate(self.lines):
            if line.lstrip().startswith("["):
                inside = table is not None and re.match(rf"^\s*\[\s*{re.escape(table)}\s*\]", line) is not None
            elif inside and pattern.match(line):
                return number + 1
        return None

    def top_level(self, key: str) -> int | None:
        return self._key_line(key, None)

    def in_registry(self, key: str) -> int | None:
        return self._key_line(key, "registry")

    def name_entry(self, index: int, entry: int) -> int | None:
        """Line of the unit's ``entry``-th ``[[units.names]]`` header, else the unit's."""
        if not self.blocks:
            return None
        start, end = self.blocks[index]
        headers = [n for n in range(start, end) if _NAMES_HEADER.match(self.lines[n])]
        return headers[entry] + 1 if entry < len(headers) else start + 1


class _Checker:
    """Collects the problems of one registry file while its units are read."""

    def __init__(self, file: str, locator: _Locator) -> None:
        self.file = file
        self.locate = locator
        self.problems: list[Problem] = []

    def add(self, message: str, *, row: int | None, unit: str | None, column: str | None = None, value=None):
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.file, message, row=row, unit=unit, column=column, value=shown))

    def unknown_keys(self, table: dict, allowed: set[str], *, row_of: Callable, unit, where: str) -> None:
        """A problem for each key of ``table`` outside ``allowed``, at the line ``row_of(key)``."""
        listed = ", ".join(sorted(allowed))
        for key in table:
            if key not in allowed:
                self.add(f"khóa không được hỗ trợ trong {where}; các khóa hợp lệ: {listed}", row=row_of(key),
                         unit=unit, column=key)  # fmt: skip

    def text(self, table: dict, key: str, *, required: bool, row, unit) -> str | None:
        """A non-empty string field, NFC and single-spaced; None (with a problem if required) otherwise."""
        value = table.get(key)
        if value is None:
            if required:
                self.add("thiếu trường bắt buộc", row=row, unit=unit, column=key)
            return None
        if not isinstance(value, str) or not value.strip():
            self.add("phải là một chuỗi văn bản không rỗng", row=row, unit=unit, column=key, value=value)
            return None
        return nfc(value).strip() if key == "notes" else normalise_name(value)

    def texts(self, table: dict, key: str, *, row, unit) -> tuple[str, ...]:
        """An optional list of non-empty strings."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add("phải là một danh sách chuỗi văn bản không rỗng", row=row, unit=unit, column=key, value=value)
            return ()
        return tuple(normalise_name(v) for v in value)

    def date(self, table: dict, key: str, *, row, unit) -> datetime.date | None:
        """An optional TOML date (a bare date, not a string and not a date-time)."""
        value = table.get(key)
        if value is None:
            return None
        if type(value) is not datetime.date:
            self.add("phải là một ngày theo cú pháp TOML, không đặt trong ngoặc kép (ví dụ 2025-06-30)", row=row,
                     unit=unit, column=key, value=value)  # fmt: skip
            return None
        return value

    def period(self, start, end, *, row, unit, column: str = "valid_from") -> None:
        if start and end and start > end:
            self.add(f"ngày bắt đầu (valid_from {vi_date(start)}) sau ngày kết thúc (valid_until {vi_date(end)})",
                     row=row, unit=unit, column=column)  # fmt: skip


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ValidationError([Problem(str(path), f"không mở được tệp: {exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError([Problem(str(path), "tệp không đúng bảng mã UTF-8")]) from exc


def _parse_toml(path: Path, text: str) -> dict:
    return parse_toml(text, str(path), "danh mục đơn vị hành chính")


def _read_names(entry: dict, index: int, unit: str | None, check: _Checker, bounds) -> list[NameSpan]:
    """The ``[[units.names]]`` entries of one unit, each checked; open bounds take the unit's own."""
    raw = entry.get("names", [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        check.add("phải là các bảng [[units.names]] gồm name, valid_from, valid_until", row=check.locate.field(
            index, "names"), unit=unit, column="names")  # fmt: skip
        return []
    spans = []
    for number, item in enumerate(raw):
        row = check.locate.name_entry(index, number)
        check.unknown_keys(item, _NAME_KEYS, row_of=lambda _key, row=row: row, unit=unit, where="[[units.names]]")
        name = check.text(item, "name", required=True, row=row, unit=unit)
        start = check.date(item, "valid_from", row=row, unit=unit)
        end = check.date(item, "valid_until", row=row, unit=unit)
        check.period(start, end, row=row, unit=unit)
        if name is None:
            continue
        span = NameSpan(name, start or bounds[0], end or bounds[1])
        if not _within(span, bounds):
            check.add("thời kỳ của tên nằm ngoài thời gian tồn tại của đơn vị", row=row, unit=unit, column="names",
                      value=name)  # fmt: skip
        spans.append((row, span))
    _check_name_spans(spans, entry, index, unit, check)
    return [span for _, span in spans]


def _within(span: NameSpan, bounds) -> bool:
    start, end = bounds
    after_start = start is None or (span.valid_from is not None and span.valid_from >= start)
    before_end = end is None or (span.valid_until is not None and span.valid_until <= end)
    return after_start and before_end


def _check_name_spans(spans: list, entry: dict, index: int, unit: str | None, check: _Checker) -> None:
    """Official names must not overlap in time, and ``name`` must be among them and the latest."""
    for i, (row, span) in enumerate(spans):
        for _, other in spans[:i]:
            if overlaps(span.valid_from, span.valid_until, other.valid_from, other.valid_until):
                check.add(f"thời kỳ của tên trùng với thời kỳ của tên “{other.name}”", row=row, unit=unit,
                          column="names", value=span.name)  # fmt: skip
    name = entry.get("name")
    if not spans or not isinstance(name, str):
        return
    keys = [unit_key(span.name) for _, span in spans]
    row = check.locate.field(index, "name")
    if unit_key(name) not in keys:
        check.add("tên chính thức (name) phải có trong danh sách tên theo thời kỳ [[units.names]]", row=row,
                  unit=unit, column="name", value=normalise_name(name))  # fmt: skip
        return
    latest = max(spans, key=lambda item: item[1].valid_from or datetime.date.min)[1]
    if unit_key(latest.name) != unit_key(name):
        check.add(f"tên chính thức (name) phải là tên mới nhất; tên mới nhất trong [[units.names]] là “{latest.name}”",
                  row=row, unit=unit, column="name", value=normalise_name(name))  # fmt: skip


def _read_unit(entry: object, index: int, check: _Checker) -> UnitRecord | None:
    """One ``[[units]]`` table as a record (None if it cannot form one); its problems go to ``check``."""
    at = check.locate
    if not isinstance(entry, dict):
        check.add("mỗi đơn vị phải là một bảng [[units]]", row=at.unit(index), unit=None, column="units")
        return None
    unit_id = entry.get("id") if isinstance(entry.get("id"), str) else None
    check.unknown_keys(entry, _UNIT_KEYS, row_of=lambda key: at.field(index, key), unit=unit_id, where="[[units]]")
    if unit_id is None:
        check.add("thiếu mã đơn vị (id) dạng chuỗi", row=at.unit(index), unit=None, column="id", value=entry.get("id"))
    elif not _ID.match(unit_id):
        check.add("mã đơn vị chỉ gồm chữ thường không dấu, chữ số, dấu “-” và dấu “/” (ví dụ “da-lat/phuong-1”)",
                  row=at.field(index, "id"), unit=unit_id, column="id", value=unit_id)  # fmt: skip
    fields = {key: check.text(entry, key, required=key != "province", row=at.field(index, key), unit=unit_id)
              for key in ("name", "type", "parent", "province")}  # fmt: skip
    notes = check.text(entry, "notes", required=False, row=at.field(index, "notes"), unit=unit_id)
    lists = {key: check.texts(entry, key, row=at.field(index, key), unit=unit_id)
             for key in ("aliases", "predecessors", "successors", "sources")}  # fmt: skip
    start = check.date(entry, "valid_from", row=at.field(index, "valid_from"), unit=unit_id)
    end = check.date(entry, "valid_until", row=at.field(index, "valid_until"), unit=unit_id)
    check.period(start, end, row=at.field(index, "valid_from"), unit=unit_id)
    spans = _read_names(entry, index, unit_id, check, (start, end))
    if unit_id is None or None in (fields["name"], fields["type"], fields["parent"]):
        return None
    if not spans:
        spans = [NameSpan(fields["name"], start, end)]
    spans += [NameSpan(alias, start, end, official=False) for alias in lists["aliases"]]
    return UnitRecord(
        id=unit_id, name=fields["name"], type=fields["type"], parent=fields["parent"], province=fields["province"],
        valid_from=start, valid_until=end, names=tuple(spans), predecessors=lists["predecessors"],
        successors=lists["successors"], notes=notes, sources=lists["sources"],
    )  # fmt: skip


def _check_ids(records: list[tuple[int, UnitRecord]], check: _Checker) -> dict[str, UnitRecord]:
    """Each id once; returns the units by id (first occurrence kept)."""
    by_id: dict[str, UnitRecord] = {}
    first_index: dict[str, int] = {}
    for index, record in records:
        if record.id in by_id:
            earlier = check.locate.unit(first_index[record.id])
            where = f" ở dòng {earlier}" if earlier else ""
            check.add(f"mã đơn vị bị trùng với đơn vị{where}", row=check.locate.field(index, "id"), unit=record.id,
                      column="id")  # fmt: skip
            continue
        by_id[record.id] = record
        first_index[record.id] = index
    return by_id


def _check_links(records: list[tuple[int, UnitRecord]], by_id: dict[str, UnitRecord], check: _Checker) -> None:
    """Links point to known other units, are written on both sides, and the successor exists at the change."""
    mirror = {"successors": "predecessors", "predecessors": "successors"}
    for index, record in records:
        for field, other_field in mirror.items():
            row = check.locate.field(index, field)
            for other_id in getattr(record, field):
                other = by_id.get(other_id)
                if other_id == record.id:
                    check.add("đơn vị không thể liên kết với chính nó", row=row, unit=record.id, column=field,
                              value=other_id)  # fmt: skip
                elif other is None:
                    check.add("mã đơn vị không có trong danh mục", row=row, unit=record.id, column=field,
                              value=other_id)  # fmt: skip
                elif record.id not in getattr(other, other_field):
                    check.add(f"liên kết không được ghi ở cả hai chiều: đơn vị “{other_id}” không ghi “{record.id}” "
                              f"trong {other_field}", row=row, unit=record.id, column=field,
                              value=other_id)  # fmt: skip
                elif field == "successors" and record.valid_until:
                    _check_succession(record, other, row, check)


def _check_succession(record: UnitRecord, successor: UnitRecord, row, check: _Checker) -> None:
    """A successor must exist on the day after its predecessor ended."""
    change = record.valid_until + datetime.timedelta(days=1)
    if not overlaps(successor.valid_from, successor.valid_until, change, change):
        check.add(f"đơn vị kế thừa “{successor.id}” không tồn tại vào ngày {vi_date(change)}, ngày sau khi đơn vị "
                  f"này kết thúc ({successor.period_phrase()})", row=row, unit=record.id,
                  column="successors", value=successor.id)  # fmt: skip


def _check_collisions(records: list[tuple[int, UnitRecord]], check: _Checker) -> None:
    """No two units may hold names that match one another during overlapping periods."""
    seen: dict[str, list[tuple[UnitRecord, NameSpan]]] = {}
    reported: set[tuple[str, str, str]] = set()
    for index, record in records:
        for span in record.names:
            key = unit_key(span.name)
            for other, other_span in seen.get(key, []):
                clash = (other.id, record.id, key)
                if other.id == record.id or clash in reported:
                    continue
                if overlaps(span.valid_from, span.valid_until, other_span.valid_from, other_span.valid_until):
                    reported.add(clash)
                    check.add(f"tên trùng với tên “{other_span.name}” của đơn vị “{other.id}” trong cùng thời kỳ "
                              "(hai tên chỉ khác cách viết thì được coi là một)",
                              row=check.locate.field(index, "name"), unit=record.id, column="name",
                              value=span.name)  # fmt: skip
            seen.setdefault(key, []).append((record, span))


def _read_header(raw: dict, check: _Checker) -> dict:
    """The optional ``[registry]`` table: title, sources, notes."""
    at = check.locate
    check.unknown_keys(raw, _TOP_KEYS, row_of=at.top_level, unit=None, where="phần đầu tệp (ngoài các bảng)")
    header = raw.get("registry", {})
    if not isinstance(header, dict):
        check.add("phải là một bảng [registry]", row=at.top_level("registry"), unit=None, column="registry")
        return {}
    in_header = at.in_registry
    check.unknown_keys(header, _REGISTRY_KEYS, row_of=in_header, unit=None, where="[registry]")
    return {
        "title": check.text(header, "title", required=False, row=in_header("title"), unit=None),
        "sources": check.texts(header, "sources", row=in_header("sources"), unit=None),
        "notes": check.text(header, "notes", required=False, row=in_header("notes"), unit=None),
    }


def load_registry(path: str | Path) -> Registry:
    """Read and validate a registry file; ValidationError lists every problem found in it."""
    path = Path(path)
    raw = _parse_toml(path, text := _read_text(path))
    units = raw.get("units", [])
    if not isinstance(units, list):
        units = [units]
    check = _Checker(str(path), _Locator(text, len(units)))
    header = _read_header(raw, check)
    if not units:
        check.add("danh mục không có đơn vị nào (cần ít nhất một bảng [[units]])", row=None, unit=None)
    records = [(i, record) for i, entry in enumerate(units) if (record := _read_unit(entry, i, check))]
    by_id = _check_ids(records, check)
    _check_links(records, by_id, check)
    _check_collisions(records, check)
    if check.problems:
        raise ValidationError(check.problems)
    return Registry(by_id.values(), path=str(path), **header)


def find_registry(data_dir: str | Path) -> Registry | None:
    """The registry ``<data_dir>/registry.toml`` if that file exists, else None."""
    path = Path(data_dir) / REGISTRY_FILE
    return load_registry(path) if path.is_file() else None
