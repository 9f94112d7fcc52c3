"""The unit registry as data: units, their names over time, their succession; how a name finds its unit."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tthc_analysis.errors import Problem, ValidationError
from tthc_analysis.vietnamese import match_key, normalise_name, vi_sort_key

REGISTRY_FILE = "registry.toml"


UNIT_COLUMN = "Đơn vị"


# Similarity (difflib ratio of the keys) below which a known name is not offered as a suggestion.
SUGGESTION_CUTOFF = 0.6


# Abbreviated unit types at the start of a name (text already casefolded): "P.1", "P 1", "X.", "TT.".
_ABBREVIATIONS = (
    (re.compile(r"^p\.?\s*(?=\d)"), "phường "),
    (re.compile(r"^x\.\s*"), "xã "),
    (re.compile(r"^tt\.\s*"), "thị trấn "),
)


_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")


def unit_key(name: str) -> str:
    """Form in which two spellings of one unit's name compare equal.

    On top of :func:`~tthc_analysis.vietnamese.match_key` (NFC, case, spacing, tone placement, any
    dash): spaces around a hyphen are ignored, "P."/"P" before a number means "Phường", "X." "Xã" and
    "TT." "Thị trấn", and leading zeros of numbers are dropped.

    >>> unit_key("Phường Xuân Hương - Đà Lạt") == unit_key("phường xuân hương–Đà Lạt")
    True
    >>> unit_key("Phường Hòa Bình") == unit_key("PHƯỜNG HOÀ BÌNH")
    True
    >>> {unit_key(n) for n in ["P.1", "P. 01", "p 1", "Phường 01"]} == {unit_key("Phường 1")}
    True
    >>> unit_key("X. Xuân Thọ") == unit_key("Xã Xuân Thọ"), unit_key("TT.Lạc Dương") == unit_key("Thị trấn Lạc Dương")
    (True, True)
    >>> unit_key("Phường 1") == unit_key("Phường 11")
    False
    """
    text = normalise_name(name).casefold()
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text, count=1)
    text = _LEADING_ZEROS.sub("", text)
    # match_key moves each word's tone to its end, so split on hyphens first: "Hòa-Bình" has two words.
    return "-".join(match_key(part) for part in text.split("-"))


def vi_date(day: datetime.date) -> str:
    """A date written the Vietnamese way, without leading zeros.

    >>> vi_date(datetime.date(2025, 6, 30))
    '30/6/2025'
    """
    return f"{day.day}/{day.month}/{day.year}"


def overlaps(
    start: datetime.date | None, end: datetime.date | None, other_start: datetime.date | None,
    other_end: datetime.date | None,
) -> bool:  # fmt: skip
    """Whether two periods share a day; a missing bound is open (unknown, so unbounded)."""
    starts_in_time = start is None or other_end is None or start <= other_end
    ends_in_time = end is None or other_start is None or other_start <= end
    return starts_in_time and ends_in_time


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@dataclass(frozen=True)
class NameSpan:
    """A name a unit held over a period (bounds inclusive, None when open or unknown).

    ``official`` is False for an alias: another spelling of the unit's name, valid over its whole period.
    """

    name: str
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    official: bool = True

    def overlaps_year(self, year: int) -> bool:
        return overlaps(self.valid_from, self.valid_until, *_year_bounds(year))


@dataclass(frozen=True)
class UnitRecord:
    """One commune-level unit (or any scored body) of the registry."""

    id: str
    name: str
    type: str
    parent: str
    province: str | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    names: tuple[NameSpan, ...]
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    notes: str | None
    sources: tuple[str, ...] = ()

    def existed_in(self, year: int) -> bool:
        """Whether the unit's period overlaps the calendar year (an unknown start counts as open)."""
        return overlaps(self.valid_from, self.valid_until, *_year_bounds(year))

    def name_in(self, year: int) -> str:
        """The official name held in ``year`` (the latest one if renamed within it), else ``name``."""
        held = [span for span in self.names if span.official and span.overlaps_year(year)]
        if not held:
            return self.name
        return max(held, key=lambda span: span.valid_from or datetime.date.min).name

    def period_phrase(self) -> str:
        """The unit's period in Vietnamese: "chỉ tồn tại đến 30/6/2025", "chỉ tồn tại từ 1/7/2025"."""
        if self.valid_from and self.valid_until:
            return f"chỉ tồn tại từ {vi_date(self.valid_from)} đến {vi_date(self.valid_until)}"
        if self.valid_until:
            return f"chỉ tồn tại đến {vi_date(self.valid_until)}"
        if self.valid_from:
            return f"chỉ tồn tại từ {vi_date(self.valid_from)}"
        return "không rõ thời gian tồn tại"


