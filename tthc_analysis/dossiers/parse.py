"""Raw dossier columns -> typed canonical columns, as one Ibis expression that runs on every engine.

Dates arrive as text (ISO ``2026-03-05 14:30:00``, ``2026-03-05T14:30``, ``2026-03-05``, or Vietnamese
``05/03/2026 14:30:00``, ``05/03/2026``) or as typed timestamps/dates (Parquet, PostgreSQL, DuckDB's typed CSV
read). Every date becomes whole seconds since 1970-01-01 of the naive local time: text is checked by pattern and
turned into seconds from its calendar fields by integer arithmetic (days from civil), so no engine's date parser
takes part and a bad value never raises but is flagged (the flagged rows become the validation report); a typed
timestamp uses the engine's own epoch, which every engine reads as UTC for a naive timestamp.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from tthc_analysis.dossiers.fields import FIELDS

__all__ = ["CANONICAL", "bad_flag", "bad_rows", "one_of", "typed_dossiers"]

# National field -> canonical column of the typed table.
CANONICAL = {
    "MaHoSo": "dossier_id",
    "DonViXuLy": "unit",
    "MaTTHC": "procedure",
    "KenhThucHien": "channel",
    "TrangThaiHoSo": "status",
    "NgayTiepNhan": "received",
    "NgayHenTra": "due",
    "NgayKetThucXuLy": "processed",
    "NgayTra": "returned",
    "NgayYeuCauBoSung": "supplement_asked",
    "NgayTiepNhanBoSung": "supplement_back",
    "SoLanBoSung": "supplements",
    "DuocThanhToanTrucTuyen": "paid_online",
    "HoSoCoThanhPhanSoHoa": "digitised",
}

_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$"
_VN = r"^[0-9]{2}/[0-9]{2}/[0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$"
_INT = r"^[0-9]{1,9}$"
_SAFE = "2000-01-01 00:00:00"
_NULL_INT = ibis.literal(None, type="int64")


def bad_flag(name: str) -> str:
    """Name of the column that marks a bad value of field ``name``."""
    return f"bad_{name}"


def _text(column: ir.Value) -> ir.StringValue:
    return column.cast("string").strip()


def _empty(text: ir.StringValue) -> ir.BooleanValue:
    return text.isnull() | (text == "")


def _blank(text: ir.StringValue) -> ir.BooleanValue:
    """Empty or only spaces/tabs, trimming only the values that start with one (a CASE evaluates its branch
    on those rows alone)."""
    starts_blank = text.startswith(" ") | text.startswith("\t") | (text == "")
    return text.isnull() | ibis.cases((starts_blank, text.strip() == ""), else_=ibis.literal(False))


def _days_from_civil(y: ir.IntegerValue, m: ir.IntegerValue, d: ir.IntegerValue) -> ir.IntegerValue:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; years >= 1)."""
    shifted = y - ibis.ifelse(m <= 2, 1, 0)
    era = shifted // 400
    year_of_era = shifted - era * 400
    day_of_year = (153 * (m + ibis.ifelse(m > 2, -3, 9)) + 2) // 5 + d - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _seconds(y, m, d, hh, mm, ss) -> ir.IntegerValue:
    return (_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss).cast("int64")


def one_of(value: ir.Value, choices) -> ir.BooleanValue:
    """``value`` equals one of ``choices``: a range test when they are consecutive integers, else ORed equalities.
    (``isin`` compiles to a hash join on DuckDB, several times slower on hundreds of millions of rows.)"""
    choices = list(choices)
    if all(isinstance(c, int) for c in choices) and choices == list(range(min(choices), max(choices) + 1)):
        return value.between(choices[0], choices[-1]) if len(choices) > 1 else value == choices[0]
    test = value == choices[0]
    for choice in choices[1:]:
        test = test | (value == choice)
    return test


def _days_in_month(y: ir.IntegerValue, m: ir.IntegerValue) -> ir.IntegerValue:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    return ibis.cases(
        (m == 2, ibis.ifelse(leap, 29, 28)),
        (one_of(m, [4, 6, 9, 11]), 30),
        else_=31,
    )


