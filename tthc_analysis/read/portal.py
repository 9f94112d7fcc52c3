"""The national portal's QĐ 766 results (JSON) -> a plain frozen table of units, groups and sub-indicators.

Two shapes are read: the files a crawler saves (units under ``communes``, ``agencies``, ``communesDetail`` or
``provinces``, beside ``metadata`` and ``overview``) and the API's own answer (``{"code": "OK", "data":
{"overview", "radar", "evaluation"}}``). Every number is read as a Decimal straight from the JSON text, names
in NFC. Anything unreadable (a missing field, a non-number, a group outside 0..its maximum, a total above
100, a code the scheme does not know) is collected and raised at once as one ValidationError.
Consistency between figures (totals, formulas) is not judged here: see ``validate/qd766_checks.py``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.period import Period, PeriodError, from_portal
from tthc_analysis.read.json_limits import check_json_bytes
from tthc_analysis.read.portal_table import COHORTS, IndicatorScore, Overview, PortalTable, PortalUnit
from tthc_analysis.scheme import Scheme, load_scheme
from tthc_analysis.vietnamese import nfc

__all__ = ["COHORTS", "IndicatorScore", "Overview", "PortalTable", "PortalUnit", "load_json", "parse_portal",
           "read_portal"]  # fmt: skip

# Lists of units in a saved file, and the cohort a list implies when a unit has no childGroup.
_CONTAINERS = {"communes": "COMMUNE", "communesDetail": "COMMUNE", "agencies": "AGENCY", "provinces": "PROVINCE"}


def load_json(text: str) -> Any:
    """JSON with every number (integer or not) as a Decimal, so that no score ever passes through a float."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def read_portal(path: str | Path, scheme: Scheme | str = "qd766", period: Period | None = None) -> PortalTable:
    """Read one portal JSON file (saved or raw API answer); every problem at once as a ValidationError.

    ``period`` (e.g. from ``--period``) names the period of a file without metadata (a raw API answer); a
    file whose metadata names another period is refused.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
        check_json_bytes(name, raw)  # units, indicators, names and depth bounded before anything is decoded
        data = load_json(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValidationError([Problem(name, f"Tệp không phải văn bản UTF-8 ({exc.reason}).")]) from exc
    except json.JSONDecodeError as exc:
        problem = Problem(name, f"Tệp không phải JSON hợp lệ: {exc.msg}.", row=exc.lineno)
        raise ValidationError([problem]) from exc
    return parse_portal(data, str(path), scheme, period)


def parse_portal(data: Any, source: str, scheme: Scheme | str = "qd766", period: Period | None = None) -> PortalTable:
    """The table from already-parsed JSON (numbers as Decimal, see :func:`load_json`)."""
    scheme = load_scheme(scheme) if isinstance(scheme, str) else scheme
    reader = _Reader(Path(source).name, scheme)
    table = reader.table(data, source)
    if period is not None and table.period is None:
        table = replace(table, period=period)
    elif period is not None and table.period != period:
        reader.problem(f"Tệp là số liệu {table.period.label}, không phải {period.label} như đã chọn.",
                       "metadata.timeType", value=table.period.slug)  # fmt: skip
    if reader.problems:
        raise ValidationError(reader.problems)
    return table


class _Reader:
    """Collects problems while walking one file."""

    def __init__(self, file: str, scheme: Scheme):
        self.file = file
        self.scheme = scheme
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = {}  # departmentCode -> the first unit's name
        self.names: dict[str, str] = {}  # a sub-indicator's name as written -> in NFC, stripped

    def problem(self, message: str, where: str | None = None, unit: str | None = None, value: object = None) -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.file, message, unit=unit, column=where, value=shown))

    # -- the whole file ---------------------------------------------------------------------------------------

    def table(self, data: Any, source: str) -> PortalTable:
        if not isinstance(data, dict):
            self.problem("Tệp JSON không có dạng đối tượng kết quả của Cổng Dịch vụ công quốc gia.")
            return PortalTable(source, self.scheme.name, None, (), ())
        raw = "data" in data and isinstance(data.get("data"), dict) and "evaluation" in data["data"]
        if raw:
            if data.get("code") not in (None, "OK"):
                self.problem("Cổng trả lời không thành công.", "code", value=data.get("code"))
            body = data["data"]
            lists = [("data.evaluation", body.get("evaluation"), None)]
        else:
            body = data
            lists = [(key, data[key], cohort) for key, cohort in _CONTAINERS.items() if key in data]
            if not lists:
                self.problem("Không tìm thấy danh sách đơn vị (communes, agencies, communesDetail hoặc provinces).")
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        period = self.period(metadata)
        overview = self.overview(body.get("overview"), body.get("radar"), "data.overview" if raw else "overview")
        parent = self.parent(metadata, overview)
        units: list[PortalUnit] = []
        for key, items, cohort in lists:
            if not isinstance(items, list):
                self.problem("Danh sách đơn vị không phải một mảng JSON.", key)
                continue
            for i, item in enumerate(items):
                unit = self.unit(item, f"{key}[{i}]", cohort, parent)
                if unit is not None:
                    units.append(unit)
        if not units and not self.problems:
            self.problem("Tệp không có đơn vị nào.")
        codes = {c for u in units for c, _ in u.groups}
        order = [g.code for g in self.scheme.groups] + [m.code for m in self.scheme.merged_groups]
        group_codes = tuple(c for c in order if c in codes)
        return PortalTable(source, self.scheme.name, period, tuple(units), group_codes, overview)

    def period(self, metadata: dict) -> Period | None:
        if "timeType" not in metadata:
            return None
        try:
            return from_portal(metadata.get("timeType"), metadata.get("year"), metadata.get("period"))
        except PeriodError as exc:
            self.problem(str(exc), "metadata.timeType", value=metadata.get("timeType"))
            return None

    def parent(self, metadata: dict, overview: Overview | None) -> tuple[str | None, str | None]:
        """The province every commune and agency of the file belongs to, when the file says so."""
        code = metadata.get("provinceCode")
        name = metadata.get("province")
        if code is None and overview is not None and overview.code:
            code, name = overview.code, overview.name
        return (None if code is None else str(code), None if name is None else nfc(str(name)).strip())

    def overview(self, raw: Any, radar: Any, where: str) -> Overview | None:
        if not isinstance(raw, dict):
            return None
        name = nfc(str(raw.get("departmentName") or "")).strip()
        total = self.number(raw.get("totalScore"), f"{where}.totalScore", name, required=False)
        groups: dict[str, Decimal] = {}
        if isinstance(raw.get("groupScores"), dict):
            groups = self.groups(raw["groupScores"], f"{where}.groupScores", name)
        elif isinstance(radar, list):
            scores = {r.get("code"): r.get("score") for r in radar if isinstance(r, dict) and r.get("code")}
            groups = self.groups(scores, "data.radar", name)
        code = raw.get("departmentCode")
        return Overview(name, None if code is None else str(code), total, self.ordered(groups))

    # -- one unit ---------------------------------------------------------------------------------------------

    def unit(
        self, item: Any, where: str, cohort: str | None, parent: tuple[str | None, str | None]
    ) -> PortalUnit | None:
        if not isinstance(item, dict):
            self.problem("Đơn vị không phải một đối tượng JSON.", where)
            return None
        before = len(self.problems)
        name = item.get("departmentName")
        if not isinstance(name, str) or not name.strip():
            self.problem("Thiếu tên đơn vị (departmentName).", f"{where}.departmentName", value=name)
            name = f"{where}"
        name = nfc(name).strip()
        code = item.get("departmentCode")
        code = None if code is None else str(code).strip()
        if code is not None and code in self.codes:
            self.problem(f"Mã đơn vị {code} trùng với đơn vị “{self.codes[code]}”.", f"{where}.departmentCode",
                         name, code)  # fmt: skip
        elif code is not None:
            self.codes[code] = name
        cohort = self.cohort_of(item, where, name, cohort, code)
        total = self.number(item.get("totalScore"), f"{where}.totalScore", name)
        if total is not None and not 0 <= total <= self.scheme.max_total:
            self.problem(f"Tổng điểm phải từ 0 đến {self.scheme.max_total}.", f"{where}.totalScore", name, total)
        scores = item.get("groupScores")
        groups: dict[str, Decimal] = {}
        if not isinstance(scores, dict):
            self.problem("Thiếu điểm các nhóm chỉ số (groupScores).", f"{where}.groupScores", name)
        else:
            groups = self.groups(scores, f"{where}.groupScores", name, complete=True)
        indicators, counts = self.components(item.get("componentIndicators"), f"{where}.componentIndicators", name)
        if len(self.problems) > before:
            return None
        if cohort == "PROVINCE":
            parent_code, parent_name = None, None
        else:
            parent_code = item.get("provinceCode", parent[0])
            parent_name = item.get("provinceName", parent[1])
            parent_name = None if parent_name is None else nfc(str(parent_name)).strip()
        return PortalUnit(
            code=code,
            department_id=None if item.get("departmentId") is None else str(item["departmentId"]),
            name=name,
            cohort=cohort,
            parent_code=None if parent_code is None else str(parent_code),
            parent_name=parent_name,
            groups=self.ordered(groups),
            total=total,
            indicators=indicators,
            portal_rank=self.whole(item.get("rank"), f"{where}.rank", name),
            portal_group_rank=self.whole(item.get("groupRank"), f"{where}.groupRank", name),
            total_received=counts.get("totalReceived"),
            total_on_time=counts.get("totalOnTime"),
        )

    def cohort_of(self, item: dict, where: str, name: str, implied: str | None, code: str | None) -> str:
        stated = item.get("childGroup")
        if stated is not None:
            if str(stated).upper() in COHORTS:
                return str(stated).upper()
            self.problem("Khối đơn vị (childGroup) phải là AGENCY hoặc COMMUNE.", f"{where}.childGroup", name, stated)
            return "COMMUNE"
        if implied is not None:
            return implied
        if code and "." not in code:  # the portal's province codes are Hxx, units below them Hxx.yyy
            return "PROVINCE"
        self.problem("Không xác định được khối của đơn vị (thiếu childGroup).", f"{where}.childGroup", name)
        return "COMMUNE"

    def groups(self, raw: dict, where: str, unit: str, complete: bool = False) -> dict[str, Decimal]:
        """Group scores by canonical code; each within 0..its maximum; with ``complete``, every group present."""
        found: dict[str, Decimal] = {}
        for key, value in raw.items():
            code = self.canonical(str(key))
            if code is None:
                self.problem("Mã nhóm chỉ số không có trong bộ chỉ số.", f"{where}.{key}", unit)
                continue
            if code in found:
                self.problem(f"Nhóm {code} xuất hiện hai lần (mã và mã tương đương).", f"{where}.{key}", unit)
                continue
            score = self.number(value, f"{where}.{key}", unit)
            if score is None:
                continue
            maximum = self.scheme.column_max(code)
            if not 0 <= score <= maximum:
                self.problem(f"Điểm nhóm {code} phải từ 0 đến {maximum}.", f"{where}.{key}", unit, score)
            found[code] = score
        if complete and raw:
            self.complete(found, raw, where, unit)
        return found

    def complete(self, found: dict[str, Decimal], raw: dict, where: str, unit: str) -> None:
        """Every group once: ONLINE and TTTT, or ONLINE_SERVICE in their place."""
        merged = {p: m.code for m in self.scheme.merged_groups for p in m.parts}
        for g in self.scheme.groups:
            if g.code in found or merged.get(g.code) in found:
                continue
            if any(self.canonical(str(k)) in (g.code, merged.get(g.code)) for k in raw):
                continue  # present but unreadable: already reported
            self.problem(f"Thiếu điểm nhóm {g.code} ({g.name}).", where, unit)
        for m in self.scheme.merged_groups:
            if m.code in found and any(p in found for p in m.parts):
                self.problem(f"Có cả nhóm gộp {m.code} và nhóm thành phần của nó.", where, unit)

    def canonical(self, key: str) -> str | None:
        try:
            return self.scheme.group(key).code
        except KeyError:
            pass
        try:
            return self.scheme.merged_group(key).code
        except KeyError:
            return None

    def components(self, raw: Any, where: str, unit: str) -> tuple[tuple[IndicatorScore, ...], dict[str, Decimal]]:
        """Sub-indicator scores of a detail file and the TDGQ counts (totalReceived, totalOnTime)."""
        if raw is None:
            return (), {}
        if not isinstance(raw, dict):
            self.problem("componentIndicators không phải một đối tượng JSON.", where, unit)
            return (), {}
        scores: list[IndicatorScore] = []
        counts: dict[str, Decimal] = {}
        for key, block in raw.items():
            here = f"{where}.{key}"
            group = self.canonical(str(key).split("_", 1)[0])
            if group is None or not isinstance(block, dict):
                self.problem("Khối chỉ tiêu thành phần không thuộc nhóm nào của bộ chỉ số.", here, unit)
                continue
            if group == "TDGQ":
                for field in ("totalReceived", "totalOnTime"):
                    value = self.number(block.get(field), f"{here}.{field}", unit, required=False)
                    if value is not None:
                        counts[field] = value
            metrics = block.get("metrics", [])
            if not isinstance(metrics, list):
                self.problem("metrics không phải một mảng JSON.", f"{here}.metrics", unit)
                continue
            for i, metric in enumerate(metrics):
                score = self.plain_metric(metric, group) or self.metric(metric, f"{here}.metrics[{i}]", unit, group)
                if score is not None:
                    scores.append(score)
        return tuple(scores), counts

    def plain_metric(self, raw: Any, group: str) -> IndicatorScore | None:
        """The common case, taken without building location texts (a national file has some 60,000): a known
        code of this group, every figure a number or null, within the scheme's maxima; None otherwise."""
        if type(raw) is not dict:
            return None
        code, top, score = raw.get("code"), raw.get("maxScore"), raw.get("score")
        num, den, ratio = raw.get("numerator"), raw.get("denominator"), raw.get("ratio")
        found = self.scheme.indicators_by_code.get(code) if type(code) is str else None
        # (A Decimal from load_json is finite: JSON's NaN and Infinity are read as floats.)
        if (found is None or found[0].code != group or (top is not None and type(top) is not Decimal)
                or (score is not None and type(score) is not Decimal) or (num is not None and type(num) is not Decimal)
                or (den is not None and type(den) is not Decimal) or (ratio is not None and type(ratio) is not Decimal)
                or (top is not None and top != found[1].max_points)
                or (score is not None and not 0 <= score <= found[1].max_points)):  # fmt: skip
            return None
        return IndicatorScore(group, code, self.indicator_name(raw.get("name"), found[1].name), num, den, ratio, score,
                              found[1].max_points)  # fmt: skip

    def indicator_name(self, name: Any, default: str) -> str:
        """A sub-indicator's name as written (NFC, stripped; each distinct one once), else the scheme's."""
        if not isinstance(name, str) or not name.strip():
            return default
        if name not in self.names:
            self.names[name] = nfc(name).strip()
        return self.names[name]

    def metric(self, raw: Any, where: str, unit: str, group: str) -> IndicatorScore | None:
        if not isinstance(raw, dict):
            self.problem("Chỉ tiêu thành phần không phải một đối tượng JSON.", where, unit)
            return None
        code = str(raw.get("code"))
        try:
            owner, indicator = self.scheme.indicator(code)
        except KeyError:
            self.problem(f"Chỉ tiêu thành phần “{code}” không có trong bộ chỉ số {self.scheme.name}.", where, unit)
            return None
        if owner.code != group:
            self.problem(f"Chỉ tiêu “{code}” thuộc nhóm {owner.code}, không thuộc nhóm {group}.", where, unit)
            return None
        maximum = self.optional(raw, "maxScore", where, unit)
        if maximum is not None and maximum != indicator.max_points:
            self.problem(f"Điểm tối đa của “{code}” khác bộ chỉ số ({indicator.max_points}).", f"{where}.maxScore",
                         unit, maximum)  # fmt: skip
        score = self.optional(raw, "score", where, unit)
        if score is not None and not 0 <= score <= indicator.max_points:
            self.problem(f"Điểm chỉ tiêu “{code}” phải từ 0 đến {indicator.max_points}.", f"{where}.score", unit, score)
        name = raw.get("name")
        return IndicatorScore(
            group=group,
            code=code,
            name=nfc(name).strip() if isinstance(name, str) and name.strip() else indicator.name,
            numerator=self.optional(raw, "numerator", where, unit),
            denominator=self.optional(raw, "denominator", where, unit),
            ratio=self.optional(raw, "ratio", where, unit),
            score=score,
            max_points=indicator.max_points,
        )

    # -- values -----------------------------------------------------------------------------------------------

    def number(self, value: Any, where: str, unit: str | None, required: bool = True) -> Decimal | None:
        """A finite Decimal (the JSON was read with Decimal numbers); None, reported when required, otherwise."""
        if value is None:
            if required:
                self.problem("Thiếu giá trị số.", where, unit)
            return None
        if isinstance(value, bool) or not isinstance(value, Decimal) or not value.is_finite():
            self.problem("Giá trị không phải là số.", where, unit, value)
            return None
        return value

    def optional(self, raw: dict, key: str, where: str, unit: str) -> Decimal | None:
        """``raw[key]`` as a number when present: the common case without building the location text."""
        value = raw.get(key)
        if value is None:
            return None
        if type(value) is Decimal and value.is_finite():
            return value
        return self.number(value, f"{where}.{key}", unit, required=False)

    def whole(self, value: Any, where: str, unit: str) -> int | None:
        number = self.number(value, where, unit, required=False)
        if number is None:
            return None
        if number != number.to_integral_value() or number < 1:
            self.problem("Thứ hạng phải là số nguyên dương.", where, unit, value)
            return None
        return int(number)

    def ordered(self, groups: dict[str, Decimal]) -> tuple[tuple[str, Decimal], ...]:
        order = [g.code for g in self.scheme.groups] + [m.code for m in self.scheme.merged_groups]
        return tuple((c, groups[c]) for c in order if c in groups)