class Registry:
    """Validated units, indexed by id and by the :func:`unit_key` of every name they held."""

    def __init__(
        self, units: Iterable[UnitRecord], *, path: str | None = None, title: str | None = None,
        sources: Sequence[str] = (), notes: str | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.title = title
        self.sources = tuple(sources)
        self.notes = notes
        self._units: dict[str, UnitRecord] = {}
        self._by_key: dict[str, list[UnitRecord]] = {}
        for record in units:
            self._units[record.id] = record
            for span in record.names:
                holders = self._by_key.setdefault(unit_key(span.name), [])
                if record not in holders:
                    holders.append(record)

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[UnitRecord]:
        return iter(self._units.values())

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def __repr__(self) -> str:
        return f"Registry(path={self.path!r}, units={len(self)})"

    @property
    def _label(self) -> str:
        return self.path or "danh mục đơn vị hành chính"

    def get(self, unit_id: str) -> UnitRecord:
        """The unit with this id; KeyError if there is none."""
        try:
            return self._units[unit_id]
        except KeyError:
            raise KeyError(f"không có đơn vị mã “{unit_id}” trong {self._label}") from None

    def units_in(self, year: int) -> list[UnitRecord]:
        """Units that existed at some time in ``year``, in registry order."""
        return [record for record in self if record.existed_in(year)]

    def predecessors_of(self, unit_id: str) -> list[UnitRecord]:
        """The units this one was formed from (empty if none are recorded)."""
        return [self.get(other) for other in self.get(unit_id).predecessors]

    def successors_of(self, unit_id: str) -> list[UnitRecord]:
        """The units this one became part of (empty if none are recorded)."""
        return [self.get(other) for other in self.get(unit_id).successors]

    # --- matching ---

    def _choose(self, candidates: list[UnitRecord], key: str, year: int | None) -> UnitRecord | None:
        """The one candidate meant in ``year``: first by the name's own period, then the unit's; None if unclear."""
        if len(candidates) == 1:
            return candidates[0]
        if year is None:
            return None
        for keep in (
            lambda r: any(unit_key(s.name) == key and s.overlaps_year(year) for s in r.names),
            lambda r: r.existed_in(year),
        ):
            narrowed = [record for record in candidates if keep(record)]
            if len(narrowed) == 1:
                return narrowed[0]
            candidates = narrowed or candidates
        return None

    def _ambiguity(self, candidates: list[UnitRecord], year: int | None) -> str:
        ids = ", ".join(record.id for record in candidates)
        when = f" trong năm {year}" if year is not None else " (chưa cho biết năm)"
        return f"tên ứng với nhiều đơn vị trong {self._label}{when}: {ids}; không xác định được đơn vị"

    def match(self, name: str, year: int | None = None) -> UnitRecord | None:
        """The unit one of whose names matches ``name`` under :func:`unit_key`, or None if none does.

        Where several units held that name, the one that held it (else existed) in ``year`` is chosen;
        if that still leaves more than one, ValidationError is raised.
        """
        key = unit_key(name)
        candidates = self._by_key.get(key, [])
        if not candidates:
            return None
        chosen = self._choose(candidates, key, year)
        if chosen is None:
            message = self._ambiguity(candidates, year)
            raise ValidationError([Problem(self._label, message, unit=normalise_name(name))])
        return chosen

    def _suggestion_pool(self, year: int | None) -> dict[str, str]:
        """Official names to suggest from, keyed by unit_key: those held in ``year`` if any, else all."""
        spans = [span for record in self for span in record.names if span.official]
        if year is not None:
            in_year = [
                span for record in self.units_in(year) for span in record.names
                if span.official and span.overlaps_year(year)
            ]  # fmt: skip
            spans = in_year or spans
        pool: dict[str, str] = {}
        for span in spans:
            pool.setdefault(unit_key(span.name), span.name)
        return pool

    def suggestions(self, name: str, year: int | None = None, n: int = 3) -> list[str]:
        """Up to ``n`` known names closest to ``name`` (difflib ratio on unit_key forms), closest first.

        Only names held in ``year`` are offered when it is given (all names if none were); equally
        close names come in Vietnamese order.
        """
        target = unit_key(name)
        scored = []
        for key, shown in self._suggestion_pool(year).items():
            ratio = difflib.SequenceMatcher(None, target, key, autojunk=False).ratio()
            if ratio >= SUGGESTION_CUTOFF:
                scored.append((-ratio, vi_sort_key(shown), shown))
        return [shown for *_, shown in sorted(scored)[:n]]

    def _unknown_message(self, name: str, year: int | None) -> str:
        where = f" ({self.path})" if self.path else ""
        close = self.suggestions(name, year)
        hint = f"tên gần nhất: {', '.join(close)}" if close else "không có tên nào gần giống"
        return f"đơn vị không có trong danh mục đơn vị hành chính{where}; {hint}"

    def _absence_message(self, record: UnitRecord, year: int) -> str:
        message = f"đơn vị không tồn tại trong năm {year}: {record.name} ({record.id}) {record.period_phrase()}"
        if record.successors and record.valid_until and record.valid_until.year < year:
            later = ", ".join(self.get(other).name for other in record.successors if other in self)
            message += f"; đơn vị kế thừa: {later}"
        return message

    def _resolve_one(self, name: str, year: int | None) -> tuple[UnitRecord | None, str | None]:
        """The unit meant by ``name`` in ``year``, or the Vietnamese reason it cannot be used."""
        key = unit_key(name)
        candidates = self._by_key.get(key, [])
        if not candidates:
            return None, self._unknown_message(name, year)
        record = self._choose(candidates, key, year)
        if record is None:
            return None, self._ambiguity(candidates, year)
        if year is not None and not record.existed_in(year):
            return None, self._absence_message(record, year)
        return record, None

    def knows(self, name: str) -> bool:
        """True when some unit of the registry holds ``name`` (in any year): otherwise it is a new unit to it."""
        return bool(self._by_key.get(unit_key(name)))

    def unknown_note(self, name: str, year: int | None) -> str:
        """The closest names the registry knows for a name it does not, as a clause of a sentence."""
        close = self.suggestions(name, year)
        return f"tên gần nhất trong danh mục: {', '.join(close)}" if close else "không có tên nào gần giống"

    def resolve(
        self, names: Sequence[str], year: int | None, *, file: str, rows: Sequence[int] | None = None
    ) -> list[UnitRecord]:
        """One unit per name of a table, in order; ValidationError listing every name that cannot be used.

        A name cannot be used when no unit of the registry holds it, when several do, when its unit did
        not exist in ``year``, or when an earlier name of the same file already stands for that unit.
        ``file`` and ``rows`` (the line of each name in it) locate the problems.
        """
        if rows is not None and len(rows) != len(names):
            raise ValueError(f"rows has {len(rows)} entries for {len(names)} names")
        problems: list[Problem] = []
        records: list[UnitRecord] = []
        first_seen: dict[str, tuple[str, int | None]] = {}
        for index, name in enumerate(names):
            row = rows[index] if rows is not None else None
            shown = normalise_name(name)
            record, reason = self._resolve_one(name, year)
            if record is not None and record.id in first_seen:
                earlier, earlier_row = first_seen[record.id]
                at = f" ở dòng {earlier_row}" if earlier_row is not None else ""
                reason = f"trùng đơn vị với “{earlier}”{at}: cả hai là {record.name} ({record.id})"
            if reason is not None:
                problems.append(Problem(file, reason, row=row, unit=shown, column=UNIT_COLUMN))
                continue
            first_seen[record.id] = (shown, row)
            records.append(record)
        if problems:
            raise ValidationError(problems)
        return records