class _Steps:
    """How one field is typed: columns added step by step (each step reads the previous steps' columns by name),
    then the final (value, bad) pair. Inlining the steps instead would repeat every sub-expression many times
    over in the SQL (megabytes of it for the dates, and seconds to compile)."""

    def __init__(self, name: str, field, column: ir.Value):
        self.name, self.field, self.column = name, field, column
        self.key = name

    def col(self, table: ir.Table, suffix: str) -> ir.Value:
        return table[f"_{suffix}_{self.key}"]

    def step0(self) -> dict[str, ir.Value]:
        dtype = self.column.type()
        if self.field.kind == "text":
            # Not trimmed here (a trim of every unit name and dossier code costs about 1 s per 10 million rows):
            # names are trimmed and put in NFC after grouping, in Python, on the few thousand groups.
            return {f"_t_{self.key}": self.column.cast("string")}
        if dtype.is_string() or dtype.is_null():
            return {f"_t_{self.key}": _text(self.column)}
        return {f"_t_{self.key}": self.column}

    def typed(self, table: ir.Table) -> bool:
        return not table[f"_t_{self.key}"].type().is_string()

    def step1(self, table: ir.Table) -> dict[str, ir.Value]:
        text = self.col(table, "t")
        if self.typed(table):
            return {}
        kind = self.field.kind
        if kind == "date":
            clock = ibis.ifelse(text.length() >= 16, text.substr(11, 5), "00:00") + ibis.ifelse(
                text.length() >= 19, text.substr(16, 3), ":00"
            )
            vn_date = text.substr(6, 4) + "-" + text.substr(3, 2) + "-" + text.substr(0, 2)
            form = ibis.cases((text.re_search(_ISO), 1), (text.re_search(_VN), 2), else_=0)
            return {f"_f_{self.key}": form, f"_n_{self.key}": ibis.cases(
                (text.re_search(_ISO), text.substr(0, 10) + " " + clock),
                (text.re_search(_VN), vn_date + " " + clock),
                else_=ibis.literal(_SAFE),
            )}  # fmt: skip
        if kind in ("code", "count"):
            digits = text.re_search(_INT)
            return {f"_f_{self.key}": digits, f"_n_{self.key}": ibis.ifelse(digits, text, "0")}
        if kind == "flag":
            lower = text.lower()
            return {f"_f_{self.key}": ibis.cases(
                (one_of(lower, ["1", "true", "có", "x"]), 1), (one_of(lower, ["0", "false", "không"]), 0), else_=-1
            )}  # fmt: skip
        return {}

    def step2(self, table: ir.Table) -> dict[str, ir.Value]:
        if self.typed(table) or self.field.kind not in ("date", "code", "count"):
            return {}
        norm = self.col(table, "n")
        if self.field.kind != "date":
            return {f"_i_{self.key}": norm.cast("int64")}
        starts = {"y": (0, 4), "m": (5, 2), "d": (8, 2), "hh": (11, 2), "mi": (14, 2), "ss": (17, 2)}
        return {f"_{part}_{self.key}": norm.substr(*at).cast("int64") for part, at in starts.items()}

    def final(self, table: ir.Table) -> tuple[ir.Value, ir.BooleanValue | None, ir.BooleanValue | None]:
        """(value, bad, absent): the typed value, true where the value is bad, true where there is none."""
        kind, value = self.field.kind, self.col(table, "t")
        if kind == "text":
            blank = _blank(value)
            if self.field.required:
                # A blank required value makes the row bad, and a bad row is never counted nor listed: the value
                # is kept as it is (no CASE over every unit name and dossier code).
                return value, blank, None
            return ibis.ifelse(blank, ibis.literal(None, type="string"), value), None, None
        if self.typed(table):
            return _typed_value(kind, value, self.field.values)
        empty = _empty(value)
        if kind == "date":
            y, m, d, hh, mi, ss = (self.col(table, part) for part in ("y", "m", "d", "hh", "mi", "ss"))
            good = (self.col(table, "f") != 0) & (
                y.between(1900, 2100) & m.between(1, 12) & (d >= 1) & (d <= _days_in_month(y, m))
                & (hh <= 23) & (mi <= 59) & (ss <= 59)
            )  # fmt: skip
            bad = ~empty & ~good
            return ibis.ifelse(~empty & good, _seconds(y, m, d, hh, mi, ss), _NULL_INT), bad, empty
        if kind == "flag":
            form = self.col(table, "f")
            bad = ~empty & (form == -1)
            return ibis.ifelse(empty | bad, _NULL_INT, form.cast("int64")), bad, empty
        number = self.col(table, "i")
        bad = ~empty & ~self.col(table, "f")
        if self.field.values:
            bad = bad | (~empty & ~one_of(number, self.field.values))
        return ibis.ifelse(empty | bad, _NULL_INT, number), bad, empty


