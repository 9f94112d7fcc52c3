"""The portal's on-time rule over a typed dossier table, per unit and period, written once as Ibis expressions.

The rule (DOMAIN.md, QĐ 766 and Dossiers) and the decisions taken where it is silent. Every time is a naive
local time (Vietnam has one time zone, no daylight saving) in whole seconds, fractions dropped; a period is the
half-open interval [start, end). Unit names are compared trimmed and in NFC.

1. Scope. A dossier belongs to a period when it was received before the period's end and was not finished
   before the period's start (received in the period, or carried over from an earlier one and still open at
   its start). "Finished" is NgayKetThucXuLy, or NgayTra when the system fills only that (decision).
2. Not counted at all: status 1 (Mới đăng ký) and 3 (Không được tiếp nhận), which were never received.
   Counted apart as ``excluded``, outside the denominator: status 7 (citizen withdrew) and 8 (processing
   stopped), which have no result to be on time with (decision).
3. Unjudgeable, counted apart and listed (``unjudgeable``, with a reason code, ``REASONS``): no promised date;
   promised date, end or supplement request before reception; status 9/10 with no end date; supplement
   received back with no request or before it; supplement requested after the end.
4. End. A dossier finished before the period's end is judged at its end; one still open then is judged with the
   period's end as its end (a dossier finished after the period's end was open at it, whatever its status now).
5. Supplements. The time the citizen spends on the (first) supplement — from the request to the supplement's
   receipt, or to the end when it has not come back — does not count: the effective end is the end minus that
   time. More than one supplement request makes the dossier late, whatever its dates.
6. Judgement. Late when the effective end is after the promised date and time (to the second), or when it had
   more than one supplement request. Otherwise on time; "early" (trước hạn) when the effective end falls on a
   calendar day before the promised day (decision: Biểu II.06a does not define early more precisely).
   A finished dossier is early, on time or late; an open one is within the deadline or past it.
7. The denominator (``dossiers``) is every judged dossier in scope, open ones included; ``on_time`` is early +
   on time + open within the deadline; ``late`` is late + open past the deadline; TDGQ = 20 × on_time / dossiers
   (``indicators.tdgq_points``), left empty for a unit with no dossier (decision: the portal's 0/0 full-marks rule
   is stated for petitions only).
8. ``received`` (by channel: 1 direct, 2 online, 3 post) counts the dossiers received in the period, judgeable or
   not, excluded ones left out; ``carried_over`` the rest of the scope. So received + carried_over =
   dossiers + unjudgeable. The online, online-payment and digitised shares are of ``received``.
9. Average processing days: over the dossiers finished in the period and judged, of (end − reception −
   supplement time), in days.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ibis
import ibis.expr.types as ir

from tthc_analysis.dossiers.parse import one_of
from tthc_analysis.period import Period

__all__ = ["COUNTS", "REASONS", "indicator_counts", "judged_rows", "period_table", "seconds"]

DAY = 86400
EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()

# Reason codes of an unjudgeable dossier, in the order they are tested, with the Vietnamese wording.
REASONS = {
    1: "không có ngày hẹn trả",
    2: "ngày hẹn trả trước ngày tiếp nhận",
    3: "ngày kết thúc xử lý trước ngày tiếp nhận",
    4: "trạng thái đã xử lý xong nhưng không có ngày kết thúc xử lý",
    5: "ngày yêu cầu bổ sung trước ngày tiếp nhận",
    6: "có ngày tiếp nhận bổ sung nhưng không có yêu cầu bổ sung hoặc trước ngày yêu cầu",
    7: "ngày yêu cầu bổ sung sau ngày kết thúc xử lý",
}

# The integer counts computed per (period, unit), in output order.
COUNTS = (
    "received", "received_direct", "received_online", "received_post", "carried_over",
    "dossiers", "on_time", "late", "early", "on_time_finished", "late_finished", "open_within", "open_overdue",
    "finished", "processing_seconds", "paid_online", "digitised", "unjudgeable", "excluded",
)  # fmt: skip

NEVER_RECEIVED = (1, 3)
EXCLUDED = (7, 8)
FINISHED_STATUSES = (9, 10)


def seconds(moment) -> int:
    """Whole seconds since 1970-01-01 of a naive datetime (the typed table's time unit)."""
    return (moment.toordinal() - EPOCH_ORDINAL) * DAY + moment.hour * 3600 + moment.minute * 60 + moment.second


def period_table(periods: Sequence[Period]) -> ir.Table:
    """The periods as a small table (code, start, end in seconds), cross-joined with the dossiers."""
    bounds = [p.bounds for p in periods]
    return ibis.memtable(
        {
            "period": [p.slug for p in periods],
            "period_start": [seconds(start) for start, _ in bounds],
            "period_end": [seconds(end) for _, end in bounds],
        },
        schema={"period": "string", "period_start": "int64", "period_end": "int64"},
    )


def _flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    return ibis.ifelse(condition, 1, 0).cast("int64")


Fence = Callable[[ir.Table], ir.Table]


def _no_fence(table: ir.Table) -> ir.Table:
    return table


def limit_fence(table: ir.Table) -> ir.Table:
    """A LIMIT no row reaches: PostgreSQL then keeps the subquery as it is instead of pulling it up, which would paste
    every typed column's expression into each of the twenty sums (bench, four quarters of 1 million dossiers: 85.8 s
    without, 4.9 s with)."""
    return table.limit(2**62)


def judged_rows(typed: ir.Table, periods: Sequence[Period], fence: Fence = _no_fence) -> ir.Table:
    """Each (dossier, period) pair in scope with its classification; rows with a bad value pass through flagged."""
    t = fence(typed.mutate(finish=ibis.coalesce(typed.processed, typed.returned)))
    j = t.cross_join(period_table(periods))
    start, end, finish = j.period_start, j.period_end, j.finish
    in_scope = (j.received < end) & (finish.isnull() | (finish >= start)) & ~one_of(j.status, NEVER_RECEIVED)
    j = j.filter(j.bad | in_scope)
    # Each step reads the previous step's columns by name, so the SQL does not repeat sub-expressions.
    j = j.mutate(
        reason=ibis.cases(
            (j.due.isnull(), 1),
            (j.due < j.received, 2),
            (j.finish.notnull() & (j.finish < j.received), 3),
            (one_of(j.status, FINISHED_STATUSES) & j.finish.isnull(), 4),
            (j.supplement_asked.notnull() & (j.supplement_asked < j.received), 5),
            (j.supplement_back.notnull() & (j.supplement_asked.isnull() | (j.supplement_back < j.supplement_asked)), 6),
            (j.supplement_asked.notnull() & j.finish.notnull() & (j.supplement_asked > j.finish), 7),
            else_=0,
        ),
        done=j.finish.notnull() & (j.finish < j.period_end),
        excluded=one_of(j.status, EXCLUDED),
        received_now=j.received >= j.period_start,
        supplement_count=ibis.coalesce(j.supplements, ibis.ifelse(j.supplement_asked.notnull(), 1, 0)),
    )
    j = j.mutate(judged_end=ibis.ifelse(j.done, j.finish, j.period_end))
    j = j.mutate(
        back_at=ibis.ifelse(j.supplement_back.notnull() & (j.supplement_back <= j.judged_end), j.supplement_back,
                            j.judged_end)
    )  # fmt: skip
    j = j.mutate(
        pause=ibis.ifelse(j.supplement_asked.notnull() & (j.back_at > j.supplement_asked),
                          j.back_at - j.supplement_asked, 0)
    )  # fmt: skip
    j = j.mutate(effective_end=j.judged_end - j.pause)
    j = j.mutate(late=(j.supplement_count > 1) | (j.effective_end > j.due))
    return fence(j.mutate(early=~j.late & ((j.effective_end // DAY) < (j.due // DAY))))


def indicator_counts(typed: ir.Table, periods: Sequence[Period], fence: Fence = _no_fence) -> ir.Table:
    """The integer counts ``COUNTS`` per (period, unit), in one pass, with ``bad_rows``: rows with a bad value.

    Each (dossier, period) first gets one small code (its state, how it arrived, paid online, digitised) and is
    counted per (period, unit, code); the twenty counts are then sums over those few rows. Counting twenty
    conditions over every dossier directly is about three times slower on DuckDB (measured).
    """
    j = judged_rows(typed, periods, fence)
    state = ibis.cases(
        (j.bad, 0),
        (j.excluded, 1),
        (j.reason != 0, 2),
        (j.done & j.late, 5),
        (j.done & j.early, 3),
        (j.done, 4),
        (j.late, 7),
        else_=6,
    )
    arrival = ibis.ifelse(j.received_now & j.channel.notnull(), j.channel, 0)
    j = j.mutate(state=state, arrival=arrival)
    now = j.arrival > 0
    code = j.state * 16 + j.arrival * 4 + _flag(now & (j.paid_online == 1)) * 2 + _flag(now & (j.digitised == 1))
    j = j.mutate(code=code, seconds=ibis.ifelse(j.state.between(3, 5), j.finish - j.received - j.pause, 0))
    small = j.group_by(["period", "unit", "code"]).aggregate(n=j.count(), seconds=j.seconds.sum())
    st, arrived = small.code // 16, (small.code // 4) % 4
    paid, digitised = (small.code // 2) % 2, small.code % 2
    counted = st >= 2
    conditions = {
        "received": counted & (arrived > 0),
        "received_direct": counted & (arrived == 1),
        "received_online": counted & (arrived == 2),
        "received_post": counted & (arrived == 3),
        "carried_over": counted & (arrived == 0),
        "dossiers": st >= 3,
        "on_time": (st == 3) | (st == 4) | (st == 6),
        "late": (st == 5) | (st == 7),
        "early": st == 3,
        "on_time_finished": st == 4,
        "late_finished": st == 5,
        "open_within": st == 6,
        "open_overdue": st == 7,
        "finished": st.between(3, 5),
        "paid_online": counted & (arrived > 0) & (paid == 1),
        "digitised": counted & (arrived > 0) & (digitised == 1),
        "unjudgeable": st == 2,
        "excluded": st == 1,
        "bad_rows": st == 0,
    }
    measures = {name: small.n.sum(where=condition) for name, condition in conditions.items()}
    measures["processing_seconds"] = small.seconds.sum()
    return small.group_by(["period", "unit"]).aggregate(**measures)


def listed_dossiers(typed: ir.Table, period: Period) -> ir.Table:
    """The dossiers that cost points in ``period`` (late, or open past the deadline) and the unjudgeable ones."""
    j = judged_rows(typed, [period])
    j = j.filter(~j.bad & ~j.excluded & ((j.reason != 0) | j.late))
    return j.select(
        "unit",
        "dossier_id",
        "procedure",
        "channel",
        "status",
        "received",
        "due",
        "finish",
        "supplement_asked",
        "supplement_back",
        "supplement_count",
        "pause",
        "effective_end",
        "done",
        "late",
        "reason",
    ).order_by(["unit", "received", "dossier_id"])