def _typed_value(kind: str, column: ir.Value, allowed: tuple[int, ...]) -> tuple[ir.Value, ir.BooleanValue, ir.Value]:
    """(value, bad, absent) of a column that already has a type (Parquet, PostgreSQL)."""
    dtype = column.type()
    absent = column.isnull()
    if kind == "date":
        if not (dtype.is_timestamp() or dtype.is_date()):
            return _NULL_INT, column.notnull(), absent
        # The engine's own epoch of a naive timestamp: every engine reads it as UTC (Spark's session is set to UTC).
        ts = column if dtype.is_timestamp() else column.cast("timestamp")
        # Down to the whole second, as the text path reads it: DuckDB's and PostgreSQL's epochs keep the fraction
        # (and a plain cast would round it), Spark's drops it.
        return ts.epoch_seconds().cast("float64").floor().cast("int64"), ibis.literal(False), absent
    if kind == "flag" and dtype.is_boolean():
        return ibis.ifelse(column, 1, 0).cast("int64"), ibis.literal(False), absent
    if dtype.is_integer():
        # Already whole numbers: only the range is checked. A bad value makes the row bad, and a bad row is never
        # counted nor listed, so the value is kept as it is (no CASE per row).
        allowed = allowed or ((0, 1) if kind == "flag" else ())
        bad = column.notnull() & (~one_of(column, allowed) if allowed else column < 0)
        return column.cast("int64"), bad, absent
    if kind == "flag":
        bad = column.notnull() & ~one_of(column, [0, 1])
        return ibis.ifelse(bad, _NULL_INT, column.cast("int64")), bad, absent
    if not dtype.is_numeric():
        return _NULL_INT, column.notnull(), absent
    number = column.cast("int64")
    bad = column.notnull() & ((number < 0) | (number.cast("float64") != column.cast("float64")))
    if allowed:
        bad = bad | (column.notnull() & ~one_of(number, allowed))
    return ibis.ifelse(bad, _NULL_INT, number), bad, absent


def _columns(raw: ir.Table, columns: dict[str, str]) -> tuple[ir.Table, list[str], list[str]]:
    """``raw`` with the typed values (canonical names) and the bad-value flags (``bad_<Field>``) added."""
    steps = [_Steps(name, FIELDS[name], raw[columns[name]]) for name in FIELDS if name in columns]
    table = raw.mutate(**{k: v for s in steps for k, v in s.step0().items()})
    for step in ("step1", "step2"):
        added = {k: v for s in steps for k, v in getattr(s, step)(table).items()}
        if added:
            table = table.mutate(**added)
    definitions: dict[str, ir.Value] = {}
    flags: list[str] = []
    for s in steps:
        value, bad, absent = s.final(table)
        if s.field.required and absent is not None:
            bad = absent if bad is None else bad | absent
        definitions[CANONICAL[s.name]] = value
        if bad is not None:
            definitions[bad_flag(s.name)] = bad
            flags.append(bad_flag(s.name))
    for name, field in FIELDS.items():
        if name not in columns:
            definitions[CANONICAL[name]] = ibis.literal(None, type="string" if field.kind == "text" else "int64")
    table = table.mutate(**definitions)
    return table, [CANONICAL[name] for name in FIELDS], flags


def _any(table: ir.Table, flags: list[str]) -> ir.BooleanValue:
    any_bad = ibis.literal(False)
    for flag in flags:
        any_bad = any_bad | table[flag]
    return any_bad


def typed_dossiers(raw: ir.Table, columns: dict[str, str]) -> ir.Table:
    """The canonical typed table: one column per field (NULL when absent) and ``bad``, true on a row with a bad value.

    ``columns`` maps each national field present to the raw table's column (``fields.match_columns``).
    """
    table, values, flags = _columns(raw, columns)
    return table.select(*values, bad=_any(table, flags))


def bad_rows(raw: ir.Table, columns: dict[str, str]) -> ir.Table:
    """The raw rows holding a bad value, with a ``bad_<Field>`` flag per field checked (for the validation report)."""
    table, _, flags = _columns(raw, columns)
    return table.select(*raw.columns, *flags).filter(_any(table, flags))
